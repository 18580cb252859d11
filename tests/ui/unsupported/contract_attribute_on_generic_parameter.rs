// A `#[contract(..)]` on a generic parameter is not the type's: the one error is that
// generic types cannot carry a contract, not a misplaced key.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(risk = "high")]
pub struct Pool<#[contract(dependency)] T>(T);

fn main() {}
