use contracts_core::ComponentSource;

#[derive(ComponentSource)]
enum State {
    Ready,
}

fn main() {}
