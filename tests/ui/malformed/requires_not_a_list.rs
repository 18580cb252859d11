use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires = "notify")]
struct Bridge;

fn main() {}
