// Precise capturing in a declared output is refused, whether or not the build's syn
// reads it: the error is on `use` and says to leave it out.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn items(&self) -> impl Iterator<Item = &u8> + use<'_>, fn count(&self) -> usize))]
pub struct Pool {
    items: Vec<u8>,
}

impl Pool {
    pub fn items(&self) -> impl Iterator<Item = &u8> + use<'_> {
        self.items.iter()
    }
    pub fn count(&self) -> usize {
        self.items.len()
    }
}

fn main() {}
