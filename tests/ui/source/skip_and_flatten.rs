use contracts_core::ComponentSource;

#[derive(ComponentSource)]
struct Inner;

#[derive(ComponentSource)]
struct State {
    #[contract(skip, flatten)]
    inner: Inner,
}

fn main() {}
