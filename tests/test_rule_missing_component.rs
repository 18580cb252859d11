//! State rules that all mean "a component is missing", grouped by root cause:
//! - an active contract's non-optional dependency is not satisfied;
//! - a declared consumer is active but the component it consumes is not;
//! - a `required` contract is not active.

use std::sync::Arc;

mod common;

use common::Provides;
use contracts_core::{
    validate_app_state, AppState, ComponentId, ComponentSource, ContractBuilder, MigrationContract,
    Need, Risk, Validator, Violation,
};

pub trait EventSink: Send + Sync {}
struct StdoutSink;
impl EventSink for StdoutSink {}

struct Metrics;

#[derive(MigrationContract)]
#[contract(name = "ws-manager", required)]
struct WsManager;

#[derive(MigrationContract)]
#[contract(name = "bridge", factory = BridgeFactory, consumers(Dashboard))]
struct Bridge;

#[derive(MigrationContract)]
#[contract(name = "bridge-factory", depends_on(WsManager))]
struct BridgeFactory;

#[derive(MigrationContract)]
#[contract(name = "engine", depends_on(Bridge, dyn EventSink, optional(Metrics)))]
struct Engine;

#[derive(MigrationContract)]
#[contract(name = "supervisor", risk = "high")]
#[allow(dead_code)] // the fields exist to declare dependencies
struct Supervisor {
    #[contract(dependency)]
    bridge: Arc<Bridge>,
    #[contract(dependency)]
    metrics: Option<Arc<Metrics>>,
}

#[derive(MigrationContract)]
#[contract(name = "dashboard")]
struct Dashboard;

#[derive(MigrationContract)]
#[contract(name = "scheduler", depends_on(Bridge))]
struct Scheduler;

#[derive(MigrationContract)]
#[contract(name = "reporter", depends_on(Bridge))]
struct Reporter;

#[derive(MigrationContract)]
#[contract(name = "auditor", depends_on(Bridge))]
struct Auditor;

/// Everything a healthy service provides.
fn full_state() -> AppState {
    let mut state = AppState::new();
    state
        .insert(WsManager)
        .insert(BridgeFactory)
        .insert(Engine)
        .insert_arc::<dyn EventSink>(Arc::new(StdoutSink))
        .insert(Supervisor {
            bridge: Arc::new(Bridge),
            metrics: None,
        })
        .insert(Dashboard)
        .insert(Scheduler)
        .insert(Reporter)
        .insert(Auditor);
    state
}

#[test]
fn a_fully_wired_state_passes() {
    let report = validate_app_state(&full_state());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.checked(), 9);
    assert_eq!(report.passed(), 9);
    // the bridge itself is not in the state: its factory makes it active, and optional
    // dependencies (Metrics) may be absent
    assert!(!full_state().contains::<Bridge>());
}

#[test]
fn one_missing_component_is_one_violation_listing_everyone_who_needs_it() {
    let mut state = full_state();
    assert!(state.remove::<BridgeFactory>());
    let report = validate_app_state(&state);
    // The bridge is missing only because its factory is: one violation, on the factory.
    assert_eq!(report.violations().len(), 1, "{report}");
    let Violation::MissingComponent {
        component,
        contract,
        factory,
        required,
        replaced_by,
        needed_by,
        empty_field,
    } = &report.violations()[0]
    else {
        panic!("{report}");
    };
    assert_eq!(*component, "BridgeFactory");
    assert_eq!(*empty_field, None, "an `AppState` has no fields to name");
    assert_eq!(contract.unwrap().name, "bridge-factory");
    assert_eq!(*factory, None);
    assert!(!required);
    assert!(replaced_by.is_none());
    let needers: Vec<_> = needed_by
        .iter()
        .map(|n| (n.contract.unwrap().name, n.need, n.via))
        .collect();
    let via = Some("Bridge");
    assert_eq!(
        needers,
        [
            ("auditor", Need::DependsOn, via),
            ("dashboard", Need::DeclaredConsumer, via),
            ("engine", Need::DependsOn, via),
            ("reporter", Need::DependsOn, via),
            ("scheduler", Need::DependsOn, via),
            ("supervisor", Need::DependsOn, via),
        ]
    );
    // The product's contract is named with every need through it: it is missing too.
    assert!(needed_by
        .iter()
        .all(|n| n.product.map(|p| p.name) == Some("bridge")));
    // 6 needers, the missing factory and its product fail; only ws-manager passes
    assert_eq!(report.checked(), 9);
    assert_eq!(report.passed(), 1, "{report}");
    let text = report.to_string();
    assert!(
        text.contains(&format!(
            "`engine` (tests/test_rule_missing_component.rs:{}), which depends on `Bridge` (contract `bridge`, tests/test_rule_missing_component.rs:{}), a product of this factory",
            contracts_core::contract_of::<Engine>().unwrap().line(),
            contracts_core::contract_of::<Bridge>().unwrap().line()
        )),
        "{text}"
    );
    assert!(
        text.contains("insert `BridgeFactory` into the state"),
        "{text}"
    );
    // Providing the product itself would pass, but it is made per request: one shared
    // instance is the singleton the factory replaced, and the help does not offer it.
    assert!(!text.contains("insert what it makes"), "{text}");
    assert!(
        text.contains("= help: insert `BridgeFactory` into the state before serving requests (or `Validator::ignore::<BridgeFactory>()` if it is provided elsewhere)\n"),
        "{text}"
    );
}

