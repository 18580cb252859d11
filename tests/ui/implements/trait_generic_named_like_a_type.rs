// `implements(From<T>)` with a user type named `T`: the assertion must check
// `Wrapper: From<T>` for that type, not be satisfied by `From<Wrapper>` through a
// generic parameter that happens to be called `T`.
use contracts_core::MigrationContract;

pub struct T;

#[derive(MigrationContract)]
#[contract(implements(From<T>))]
pub struct Wrapper;

fn main() {}
