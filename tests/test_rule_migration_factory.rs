//! A replaced component made per request by a factory: a contract that depends on the
//! factory gets the legacy from it, so it is still on the legacy type. The migration
//! rules, `consumers_of`, the graph's consumers and impact, and the plan all count it;
//! the state still provides the legacy while it provides the factory.

mod common;

use common::Provides;
use contracts_core::analysis::MigrationPlan;
use contracts_core::graph::{ContractGraph, Effect, Reach};
use contracts_core::{
    consumers_of, validate_all, AppState, ComponentId, ContractBuilder, MigrationContract, Phase,
    Validator, Violation, Warning,
};

#[derive(MigrationContract)]
#[contract(name = "per-tenant-hub", risk = "critical", factory = HubFactory)]
struct PerTenantHub;

#[derive(MigrationContract)]
#[contract(name = "hub-factory", risk = "high")]
struct HubFactory;

#[derive(MigrationContract)]
#[contract(name = "stream-hub", risk = "critical", replaces = PerTenantHub, phase = "complete")]
struct StreamHub;

#[derive(MigrationContract)]
#[contract(name = "order-service", depends_on(HubFactory))]
struct OrderService;

#[derive(MigrationContract)]
#[contract(name = "billing-service", depends_on(StreamHub))]
struct BillingService;

fn names(refs: &[contracts_core::ContractRef]) -> Vec<&'static str> {
    refs.iter().map(|c| c.name).collect()
}

#[test]
fn a_user_of_the_legacy_factory_keeps_a_complete_migration_incomplete() {
    let report = validate_all();
    let incomplete: Vec<_> = report
        .violations()
        .iter()
        .filter_map(|v| match v {
            Violation::IncompleteMigration {
                contract,
                consumers,
                ..
            } => Some((contract.name, names(consumers))),
            _ => None,
        })
        .collect();
    assert_eq!(
        incomplete,
        [("stream-hub", vec!["order-service"])],
        "{report}"
    );
    // `billing-service` moved; nothing else is reported.
    assert_eq!(report.violations().len(), 1, "{report}");
}

#[test]
fn consumers_of_a_product_include_the_users_of_its_factory() {
    let consumers: Vec<_> = consumers_of::<PerTenantHub>()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(consumers, ["order-service"]);
    // The factory's own users are unchanged, and a product is not its own consumer.
    let of_factory: Vec<_> = consumers_of::<HubFactory>()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(of_factory, ["order-service"]);
}

#[test]
fn the_state_providing_the_legacy_factory_still_provides_the_legacy() {
    let mut state = AppState::new();
    state
        .insert(HubFactory)
        .insert(StreamHub)
        .insert(OrderService)
        .insert(BillingService);
    let report = state.validate();
    let still: Vec<_> = report
        .violations()
        .iter()
        .filter_map(|v| match v {
            Violation::LegacyStillProvided {
                contract, factory, ..
            } => Some((contract.name, *factory)),
            _ => None,
        })
        .collect();
    assert_eq!(still, [("stream-hub", Some("HubFactory"))], "{report}");
    let text = report.to_string();
    assert!(
        text.contains("still provides the replaced `PerTenantHub` (contract `per-tenant-hub`")
            && text.contains(" through its factory `HubFactory`"),
        "{text}"
    );
    assert!(
        text.contains("remove `HubFactory` from the state (and its insertion at startup): it still makes `PerTenantHub` per request"),
        "{text}"
    );

    // Without the factory (and with the last consumer moved off it, so nothing needs
    // it), the legacy is gone.
    let mut moved = AppState::new();
    moved.insert(StreamHub).insert(BillingService);
    let report = moved.validate();
    assert!(
        !report
            .violations()
            .iter()
            .any(|v| matches!(v, Violation::LegacyStillProvided { .. })),
        "{report}"
    );
}

#[test]
fn the_graph_counts_a_user_of_the_factory_as_a_consumer_of_what_it_makes() {
    let contracts: Vec<_> = contracts_core::contracts().collect();
    let graph = ContractGraph::new(&contracts);
    let hub = graph.find("per-tenant-hub").unwrap();
    let factory = graph.find("hub-factory").unwrap();
    let order = graph.find("order-service").unwrap();

    let consumers = graph.consumers_of(hub, Reach::Direct);
    assert_eq!(
        consumers.iter().map(|r| r.node()).collect::<Vec<_>>(),
        [order]
    );
    // The relation's edge is the dependency on the factory.
    let edge = graph.edge(consumers[0].edges()[0]);
    assert_eq!((edge.from(), edge.to()), (order, factory));

    let impact = graph.impact_of(hub);
    let entry = impact.entry(order).expect("order-service is affected");
    assert_eq!((entry.effect(), entry.depth()), (Effect::Breaks, 1));
    assert_eq!(impact.path_to(order), consumers[0].edges());
}

#[test]
fn the_plan_moves_a_user_of_the_factory_off_it() {
    let contracts: Vec<_> = contracts_core::contracts().collect();
    let graph = ContractGraph::new(&contracts);
    let plan = MigrationPlan::new(&graph, graph.find("per-tenant-hub").unwrap()).unwrap();
    let text = plan.to_markdown();
    assert!(
        text.contains("move `order-service` from `per-tenant-hub` to `stream-hub`"),
        "{text}"
    );
    assert!(
        text.contains("it uses `per-tenant-hub` through depends_on on its factory `hub-factory`"),
        "{text}"
    );
    assert!(
        text.contains(
            "change its contract from `depends_on(HubFactory)` to `depends_on(StreamHub)`"
        ),
        "{text}"
    );
    assert!(!text.contains("no consumer is left"), "{text}");
}

