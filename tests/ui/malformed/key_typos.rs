// A mistyped or shortened key gets the key it is closest to; one too far off from every
// key (`owner`) gets the list only.
use contracts_core::MigrationContract;

pub struct Pool;

#[derive(MigrationContract)]
#[contract(rsik = "high", depend_on(Pool), buisness_value = "orders", consumer(Pool))]
struct Repository;

#[derive(MigrationContract)]
#[contract(owner = "payments")]
struct Ledger;

fn main() {}
