// A `crate` path that does not resolve: the error is on the path the user wrote.
#[derive(contracts_core::MigrationContract)]
#[contract(crate = "migration", name = "pool")]
struct Pool;

#[derive(contracts_core::ComponentSource)]
#[contract(crate = crate::reexports::contracts)]
struct State {
    pool: Pool,
}

fn main() {}
