// Mistakes inside a signature's argument list, anywhere in it: one error each, saying
// what to write, and no "unexpected token" after it. The other items still parse.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn notify(&self, run_id, ok: bool) -> bool,
    fn fill(&self, mut buf: Vec<u8>),
    fn pair(&self, (a, b): (u8, u8)),
    fn fine(&self) -> u8,
))]
struct Bridge;

impl Bridge {
    fn fine(&self) -> u8 {
        0
    }
}

fn main() {}
