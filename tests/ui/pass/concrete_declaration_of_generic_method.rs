// A concrete declaration matches a generic method (or one taking `impl Trait`): the
// method's own parameters are inferred from the declared types, also for the
// signatures checked by a call (async, or a reference in the output), and for
// reference arguments, which a `fn` pointer type would make higher-ranked.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn put(&self, v: u32) -> &str,
    fn put_impl(&self, v: u32) -> &str,
    async fn store(&self, v: u32) -> usize,
    async fn parse(&self) -> u32,
    fn plain(&self, v: u32) -> u64,
    fn text_len(&self, t: &str) -> usize,
    fn text_len_impl(&self, t: &str) -> usize,
    fn both(&self, t: &str, bytes: &'static [u8]) -> usize,
    async fn text_len_async(&self, t: &str) -> usize,
    fn keep(&self, t: &'static str) -> usize,
    fn any_lifetime(&self, t: &str, u: Option<&[u8]>) -> usize,
))]
pub struct Store;

impl Store {
    pub fn put<T: Into<u32>>(&self, v: T) -> &str {
        let _ = v.into();
        "put"
    }

    pub fn put_impl(&self, v: impl Into<u32>) -> &str {
        let _ = v.into();
        "put"
    }

    pub async fn store<T: Into<u32>>(&self, v: T) -> usize {
        v.into() as usize
    }

    pub async fn parse<T: std::str::FromStr + Default>(&self) -> T {
        "1".parse().unwrap_or_default()
    }

    pub fn plain<T: Into<u64>>(&self, v: T) -> u64 {
        v.into()
    }

    pub fn text_len<T: AsRef<str>>(&self, t: T) -> usize {
        t.as_ref().len()
    }

    pub fn text_len_impl(&self, t: impl AsRef<str>) -> usize {
        t.as_ref().len()
    }

    pub fn both<T: AsRef<str>, B: AsRef<[u8]>>(&self, t: T, bytes: B) -> usize {
        t.as_ref().len() + bytes.as_ref().len()
    }

    pub async fn text_len_async<T: AsRef<str>>(&self, t: T) -> usize {
        t.as_ref().len()
    }

    pub fn keep(&self, t: &'static str) -> usize {
        t.len()
    }

    pub fn any_lifetime<'a, 'b>(&self, t: &'a str, u: Option<&'b [u8]>) -> usize {
        t.len() + u.map_or(0, <[u8]>::len)
    }
}

fn main() {
    let contract = contracts_core::contract_of::<Store>().expect("registered");
    assert_eq!(contract.required_methods().len(), 11);
}
