use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn reset(&self)))]
struct Registry;

impl Registry {
    fn reset(&mut self) {}
}

fn main() {}
