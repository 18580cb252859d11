//! Rule: a cycle that closes through a factory (`factory-cycle`). A component made by a
//! factory satisfies its users through that factory, so a factory that needs, directly
//! or not, a user of its own product can never be built first: validation says so, as
//! the startup order does.

mod common;

use contracts_core::graph::ContractGraph;
use contracts_core::{
    contract_of, validate_all, ContractBuilder, MigrationContract, Validator, Violation,
};

#[derive(MigrationContract)]
#[contract(name = "session-factory", depends_on(Audit))]
struct SessionFactory;

#[derive(MigrationContract)]
#[contract(name = "session", factory = SessionFactory)]
struct Session;

#[derive(MigrationContract)]
#[contract(name = "audit", depends_on(Session))]
struct Audit;

fn cycle_of(violation: &Violation) -> (Vec<&'static str>, Vec<&'static str>) {
    match violation {
        Violation::FactoryCycle { cycle, made_by } => (
            cycle.iter().map(|c| c.name).collect(),
            made_by.iter().map(|c| c.name).collect(),
        ),
        other => panic!("expected a factory cycle, got {other}"),
    }
}

#[test]
fn a_factory_needing_a_user_of_its_product_is_a_cycle() {
    let report = validate_all();
    assert_eq!(report.violations().len(), 1, "{report}");
    let violation = &report.violations()[0];
    assert_eq!(violation.code(), "factory-cycle");
    assert_eq!(
        cycle_of(violation),
        (vec!["session", "session-factory", "audit"], vec!["session"])
    );
    assert_eq!(report.passed(), 0, "{report}");
    let expected = format!(
        "dependency cycle through a factory: {} made by {} -> {} -> `session`",
        common::located(contract_of::<Session>().unwrap()),
        common::located(contract_of::<SessionFactory>().unwrap()),
        common::located(contract_of::<Audit>().unwrap()),
    );
    let text = report.to_string();
    assert!(text.contains(&expected), "{expected}\nnot in\n{text}");
    assert!(
        text.contains(
            "a factory cannot need, at construction, what it makes (`session`) or anything that needs it"
        ),
        "{text}"
    );
    // The startup order finds the same knot.
    assert!(ContractGraph::from_registry().startup_order().is_err());
}

#[test]
fn a_factory_apart_from_its_products_users_passes() {
    // The usual shape: the factory needs other things, users need the product.
    let factory = ContractBuilder::new(1, "bridge-factory")
        .depends_on(3, "EventBus")
        .build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .factory(1, "BridgeFactory")
        .build();
    let bus = ContractBuilder::new(3, "event-bus").build();
    let chat = ContractBuilder::new(4, "chat")
        .depends_on(2, "UserBridge")
        .build();
    let report = Validator::new().validate_contracts(&[factory, bridge, bus, chat], None);
    assert!(report.is_ok(), "{report}");
    assert!(report.warnings().is_empty(), "{report}");
    assert!(ContractGraph::new(&[factory, bridge, bus, chat])
        .startup_order()
        .is_ok());
}

#[test]
fn a_product_that_also_depends_on_its_factory_is_a_plain_cycle() {
    // Every link is a `depends_on`: the dependency-cycle rule reports it, once.
    let factory = ContractBuilder::new(1, "factory")
        .depends_on(2, "Product")
        .build();
    let product = ContractBuilder::new(2, "product")
        .factory(1, "Factory")
        .depends_on(1, "Factory")
        .build();
    let report = Validator::new().validate_contracts(&[factory, product], None);
    let codes: Vec<&str> = report.violations().iter().map(Violation::code).collect();
    assert_eq!(codes, ["dependency-cycle"], "{report}");
}

#[test]
fn the_shortest_loop_through_the_factory_is_named() {
    // factory -> a -> b -> user -> product (made by factory), and a shortcut a -> user.
    let factory = ContractBuilder::new(1, "factory")
        .depends_on(3, "A")
        .build();
    let product = ContractBuilder::new(2, "product")
        .factory(1, "Factory")
        .build();
    let a = ContractBuilder::new(3, "a")
        .depends_on(4, "B")
        .depends_on(5, "User")
        .build();
    let b = ContractBuilder::new(4, "b").depends_on(5, "User").build();
    let user = ContractBuilder::new(5, "user")
        .depends_on(2, "Product")
        .build();
    let report = Validator::new().validate_contracts(&[factory, product, a, b, user], None);
    assert_eq!(report.violations().len(), 1, "{report}");
    assert_eq!(
        cycle_of(&report.violations()[0]),
        (vec!["product", "factory", "a", "user"], vec!["product"])
    );
}
