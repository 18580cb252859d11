// `Self` in a named type means the type itself: in a dependency field's type and in
// `depends_on(..)`, nested in another type (the component itself would be a cycle of
// one, a compile error), and the contract names the type.
use std::marker::PhantomData;
use std::sync::Arc;

use contracts_core::{contract_of, MigrationContract};

pub struct Registry<T>(PhantomData<T>);

#[derive(MigrationContract)]
#[contract(depends_on(optional(Registry<Self>)))]
pub struct Node {
    #[contract(dependency)]
    registry: Option<Arc<Registry<Self>>>,
}

fn main() {
    let contract = contract_of::<Node>().expect("registered");
    let named: Vec<&str> = contract
        .dependencies()
        .iter()
        .map(|dependency| dependency.ty().name())
        .collect();
    assert_eq!(named, ["Registry<Node>", "Registry<Node>"]);
    let registry = contracts_core::ComponentId::of::<Registry<Node>>();
    assert!(contract
        .dependencies()
        .iter()
        .all(|dependency| dependency.ty().id() == registry));
    let _ = Node { registry: None }.registry;
}
