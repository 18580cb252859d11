// A dependency, a trait or a consumer's method listed twice: one error each, on the
// second occurrence.
use contracts_core::MigrationContract;

pub struct Pool;
pub struct Panel;

#[derive(MigrationContract)]
#[contract(
    requires(get),
    depends_on(Pool, optional(Pool)),
    implements(Send, Sync, Send),
    consumers(Panel = [get, get])
)]
pub struct Cache;

impl Cache {
    pub fn get(&self) {}
}

fn main() {}