/// Synthetic contracts (the derived ones above are this binary's registry): a legacy
/// and a replacement, each made by `factory` (the same one, or each its own), and a
/// contract that depends on the legacy's factory.
fn factory_migration(shared: bool, phase: Phase) -> Vec<&'static contracts_core::Contract> {
    let new_factory = if shared { 10 } else { 11 };
    vec![
        ContractBuilder::new(1, "old-session")
            .type_name("OldSession")
            .factory(10, "SessionFactory")
            .build(),
        ContractBuilder::new(2, "new-session")
            .type_name("NewSession")
            .factory(new_factory, "NewSessionFactory")
            .replaces(1, "OldSession", phase)
            .build(),
        ContractBuilder::new(10, "session-factory")
            .type_name("SessionFactory")
            .build(),
        ContractBuilder::new(3, "handler")
            .type_name("Handler")
            .depends_on(10, "SessionFactory")
            .build(),
    ]
}

#[test]
fn mid_migration_the_users_of_the_legacy_factory_are_listed_as_still_on_it() {
    let report =
        Validator::new().validate_contracts(&factory_migration(false, Phase::Migrating), None);
    assert!(
        matches!(
            report.warnings(),
            [Warning::MigrationInProgress { consumers, .. }] if names(consumers) == ["handler"]
        ),
        "{report}"
    );
    assert!(
        !report.to_string().contains("no consumer is left"),
        "{report}"
    );
}

#[test]
fn a_factory_making_both_sides_does_not_hold_a_migration_back() {
    // Which side `handler` takes from the shared factory is not declared anywhere:
    // only direct users of the legacy count.
    let report =
        Validator::new().validate_contracts(&factory_migration(true, Phase::Complete), None);
    assert!(
        !report
            .violations()
            .iter()
            .any(|v| matches!(v, Violation::IncompleteMigration { .. })),
        "{report}"
    );
    let graph = ContractGraph::new(&factory_migration(true, Phase::Migrating));
    let plan = MigrationPlan::new(&graph, graph.find("old-session").unwrap()).unwrap();
    assert!(
        !plan.to_markdown().contains("move `handler`"),
        "{}",
        plan.to_markdown()
    );
}

#[test]
fn a_factory_that_also_makes_something_else_does_not_hold_a_migration_back() {
    // `session-factory` makes the legacy `old-session` and `audit-log`; `handler` uses
    // it, for either. Whether `handler` takes sessions is not declared anywhere, so the
    // migration is not held back by it, and providing the factory is not providing
    // the legacy.
    let contracts = [
        ContractBuilder::new(1, "old-session")
            .type_name("OldSession")
            .factory(10, "SessionFactory")
            .build(),
        ContractBuilder::new(4, "audit-log")
            .type_name("AuditLog")
            .factory(10, "SessionFactory")
            .build(),
        ContractBuilder::new(2, "new-session")
            .type_name("NewSession")
            .replaces(1, "OldSession", Phase::Complete)
            .build(),
        ContractBuilder::new(10, "session-factory")
            .type_name("SessionFactory")
            .build(),
        ContractBuilder::new(3, "handler")
            .type_name("Handler")
            .depends_on(10, "SessionFactory")
            .build(),
    ];
    let state = Provides([2, 3, 10].map(ComponentId::synthetic).to_vec());
    let report = Validator::new().validate_contracts(&contracts, Some(&state));
    assert!(report.is_ok(), "{report}");

    // Made by a factory of its own, the legacy is still provided through it.
    let contracts = factory_migration(false, Phase::Complete);
    let state = Provides([2, 11, 10].map(ComponentId::synthetic).to_vec());
    let report = Validator::new().validate_contracts(&contracts, Some(&state));
    let codes: Vec<&str> = report.violations().iter().map(|v| v.code()).collect();
    assert_eq!(
        codes,
        ["incomplete-migration", "legacy-still-provided"],
        "{report}"
    );
}

#[test]
fn a_legacy_made_by_its_own_replacement_is_left_by_the_replacements_users() {
    // `new-factory` makes the legacy sessions and replaces them: who uses it has moved.
    let contracts = [
        ContractBuilder::new(1, "old-session")
            .type_name("OldSession")
            .factory(2, "NewFactory")
            .build(),
        ContractBuilder::new(2, "new-factory")
            .type_name("NewFactory")
            .replaces(1, "OldSession", Phase::Complete)
            .build(),
        ContractBuilder::new(3, "handler")
            .type_name("Handler")
            .depends_on(2, "NewFactory")
            .build(),
    ];
    let state = Provides([2, 3].map(ComponentId::synthetic).to_vec());
    let report = Validator::new().validate_contracts(&contracts, Some(&state));
    assert!(report.is_ok(), "{report}");
    let graph = ContractGraph::new(&contracts);
    let plan = MigrationPlan::new(&graph, graph.find("old-session").unwrap()).unwrap();
    assert_eq!(plan.consumers_to_move, 0, "{}", plan.to_markdown());
}
