// `Self` in a named type means the type itself: a self-referential dependency field
// and `depends_on(Self)` compile, and the contract names the type.
use contracts_core::{contract_of, MigrationContract};

#[derive(MigrationContract)]
#[contract(depends_on(optional(Self)))]
pub struct Node {
    #[contract(dependency)]
    next: Option<Box<Self>>,
}

fn main() {
    let contract = contract_of::<Node>().expect("registered");
    let named: Vec<&str> = contract
        .dependencies()
        .iter()
        .map(|dependency| dependency.ty().name())
        .collect();
    assert_eq!(named, ["Node", "Node"]);
    assert!(contract
        .dependencies()
        .iter()
        .all(|dependency| dependency.ty().id() == contract.id()));
    let _ = Node { next: None }.next;
}
