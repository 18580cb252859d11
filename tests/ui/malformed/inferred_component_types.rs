// `_` where a component's type belongs would leave the compiler to guess: each place
// says so, and the items around it are still read.
use contracts_core::MigrationContract;

pub struct Pool;
pub struct Legacy;

#[derive(MigrationContract)]
#[contract(depends_on(_, Pool, optional(Vec<_>)), consumers(_ = [get]), requires(fn get(&self) -> u8))]
pub struct Engine;

#[derive(MigrationContract)]
#[contract(replaces = _, phase = "migrating", factory = Box<_>)]
pub struct Bridge;

impl Engine {
    pub fn get(&self) -> u8 {
        0
    }
}

fn main() {}
