// A dependency, a trait or a consumer's method listed twice: one error each, on the
// second occurrence. `r#name` and `name` are one name.
use contracts_core::MigrationContract;

pub struct Pool;
pub struct Panel;

#[derive(MigrationContract)]
#[contract(
    requires(get, r#get),
    depends_on(Pool, optional(Pool)),
    implements(Send, Sync, Send),
    consumers(Panel = [get, r#get])
)]
pub struct Cache;

impl Cache {
    pub fn get(&self) {}
}

fn main() {}
