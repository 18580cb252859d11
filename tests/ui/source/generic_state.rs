use contracts_core::ComponentSource;

#[derive(ComponentSource)]
struct State<T> {
    pool: T,
}

fn main() {}
