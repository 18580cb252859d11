use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(consumers(SupervisorFactroy))]
struct Bridge;

fn main() {}
