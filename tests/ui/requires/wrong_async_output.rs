use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(async fn flush(&self) -> usize))]
struct Bridge;

impl Bridge {
    async fn flush(&self) -> bool {
        true
    }
}

fn main() {}
