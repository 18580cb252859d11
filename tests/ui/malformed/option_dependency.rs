// `depends_on(Option<A>)` would name the type `Option<A>`, which no state holds: the
// error says how an optional dependency is written.
use contracts_core::MigrationContract;

pub struct Metrics;

#[derive(MigrationContract)]
#[contract(depends_on(Option<Metrics>, std::option::Option<Metrics>))]
pub struct Engine;

fn main() {}
