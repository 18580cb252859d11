use contracts_core::MigrationContract;

struct Engine;

#[derive(MigrationContract)]
#[contract(requires(notify), consumers(Engine = notify))]
struct Bridge;

impl Bridge {
    fn notify(&self) {}
}

fn main() {}

// `:` where `=` goes, as in a struct literal.
#[derive(MigrationContract)]
#[contract(requires(notify), consumers(Engine: [notify], Supervisor = [notify]))]
struct Relay;

impl Relay {
    fn notify(&self) {}
}

struct Supervisor;
