use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn notify(&self, run_id: &str) -> bool))]
struct Bridge;

fn main() {}
