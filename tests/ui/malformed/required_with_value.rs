use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(required = true)]
struct Pool;

fn main() {}
