// A key given twice, once in a `#[contract(..)]` a macro writes and once in an
// attribute passed to it as `$m:meta`: the error is on the second, in source order.
use contracts_core::MigrationContract;

macro_rules! component {
    ($m:meta) => {
        #[derive(MigrationContract)]
        #[contract(name = "first")]
        #[$m]
        pub struct Pool;
    };
}

component!(contract(name = "second"));

fn main() {}
