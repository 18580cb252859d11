// A struct deriving both `MigrationContract` and `ComponentSource` gets one error for a
// bad key, not one per derive.
use contracts_core::{ComponentSource, MigrationContract};

#[derive(MigrationContract)]
pub struct Pool;

#[derive(MigrationContract, ComponentSource)]
#[contract(name = "registry", rsik = "high")]
pub struct Registry {
    pool: Pool,
}

fn main() {}
