use contracts_core::ComponentSource;

struct Config;

#[derive(ComponentSource)]
struct State {
    #[contract(flatten)]
    config: Config,
}

fn main() {}
