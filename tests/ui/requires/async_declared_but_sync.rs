use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(async fn flush(&self) -> usize))]
struct Bridge;

impl Bridge {
    fn flush(&self) -> usize {
        0
    }
}

fn main() {}
