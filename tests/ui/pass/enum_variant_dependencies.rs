// Enum variants exclude each other: one variant holding a component optionally and
// another requiring it is not a contradiction. The dependency is recorded once, as
// required, since the component may be the variant that needs it.
use std::sync::Arc;

use contracts_core::{contract_of, MigrationContract};

pub struct Pool;

#[derive(MigrationContract)]
pub enum Store {
    Cached(#[contract(dependency)] Option<Arc<Pool>>),
    Direct(#[contract(dependency)] Arc<Pool>),
}

fn main() {
    let contract = contract_of::<Store>().expect("registered");
    let recorded: Vec<(&str, bool)> = contract
        .dependencies()
        .iter()
        .map(|d| (d.ty().name(), d.is_optional()))
        .collect();
    assert_eq!(recorded, [("Pool", false)]);
    let _ = (Store::Cached(None), Store::Direct(Arc::new(Pool)));
}
