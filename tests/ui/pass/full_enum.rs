// Every attribute key of the derive on an enum, with dependencies on variant fields.
use std::sync::Arc;

use contracts_core::{contract_of, MigrationContract, Phase, Risk};

pub trait Transport {}
pub struct WebSocketManager;
pub struct PollingQueue;
pub struct LegacyTransport;
pub struct TransportFactory;
pub struct ChatHandler;

#[derive(MigrationContract)]
#[contract(
    name = "chat-transport",
    risk = "high",
    business_value = "carries chat to the browser",
    requires(fn send(&self, message: &str) -> bool, async fn close(self), kind),
    implements(Send, Sync, Transport),
    depends_on(optional(dyn Transport)),
    consumers(ChatHandler = [send, close]),
    replaces = LegacyTransport,
    phase = "complete",
    factory = TransportFactory,
    required,
    check = ChatTransport::healthy
)]
pub enum ChatTransport {
    WebSocket(#[contract(dependency)] Arc<WebSocketManager>),
    Polling {
        #[contract(dependency)]
        queue: Option<Arc<PollingQueue>>,
    },
}

impl Transport for ChatTransport {}

impl ChatTransport {
    pub fn send(&self, message: &str) -> bool {
        !message.is_empty()
    }
    pub async fn close(self) {}
    pub fn kind(&self) -> &'static str {
        match self {
            ChatTransport::WebSocket(_) => "websocket",
            ChatTransport::Polling { .. } => "polling",
        }
    }
    pub fn healthy(&self) -> Result<(), &'static str> {
        Ok(())
    }
}

fn main() {
    let contract = contract_of::<ChatTransport>().expect("registered");
    assert_eq!(contract.name(), "chat-transport");
    assert_eq!(contract.risk(), Risk::High);
    assert_eq!(contract.phase(), Some(Phase::Complete));
    let dependencies: Vec<_> = contract
        .dependencies()
        .iter()
        .map(|d| (d.ty().name(), d.is_optional()))
        .collect();
    // Each field is in one variant only: the live value may be the other one.
    assert_eq!(
        dependencies,
        [("dyn Transport", true), ("WebSocketManager", true), ("PollingQueue", true)]
    );
    assert_eq!(contract.consumers()[0].methods(), ["send", "close"]);
}
