// `depends_on(Option<A>)` would name the type `Option<A>`, which no state holds: the
// error says how an optional dependency is written. `depends_on(Arc<A>)` would name
// `Arc<A>`, which a derived state (or `insert_arc`) never provides: the error says to
// name `A`, as a dependency field of type `Arc<A>` does; so does a reference.
use contracts_core::MigrationContract;

pub struct Metrics;
pub struct Pool;

#[derive(MigrationContract)]
#[contract(depends_on(Option<Metrics>, std::option::Option<Metrics>))]
pub struct Engine;

#[derive(MigrationContract)]
#[contract(depends_on(std::sync::Arc<Pool>, Box<Metrics>))]
pub struct Repository;

// Inside `optional(..)` the fix keeps it optional.
#[derive(MigrationContract)]
#[contract(depends_on(optional(std::sync::Arc<Pool>), optional(Option<Metrics>)))]
pub struct Reporter;

// A reference or pointer names a type no state holds either: a field of type
// `&'static Pool` provides `Pool`.
#[derive(MigrationContract)]
#[contract(depends_on(&'static Pool, optional(&Metrics), *const Pool))]
pub struct Auditor;

// Nested layers are all taken off in the fix, which would otherwise be an error again;
// an `Option` among them makes it optional.
#[derive(MigrationContract)]
#[contract(depends_on(std::sync::Arc<std::sync::Arc<Pool>>, Option<Box<Metrics>>, &std::rc::Rc<Pool>))]
pub struct Pipeline;

// A type of the user's own named like std's is the user's: accepted.
mod wrappers {
    pub struct Arc<T>(pub T);
}

#[derive(MigrationContract)]
#[contract(depends_on(wrappers::Arc<Pool>))]
pub struct Cache;

fn main() {}
