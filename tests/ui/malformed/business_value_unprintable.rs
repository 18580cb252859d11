// A business value is shown on one line (a list item in Markdown plans): a newline
// would break the report, or inject a heading into a plan.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(name = "pool", business_value = "serves every query\n# Done")]
struct Pool;

#[derive(MigrationContract)]
#[contract(name = "cache", business_value = "keeps p99 \r low")]
struct Cache;

// One line with Markdown in it is fine: it stays inside its line.
#[derive(MigrationContract)]
#[contract(name = "bridge", business_value = "delivers `five` events | *chat*")]
struct Bridge;

fn main() {}
