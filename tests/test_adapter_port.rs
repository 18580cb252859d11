//! A migration from a component called directly to an adapter that consumers reach
//! through a trait object (`Arc<dyn PaymentPort>` in the state), modelled as the
//! README's "Adapters behind a trait object" says: the consumer depends on the port,
//! the adapter declares `implements(..)` and the migration, and lists no consumers.

use std::sync::Arc;

use contracts_core::{contract_of, AppState, Contract, MigrationContract, Validator};

pub trait PaymentPort: Send + Sync {
    fn charge(&self, cents: u64) -> bool;
}

#[derive(MigrationContract)]
#[contract(name = "payment-gateway", risk = "critical", requires(fn charge(&self, cents: u64) -> bool))]
pub struct PaymentGateway;

impl PaymentGateway {
    pub fn charge(&self, cents: u64) -> bool {
        cents > 0
    }
}

#[derive(MigrationContract)]
#[contract(
    name = "payment-adapter",
    risk = "critical",
    implements(PaymentPort),
    replaces = PaymentGateway,
    phase = "migrating"
)]
pub struct PaymentAdapter;

impl PaymentPort for PaymentAdapter {
    fn charge(&self, cents: u64) -> bool {
        cents > 0
    }
}

/// Moved to the port.
#[derive(MigrationContract)]
#[contract(name = "order-service", risk = "high", depends_on(dyn PaymentPort))]
pub struct OrderService;

/// Still on the gateway.
#[derive(MigrationContract)]
#[contract(name = "refund-worker", depends_on(PaymentGateway))]
pub struct RefundWorker;

fn contracts() -> Vec<&'static Contract> {
    [
        contract_of::<PaymentGateway>(),
        contract_of::<PaymentAdapter>(),
        contract_of::<OrderService>(),
        contract_of::<RefundWorker>(),
    ]
    .into_iter()
    .map(Option::unwrap)
    .collect()
}

#[test]
fn consumers_of_the_port_are_satisfied_by_the_trait_object() {
    let mut state = AppState::new();
    state
        .insert_arc(Arc::new(PaymentAdapter) as Arc<dyn PaymentPort>)
        .insert(PaymentGateway)
        .insert(OrderService)
        .insert(RefundWorker);
    let report = Validator::new().validate_contracts(&contracts(), Some(&state));
    assert!(report.is_ok(), "{report}");
    // The one warning is the migration in progress, with the consumer still on the
    // gateway: the one on the port is not listed.
    let codes: Vec<&str> = report.warnings().iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["migration-in-progress"], "{report}");
    let text = report.to_string();
    assert!(text.contains("still on it: `refund-worker`"), "{text}");
    assert!(!text.contains("order-service"), "{text}");

    // Without the port in the state, the consumer on it is the one reported.
    let mut state = AppState::new();
    state
        .insert(PaymentGateway)
        .insert(OrderService)
        .insert(RefundWorker);
    let report = Validator::new().validate_contracts(&contracts(), Some(&state));
    let codes: Vec<&str> = report.violations().iter().map(|v| v.code()).collect();
    assert_eq!(codes, ["missing-component"], "{report}");
    assert!(report.to_string().contains("`dyn PaymentPort`"), "{report}");

    // The usual slip: `insert` of the `Arc<dyn PaymentPort>` stores the `Arc` under its
    // own type. The help says how to insert a trait object.
    let port: Arc<dyn PaymentPort> = Arc::new(PaymentAdapter);
    let mut state = AppState::new();
    state
        .insert(port)
        .insert(PaymentGateway)
        .insert(OrderService)
        .insert(RefundWorker);
    let report = Validator::new().validate_contracts(&contracts(), Some(&state));
    assert_eq!(report.violations().len(), 1, "{report}");
    assert!(
        report.violations()[0].help().starts_with(
            "insert it before serving requests: `insert_arc(port)`, `port` an `Arc<dyn PaymentPort>` (`insert(port)` stores the `Arc` itself, under another type; a `ComponentSource` of your own must answer `provides` for `TypeId::of::<dyn PaymentPort>()`)"
        ),
        "{report}"
    );
}

