//! The chat service's components and their migration contracts.
//!
//! The bridge that delivers agent events used to be one singleton for every user; it is
//! now made per user by `BridgeFactory` (the migration is declared complete). The
//! supervisor factory, the execution engine and the websocket handler all reach the
//! bridge through the factory, so a state without the factory is the seed's outage.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use contracts_core::MigrationContract;
use serde::Serialize;
use tokio::sync::mpsc;

/// The five events that drive the chat UI, in the order a run sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentEventKind {
    AgentStarted,
    AgentThinking,
    ToolExecuting,
    ToolCompleted,
    AgentCompleted,
}

/// One event frame as the client receives it.
#[derive(Clone, Debug, Serialize)]
pub struct AgentEvent {
    #[serde(rename = "type")]
    pub kind: AgentEventKind,
    pub run_id: u64,
    pub thread_id: String,
    pub user: String,
    pub detail: String,
}

#[derive(Debug)]
pub enum BridgeError {
    /// The user has no open connection: the event could not be delivered.
    NotConnected(String),
    /// An event for another user reached this user's bridge; it is refused.
    WrongUser { bridge: String, event: String },
}

impl fmt::Display for BridgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BridgeError::NotConnected(user) => write!(f, "user `{user}` has no open connection"),
            BridgeError::WrongUser { bridge, event } => {
                write!(f, "an event for `{event}` reached the bridge of `{bridge}`")
            }
        }
    }
}

type ConnectionId = u64;

struct Connection {
    user: String,
    outbox: mpsc::UnboundedSender<String>,
}

/// Owns every open websocket connection and which user it belongs to.
#[derive(MigrationContract, Default)]
#[contract(
    name = "websocket-manager",
    risk = "high",
    business_value = "holds every user's live connection",
    requires(
        fn connect(&self, user: &str) -> (u64, mpsc::UnboundedReceiver<String>),
        fn disconnect(&self, connection: u64),
        fn send_to_user(&self, user: &str, frame: String) -> usize,
    ),
    required
)]
pub struct WebSocketManager {
    next_id: AtomicU64,
    connections: Mutex<HashMap<ConnectionId, Connection>>,
}

impl WebSocketManager {
    /// Registers a connection for `user`; frames for the user arrive on the receiver.
    pub fn connect(&self, user: &str) -> (ConnectionId, mpsc::UnboundedReceiver<String>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (outbox, inbox) = mpsc::unbounded_channel();
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                id,
                Connection {
                    user: user.to_owned(),
                    outbox,
                },
            );
        (id, inbox)
    }

    pub fn disconnect(&self, connection: ConnectionId) {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&connection);
    }

    /// Sends `frame` to every open connection of `user`; returns how many received it.
    pub fn send_to_user(&self, user: &str, frame: String) -> usize {
        let connections = self
            .connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        connections
            .values()
            .filter(|connection| connection.user == user)
            .filter(|connection| connection.outbox.send(frame.clone()).is_ok())
            .count()
    }

    pub fn connection_count(&self) -> usize {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// The legacy singleton bridge, gone from the code; kept as a type so the completed
/// migration can name what it replaced.
pub struct SingletonBridge;

/// Delivers one user's agent events to that user's connections only.
#[derive(MigrationContract)]
#[contract(
    name = "agent-websocket-bridge",
    risk = "critical",
    business_value = "delivers the five agent events that drive chat (90% of the product's value)",
    requires(fn notify(&self, event: &AgentEvent) -> Result<usize, BridgeError>, user),
    implements(Send, Sync),
    consumers(SupervisorFactory = [notify]),
    replaces = SingletonBridge,
    phase = "complete",
    factory = BridgeFactory
)]
pub struct AgentWebSocketBridge {
    user: String,
    #[contract(dependency)]
    manager: Arc<WebSocketManager>,
}

impl AgentWebSocketBridge {
    /// Sends `event` to this bridge's user; an event for another user is refused.
    pub fn notify(&self, event: &AgentEvent) -> Result<usize, BridgeError> {
        if event.user != self.user {
            return Err(BridgeError::WrongUser {
                bridge: self.user.clone(),
                event: event.user.clone(),
            });
        }
        let frame = serde_json::to_string(event).unwrap_or_default();
        match self.manager.send_to_user(&self.user, frame) {
            0 => Err(BridgeError::NotConnected(self.user.clone())),
            delivered => Ok(delivered),
        }
    }

    pub fn user(&self) -> &str {
        &self.user
    }
}

/// Makes a bridge per user: the factory that replaced the singleton.
#[derive(MigrationContract)]
#[contract(
    name = "bridge-factory",
    risk = "critical",
    requires(fn create_bridge(&self, user: &str) -> AgentWebSocketBridge),
    consumers(SupervisorFactory = [create_bridge]),
    check = Self::self_test
)]
pub struct BridgeFactory {
    #[contract(dependency)]
    manager: Arc<WebSocketManager>,
}

