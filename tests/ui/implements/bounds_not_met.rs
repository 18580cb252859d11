// Bounds that are not plain paths are still checked, and `?Sized` is no trait to
// implement.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(implements(Fn(u8) -> u8, for<'a> PartialEq<&'a str>))]
pub struct Pool;

#[derive(MigrationContract)]
#[contract(implements(?Sized))]
pub struct Cache;

fn main() {}
