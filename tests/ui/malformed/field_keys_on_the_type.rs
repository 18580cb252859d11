// Field keys written on the type say where they belong.
use contracts_core::MigrationContract;

pub struct Pool;

#[derive(MigrationContract)]
#[contract(dependency)]
struct Repository {
    pool: Pool,
}

#[derive(MigrationContract)]
#[contract(skip)]
struct Cache;

fn main() {}
