// A lone name in a string is most often a method: the fix must say `Self::`.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = "self_test")]
struct Pool;

impl Pool {
    fn self_test(&self) -> Result<(), String> {
        Ok(())
    }
}

fn main() {}