#[test]
fn the_plan_and_the_compliance_report_know_the_port() {
    use contracts_core::analysis::{ComplianceReport, MigrationPlan};
    use contracts_core::graph::ContractGraph;

    let contracts = contracts();
    let graph = ContractGraph::new(&contracts);
    // The plan offers the port to the consumer still on the gateway: following
    // `depends_on(PaymentAdapter)` alone would fail at startup, where the state holds
    // the adapter as `Arc<dyn PaymentPort>`.
    let plan = MigrationPlan::new(&graph, graph.find("payment-gateway").unwrap()).unwrap();
    let text = plan.to_markdown();
    assert!(
        text.contains(
            "change its contract from `depends_on(PaymentGateway)` to `depends_on(PaymentAdapter)`, \
             or to `depends_on(dyn PaymentPort)` if it reaches `payment-adapter` through that trait object"
        ),
        "{text}"
    );
    // `order-service`, on the port, has moved; `refund-worker` has not.
    assert_eq!(
        (plan.consumers_to_move, plan.consumers_moved),
        (1, 1),
        "{text}"
    );

    let validation = Validator::new().validate_contracts(&contracts, None);
    let report = ComplianceReport::new(&graph, &validation);
    let migration = &report.migrations[0];
    let names = |list: &[contracts_core::analysis::ConsumerOnType]| {
        list.iter().map(|c| c.name).collect::<Vec<_>>()
    };
    assert_eq!(names(&migration.consumers_moved), ["order-service"]);
    assert_eq!(names(&migration.consumers_on_legacy), ["refund-worker"]);
}

/// Makes the legacy journals, one per request.
#[derive(MigrationContract)]
#[contract(name = "journal-factory")]
pub struct JournalFactory;

#[derive(MigrationContract)]
#[contract(name = "legacy-journal", factory = JournalFactory)]
pub struct LegacyJournal;

/// An adapter over the legacy journal, which it gets from the factory held in a field.
#[derive(MigrationContract)]
#[contract(name = "journal-adapter", replaces = LegacyJournal, phase = "migrating")]
pub struct JournalAdapter {
    #[contract(dependency)]
    #[allow(dead_code)] // only its contract takes part
    journals: Arc<JournalFactory>,
}

#[test]
fn an_adapter_holding_the_legacys_factory_in_a_field_is_told_to_remove_that_field() {
    use contracts_core::analysis::MigrationPlan;
    use contracts_core::graph::ContractGraph;

    let contracts: Vec<&'static Contract> = [
        contract_of::<JournalFactory>(),
        contract_of::<LegacyJournal>(),
        contract_of::<JournalAdapter>(),
    ]
    .into_iter()
    .map(Option::unwrap)
    .collect();
    let graph = ContractGraph::new(&contracts);
    let plan = MigrationPlan::new(&graph, graph.find("legacy-journal").unwrap()).unwrap();
    let text = plan.to_markdown();
    // No `depends_on(..)` to edit: the field is what names the factory.
    assert!(
        text.contains(
            "implement in `journal-adapter` what it delegates to `legacy-journal` (it gets one \
             per request from `journal-factory`), then remove its `#[contract(dependency)]` \
             field of `JournalFactory`"
        ),
        "{text}"
    );
    assert!(!text.contains("its `depends_on(..)`"), "{text}");
}

