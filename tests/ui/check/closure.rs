// A closure is not a path: one error on it, and the rest of the value (`String>(())`
// after the comma inside `<..>`) is not read as another key.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = |pool: &Self| Ok::<(), String>(()), risk = "high")]
pub struct Pool;

fn main() {}
