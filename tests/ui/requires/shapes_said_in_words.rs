// Signatures cut short, type arguments that do not parse, and `optional(..)` in
// `implements(..)`: each error says what the attribute expects, not what syn's parser
// would.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn get(&self) -> ))]
struct NoReturnType;

#[derive(MigrationContract)]
#[contract(requires(fn (&self)))]
struct NoName;

#[derive(MigrationContract)]
#[contract(requires(convert::<u8))]
struct Turbofish;

impl Turbofish {
    fn convert<T: Default>(&self) -> T {
        T::default()
    }
}

#[derive(MigrationContract)]
#[contract(implements(optional(Send)))]
struct OptionalTrait;

fn main() {}

#[derive(MigrationContract)]
#[contract(requires(get::<_>, put::<'static, u8>))]
struct Inferred;

impl Inferred {
    fn get<T: Default>(&self) -> T {
        T::default()
    }

    fn put<'a, T>(&self, value: &'a T) {
        let _ = value;
    }
}
