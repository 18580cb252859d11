// Traits named by paths that start with `crate`, `self` or `super`.
use contracts_core::MigrationContract;

pub trait Sink {}

mod inner {
    pub trait Local {}

    #[derive(contracts_core::MigrationContract)]
    #[contract(implements(crate::Sink, super::Sink, self::Local))]
    pub struct Bridge;

    impl crate::Sink for Bridge {}
    impl Local for Bridge {}
}

#[derive(MigrationContract)]
#[contract(implements(self::Sink, ::core::marker::Send))]
pub struct Pool;

impl Sink for Pool {}

fn main() {
    let _ = (inner::Bridge, Pool);
}
