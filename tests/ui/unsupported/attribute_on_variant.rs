use contracts_core::MigrationContract;

#[derive(MigrationContract)]
enum Transport {
    #[contract(risk = "high")]
    WebSocket,
    Polling,
}

fn main() {}
