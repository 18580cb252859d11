//! Contracts declared in a dependency crate are found from the binary that links it.
//!
//! This binary never names a type of `linked_components` except through the registry:
//! the only reference is `use linked_components as _;`, which is what the README tells
//! library users to write.

use linked_components as _;

#[test]
fn contracts_of_a_linked_library_are_registered() {
    let names: Vec<&str> = contracts_core::contracts().map(|c| c.name()).collect();
    assert_eq!(names, ["ledger-pool", "payment-gateway"]);
    let gateway = contracts_core::contracts()
        .find(|c| c.name() == "payment-gateway")
        .unwrap();
    assert_eq!(gateway.module_path(), "linked_components");
    assert_eq!(gateway.file(), "tests/linked-components/src/lib.rs");
}
