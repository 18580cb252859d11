use contracts_core::MigrationContract;

#[derive(MigrationContract)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
