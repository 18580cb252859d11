// An `impl Trait` output that borrows from the receiver (elided lifetimes) is still
// checked: the iterator yields `&u8`, not the declared `&u16`.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn items(&self) -> impl Iterator<Item = &u16> + '_))]
struct Pool {
    items: Vec<u8>,
}

impl Pool {
    fn items(&self) -> impl Iterator<Item = &u8> + '_ {
        self.items.iter()
    }
}

fn main() {}
