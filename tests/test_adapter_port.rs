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
}
