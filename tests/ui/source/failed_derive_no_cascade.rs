// A failed `#[derive(ComponentSource)]` reports its own error only: using the state
// afterwards must not add "`State: ComponentSource` is not satisfied".
use contracts_core::{validate_app_state, ComponentSource};

struct Pool;

#[derive(ComponentSource)]
struct State {
    #[contract(ignor)]
    pool: Pool,
}

fn main() {
    let state = State { pool: Pool };
    let _ = &state.pool;
    let _ = validate_app_state(&state);
}
