// Types a call would coerce are still other types: `requires(..)` declares exactly
// what the method takes and returns. One error per signature, on the declared type.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn label(&self) -> &str,
    fn lookup(&self, key: &String) -> bool,
    fn reset(&mut self),
))]
struct Registry {
    label: String,
}

impl Registry {
    fn label(&self) -> &String {
        &self.label
    }
    fn lookup(&self, key: &str) -> bool {
        self.label == key
    }
    fn reset(&self) {}
}

fn main() {}
