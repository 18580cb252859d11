use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(risk = high)]
struct Repository;

fn main() {}
