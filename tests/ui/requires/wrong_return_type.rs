use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn notify(&self, run_id: &str) -> Result<(), String>))]
struct Bridge;

impl Bridge {
    fn notify(&self, run_id: &str) -> bool {
        !run_id.is_empty()
    }
}

fn main() {}
