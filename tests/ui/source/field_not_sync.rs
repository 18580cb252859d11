use std::cell::Cell;

use contracts_core::ComponentSource;

#[derive(ComponentSource)]
struct State {
    counter: Cell<u32>,
}

fn main() {}
