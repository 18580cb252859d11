use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(risk = "severe")]
struct Repository;

fn main() {}
