// An empty `optional()`, an empty method list and an empty `business_value` say what
// to write instead; each is reported, and the next contract's mistakes too.
use contracts_core::MigrationContract;

pub struct Pool;

#[derive(MigrationContract)]
#[contract(depends_on(Pool, optional()))]
struct Repository;

#[derive(MigrationContract)]
#[contract(requires(fn get(&self) -> u8), consumers(Pool = []))]
struct Cache;

impl Cache {
    fn get(&self) -> u8 {
        0
    }
}

#[derive(MigrationContract)]
#[contract(business_value = "  ")]
struct Ledger;

fn main() {}
