// `AsyncFn(&u8)` takes any `&u8`, as `Fn(&u8)` does: a method whose closure takes only
// borrows as long as its receiver's does not meet the declared signature.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn handler(&self) -> impl AsyncFn(&u8) -> u8))]
pub struct Handler {
    k: u8,
}

impl Handler {
    pub fn handler<'a>(&'a self) -> impl AsyncFn(&'a u8) -> u8 + 'a {
        async move |x: &'a u8| *x + self.k
    }
}

fn main() {}
