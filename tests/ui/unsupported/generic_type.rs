use contracts_core::MigrationContract;

#[derive(MigrationContract)]
struct Pool<T> {
    items: Vec<T>,
}

fn main() {}
