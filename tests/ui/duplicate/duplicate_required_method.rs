use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn get(&self) -> u8, get))]
struct Pool;

impl Pool {
    fn get(&self) -> u8 {
        0
    }
}

fn main() {}
