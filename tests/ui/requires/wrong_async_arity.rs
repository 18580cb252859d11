use contracts_core::MigrationContract;

// An `async fn` declared with fewer or more arguments than the method takes: the
// error is on the declared signature.
#[derive(MigrationContract)]
#[contract(requires(async fn fetch(&self) -> u8, async fn store(&self, key: &str, extra: u8)))]
struct Cache;

impl Cache {
    async fn fetch(&self, key: u8) -> u8 {
        key
    }

    async fn store(&self, key: &str) {
        let _ = key;
    }
}

fn main() {}
