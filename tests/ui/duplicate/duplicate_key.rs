use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(risk = "high", risk = "low")]
struct Pool;

fn main() {}
