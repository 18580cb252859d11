use contracts_core::ComponentSource;

struct Pool;

#[derive(ComponentSource)]
struct State {
    #[contract(ignore)]
    pool: Pool,
}

fn main() {}
