use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = "Self::self_test")]
struct Pool;

fn main() {}
