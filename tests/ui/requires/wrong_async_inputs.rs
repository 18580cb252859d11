use contracts_core::MigrationContract;

// An `async fn` is checked through its awaited output, not a `fn` pointer: a receiver
// or argument mismatch must still be reported on the declared receiver or argument.
#[derive(MigrationContract)]
#[contract(requires(
    async fn flush(&self) -> usize,
    async fn close(self),
    async fn get(&self, key: &String) -> u8,
))]
struct Bridge;

impl Bridge {
    async fn flush(&mut self) -> usize {
        0
    }

    async fn close(&self) {}

    async fn get(&self, key: &str) -> u8 {
        key.len() as u8
    }
}

fn main() {}
