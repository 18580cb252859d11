// Contract keys on a state that only derives `ComponentSource` would be read by no one:
// nothing checked, nothing registered. They need `#[derive(MigrationContract)]`: one
// error, on a contract key. With both derives the same keys are fine, and so is `crate`
// alone.
use contracts_core::{ComponentSource, MigrationContract};

pub struct Pool;

#[derive(ComponentSource)]
#[contract(crate = "contracts_core")]
#[contract(requires(fn nope(&self) -> u8), depends_on(Pool), risk = "high")]
pub struct ForgotTheContract {
    pool: Pool,
}

#[derive(ComponentSource, MigrationContract)]
#[contract(risk = "high", depends_on(Pool))]
pub struct StateAndComponent {
    pool: Pool,
}

// `crate` alone is a key of both derives.
#[derive(ComponentSource)]
#[contract(crate = "contracts_core")]
pub struct PlainState {
    pool: Pool,
}

fn main() {}
