//! Rule (beyond DESIGN.md's table): contracts that replace each other in a loop ->
//! violation naming the loop in order. A migration goes one way; with a loop, every
//! migration rule's advice (delete the legacy, move to the replacement) would point at
//! the new side too.

use contracts_core::{
    validate_all, ContractBuilder, MigrationContract, Phase, Validator, Violation,
};

// Two derived contracts, each declared as replacing the other (a copy-paste mistake).
#[derive(MigrationContract)]
#[contract(name = "user-bridge", replaces = AgentBridge, phase = "complete")]
struct UserBridge;

#[derive(MigrationContract)]
#[contract(name = "agent-bridge", replaces = UserBridge, phase = "complete")]
struct AgentBridge;

#[test]
fn two_contracts_replacing_each_other_are_one_violation() {
    let report = validate_all();
    let cycles: Vec<&Violation> = report
        .violations()
        .iter()
        .filter(|v| v.code() == "replacement-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{report}");
    let Violation::ReplacementCycle { cycle } = cycles[0] else {
        panic!("{report}");
    };
    let names: Vec<&str> = cycle.iter().map(|c| c.name).collect();
    assert_eq!(names, ["agent-bridge", "user-bridge"]);
    let text = report.to_string();
    assert!(
        text.contains("error[replacement-cycle] (risk low): replacement cycle: `agent-bridge` (tests/test_rule_replacement_cycle.rs:17) replaces `user-bridge` (tests/test_rule_replacement_cycle.rs:13) replaces `agent-bridge`"),
        "{text}"
    );
    assert!(
        text.contains("= help: a migration goes one way: keep `replaces = ..` and `phase = ..` only on the new component of each pair"),
        "{text}"
    );
    assert!(!report.is_ok());
}

#[test]
fn loops_of_any_length_are_found_once_and_chains_into_them_are_not_blamed() {
    // 1 -> 2 -> 3 -> 1 is a loop; 4 replaces 1 (a chain into the loop, not part of it);
    // 5 replaces 6, which replaces nothing; 7 replaces itself (only the unchecked
    // builder allows it).
    let c = |id: u64, replaces: Option<u64>| {
        let builder = ContractBuilder::new(id, format!("c{id}"));
        match replaces {
            Some(target) => builder.replaces(target, format!("C{target}"), Phase::Migrating),
            None => builder,
        }
        .build()
    };
    let contracts = [
        c(1, Some(2)),
        c(2, Some(3)),
        c(3, Some(1)),
        c(4, Some(1)),
        c(5, Some(6)),
        c(6, None),
        c(7, Some(7)),
    ];
    let report = Validator::new().validate_contracts(&contracts, None);
    let cycles: Vec<Vec<&str>> = report
        .violations()
        .iter()
        .filter_map(|v| match v {
            Violation::ReplacementCycle { cycle } => Some(cycle.iter().map(|c| c.name).collect()),
            _ => None,
        })
        .collect();
    assert_eq!(cycles, [vec!["c1", "c2", "c3"], vec!["c7"]], "{report}");
    // Every contract outside the loops passes that rule.
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let codes: Vec<&str> = json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|&&c| c == "replacement-cycle").count(),
        2
    );
}

#[test]
fn a_long_replacement_chain_without_a_loop_passes() {
    let contracts: Vec<_> = (0..10_000u64)
        .map(|id| {
            ContractBuilder::new(id, format!("v{id}"))
                .replaces(id + 1, format!("V{}", id + 1), Phase::Parallel)
                .build()
        })
        .collect();
    let report = Validator::new().validate_contracts(&contracts, None);
    assert!(
        report
            .violations()
            .iter()
            .all(|v| v.code() != "replacement-cycle"),
        "{}",
        report.violations().len()
    );
}

/// Provides the synthetic components listed.
struct Provides(Vec<u64>);

impl contracts_core::ComponentSource for Provides {
    fn provides(&self, _: std::any::TypeId) -> bool {
        false
    }

    fn provides_id(&self, component: contracts_core::ComponentId) -> bool {
        self.0
            .iter()
            .any(|&id| contracts_core::ComponentId::synthetic(id) == component)
    }
}

