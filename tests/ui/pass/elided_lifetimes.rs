// `'_` is a lifetime, not an inferred type: signatures that elide lifetimes the way
// `rust_2018_idioms` asks for are contracts like any other.
#![deny(rust_2018_idioms)]

use std::cell::{Ref, RefCell};
use std::fmt;
use std::pin::Pin;

use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result,
    fn items(&self) -> impl Iterator<Item = &u8> + '_,
    fn name(&self) -> &'_ str,
    fn cached(&self) -> Ref<'_, Vec<u8>>,
    async fn first(&self, items: &'_ [u8]) -> Option<u8>,
    fn pairs(&self) -> impl Iterator<Item = (&u8, &u8)> + '_,
    fn borrowed(&self) -> impl Iterator<Item = &u8>,
    fn adder(&self) -> impl Fn(&u8) -> u8,
    fn picker(&self) -> impl Fn(&[u8]) -> &u8,
    fn matcher(&self) -> impl Fn(&u8) -> bool + '_,
    fn steps(&self) -> impl Iterator<Item = fn(&u8) -> u8> + '_,
    fn named<'a>(&'a self) -> impl Iterator<Item = &u8> + 'a,
    fn typed<'a>(self: &'a Self) -> impl Iterator<Item = &u8> + 'a,
    fn typed_mut<'a>(self: &'a mut Self) -> impl Iterator<Item = &mut u8> + 'a,
    fn from_argument<'a>(items: &'a [u8]) -> impl Iterator<Item = &u8> + 'a,
    fn pinned<'a>(self: Pin<&'a mut Self>) -> impl Iterator<Item = &u8> + 'a,
    fn filtered<'a>(items: &'a [u8], keep: fn(&u8) -> bool) -> impl Iterator<Item = &u8> + 'a,
    fn chosen<'a>(items: &'a [u8], keep: impl Fn(&u8) -> bool + 'a) -> impl Iterator<Item = &u8> + 'a,
    fn nested<'a>(items: &'a [&'a u8]) -> impl Iterator<Item = &u8> + 'a,
))]
pub struct Pool {
    items: Vec<u8>,
    cache: RefCell<Vec<u8>>,
}

impl Pool {
    pub fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pool")
    }
    pub fn items(&self) -> impl Iterator<Item = &u8> + '_ {
        self.items.iter()
    }
    pub fn name(&self) -> &'_ str {
        "pool"
    }
    pub fn cached(&self) -> Ref<'_, Vec<u8>> {
        self.cache.borrow()
    }
    pub async fn first(&self, items: &'_ [u8]) -> Option<u8> {
        items.first().copied()
    }
    pub fn pairs(&self) -> impl Iterator<Item = (&u8, &u8)> + '_ {
        self.items.iter().zip(&self.items)
    }
    pub fn borrowed(&self) -> impl Iterator<Item = &u8> {
        self.items.iter()
    }
    pub fn adder(&self) -> impl Fn(&u8) -> u8 {
        |x| x + 1
    }
    pub fn picker(&self) -> impl Fn(&[u8]) -> &u8 {
        |items| &items[0]
    }
    pub fn matcher(&self) -> impl Fn(&u8) -> bool + '_ {
        move |x| self.items.contains(x)
    }
    pub fn steps(&self) -> impl Iterator<Item = fn(&u8) -> u8> + '_ {
        self.items.iter().map(|_| (|x: &u8| *x) as fn(&u8) -> u8)
    }
    pub fn named<'a>(&'a self) -> impl Iterator<Item = &'a u8> + 'a {
        self.items.iter()
    }
    pub fn typed<'a>(self: &'a Self) -> impl Iterator<Item = &'a u8> + 'a {
        self.items.iter()
    }
    pub fn typed_mut<'a>(self: &'a mut Self) -> impl Iterator<Item = &'a mut u8> + 'a {
        self.items.iter_mut()
    }
    pub fn from_argument<'a>(items: &'a [u8]) -> impl Iterator<Item = &'a u8> + 'a {
        items.iter()
    }
    pub fn pinned<'a>(self: Pin<&'a mut Self>) -> impl Iterator<Item = &'a u8> + 'a {
        self.get_mut().items.iter()
    }
    pub fn filtered<'a>(
        items: &'a [u8],
        keep: fn(&u8) -> bool,
    ) -> impl Iterator<Item = &'a u8> + 'a {
        items.iter().filter(move |x| keep(x))
    }
    pub fn chosen<'a>(
        items: &'a [u8],
        keep: impl Fn(&u8) -> bool + 'a,
    ) -> impl Iterator<Item = &'a u8> + 'a {
        items.iter().filter(move |x| keep(x))
    }
    pub fn nested<'a>(items: &'a [&'a u8]) -> impl Iterator<Item = &'a u8> + 'a {
        items.iter().copied()
    }
}

fn main() {
    let contract = contracts_core::contract_of::<Pool>().expect("registered");
    assert_eq!(contract.required_methods().len(), 19);
}
