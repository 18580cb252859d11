use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(name = bridge)]
struct Bridge;

fn main() {}
