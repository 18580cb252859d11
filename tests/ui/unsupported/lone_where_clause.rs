// A where clause alone makes a type generic-looking to the derive: the error shows the
// clause, not the derive.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
struct Pool
where
    u8: Copy;

fn main() {}
