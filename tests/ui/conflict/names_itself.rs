// A component that replaces or consumes itself is a mistake, reported where written.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(replaces = Pool, phase = "parallel", consumers(Self))]
struct Pool;

fn main() {}
