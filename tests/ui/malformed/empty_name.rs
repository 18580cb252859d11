use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(name = "  ")]
struct Pool;

fn main() {}
