// A component that replaces, consumes, depends on or makes itself is a mistake,
// reported where written.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(replaces = Pool, phase = "parallel", consumers(Self))]
struct Pool;

pub struct Other;

#[derive(MigrationContract)]
#[contract(depends_on(Other, optional(Self)), factory = Cache)]
struct Cache;

#[derive(MigrationContract)]
struct Node {
    #[contract(dependency)]
    next: Option<Box<Node>>,
}

fn main() {}
