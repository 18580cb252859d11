// Mistakes inside `optional(..)` and a consumer's method list: one error each, saying
// what to write, without "unexpected token" after it.
use contracts_core::MigrationContract;

pub struct A;
pub struct B;
pub struct Engine;

#[derive(MigrationContract)]
#[contract(
    requires(get),
    depends_on(optional(A, B), optional(optional(A))),
    consumers(Engine = ["get"])
)]
struct Store;

fn main() {}
