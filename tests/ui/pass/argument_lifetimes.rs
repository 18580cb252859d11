// The checks name a signature's elided argument lifetimes (`'any0`, `'any1`, ..) to
// refuse methods that need `'static`; these correct signatures must still pass: an
// `impl Trait` output that borrows from an argument (no borrowing receiver), and a
// signature that uses the name `'any2` itself.
use std::sync::Arc;

use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn parse(p: &str) -> impl Iterator<Item = &u8> + '_,
    fn words(self: Arc<Self>, p: &str) -> impl Iterator<Item = &str> + '_,
    fn apply(&self, cb: &dyn for<'any2> Fn(&'any2 str) -> &'any2 str, x: &str) -> usize,
    fn bytes(&self, p: &str) -> impl Iterator<Item = &u8> + '_,
))]
pub struct Parser;

impl Parser {
    pub fn parse(p: &str) -> impl Iterator<Item = &u8> + '_ {
        p.as_bytes().iter()
    }

    pub fn words(self: Arc<Self>, p: &str) -> impl Iterator<Item = &str> + '_ {
        p.split(' ')
    }

    pub fn apply(&self, cb: &dyn for<'a> Fn(&'a str) -> &'a str, x: &str) -> usize {
        cb(x).len()
    }

    pub fn bytes(&self, p: &str) -> impl Iterator<Item = &u8> + '_ {
        let _ = p;
        [1u8].iter()
    }
}

fn main() {
    let contract = contracts_core::contract_of::<Parser>().expect("registered");
    assert_eq!(contract.required_methods().len(), 4);
}
