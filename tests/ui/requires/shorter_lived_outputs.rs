// A declared output's lifetimes are a promise too: `-> &'static str` outlives any
// borrow of the component, and an elided one borrows from the input elision names
// (`self` first), not from another argument. A method whose output lives shorter does
// not have that signature, though it compiles until a consumer relies on it. The
// receiver promises any borrow, like an argument.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn name(&self) -> &'static str,
    fn first<'a>(&self, items: &'a [u8]) -> &'a u8,
    fn get(&self, key: &str) -> &str,
    async fn label(&self, prefix: &str) -> &str,
    fn touch(&self, tag: &str) -> usize,
    fn pick<T: AsRef<str>>(&self, t: T, key: &str) -> &str,
    fn choose(&self, t: impl AsRef<str>, key: &str) -> &str,
    fn mapper(&self, key: &str) -> Box<dyn for<'x> Fn(&'x u8) -> &'x u8 + '_>,
    fn view<T: Clone>(&self, t: &T) -> &T,
    fn bytes(&self, key: &str) -> impl Iterator<Item = u8> + '_,
))]
pub struct Gateway {
    name: String,
}

impl Gateway {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn first<'a>(&'a self, items: &[u8]) -> &'a u8 {
        let _ = items;
        &0
    }

    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        key
    }

    pub async fn label<'a>(&'a self, prefix: &'a str) -> &'a str {
        if prefix.is_empty() { &self.name } else { prefix }
    }

    pub fn touch(&'static self, tag: &str) -> usize {
        tag.len() + self.name.len()
    }

    pub fn pick<'k, T: AsRef<str>>(&self, t: T, key: &'k str) -> &'k str {
        let _ = t;
        key
    }

    pub fn choose<'k>(&self, t: impl AsRef<str>, key: &'k str) -> &'k str {
        let _ = t;
        key
    }

    pub fn bytes<'k>(&self, key: &'k str) -> impl Iterator<Item = u8> + 'k {
        key.bytes()
    }

    pub fn view<'a, T: Clone>(&self, t: &'a T) -> &'a T {
        t
    }

    pub fn mapper<'k>(&self, key: &'k str) -> Box<dyn for<'x> Fn(&'x u8) -> &'x u8 + 'k> {
        Box::new(move |x| if key.is_empty() { x } else { x })
    }
}

fn main() {}
