// `implements(..)` reads each item as a trait bound: a higher-ranked one is a trait
// like any other.
use contracts_core::MigrationContract;

#[derive(MigrationContract, PartialEq)]
#[contract(implements(for<'a> PartialEq<&'a str>, Send, PartialEq))]
pub struct Name(String);

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

fn main() {
    let contract = contracts_core::contract_of::<Name>().expect("registered");
    assert_eq!(contract.traits().len(), 3);
    assert!(Name("a".into()) == "a");
}
