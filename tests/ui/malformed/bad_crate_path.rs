use contracts_core::{ComponentSource, MigrationContract};

// Not a path: an error on the value, and the other keys are still read.
#[derive(MigrationContract)]
#[contract(crate = "contracts core", rsik = "high")]
struct Pool;

#[derive(MigrationContract)]
#[contract(crate = 5)]
struct Cache;

#[derive(MigrationContract)]
#[contract(crate)]
struct Queue;

#[derive(ComponentSource)]
#[contract(crate = "contracts-core")]
struct State {
    pool: Pool,
}

fn main() {}
