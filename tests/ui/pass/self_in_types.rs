// `Self` in a named type means the type itself: in a dependency field's type and in
// `depends_on(..)`, nested in another type (the component itself would be a cycle of
// one, a compile error), and the contract names the type.
use std::marker::PhantomData;
use std::sync::Arc;

use contracts_core::{contract_of, MigrationContract};

pub struct Registry<T>(PhantomData<T>);
pub struct Index<T>(PhantomData<T>);

#[derive(MigrationContract)]
#[contract(depends_on(optional(Registry<Self>)))]
pub struct Node {
    #[contract(dependency)]
    index: Option<Arc<Index<Self>>>,
    // The same type as `depends_on(optional(Registry<Self>))`: recorded once.
    #[contract(dependency)]
    registry: Option<Arc<Registry<Node>>>,
}

fn main() {
    let contract = contract_of::<Node>().expect("registered");
    let named: Vec<&str> = contract
        .dependencies()
        .iter()
        .map(|dependency| dependency.ty().name())
        .collect();
    assert_eq!(named, ["Registry<Node>", "Index<Node>"]);
    let ids: Vec<_> = contract.dependencies().iter().map(|d| d.ty().id()).collect();
    assert_eq!(
        ids,
        [
            contracts_core::ComponentId::of::<Registry<Node>>(),
            contracts_core::ComponentId::of::<Index<Node>>()
        ]
    );
    let node = Node {
        index: None,
        registry: None,
    };
    let _ = (node.index, node.registry);
}
