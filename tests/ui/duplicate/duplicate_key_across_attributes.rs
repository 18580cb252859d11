use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(name = "pool")]
#[contract(risk = "high", name = "database-pool")]
struct Pool;

fn main() {}
