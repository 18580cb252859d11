use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = Self::self_tset)]
struct Pool;

impl Pool {
    fn self_test(&self) -> Result<(), String> {
        Ok(())
    }
}

fn main() {}
