// A lifetime in `implements(..)` and a doc comment in `requires(..)` say what is wrong.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(implements(Send, 'static))]
pub struct Pool;

#[derive(MigrationContract)]
#[contract(requires(
    /// Opens a connection.
    fn open(&self) -> bool
))]
pub struct Cache;

impl Cache {
    fn open(&self) -> bool {
        true
    }
}

fn main() {}
