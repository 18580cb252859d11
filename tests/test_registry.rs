//! The registry: `contracts()`, `contract_of`, `consumers_of` (declared and inferred),
//! and every field of a descriptor, including contracts declared in a linked crate.

use std::sync::Arc;

use contracts_core::{
    consumers_of, contract_of, contracts, DependencySource, MigrationContract, Phase, Risk,
};
use linked_components::{LedgerPool, PaymentGateway};

pub trait EventSink {}
pub struct Metrics;
pub struct LegacyBridge;
pub struct BridgeFactory;
pub struct Unannotated;

#[derive(Debug)]
pub struct BridgeError;
impl std::fmt::Display for BridgeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bridge error")
    }
}

#[derive(MigrationContract)]
#[contract(
    name = "agent-websocket-bridge",
    risk = "critical",
    business_value = "delivers the five agent events",
    requires(
        fn notify_agent_started(&self, run_id: &str) -> Result<(), BridgeError>,
        async fn flush(&self) -> usize,
        shutdown,
    ),
    implements(Send, Sync),
    depends_on(LedgerPool, dyn EventSink, optional(Metrics)),
    consumers(Supervisor = [notify_agent_started, flush], Engine),
    replaces = LegacyBridge,
    phase = "migrating",
    factory = BridgeFactory,
    required,
    check = Self::self_test
)]
pub struct AgentWebSocketBridge {
    #[contract(dependency)]
    gateway: Arc<PaymentGateway>,
}

impl AgentWebSocketBridge {
    pub fn notify_agent_started(&self, _run_id: &str) -> Result<(), BridgeError> {
        Ok(())
    }
    pub async fn flush(&self) -> usize {
        self.gateway.pool_size()
    }
    pub fn shutdown(&self) {}
    fn self_test(&self) -> Result<(), BridgeError> {
        Ok(())
    }
}

#[derive(MigrationContract)]
pub struct Supervisor;

#[derive(MigrationContract)]
#[contract(depends_on(AgentWebSocketBridge))]
pub struct Engine;

#[test]
fn every_attribute_lands_in_the_descriptor() {
    let c = contract_of::<AgentWebSocketBridge>().expect("registered");
    assert_eq!(c.name(), "agent-websocket-bridge");
    assert_eq!(c.type_name(), "test_registry::AgentWebSocketBridge");
    assert_eq!(c.module_path(), "test_registry");
    assert_eq!(c.file(), "tests/test_registry.rs");
    assert_eq!(c.line(), 44);
    assert_eq!(c.location(), "tests/test_registry.rs:44");
    assert_eq!(c.type_id(), std::any::TypeId::of::<AgentWebSocketBridge>());
    assert_eq!(c.risk(), Risk::Critical);
    assert_eq!(c.business_value(), Some("delivers the five agent events"));

    let methods: Vec<_> = c
        .required_methods()
        .iter()
        .map(|m| (m.name(), m.signature(), m.is_async()))
        .collect();
    assert_eq!(
        methods,
        [
            (
                "notify_agent_started",
                Some("fn notify_agent_started(&self, run_id: &str) -> Result<(), BridgeError>"),
                false
            ),
            ("flush", Some("async fn flush(&self) -> usize"), true),
            ("shutdown", None, false),
        ]
    );
    assert_eq!(c.traits(), ["Send", "Sync"]);

    let dependencies: Vec<_> = c
        .dependencies()
        .iter()
        .map(|d| (d.ty().name(), d.is_optional(), d.source()))
        .collect();
    assert_eq!(
        dependencies,
        [
            ("LedgerPool", false, DependencySource::DependsOn),
            ("dyn EventSink", false, DependencySource::DependsOn),
            ("Metrics", true, DependencySource::DependsOn),
            ("PaymentGateway", false, DependencySource::Field),
        ]
    );
    assert_eq!(
        c.dependencies()[1].ty().type_id(),
        Some(std::any::TypeId::of::<dyn EventSink>())
    );

    let consumers: Vec<_> = c
        .consumers()
        .iter()
        .map(|k| (k.ty().name(), k.methods()))
        .collect();
    assert_eq!(
        consumers,
        [
            ("Supervisor", &["notify_agent_started", "flush"][..]),
            ("Engine", &[][..])
        ]
    );
    assert_eq!(c.replaces().map(|t| t.name()), Some("LegacyBridge"));
    assert_eq!(c.phase(), Some(Phase::Migrating));
    assert_eq!(c.factory().map(|t| t.name()), Some("BridgeFactory"));
    assert!(c.is_required());
    assert!(c.has_check());
    assert_eq!(
        <AgentWebSocketBridge as MigrationContract>::contract().name(),
        c.name()
    );
}

#[test]
fn defaults_apply_when_keys_are_omitted() {
    let c = contract_of::<Supervisor>().unwrap();
    assert_eq!(c.name(), "Supervisor");
    assert_eq!(c.risk(), Risk::Low);
    assert_eq!(c.business_value(), None);
    assert!(c.required_methods().is_empty() && c.dependencies().is_empty());
    assert!(c.migration().is_none() && c.phase().is_none() && c.factory().is_none());
    assert!(!c.is_required() && !c.has_check());
}

#[test]
fn contracts_lists_this_binary_and_its_linked_crates_sorted_by_name() {
    let names: Vec<_> = contracts().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "Engine",
            "Supervisor",
            "agent-websocket-bridge",
            "ledger-pool",
            "payment-gateway"
        ]
    );
    assert!(contract_of::<LedgerPool>().is_some());
    assert!(contract_of::<Unannotated>().is_none());
    assert!(contract_of::<dyn EventSink>().is_none());
}

#[test]
fn consumers_of_merges_declared_and_inferred() {
    let names = |list: Vec<&'static contracts_core::Contract>| -> Vec<&str> {
        list.iter().map(|c| c.name()).collect()
    };
    // Supervisor is declared only; Engine is declared and depends on it (listed once).
    assert_eq!(
        names(consumers_of::<AgentWebSocketBridge>()),
        ["Engine", "Supervisor"]
    );
    // inferred from depends_on and from a dependency field, across crates
    assert_eq!(
        names(consumers_of::<LedgerPool>()),
        ["agent-websocket-bridge", "payment-gateway"]
    );
    assert_eq!(
        names(consumers_of::<PaymentGateway>()),
        ["agent-websocket-bridge"]
    );
    assert!(consumers_of::<Unannotated>().is_empty());
}

#[test]
fn descriptors_serialize_to_json() {
    let c = contract_of::<AgentWebSocketBridge>().unwrap();
    let json = serde_json::to_value(c).unwrap();
    assert_eq!(json["name"], "agent-websocket-bridge");
    assert_eq!(json["risk"], "critical");
    assert_eq!(
        json["requires"][1]["signature"],
        "async fn flush(&self) -> usize"
    );
    assert_eq!(json["depends_on"][2]["optional"], true);
    assert_eq!(json["migration"]["phase"], "migrating");
    assert_eq!(json["consumers"][0]["methods"][1], "flush");
}
