//! The components of the chat service's websocket bridge migration: the examples'
//! library (`bridge-examples`), also included by the `contracts` binary and some tests.
//!
//! A singleton `AgentWebSocketBridge` is being replaced by a per-user
//! `UserWebSocketBridge` made by a `BridgeFactory`. The execution engine has moved; the
//! supervisor factory, a consumer nobody listed, still takes the singleton.

#![allow(dead_code)]

use std::fmt;
use std::sync::Arc;

use contracts_core::MigrationContract;

/// The five events that drive the chat UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentEvent {
    Started,
    Thinking,
    ToolExecuting,
    ToolCompleted,
    Completed,
}

#[derive(Debug)]
pub struct BridgeError(String);

impl fmt::Display for BridgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where events go; both bridges implement it.
pub trait EventSink: Send + Sync {
    fn send(&self, user: &str, event: AgentEvent) -> Result<(), BridgeError>;
}

/// Owns the websocket connections.
#[derive(MigrationContract, Default)]
#[contract(
    name = "websocket-manager",
    risk = "high",
    business_value = "holds every user's live connection",
    requires(fn connection_count(&self) -> usize),
    required
)]
pub struct WebSocketManager {
    connections: usize,
}

impl WebSocketManager {
    pub fn connection_count(&self) -> usize {
        self.connections
    }
}

/// The legacy singleton: one bridge for every user.
#[derive(MigrationContract)]
#[contract(
    name = "agent-websocket-bridge",
    risk = "critical",
    business_value = "delivers the five agent events that drive chat (legacy singleton)",
    requires(fn notify(&self, user: &str, event: AgentEvent) -> Result<(), BridgeError>),
    implements(EventSink)
)]
pub struct AgentWebSocketBridge {
    #[contract(dependency)]
    pub manager: Arc<WebSocketManager>,
}

impl AgentWebSocketBridge {
    pub fn notify(&self, user: &str, event: AgentEvent) -> Result<(), BridgeError> {
        self.send(user, event)
    }
}

impl EventSink for AgentWebSocketBridge {
    fn send(&self, _user: &str, _event: AgentEvent) -> Result<(), BridgeError> {
        let _ = self.manager.connection_count();
        Ok(())
    }
}

/// The replacement: one bridge per user, made by `BridgeFactory`.
#[derive(MigrationContract)]
#[contract(
    name = "user-websocket-bridge",
    risk = "critical",
    business_value = "delivers the five agent events to exactly one user",
    requires(
        fn notify(&self, event: AgentEvent) -> Result<(), BridgeError>,
        async fn flush(&self) -> usize,
        user,
    ),
    implements(Send, Sync, EventSink),
    consumers(ExecutionEngine = [notify, flush]),
    replaces = AgentWebSocketBridge,
    phase = "migrating",
    factory = BridgeFactory
)]
pub struct UserWebSocketBridge {
    user: String,
    #[contract(dependency)]
    pub manager: Arc<WebSocketManager>,
}

impl UserWebSocketBridge {
    pub fn notify(&self, event: AgentEvent) -> Result<(), BridgeError> {
        self.send(&self.user, event)
    }

    pub async fn flush(&self) -> usize {
        0
    }

    pub fn user(&self) -> &str {
        &self.user
    }
}

impl EventSink for UserWebSocketBridge {
    fn send(&self, user: &str, _event: AgentEvent) -> Result<(), BridgeError> {
        if user != self.user {
            return Err(BridgeError(format!(
                "event for {user} on {}'s bridge",
                self.user
            )));
        }
        let _ = self.manager.connection_count();
        Ok(())
    }
}

/// Makes a bridge per user.
#[derive(MigrationContract)]
#[contract(
    name = "bridge-factory",
    risk = "high",
    requires(fn create(&self, user: &str) -> UserWebSocketBridge),
    consumers(ExecutionEngine = [create]),
    check = Self::self_test
)]
pub struct BridgeFactory {
    #[contract(dependency)]
    pub manager: Arc<WebSocketManager>,
    max_users: usize,
}

impl BridgeFactory {
    pub fn create(&self, user: &str) -> UserWebSocketBridge {
        UserWebSocketBridge {
            user: user.to_owned(),
            manager: Arc::clone(&self.manager),
        }
    }

    fn self_test(&self) -> Result<(), String> {
        if self.max_users == 0 {
            return Err("max_users is 0: no user could ever get a bridge".to_owned());
        }
        Ok(())
    }
}

/// Runs agents; already moved to the per-user bridge.
#[derive(MigrationContract)]
#[contract(
    name = "execution-engine",
    risk = "critical",
    depends_on(BridgeFactory)
)]
pub struct ExecutionEngine {
    factory: Arc<BridgeFactory>,
}

impl ExecutionEngine {
    pub fn run(&self, user: &str) -> Result<(), BridgeError> {
        let bridge = self.factory.create(user);
        for event in [
            AgentEvent::Started,
            AgentEvent::Thinking,
            AgentEvent::ToolExecuting,
            AgentEvent::ToolCompleted,
            AgentEvent::Completed,
        ] {
            bridge.notify(event)?;
        }
        Ok(())
    }
}

/// Builds supervisors. Nobody listed it as a consumer of the bridge, and it still
/// takes the legacy singleton from the state.
#[derive(MigrationContract)]
#[contract(
    name = "supervisor-factory",
    risk = "high",
    depends_on(AgentWebSocketBridge)
)]
pub struct SupervisorFactory;

/// The state after the partial migration: the factory is configured, the singleton is gone.
pub fn partially_migrated_state() -> contracts_core::AppState {
    let manager = Arc::new(WebSocketManager { connections: 0 });
    let factory = Arc::new(BridgeFactory {
        manager: Arc::clone(&manager),
        max_users: 1_000,
    });
    let mut state = contracts_core::AppState::new();
    state
        .insert_arc(Arc::clone(&manager))
        .insert_arc(Arc::clone(&factory))
        .insert(ExecutionEngine { factory })
        .insert(SupervisorFactory);
    state
}
