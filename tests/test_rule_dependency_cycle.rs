//! Rule: a cycle among `depends_on` edges (optional ones included) -> one violation per
//! cycle, naming the whole cycle in order.

mod common;

use contracts_core::{
    contract_of, validate_all, ContractBuilder, MigrationContract, Validator, Violation,
};

#[derive(MigrationContract)]
#[contract(name = "a-scheduler", depends_on(Dispatcher))]
struct Scheduler;

#[derive(MigrationContract)]
#[contract(name = "b-dispatcher", depends_on(Registry))]
struct Dispatcher;

// The edge that closes the loop is optional: still a cycle.
#[derive(MigrationContract)]
#[contract(name = "c-registry", depends_on(optional(Scheduler)))]
struct Registry;

#[derive(MigrationContract)]
#[contract(name = "e-outside", depends_on(Scheduler))]
struct Outside;

fn names(violation: &Violation) -> Vec<&'static str> {
    match violation {
        Violation::DependencyCycle { cycle, .. } => cycle.iter().map(|c| c.name).collect(),
        other => panic!("expected a cycle, got {other}"),
    }
}

#[test]
fn every_cycle_is_reported_in_order() {
    let report = validate_all();
    assert_eq!(report.violations().len(), 1, "{report}");
    assert_eq!(
        names(&report.violations()[0]),
        ["a-scheduler", "b-dispatcher", "c-registry"]
    );
    // `e-outside` depends on the cycle but is not part of it.
    assert_eq!(report.passed(), 1);
    // Each member where it is declared (DESIGN.md: every violation says where), then
    // back to the first.
    let expected = format!(
        "dependency cycle: {} -> {} -> {} -> `a-scheduler`",
        common::located(contract_of::<Scheduler>().unwrap()),
        common::located(contract_of::<Dispatcher>().unwrap()),
        common::located(contract_of::<Registry>().unwrap()),
    );
    let text = report.to_string();
    assert!(text.contains(&expected), "{expected}\nnot in\n{text}");
    assert!(
        text.contains("tests/test_rule_dependency_cycle.rs:"),
        "{text}"
    );
}

#[test]
fn a_contract_depending_on_itself_is_a_cycle_of_one() {
    // The derive refuses `depends_on(Self)` at compile time; a contract built by hand
    // (or loaded from elsewhere) can still say it, and validation catches it.
    let looped = ContractBuilder::new(1, "d-self-reference")
        .depends_on(1, "SelfReference")
        .build();
    let report = Validator::new().validate_contracts(&[looped], None);
    assert_eq!(report.violations().len(), 1, "{report}");
    assert_eq!(names(&report.violations()[0]), ["d-self-reference"]);
}

#[test]
fn an_acyclic_graph_passes() {
    let report = Validator::new().validate_contracts(
        &[
            contract_of::<Scheduler>().unwrap(),
            contract_of::<Dispatcher>().unwrap(),
            contract_of::<Outside>().unwrap(),
        ],
        None,
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn the_other_members_of_a_knot_are_named_too() {
    // a -> b -> a is the shortest cycle; c is in the same knot (b -> c -> a), fails
    // with it, and would be the next cycle once b -> a is removed.
    let knot = [
        ContractBuilder::new(1, "a").depends_on(2, "B").build(),
        ContractBuilder::new(2, "b")
            .depends_on(1, "A")
            .depends_on(3, "C")
            .build(),
        ContractBuilder::new(3, "c").depends_on(1, "A").build(),
    ];
    let report = Validator::new().validate_contracts(&knot, None);
    assert_eq!(report.violations().len(), 1, "{report}");
    assert_eq!(report.passed(), 0, "{report}");
    assert!(
        report.to_string().contains(
            "dependency cycle: `a` (<synthetic>:0) -> `b` (<synthetic>:0) -> `a`; caught in the same knot of cycles: `c` (<synthetic>:0)\n"
        ),
        "{report}"
    );
}

#[test]
fn a_large_knot_names_its_first_members_and_counts_the_rest() {
    // A ring of 30, each also depending on the one two ahead: one knot.
    let ring: Vec<_> = (0..30u64)
        .map(|i| {
            ContractBuilder::new(i, format!("n{i:02}"))
                .depends_on((i + 1) % 30, "Next")
                .depends_on((i + 2) % 30, "Skip")
                .build()
        })
        .collect();
    let report = Validator::new().validate_contracts(&ring, None);
    assert_eq!(report.violations().len(), 1, "{report}");
    let Violation::DependencyCycle { cycle, entangled } = &report.violations()[0] else {
        panic!("{report}");
    };
    assert_eq!(cycle.len() + entangled.len(), 30);
    let text = report.to_string();
    assert!(
        text.contains(&format!(" and {} more\n", entangled.len() - 10)),
        "{text}"
    );
}
