// A struct's own `#[contract(..)]` is read by `ComponentSource` too: a typo there is
// an error, not silently ignored.
use std::sync::Arc;

use contracts_core::{ComponentSource, MigrationContract};

#[derive(MigrationContract)]
pub struct Pool;

#[derive(ComponentSource)]
#[contract(requird)]
pub struct State {
    pool: Arc<Pool>,
}

fn main() {}