#[test]
fn a_missing_component_without_factory_names_its_needers_directly() {
    // Synthetic contracts, so this binary's registry stays as declared above.
    let pool = ContractBuilder::new(1, "x-pool").build();
    let repo = ContractBuilder::new(2, "x-repo")
        .location("src/repo.rs", 7)
        .depends_on(1, "Pool")
        .build();
    let state = Provides(vec![ComponentId::synthetic(2)]);
    let report = Validator::new().validate_contracts(&[pool, repo], Some(&state));
    assert_eq!(report.violations().len(), 1, "{report}");
    assert!(matches!(
        &report.violations()[0],
        Violation::MissingComponent { component: "x-pool", needed_by, .. }
            if needed_by.len() == 1 && needed_by[0].via.is_none() && needed_by[0].need == Need::DependsOn
    ));
    assert!(
        report
            .to_string()
            .contains("needed by `x-repo` (src/repo.rs:7), which depends on it"),
        "{report}"
    );
}

#[test]
fn a_needer_of_a_factory_and_of_its_product_keeps_each_need_with_its_own_methods() {
    // `x-engine` depends on the factory itself and is the declared consumer of what it
    // makes, calling `go` on the product: `go` is not a method of the factory.
    let factory = ContractBuilder::new(1, "x-factory").build();
    let product = ContractBuilder::new(2, "x-product")
        .requires("go", None)
        .factory(1, "Factory")
        .consumer(3, "Engine", &["go"])
        .build();
    let engine = ContractBuilder::new(3, "x-engine")
        .location("src/engine.rs", 4)
        .depends_on(1, "Factory")
        .depends_on(2, "Product")
        .build();
    let state = Provides(vec![ComponentId::synthetic(3)]);
    let report = Validator::new().validate_contracts(&[factory, product, engine], Some(&state));
    assert_eq!(report.violations().len(), 1, "{report}");
    let Violation::MissingComponent {
        component,
        needed_by,
        ..
    } = &report.violations()[0]
    else {
        panic!("expected a missing component: {report}");
    };
    assert_eq!(*component, "x-factory");
    let needs: Vec<(Option<&str>, &[&str])> =
        needed_by.iter().map(|n| (n.via, n.methods)).collect();
    assert!(needs.contains(&(None, &[][..])), "{needs:?}");
    assert!(
        needs.contains(&(Some("x-product"), &["go"][..])),
        "{needs:?}"
    );
    // Named once, both needs after it.
    let text = report.to_string();
    assert!(
        text.contains("needed by `x-engine` (src/engine.rs:4), which depends on it, and which depends on `x-product` (contract `x-product`, <synthetic>:0), a product of this factory, calling `go` on `x-product`\n"),
        "{text}"
    );

    // Without methods, the need through the product still names the product's
    // contract: it is missing too, with its own risk and business value.
    let product = ContractBuilder::new(2, "x-product")
        .risk(Risk::Critical)
        .business_value("bills the customers")
        .factory(1, "Factory")
        .build();
    let report = Validator::new().validate_contracts(&[factory, product, engine], Some(&state));
    let Violation::MissingComponent { needed_by, .. } = &report.violations()[0] else {
        panic!("expected a missing component: {report}");
    };
    let needs: Vec<_> = needed_by
        .iter()
        .map(|n| (n.via, n.product.map(|p| p.name)))
        .collect();
    assert_eq!(
        needs,
        [(None, None), (Some("x-product"), Some("x-product"))]
    );
    let text = report.to_string();
    assert!(
        text.contains("error[missing-component] (risk critical)"),
        "{text}"
    );
    assert!(
        text.contains("  = business value of `x-product`: bills the customers\n"),
        "{text}"
    );
    assert_eq!(report.passed(), 0, "{text}");
}

