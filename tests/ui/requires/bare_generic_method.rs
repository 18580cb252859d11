use contracts_core::MigrationContract;

// A bare name cannot check a generic method without type arguments: rustc's error is
// on the name, and its suggestion (`get::<T>`, with a concrete type) is accepted.
#[derive(MigrationContract)]
#[contract(requires(get))]
struct Registry;

impl Registry {
    fn get<T: 'static>(&self) -> Option<&T> {
        None
    }
}

fn main() {}
