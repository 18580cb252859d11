use contracts_core::MigrationContract;

struct Engine;

// The broken signature is reported once; `Engine = [notify]` adds no follow-on error.
#[derive(MigrationContract)]
#[contract(requires(fn notify(&self, event) -> bool), consumers(Engine = [notify]))]
struct Bridge;

fn main() {}