#[test]
fn two_products_of_one_missing_factory_are_both_named_in_a_stable_order() {
    let factory = ContractBuilder::new(1, "f").type_name("F").build();
    let a = ContractBuilder::new(2, "a")
        .type_name("A")
        .risk(Risk::Critical)
        .business_value("money")
        .factory(1, "F")
        .build();
    let b = ContractBuilder::new(3, "b")
        .type_name("B")
        .factory(1, "F")
        .build();
    let engine = ContractBuilder::new(4, "engine")
        .depends_on(2, "A")
        .depends_on(3, "B")
        .build();
    let state = Provides(vec![ComponentId::synthetic(4)]);
    let first = Validator::new().validate_contracts(&[factory, a, b, engine], Some(&state));
    let text = first.to_string();
    assert!(
        text.contains("error[missing-component] (risk critical)"),
        "{text}"
    );
    assert!(
        text.contains("which depends on `A` (contract `a`, <synthetic>:0), a product of this factory, and which depends on `B` (contract `b`, <synthetic>:0), a product of this factory"),
        "{text}"
    );
    assert_eq!(first.passed(), 0, "{text}");
    // The same every time (the products were collected from a hash map).
    for _ in 0..20 {
        let again = Validator::new().validate_contracts(&[factory, a, b, engine], Some(&state));
        assert_eq!(again.to_string(), text);
    }
}

