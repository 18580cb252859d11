// `_` in a declared signature would accept any type: rejected where it is written.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn infer(&self) -> _, fn items(&self, limit: Option<_>) -> Vec<u8>))]
struct Store;

fn main() {}
