use contracts_core::MigrationContract;

struct Engine;

#[derive(MigrationContract)]
#[contract(requires(notify), consumers(Engine = notify))]
struct Bridge;

impl Bridge {
    fn notify(&self) {}
}

fn main() {}
