// A signature copied from the impl block with its visibility or qualifiers says what
// to drop, or that such a method cannot be required.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(pub fn get(&self) -> u8))]
struct Cache;

impl Cache {
    pub fn get(&self) -> u8 {
        0
    }
}

#[derive(MigrationContract)]
#[contract(requires(unsafe fn raw(&self) -> u8))]
struct Raw;

fn main() {}
