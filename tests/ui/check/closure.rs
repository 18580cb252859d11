// A closure is not a path: one error on it, and the rest of the value (`String>(())`
// after the comma inside `<..>`) is not read as another key. A generic function is
// named with a turbofish, as in any expression.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = |pool: &Self| Ok::<(), String>(()), risk = "high")]
pub struct Pool;

#[derive(MigrationContract)]
#[contract(check = Self::generic<u8>)]
pub struct Cache;

// A `<` in a closure is a comparison, not an opening bracket: the next key is still
// read (and its bad value reported).
#[derive(MigrationContract)]
#[contract(check = |list: &Self| list.0 < 3, risk = "bogus")]
pub struct List(usize);

impl Cache {
    fn generic<T>(&self) -> Result<(), String> {
        Ok(())
    }
}

fn main() {}
