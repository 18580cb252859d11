// A user type named `T` in `implements(From<T>)` is the user's type, not a parameter
// of the generated assertion.
use contracts_core::MigrationContract;

pub struct T;

#[derive(MigrationContract)]
#[contract(implements(From<T>))]
pub struct Wrapper;

impl From<T> for Wrapper {
    fn from(_: T) -> Self {
        Wrapper
    }
}

fn main() {
    let _ = Wrapper::from(T);
}
