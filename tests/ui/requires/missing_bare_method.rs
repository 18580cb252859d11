use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(shutdown))]
struct Bridge;

fn main() {}
