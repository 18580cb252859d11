// Every shape of signature `requires(..)` accepts, checked against methods that match.
use std::future::Future;
use std::sync::Arc;

use contracts_core::{contract_of, MigrationContract};

#[derive(MigrationContract)]
#[contract(requires(
    fn by_arc(self: Arc<Self>) -> usize,
    fn by_value_mut(mut self) -> Self,
    fn nothing_returned(&self),
    fn bytes(&self) -> impl Iterator<Item = u8>,
    fn parse<T: std::str::FromStr>(&self, text: &str) -> Option<T>,
    fn bounded<T, U>(&self, value: T, other: U) -> T where T: Clone, U: Send,
    fn apply(&self, f: impl Fn(u8) -> u8) -> u8,
    fn merge(&self, other: &Self) -> Self,
    fn pending(&self) -> impl Future<Output = u8>,
    async fn slow_len(&self, extra: usize) -> usize,
    async fn shutdown(self),
    fn new() -> Self,
    fn convert(&self) -> u32,
    fn describe(&self, text: String) -> usize,
))]
#[derive(Clone, Default)]
pub struct Pool {
    size: usize,
}

impl Pool {
    pub fn by_arc(self: Arc<Self>) -> usize {
        self.size
    }
    pub fn by_value_mut(mut self) -> Self {
        self.size += 1;
        self
    }
    pub fn nothing_returned(&self) {}
    pub fn bytes(&self) -> impl Iterator<Item = u8> {
        std::iter::repeat_n(0, self.size)
    }
    pub fn parse<T: std::str::FromStr>(&self, text: &str) -> Option<T> {
        text.parse().ok()
    }
    pub fn bounded<T, U>(&self, value: T, other: U) -> T
    where
        T: Clone,
        U: Send,
    {
        drop(other);
        value
    }
    pub fn apply(&self, f: impl Fn(u8) -> u8) -> u8 {
        f(self.size as u8)
    }
    pub fn merge(&self, other: &Self) -> Self {
        Pool {
            size: self.size + other.size,
        }
    }
    pub fn pending(&self) -> impl Future<Output = u8> {
        std::future::ready(1)
    }
    pub async fn slow_len(&self, extra: usize) -> usize {
        self.size + extra
    }
    pub async fn shutdown(self) {}
    pub fn new() -> Self {
        Pool::default()
    }
    // Generic methods declared with concrete types: the declaration picks the generic
    // parameters, as a call written that way would.
    pub fn convert<T: Default>(&self) -> T {
        T::default()
    }
    pub fn describe(&self, text: impl Into<String>) -> usize {
        text.into().len() + self.size
    }
}

fn main() {
    let contract = contract_of::<Pool>().expect("registered");
    let required: Vec<_> = contract
        .required_methods()
        .iter()
        .map(|method| (method.name(), method.is_async()))
        .collect();
    assert_eq!(required.len(), 14);
    assert_eq!(required[9], ("slow_len", true));
    assert_eq!(
        contract.required_methods()[4].signature(),
        Some("fn parse<T: std::str::FromStr>(&self, text: &str) -> Option<T>")
    );
    assert_eq!(Pool::contract().name(), "Pool");
}
