// A wrong output type that comes from a `macro_rules!` fragment is reported on the
// caller's tokens, where it is written, not on the `$output` of the macro's body.
use contracts_core::MigrationContract;

macro_rules! component {
    ($name:ident, $output:ty) => {
        #[derive(MigrationContract)]
        #[contract(requires(fn label(&self, key: &str) -> $output))]
        pub struct $name;

        impl $name {
            fn label(&self, key: &str) -> &str {
                let _ = key;
                "label"
            }
        }
    };
}

component!(Labels, &String);

fn main() {}
