use contracts_core::MigrationContract;

trait EventSink {}

#[derive(MigrationContract)]
#[contract(implements(Send, EventSink))]
struct Bridge;

fn main() {}
