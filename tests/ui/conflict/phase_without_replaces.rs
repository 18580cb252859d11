use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(phase = "parallel")]
struct BridgeFactory;

fn main() {}