impl BridgeFactory {
    pub fn new(manager: Arc<WebSocketManager>) -> Self {
        BridgeFactory { manager }
    }

    pub fn create_bridge(&self, user: &str) -> AgentWebSocketBridge {
        AgentWebSocketBridge {
            user: user.to_owned(),
            manager: Arc::clone(&self.manager),
        }
    }

    fn self_test(&self) -> Result<(), String> {
        let bridge = self.create_bridge("contract-self-test");
        if bridge.user() != "contract-self-test" {
            return Err("bridges are not bound to their user".to_owned());
        }
        Ok(())
    }
}

/// Runs the tools an agent asks for.
#[derive(MigrationContract, Default)]
#[contract(
    name = "tool-dispatcher",
    risk = "medium",
    requires(async fn dispatch(&self, tool: &str, input: &str) -> String)
)]
pub struct ToolDispatcher;

impl ToolDispatcher {
    pub async fn dispatch(&self, tool: &str, input: &str) -> String {
        tokio::time::sleep(Duration::from_millis(2)).await;
        match tool {
            "reverse" => input.chars().rev().collect(),
            _ => input.to_uppercase(),
        }
    }
}

/// Which user owns which conversation thread, and how many runs each had.
#[derive(MigrationContract, Default)]
#[contract(
    name = "thread-registry",
    risk = "medium",
    requires(fn record_run(&self, user: &str, thread_id: &str) -> u64)
)]
pub struct ThreadRegistry {
    next_run: AtomicU64,
    threads: Mutex<HashMap<String, String>>,
}

impl ThreadRegistry {
    /// Records a run of `thread_id` by `user` and returns its run id.
    pub fn record_run(&self, user: &str, thread_id: &str) -> u64 {
        self.threads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(thread_id.to_owned())
            .or_insert_with(|| user.to_owned());
        self.next_run.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Executes an agent run, sending the five events through the user's bridge.
#[derive(MigrationContract)]
#[contract(
    name = "execution-engine",
    risk = "critical",
    requires(async fn execute(&self, bridge: &AgentWebSocketBridge, run: Run) -> Result<(), BridgeError>),
    consumers(SupervisorFactory = [execute])
)]
pub struct ExecutionEngine {
    #[contract(dependency)]
    tools: Arc<ToolDispatcher>,
}

/// One agent run.
#[derive(Clone, Debug)]
pub struct Run {
    pub run_id: u64,
    pub thread_id: String,
    pub message: String,
}

impl ExecutionEngine {
    pub fn new(tools: Arc<ToolDispatcher>) -> Self {
        ExecutionEngine { tools }
    }

    pub async fn execute(
        &self,
        bridge: &AgentWebSocketBridge,
        run: Run,
    ) -> Result<(), BridgeError> {
        let event = |kind, detail: String| AgentEvent {
            kind,
            run_id: run.run_id,
            thread_id: run.thread_id.clone(),
            user: bridge.user().to_owned(),
            detail,
        };
        bridge.notify(&event(AgentEventKind::AgentStarted, run.message.clone()))?;
        tokio::time::sleep(Duration::from_millis(2)).await;
        bridge.notify(&event(
            AgentEventKind::AgentThinking,
            "choosing a tool".to_owned(),
        ))?;
        bridge.notify(&event(AgentEventKind::ToolExecuting, "reverse".to_owned()))?;
        let output = self.tools.dispatch("reverse", &run.message).await;
        bridge.notify(&event(AgentEventKind::ToolCompleted, output.clone()))?;
        bridge.notify(&event(AgentEventKind::AgentCompleted, output))?;
        Ok(())
    }
}

/// Starts a supervised run for a user: a bridge from the factory, the engine, the registry.
#[derive(MigrationContract)]
#[contract(
    name = "supervisor-factory",
    risk = "critical",
    depends_on(BridgeFactory, ExecutionEngine, ThreadRegistry)
)]
pub struct SupervisorFactory;

impl SupervisorFactory {
    /// Runs an agent for `user` on `thread_id`; events reach that user's connections only.
    pub async fn run(
        &self,
        state: &crate::ChatState,
        user: &str,
        thread_id: &str,
        message: &str,
    ) -> Result<(), String> {
        let factory = state
            .bridge_factory
            .as_ref()
            .ok_or("no bridge factory in the state")?;
        let bridge = factory.create_bridge(user);
        let run = Run {
            run_id: state.threads.record_run(user, thread_id),
            thread_id: thread_id.to_owned(),
            message: message.to_owned(),
        };
        state
            .engine
            .execute(&bridge, run)
            .await
            .map_err(|error| error.to_string())
    }
}
