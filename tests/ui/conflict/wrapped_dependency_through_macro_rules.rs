// `depends_on(Arc<Pool>)` names a type no state provides, also when it comes from a
// `macro_rules!` fragment.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
pub struct Pool;

macro_rules! component {
    ($name:ident, $dep:ty) => {
        #[derive(MigrationContract)]
        #[contract(depends_on($dep))]
        pub struct $name;
    };
}

component!(Repository, std::sync::Arc<Pool>);

fn main() {}
