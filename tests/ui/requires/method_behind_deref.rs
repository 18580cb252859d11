// A method reached only through `Deref` is not the component's own: the error is on
// the declared name, and no help offers to rewrite the struct's declaration.
use contracts_core::MigrationContract;

pub struct Inner;

impl Inner {
    pub fn pool_size(&self) -> usize {
        1
    }
}

#[derive(MigrationContract)]
#[contract(requires(fn pool_size(&self) -> usize))]
pub struct Outer(Inner);

impl std::ops::Deref for Outer {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

fn main() {}