#[test]
fn the_graph_counts_the_ports_users_as_the_adapters() {
    use contracts_core::graph::{ContractGraph, Effect, Reach};
    let graph = ContractGraph::new(&contracts());
    let adapter = graph.find("payment-adapter").unwrap();
    let name = |id| graph.node(id).name();

    // `order-service` depends on `dyn PaymentPort`, which the adapter implements.
    let consumers: Vec<_> = graph
        .consumers_of(adapter, Reach::Direct)
        .iter()
        .map(|r| {
            let via = graph.edge(r.edges()[0]).to();
            (name(r.node()), name(via))
        })
        .collect();
    assert_eq!(consumers, [("order-service", "dyn PaymentPort")]);

    let impact = graph.impact_of(adapter);
    let broken: Vec<_> = impact
        .entries()
        .iter()
        .map(|e| (name(e.node()), e.effect()))
        .collect();
    assert_eq!(broken, [("order-service", Effect::Breaks)]);
    let hops = impact.last_hops_to(graph.find("order-service").unwrap(), 6);
    assert_eq!(hops.len(), 1);
    assert_eq!(name(hops[0].to()), "payment-adapter");
    assert_eq!(name(graph.edge(hops[0].edge()).to()), "dyn PaymentPort");

    // The gateway implements no port: its only user is the one still on it.
    let gateway = graph.find("payment-gateway").unwrap();
    let on_gateway: Vec<_> = graph
        .consumers_of(gateway, Reach::Direct)
        .iter()
        .map(|r| name(r.node()))
        .collect();
    assert_eq!(on_gateway, ["refund-worker"]);
}

#[test]
fn a_port_counts_for_risk_and_stays_with_the_replacement() {
    use contracts_core::graph::{ContractGraph, Reach};
    use contracts_core::{ContractBuilder, Phase, Risk};
    // Both sides implement the port; a critical contract and an unrelated logger reach
    // trait objects; one contract is still on the legacy type itself.
    let legacy = ContractBuilder::new(1, "legacy-pay")
        .implements("payments::PaymentPort")
        .build();
    let adapter = ContractBuilder::new(2, "new-pay")
        .implements("payments::PaymentPort")
        .implements("cqrs::Write")
        .replaces(1, "LegacyPay", Phase::Migrating)
        .build();
    let checkout = ContractBuilder::new(3, "checkout")
        .risk(Risk::Critical)
        .depends_on(10, "dyn PaymentPort")
        .build();
    let logger = ContractBuilder::new(4, "logger")
        .depends_on(11, "dyn std::io::Write + Send")
        .build();
    let reports = ContractBuilder::new(5, "reports")
        .depends_on(1, "LegacyPay")
        .build();
    let graph = ContractGraph::new(&[legacy, adapter, checkout, logger, reports]);
    let node = |name| graph.find(name).unwrap();
    let users = |name| -> Vec<&str> {
        graph
            .consumers_of(node(name), Reach::Direct)
            .iter()
            .map(|r| graph.node(r.node()).name())
            .collect()
    };
    // The port's user is the replacement's, not the legacy's; the standard `Write`
    // is not the user's own `cqrs::Write`.
    assert_eq!(users("new-pay"), ["checkout"]);
    assert_eq!(users("legacy-pay"), ["reports"]);
    // A critical contract reaching the adapter through its port makes it high, as a
    // direct dependency would.
    assert_eq!(graph.node(node("new-pay")).effective_risk(), Risk::High);
    assert_eq!(graph.node(node("legacy-pay")).effective_risk(), Risk::Low);
}

#[test]
fn the_adapters_neighbourhood_shows_the_port_its_users_reach_it_through() {
    use contracts_core::graph::ContractGraph;
    let graph = ContractGraph::new(&contracts());
    let view = graph.neighbourhood(graph.find("payment-adapter").unwrap(), Some(1));
    let dot = view.to_dot();
    // The consumer's edge is drawn, into the trait object (without it, the consumer
    // stood alone in the picture).
    assert!(
        dot.contains("n0 [label=\"order-service")
            && dot.contains("n4 [label=\"dyn PaymentPort")
            && dot.contains("n0 -> n4 [label=\"depends_on\"]"),
        "{dot}"
    );
}
