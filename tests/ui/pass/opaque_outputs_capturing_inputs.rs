// An `impl Trait` output may capture the receiver's and the arguments' lifetimes (a
// trait's method always does; in edition 2024 an inherent one too), which the check's
// own `impl Trait` output does only by saying so (`+ use<..>`): such signatures are
// declared as the trait writes them and pass, nested or behind a reference too. So do
// declarations whose argument types imply bounds on their generic parameters
// (`t: &T`, `t: &'a T`, `v: &mut Vec<&'a str>`), and outputs with a higher-ranked
// lifetime of their own.
use contracts_core::MigrationContract;
use std::future::Future;

pub trait Source {
    fn items(&self) -> impl Iterator<Item = u8>;
    fn load(&self, key: &str) -> impl Future<Output = usize> + Send;
}

#[derive(MigrationContract)]
#[contract(requires(
    fn Source::items(&self) -> impl Iterator<Item = u8>,
    fn Source::load(&self, key: &str) -> impl Future<Output = usize> + Send,
    fn pending(&self) -> impl Future<Output = usize>,
    fn size<T: AsRef<str>>(&self, t: &T) -> usize,
    fn fill<'a>(&'a self, v: &mut Vec<&'a str>),
    fn mapper(&self, key: &str) -> Box<dyn for<'x> Fn(&'x u8) -> &'x u8 + '_>,
    fn pair(&self, key: &str) -> (impl Iterator<Item = u8>, impl Fn(u8) -> u8),
    fn maybe(&self) -> Option<impl Iterator<Item = u8> + '_>,
    fn two(&self) -> [impl std::fmt::Display; 2],
    fn find<'a, T: std::fmt::Debug>(&'a self, t: &'a T) -> Option<&'a T>,
    fn seek<'a, T>(&'a self, t: &'a T) -> impl Iterator<Item = &'a T> where T: std::fmt::Debug,
    fn shown(&self) -> &impl std::fmt::Display,
    fn shown_mut<'a>(&'a mut self) -> Option<&'a mut impl std::fmt::Display>,
))]
pub struct Store {
    values: Vec<u8>,
    name: String,
}

impl Source for Store {
    fn items(&self) -> impl Iterator<Item = u8> {
        self.values.clone().into_iter()
    }

    fn load(&self, key: &str) -> impl Future<Output = usize> + Send {
        let n = key.len() + self.values.len();
        async move { n }
    }
}

impl Store {
    pub async fn pending(&self) -> usize {
        self.values.len()
    }

    pub fn size<T: AsRef<str>>(&self, t: &T) -> usize {
        t.as_ref().len()
    }

    pub fn fill<'a>(&'a self, v: &mut Vec<&'a str>) {
        v.push(&self.name);
    }

    pub fn pair(&self, key: &str) -> (impl Iterator<Item = u8>, impl Fn(u8) -> u8) {
        let _ = key;
        (self.values.clone().into_iter(), |x| x)
    }

    pub fn find<'a, T: std::fmt::Debug>(&'a self, t: &'a T) -> Option<&'a T> {
        Some(t)
    }

    pub fn seek<'a, T>(&'a self, t: &'a T) -> impl Iterator<Item = &'a T>
    where
        T: std::fmt::Debug,
    {
        std::iter::once(t)
    }

    pub fn two(&self) -> [impl std::fmt::Display; 2] {
        [1u8, 2]
    }

    pub fn shown(&self) -> &impl std::fmt::Display {
        &self.name
    }

    pub fn shown_mut<'a>(&'a mut self) -> Option<&'a mut impl std::fmt::Display> {
        Some(&mut self.name)
    }

    pub fn maybe(&self) -> Option<impl Iterator<Item = u8> + '_> {
        Some(self.values.iter().copied())
    }

    pub fn mapper(&self, key: &str) -> Box<dyn for<'x> Fn(&'x u8) -> &'x u8 + '_> {
        let _ = key;
        Box::new(move |x| if self.values.is_empty() { x } else { x })
    }
}

fn main() {}
