use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn notify(&self, run_id: &str) -> bool))]
struct Bridge;

impl Bridge {
    fn notify(&self, run_id: u64) -> bool {
        run_id > 0
    }
}

fn main() {}
