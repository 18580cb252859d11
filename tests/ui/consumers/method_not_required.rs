use contracts_core::MigrationContract;

struct SupervisorFactory;

#[derive(MigrationContract)]
#[contract(
    requires(fn notify(&self)),
    consumers(SupervisorFactory = [notify, flush])
)]
struct Bridge;

impl Bridge {
    fn notify(&self) {}
}

fn main() {}