#[test]
fn each_needer_is_listed_with_the_methods_the_missing_component_says_it_calls() {
    // DESIGN.md: with `consumers(Y = [m1, m2])`, reports know which consumer needs which
    // method. Both kinds of needer: `x-repo` depends on the pool, `x-panel` is only its
    // declared consumer; `x-audit` depends on it without the pool saying what it calls.
    let pool = ContractBuilder::new(1, "x-pool")
        .requires("get", None)
        .requires("put", None)
        .consumer(2, "Repo", &["get", "put"])
        .consumer(3, "Panel", &["get"])
        .build();
    let repo = ContractBuilder::new(2, "x-repo")
        .location("src/repo.rs", 7)
        .depends_on(1, "Pool")
        .build();
    let panel = ContractBuilder::new(3, "x-panel")
        .location("src/panel.rs", 3)
        .build();
    let audit = ContractBuilder::new(4, "x-audit")
        .location("src/audit.rs", 9)
        .depends_on(1, "Pool")
        .build();
    let state = Provides(vec![
        ComponentId::synthetic(2),
        ComponentId::synthetic(3),
        ComponentId::synthetic(4),
    ]);
    let report = Validator::new().validate_contracts(&[pool, repo, panel, audit], Some(&state));
    // Whichever contract comes first, the report is the same.
    let reversed = Validator::new().validate_contracts(&[audit, panel, repo, pool], Some(&state));
    assert_eq!(reversed.to_string(), report.to_string());
    assert_eq!(report.violations().len(), 1, "{report}");
    let Violation::MissingComponent { needed_by, .. } = &report.violations()[0] else {
        panic!("expected a missing component: {report}");
    };
    let methods: Vec<(&str, &[&str])> = needed_by
        .iter()
        .map(|needer| (needer.contract.map_or("", |c| c.name), needer.methods))
        .collect();
    assert_eq!(
        methods,
        [
            ("x-audit", &[][..]),
            ("x-panel", &["get"][..]),
            ("x-repo", &["get", "put"][..]),
        ]
    );
    let text = report.to_string();
    for expected in [
        "`x-audit` (src/audit.rs:9), which depends on it;",
        "`x-panel` (src/panel.rs:3), its declared consumer, which calls `get`",
        // Both its dependency and the pool's `consumers(..)` name it: listed once, as
        // depending on it (the stronger of the two), with the methods the pool lists.
        "`x-repo` (src/repo.rs:7), which depends on it and calls `get`, `put`",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let listed: Vec<&serde_json::Value> = json["violations"][0]["needed_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|needer| &needer["methods"])
        .collect();
    assert_eq!(
        listed,
        [
            &serde_json::json!([]),
            &serde_json::json!(["get"]),
            &serde_json::json!(["get", "put"])
        ],
        "{json}"
    );
}

#[test]
fn a_missing_trait_object_and_a_missing_required_component_are_reported() {
    let mut state = full_state();
    state.remove::<dyn EventSink>();
    state.remove::<WsManager>();
    let report = validate_app_state(&state);
    let summary: Vec<_> = report
        .violations()
        .iter()
        .map(|v| match v {
            Violation::MissingComponent {
                component,
                required,
                needed_by,
                ..
            } => (
                *component,
                *required,
                needed_by
                    .iter()
                    .map(|n| n.contract.unwrap().name)
                    .collect::<Vec<_>>(),
            ),
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("WsManager", true, vec!["bridge-factory"]),
            ("dyn EventSink", false, vec!["engine"]),
        ],
        "{report}"
    );
    // `dyn EventSink` and `dyn EventSink + Send + Sync` are different types: the help
    // says what to do when the declared one cannot be inserted.
    let help = report.violations()[1].help();
    assert!(
        help.contains("if `insert_arc::<dyn EventSink>` does not compile, the state cannot hold that type: give `EventSink` the supertraits `Send + Sync`, or depend on `dyn EventSink + Send + Sync`"),
        "{help}"
    );
    assert!(!report.violations()[0].help().contains("insert_arc"));
}

#[test]
fn an_inactive_component_with_an_active_declared_consumer_is_a_violation() {
    struct OnlyDashboard;
    impl ComponentSource for OnlyDashboard {
        fn provides(&self, component: std::any::TypeId) -> bool {
            component == std::any::TypeId::of::<Dashboard>()
                || component == std::any::TypeId::of::<WsManager>()
        }
    }
    let report = validate_app_state(&OnlyDashboard);
    assert_eq!(report.violations().len(), 1, "{report}");
    assert!(matches!(
        &report.violations()[0],
        Violation::MissingComponent { component: "BridgeFactory", needed_by, .. }
            if needed_by.len() == 1
                && needed_by[0].need == Need::DeclaredConsumer
                && needed_by[0].via == Some("Bridge")
    ));
}

#[test]
fn ignored_types_count_as_provided() {
    let mut state = full_state();
    state.remove::<dyn EventSink>();
    let report = Validator::new()
        .ignore::<dyn EventSink>()
        .validate_app_state(&state);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn provide_validates_wiring_without_instances() {
    let mut state = AppState::new();
    state
        .provide::<WsManager>()
        .provide::<BridgeFactory>()
        .provide::<Engine>()
        .provide::<dyn EventSink>();
    let report = state.validate();
    assert!(report.is_ok(), "{report}");
}

#[test]
fn two_missing_types_written_alike_are_reported_in_one_order() {
    // `m1::Twin` and `m2::Twin`, both written `Twin`, neither with a contract: the
    // report's order must not depend on a hash map's.
    let first = ContractBuilder::new(1, "x-first")
        .depends_on(11, "Twin")
        .build();
    let second = ContractBuilder::new(2, "x-second")
        .depends_on(12, "Twin")
        .build();
    let state = Provides(vec![ComponentId::synthetic(1), ComponentId::synthetic(2)]);
    let report = |contracts: &[&'static contracts_core::Contract]| {
        Validator::new()
            .validate_contracts(contracts, Some(&state))
            .to_string()
    };
    let expected = report(&[first, second]);
    assert_eq!(
        expected.matches("`Twin` is not in the state").count(),
        2,
        "{expected}"
    );
    assert!(
        expected.find("needed by `x-first`") < expected.find("needed by `x-second`"),
        "{expected}"
    );
    for _ in 0..40 {
        assert_eq!(report(&[first, second]), expected);
        assert_eq!(report(&[second, first]), expected);
    }
}

#[test]
fn an_adapter_missing_the_legacy_it_wraps_is_not_told_to_move_to_itself() {
    let legacy = ContractBuilder::new(1, "legacy-store")
        .type_name("LegacyStore")
        .build();
    let adapter = ContractBuilder::new(2, "store-adapter")
        .replaces(1, "LegacyStore", contracts_core::Phase::Migrating)
        .depends_on(1, "LegacyStore")
        .build();
    let state = Provides(vec![ComponentId::synthetic(2)]);
    let report = Validator::new().validate_contracts(&[legacy, adapter], Some(&state));
    let text = report.to_string();
    assert_eq!(report.violations().len(), 1, "{text}");
    assert!(
        text.contains(
            "; `store-adapter` itself still needs `LegacyStore`: it replaces it only once it no longer does"
        ),
        "{text}"
    );
}

#[test]
fn a_missing_factory_shows_its_products_risk_and_business_value() {
    let factory = ContractBuilder::new(1, "bridge-factory")
        .type_name("BridgeFactory")
        .build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .type_name("UserBridge")
        .location("src/bridge.rs", 12)
        .risk(Risk::Critical)
        .business_value("delivers chat events")
        .factory(1, "BridgeFactory")
        .build();
    let engine = ContractBuilder::new(3, "engine")
        .depends_on(2, "UserBridge")
        .build();
    let state = Provides(vec![ComponentId::synthetic(3)]);
    let report = Validator::new().validate_contracts(&[factory, bridge, engine], Some(&state));
    let text = report.to_string();
    assert_eq!(report.violations().len(), 1, "{text}");
    // Without the factory the same need reads "critical" with the business value: a
    // factory must not make the problem look smaller.
    assert!(
        text.contains("error[missing-component] (risk critical): `BridgeFactory` (contract `bridge-factory`, "),
        "{text}"
    );
    assert!(
        text.contains("which depends on `UserBridge` (contract `user-bridge`, src/bridge.rs:12), a product of this factory"),
        "{text}"
    );
    assert!(
        text.contains("  = business value of `user-bridge`: delivers chat events\n"),
        "{text}"
    );
    // The factory, its product and the engine fail.
    assert_eq!((report.checked(), report.passed()), (3, 0), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let problem = &json["violations"][0];
    assert_eq!(problem["risk"], "critical", "{problem}");
    assert_eq!(
        problem["needed_by"][0]["product"]["name"], "user-bridge",
        "{problem}"
    );
}

#[test]
fn a_legacy_made_by_a_missing_factory_points_its_needers_to_the_replacement() {
    let old_factory = ContractBuilder::new(1, "old-factory")
        .type_name("OldFactory")
        .build();
    let old = ContractBuilder::new(2, "old")
        .type_name("Old")
        .factory(1, "OldFactory")
        .build();
    let new = ContractBuilder::new(3, "new")
        .replaces(2, "Old", contracts_core::Phase::Migrating)
        .build();
    let user = ContractBuilder::new(4, "old-user")
        .depends_on(2, "Old")
        .build();
    let state = Provides(vec![ComponentId::synthetic(3), ComponentId::synthetic(4)]);
    let report = Validator::new().validate_contracts(&[old_factory, old, new, user], Some(&state));
    let text = report.to_string();
    assert!(
        matches!(
            report.violations(),
            [Violation::MissingComponent { component: "Old", replaced_by: Some(new), .. }]
                if new.name == "new"
        ),
        "{text}"
    );
    assert!(
        text.contains("help: move the consumers listed to its replacement `new`, or keep `Old` (or its factory `OldFactory`) in the state until they have"),
        "{text}"
    );
}

#[test]
fn two_products_written_alike_are_two_needs() {
    let factory = ContractBuilder::new(1, "f").type_name("app::F").build();
    let twin_a = ContractBuilder::new(2, "twin-a")
        .type_name("app::a::Twin")
        .risk(Risk::Critical)
        .factory(1, "F")
        .build();
    let twin_b = ContractBuilder::new(3, "twin-b")
        .type_name("app::b::Twin")
        .factory(1, "F")
        .build();
    let engine = ContractBuilder::new(4, "engine")
        .depends_on(2, "Twin")
        .depends_on(3, "Twin")
        .build();
    let state = Provides(vec![ComponentId::synthetic(4)]);
    let report =
        Validator::new().validate_contracts(&[factory, twin_a, twin_b, engine], Some(&state));
    let Violation::MissingComponent { needed_by, .. } = &report.violations()[0] else {
        panic!("expected a missing component: {report}");
    };
    let products: Vec<_> = needed_by
        .iter()
        .map(|n| n.product.map(|p| p.name))
        .collect();
    assert_eq!(products, [Some("twin-a"), Some("twin-b")], "{report}");
    assert_eq!(report.passed(), 0, "{report}");
}

#[test]
fn a_missing_required_product_is_told_to_insert_its_factory() {
    // The product is reported for itself (it is `required`), and its help names the
    // factory only: the product is made per request.
    let product = ContractBuilder::new(2, "session")
        .type_name("app::Session")
        .factory(1, "SessionFactory")
        .required()
        .build();
    let handler = ContractBuilder::new(3, "handler")
        .depends_on(2, "Session")
        .build();
    let state = Provides(vec![ComponentId::synthetic(3)]);
    let report = Validator::new().validate_contracts(&[product, handler], Some(&state));
    let text = report.to_string();
    assert_eq!(report.violations().len(), 1, "{text}");
    assert!(
        text.contains("= help: insert its factory `SessionFactory` into the state before serving requests (`Session` is made per request by it)"),
        "{text}"
    );
}

#[test]
fn many_needers_are_listed_one_per_line() {
    // Forty-two services on one missing hub: one line each, not one line of 2,000
    // characters; up to three stay on the headline.
    let needers = |count: u64| -> Vec<&'static contracts_core::Contract> {
        (1..=count)
            .map(|i| {
                ContractBuilder::new(i, format!("svc-{i:02}"))
                    .depends_on(100, "Hub")
                    .build()
            })
            .collect()
    };
    let report = |contracts: &[&'static contracts_core::Contract]| {
        let state = Provides(contracts.iter().map(|c| c.id()).collect());
        Validator::new()
            .validate_contracts(contracts, Some(&state))
            .to_string()
    };

    let text = report(&needers(42));
    assert!(
        text.contains(
            "`Hub` is not in the state; needed by 42 contracts:\n    `svc-01` (<synthetic>:0), which depends on it\n    `svc-02` (<synthetic>:0), which depends on it\n"
        ),
        "{text}"
    );
    assert_eq!(text.matches("\n    `svc-").count(), 42, "{text}");
    assert!(
        text.contains("\n    `svc-42` (<synthetic>:0), which depends on it\n  = help: "),
        "{text}"
    );

    // Declared consumers without a contract of their own are listed too, and the count
    // does not call them contracts.
    let mut hub = ContractBuilder::new(100, "hub").type_name("Hub");
    for i in 201..=204 {
        hub = hub.consumer(i, format!("Worker{i}"), &[]);
    }
    let hub = hub.build();
    let workers: Vec<ComponentId> = (201..=204).map(ComponentId::synthetic).collect();
    let text = Validator::new()
        .validate_contracts(&[hub], Some(&Provides(workers)))
        .to_string();
    assert!(
        text.contains("`Hub` (contract `hub`, <synthetic>:0) is not in the state; needed by 4 components:\n    `Worker201` (no contract), its declared consumer\n"),
        "{text}"
    );

    let text = report(&needers(3));
    assert!(
        text.contains(
            "`Hub` is not in the state; needed by `svc-01` (<synthetic>:0), which depends on it; `svc-02` (<synthetic>:0), which depends on it; `svc-03` (<synthetic>:0), which depends on it\n"
        ),
        "{text}"
    );
}
