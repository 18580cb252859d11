// A declared `&str` promises to take a borrow of any lifetime: a method that needs
// `&'static str` (or another longer-lived argument) does not have that signature,
// though a call with a literal would compile. Also for `async fn`.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(
    fn log(&self, line: &str),
    fn tag(&self, tag: Option<&str>) -> usize,
    async fn send(&self, to: &str) -> bool,
))]
struct Bridge;

impl Bridge {
    fn log(&self, line: &'static str) {
        let _ = line;
    }

    fn tag(&self, tag: Option<&'static str>) -> usize {
        tag.map_or(0, str::len)
    }

    async fn send(&self, to: &'static str) -> bool {
        !to.is_empty()
    }
}

fn main() {}
