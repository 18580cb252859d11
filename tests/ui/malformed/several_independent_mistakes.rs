use contracts_core::MigrationContract;

// Three unrelated mistakes: all three are reported in one build.
#[derive(MigrationContract)]
#[contract(risk = "severe", colour = "blue")]
#[contract(phase = "later")]
struct Repository;

fn main() {}
