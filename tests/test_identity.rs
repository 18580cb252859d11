//! One `'static` descriptor per derive: `T::contract()`, `contract_of::<T>()` and the
//! registry's list hand out the same object, for a type of this crate and for one of a
//! linked library. A user may compare contracts by address or key a map on them.

use contracts_core::{contract_of, contracts, Contract, MigrationContract};
use linked_components::LedgerPool;

#[derive(MigrationContract)]
#[contract(name = "local-cache")]
struct LocalCache;

fn assert_one_object(name: &str, via_trait: &'static Contract, via_lookup: &'static Contract) {
    assert_eq!(via_trait.name(), name);
    assert!(
        std::ptr::eq(via_trait, via_lookup),
        "{name}: T::contract() and contract_of::<T>() are two objects"
    );
    let listed = contracts().find(|c| c.name() == name).unwrap();
    assert!(
        std::ptr::eq(via_trait, listed),
        "{name}: T::contract() is not the registered descriptor"
    );
}

#[test]
fn a_type_of_this_crate_has_one_descriptor() {
    assert_one_object(
        "local-cache",
        LocalCache::contract(),
        contract_of::<LocalCache>().unwrap(),
    );
}

#[test]
fn a_type_of_a_linked_library_has_one_descriptor() {
    assert_one_object(
        "ledger-pool",
        LedgerPool::contract(),
        contract_of::<LedgerPool>().unwrap(),
    );
}