#[test]
fn contracts_on_a_replacement_cycle_get_no_migration_advice() {
    // `ping` replaces `Pong`, `pong` replaces `Ping`: which side is the legacy is open,
    // so "set `phase = \"complete\"` .. remove the legacy type" (or any phase rule)
    // would be wrong for either.
    let cycle = |phase: Phase| {
        let ping = ContractBuilder::new(1, "ping")
            .replaces(2, "Pong", phase)
            .build();
        let pong = ContractBuilder::new(2, "pong")
            .replaces(1, "Ping", phase)
            .build();
        // `user` needs `Pong`; `later` replaces `Ping` from outside the loop.
        let user = ContractBuilder::new(3, "user")
            .depends_on(2, "Pong")
            .build();
        let later = ContractBuilder::new(4, "later")
            .replaces(1, "Ping", Phase::Parallel)
            .build();
        [ping, pong, user, later]
    };
    let codes = |report: &contracts_core::Report| -> Vec<(String, Vec<&str>)> {
        report
            .violations()
            .iter()
            .map(|v| (format!("error[{}]", v.code()), v.contracts()))
            .chain(
                report
                    .warnings()
                    .iter()
                    .map(|w| (format!("warning[{}]", w.code()), w.contracts())),
            )
            .map(|(code, contracts)| (code, contracts.iter().map(|c| c.name).collect()))
            .collect()
    };
    for phase in [
        Phase::Planned,
        Phase::Parallel,
        Phase::Migrating,
        Phase::Complete,
    ] {
        let contracts = cycle(phase);
        let report = Validator::new().validate_contracts(&contracts, None);
        assert_eq!(
            codes(&report),
            [
                ("error[replacement-cycle]".to_owned(), vec!["ping", "pong"]),
                // A contract outside the loop still has its migration judged.
                ("warning[migration-in-progress]".to_owned(), vec!["later"]),
            ],
            "{phase}: {report}"
        );

        // With a state: `Pong` missing has no replacement to move to, `Ping` provided
        // is no legacy left in the state.
        let state = Provides(vec![1, 3]);
        let report = Validator::new().validate_contracts(&contracts, Some(&state));
        let missing = report
            .violations()
            .iter()
            .find(|v| v.code() == "missing-component")
            .expect("Pong is missing");
        assert!(
            matches!(
                missing,
                contracts_core::Violation::MissingComponent {
                    replaced_by: None,
                    ..
                }
            ),
            "{phase}: {report}"
        );
        assert!(
            !report
                .violations()
                .iter()
                .any(|v| v.code() == "legacy-still-provided"),
            "{phase}: {report}"
        );
        assert!(!report.to_string().contains("its replacement"), "{report}");
    }
}

#[test]
fn a_missing_component_is_moved_to_a_replacement_off_the_loop() {
    // `a` replaces `B` and `b` replaces `A` (a loop); `c` replaces `B` from outside it.
    // `u` needs `B`, which is missing: its users move to `c`, not to `a`.
    let a = ContractBuilder::new(1, "a")
        .replaces(2, "B", Phase::Migrating)
        .build();
    let b = ContractBuilder::new(2, "b")
        .replaces(1, "A", Phase::Migrating)
        .build();
    let c = ContractBuilder::new(3, "c")
        .replaces(2, "B", Phase::Migrating)
        .build();
    let u = ContractBuilder::new(4, "u").depends_on(2, "B").build();
    let state = Provides(vec![1, 3, 4]);
    let report = Validator::new().validate_contracts(&[a, b, c, u], Some(&state));
    let missing = report
        .violations()
        .iter()
        .find(|v| v.code() == "missing-component")
        .expect("B is missing");
    let Violation::MissingComponent { replaced_by, .. } = missing else {
        panic!("{report}");
    };
    assert_eq!(replaced_by.map(|r| r.name), Some("c"), "{report}");
    assert!(
        report
            .to_string()
            .contains("move the consumers listed to its replacement `c`"),
        "{report}"
    );
}
