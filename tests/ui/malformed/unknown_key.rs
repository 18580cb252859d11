use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(risk = "high", depends(Pool))]
struct Repository;

fn main() {}
