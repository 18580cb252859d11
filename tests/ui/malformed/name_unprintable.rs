// A name is shown on one line in backticks: a newline or a backtick would break reports.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(name = "pool\nprimary")]
struct Pool;

#[derive(MigrationContract)]
#[contract(name = "the `pool`")]
struct Other;


// Spaces around a name would make `" pool"` and `"pool"` two names that read as one.
#[derive(MigrationContract)]
#[contract(name = " cache ")]
struct Cache;

fn main() {}
