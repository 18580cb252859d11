// Every attribute key of the derive on one struct.
use std::fmt;
use std::sync::Arc;

use contracts_core::{contract_of, DependencySource, MigrationContract, Phase, Risk};

#[derive(Debug)]
pub struct BridgeError;

impl fmt::Display for BridgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bridge error")
    }
}

pub trait EventSink {}
pub struct WebSocketManager;
pub struct MetricsSink;
pub struct LegacyBridge;
pub struct BridgeFactory;
pub struct SupervisorFactory;
pub struct ExecutionEngine;
pub struct Clock;

#[derive(MigrationContract)]
#[contract(
    name = "agent-websocket-bridge",
    risk = "critical",
    business_value = "delivers the five agent events that drive chat",
    requires(
        fn notify_agent_started(&self, run_id: &str) -> Result<(), BridgeError>,
        async fn flush(&self) -> usize,
        fn get<'a>(&'a self, key: &'a str) -> Option<&'a str>,
        fn reset(&mut self),
        fn into_parts(self) -> (u8, u8),
        fn from_parts(parts: (u8, u8)) -> Self,
        shutdown,
    ),
    implements(Send, Sync, EventSink),
    depends_on(WebSocketManager, dyn EventSink, optional(MetricsSink)),
    consumers(SupervisorFactory = [notify_agent_started, flush], ExecutionEngine),
)]
#[contract(replaces = LegacyBridge, phase = "parallel", factory = BridgeFactory)]
#[contract(required, check = Self::self_test)]
pub struct AgentWebSocketBridge {
    #[contract(dependency)]
    ws: Arc<WebSocketManager>,
    #[contract(dependency)]
    clock: Option<Box<Clock>>,
    #[allow(dead_code)]
    not_a_dependency: u8,
}

impl EventSink for AgentWebSocketBridge {}

impl AgentWebSocketBridge {
    pub fn notify_agent_started(&self, _run_id: &str) -> Result<(), BridgeError> {
        Ok(())
    }
    pub async fn flush(&self) -> usize {
        0
    }
    pub fn get<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        Some(key)
    }
    pub fn reset(&mut self) {}
    pub fn into_parts(self) -> (u8, u8) {
        (0, 0)
    }
    pub fn from_parts(_parts: (u8, u8)) -> Self {
        AgentWebSocketBridge {
            ws: Arc::new(WebSocketManager),
            clock: None,
            not_a_dependency: 0,
        }
    }
    pub fn shutdown(&self) {}
    fn self_test(&self) -> Result<(), BridgeError> {
        let _ = (&self.ws, &self.clock);
        Ok(())
    }
}

fn main() {
    let contract = contract_of::<AgentWebSocketBridge>().expect("registered");
    assert_eq!(contract.name(), "agent-websocket-bridge");
    assert_eq!(contract.risk(), Risk::Critical);
    assert_eq!(contract.phase(), Some(Phase::Parallel));
    assert_eq!(contract.required_methods().len(), 7);
    // `ws` repeats `depends_on(WebSocketManager)`, as in DESIGN.md: recorded once.
    let named: Vec<&str> = contract.dependencies().iter().map(|d| d.ty().name()).collect();
    assert_eq!(named, ["WebSocketManager", "dyn EventSink", "MetricsSink", "Clock"]);
    assert_eq!(contract.dependencies()[0].source(), DependencySource::DependsOn);
    assert_eq!(contract.dependencies()[3].source(), DependencySource::Field);
    assert!(contract.dependencies()[3].is_optional());
    assert!(contract.is_required() && contract.has_check());
}
