// A generic method named bare cannot be checked without type arguments (rustc cannot
// infer them, and suggests adding them): `name::<T>` is accepted, with or without the
// `::`, and records the bare name.
use std::any::Any;

use contracts_core::{contract_of, MigrationContract};

#[derive(MigrationContract)]
#[contract(requires(get::<String>, insert<u8, Vec<u8>>, len))]
pub struct Registry;

impl Registry {
    pub fn get<T: Any>(&self) -> Option<&T> {
        None
    }

    pub fn insert<K, V>(&self, key: K, value: V) {
        drop((key, value));
    }

    pub fn len(&self) -> usize {
        0
    }
}

fn main() {
    let contract = contract_of::<Registry>().expect("registered");
    let names: Vec<&str> = contract
        .required_methods()
        .iter()
        .map(|m| m.name())
        .collect();
    assert_eq!(names, ["get", "insert", "len"]);
    assert!(contract.required_methods().iter().all(|m| m.signature().is_none()));
}
