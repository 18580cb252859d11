// The checks' own lifetime names (`'self0`, `'any0`) are not in scope for a signature:
// one written without declaring it is rustc's "undeclared lifetime", as in a method.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn name(&self) -> &str, fn find(&self, key: &'self0 str) -> usize))]
pub struct Index {
    name: String,
}

impl Index {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn find(&self, key: &str) -> usize {
        key.len()
    }
}

fn main() {}
