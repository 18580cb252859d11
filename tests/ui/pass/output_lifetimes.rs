// Outputs that keep what their declaration promises: an output that lives longer than
// declared (`&'static str` for `-> &str`), borrows from the input elision names, a
// named lifetime from its argument, a method generic in its output, and `async fn`.
use contracts_core::MigrationContract;
use std::pin::Pin;

#[derive(MigrationContract)]
#[contract(requires(
    fn kind(&self) -> &str,
    fn get(&self, key: &str) -> Option<&String>,
    fn pick<'a>(&self, x: &'a str) -> &'a str,
    fn parse(text: &str) -> &str,
    fn buffer(&mut self) -> &mut Vec<u8>,
    fn pinned(self: Pin<&mut Self>) -> &u8,
    fn view<T: Default>(&self, t: T) -> &u8,
    async fn name(&self, prefix: &str) -> &str,
    fn same(&self) -> &'static str,
))]
pub struct Gateway {
    name: String,
    buffer: Vec<u8>,
    values: std::collections::HashMap<String, String>,
}

impl Gateway {
    pub fn kind(&self) -> &'static str {
        "gateway"
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.values.get(key)
    }

    pub fn pick<'a>(&self, x: &'a str) -> &'a str {
        x
    }

    pub fn parse(text: &str) -> &str {
        text.trim()
    }

    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buffer
    }

    pub fn pinned(self: Pin<&mut Self>) -> &u8 {
        &0
    }

    pub fn view<T: Default>(&self, t: T) -> &u8 {
        drop(t);
        &self.buffer[0]
    }

    pub async fn name(&self, prefix: &str) -> &str {
        let _ = prefix;
        &self.name
    }

    pub fn same(&self) -> &'static str {
        "same"
    }
}

fn main() {}
