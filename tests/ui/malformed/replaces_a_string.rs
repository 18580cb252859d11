use contracts_core::MigrationContract;

struct LegacyBridge;

#[derive(MigrationContract)]
#[contract(replaces = "LegacyBridge", phase = "parallel")]
struct Bridge;

fn main() {}
