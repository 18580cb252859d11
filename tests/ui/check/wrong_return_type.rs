use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = Self::self_test)]
struct Pool;

impl Pool {
    fn self_test(&self) -> bool {
        true
    }
}

fn main() {}
