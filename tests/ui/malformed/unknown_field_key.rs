use std::sync::Arc;

use contracts_core::MigrationContract;

struct Pool;

#[derive(MigrationContract)]
struct Repository {
    #[contract(dependancy)]
    pool: Arc<Pool>,
}

fn main() {}
