use contracts_core::MigrationContract;

struct LegacyRepository;

#[derive(MigrationContract)]
#[contract(replaces = LegacyRepository, phase = "done")]
struct Repository;

fn main() {}
