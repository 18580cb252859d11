// A field key read only by the other derive would do nothing, silently: `skip` and
// `flatten` need `#[derive(ComponentSource)]`, `dependency` needs
// `#[derive(MigrationContract)]`. The error is on the key.
use std::sync::Arc;

use contracts_core::{ComponentSource, MigrationContract};

pub struct Clock;
pub struct Pool;

#[derive(MigrationContract)]
pub struct Scheduler {
    #[contract(skip)]
    clock: Arc<Clock>,
}

#[derive(ComponentSource)]
pub struct State {
    #[contract(dependency)]
    pool: Arc<Pool>,
}

// Both derives: each reads its own keys.
#[derive(MigrationContract, ComponentSource)]
pub struct Both {
    #[contract(skip)]
    clock: Arc<Clock>,
    #[contract(dependency)]
    pool: Arc<Pool>,
}

fn main() {}

// No state is an enum: the key could never be read.
#[derive(MigrationContract)]
pub enum Backend {
    Local(#[contract(skip)] Arc<Clock>),
    Remote,
}
