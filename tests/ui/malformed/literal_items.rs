use contracts_core::MigrationContract;

pub struct Pool;
pub struct Engine;

// Literals where a list wants types or traits, a wrapper that is not `optional(..)`,
// and a literal where a key belongs: each told what to write, and the valid keys
// around them are still read (`rsik` is reported too).
#[derive(MigrationContract)]
#[contract(
    depends_on("Pool", 5, maybe(Pool)),
    implements("Send", 5, &Sync),
    consumers("Engine"),
    "stray",
    rsik = "high",
)]
struct Repository;

fn main() {}

#[derive(MigrationContract)]
#[contract(depends_on(optional("Pool")))]
struct Optional;

pub trait Sink {}

#[derive(MigrationContract)]
#[contract(implements(dyn Sink))]
struct DynTrait;
