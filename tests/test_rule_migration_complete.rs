//! Rules for `phase = "complete"`:
//! - some contract still depends on (or is a declared consumer of) the replaced type -> violation naming each;
//! - the replaced type still has a contract -> warning (legacy not removed);
//! - (state) the replaced type is still provided -> violation, whether or not the new one is active.

use contracts_core::{
    contract_of, validate_all, AppState, MigrationContract, Phase, Validator, Violation, Warning,
};

#[derive(MigrationContract)]
#[contract(name = "legacy-bridge", consumers(Notifier))]
struct LegacyBridge;

#[derive(MigrationContract)]
#[contract(name = "user-bridge", replaces = LegacyBridge, phase = "complete")]
struct UserBridge;

#[derive(MigrationContract)]
#[contract(name = "supervisor", depends_on(LegacyBridge))]
struct Supervisor;

// Declared as a consumer by the legacy contract (and also depending on it).
#[derive(MigrationContract)]
#[contract(name = "notifier", depends_on(LegacyBridge))]
struct Notifier;

#[derive(MigrationContract)]
#[contract(name = "engine", depends_on(UserBridge))]
struct Engine;

#[test]
fn consumers_left_on_the_replaced_type_break_a_complete_migration() {
    let report = validate_all();
    let incomplete: Vec<_> = report
        .violations()
        .iter()
        .filter_map(|v| match v {
            Violation::IncompleteMigration {
                contract,
                replaced,
                legacy,
                consumers,
                ..
            } => Some((
                contract.name,
                *replaced,
                legacy.map(|l| l.name),
                consumers.iter().map(|c| c.name).collect::<Vec<_>>(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        incomplete,
        [(
            "user-bridge",
            "LegacyBridge",
            Some("legacy-bridge"),
            vec!["notifier", "supervisor"]
        )],
        "{report}"
    );
    // The replaced type is named with its contract and where that is declared.
    let line = contract_of::<LegacyBridge>().unwrap().line();
    assert!(
        report.to_string().contains(&format!(
            "still on the replaced `LegacyBridge` (contract `legacy-bridge`, tests/test_rule_migration_complete.rs:{line}): "
        )),
        "{report}"
    );
    assert!(
        report.warnings().iter().any(|w| matches!(
            w,
            Warning::LegacyNotRemoved { contract, legacy }
                if contract.name == "user-bridge" && legacy.name == "legacy-bridge"
        )),
        "{report}"
    );
    assert!(
        report.to_string().contains(
            "help: once nothing uses it any more, delete the legacy type `LegacyBridge` and its contract `legacy-bridge`, then `replaces = ..` and `phase = ..` from `user-bridge` (the migration is over; `replaces` names the deleted type)"
        ),
        "{report}"
    );
    // engine and the legacy contract itself are not blamed
    assert_eq!(report.checked(), 5);
    assert_eq!(report.passed(), 2, "{report}");
    assert!(report
        .to_string()
        .contains("move each listed consumer off `LegacyBridge`"));
    // The legacy's own `consumers(notifier)` may be what still links a consumer.
    assert!(report.to_string().contains(
        "a consumer that already moved but is still listed in `legacy-bridge`'s `consumers(..)`: remove it from that list"
    ));
}

#[test]
fn a_complete_migration_without_consumers_left_passes() {
    let contracts = [
        contract_of::<UserBridge>().unwrap(),
        contract_of::<Engine>().unwrap(),
    ];
    let report = Validator::new().validate_contracts(&contracts, None);
    assert!(report.is_ok(), "{report}");
    assert!(report.warnings().is_empty(), "{report}");
    assert_eq!(contracts[0].phase(), Some(Phase::Complete));
}

#[test]
fn the_state_still_providing_the_replaced_type_is_a_violation() {
    let contracts = [
        contract_of::<UserBridge>().unwrap(),
        contract_of::<Engine>().unwrap(),
    ];
    for with_new in [true, false] {
        let mut state = AppState::new();
        state.insert(LegacyBridge).insert(Engine);
        if with_new {
            state.insert(UserBridge);
        } else {
            state.provide::<UserBridge>();
        }
        let report = Validator::new().validate_contracts(&contracts, Some(&state));
        assert_eq!(report.violations().len(), 1, "{report}");
        assert!(matches!(
            &report.violations()[0],
            Violation::LegacyStillProvided { contract, replaced, legacy, factory }
                if contract.name == "user-bridge" && *replaced == "LegacyBridge"
                    && legacy.is_none() // not among the contracts validated
                    && factory.is_none()
        ));
        assert!(
            report
                .to_string()
                .contains("the state still provides the replaced `LegacyBridge`\n"),
            "{report}"
        );
    }

    let mut clean = AppState::new();
    clean.insert(UserBridge).insert(Engine);
    let report = Validator::new().validate_contracts(&contracts, Some(&clean));
    assert!(report.is_ok(), "{report}");
}

// An adapter that replaces the legacy type and still wraps it: the legacy cannot go,
// so the migration is not complete, and while it runs the adapter is still on it.
// (Built, not derived: the derived contracts above are this binary's registry.)
fn store_adapter(phase: Phase) -> [&'static contracts_core::Contract; 2] {
    let legacy = contracts_core::ContractBuilder::new(2, "legacy-store")
        .type_name("LegacyStore")
        .build();
    let adapter = contracts_core::ContractBuilder::new(1, "store-adapter")
        .replaces(2, "LegacyStore", phase)
        .depends_on(2, "LegacyStore")
        .build();
    [legacy, adapter]
}

#[test]
fn a_replacement_still_depending_on_the_replaced_type_is_not_complete() {
    let report = Validator::new().validate_contracts(&store_adapter(Phase::Complete), None);
    assert!(
        matches!(
            report.violations(),
            [Violation::IncompleteMigration { contract, consumers, .. }]
                if contract.name == "store-adapter"
                    && consumers.iter().map(|c| c.name).collect::<Vec<_>>() == ["store-adapter"]
        ),
        "{report}"
    );
    assert!(
        report
            .to_string()
            .contains("move each listed consumer off `LegacyStore`"),
        "{report}"
    );

    // Mid-migration the adapter is listed as still on the legacy, so the warning does
    // not say "no consumer is left" (and advise removing the legacy).
    let report = Validator::new().validate_contracts(&store_adapter(Phase::Parallel), None);
    assert!(
        matches!(
            report.warnings(),
            [Warning::MigrationInProgress { consumers, .. }]
                if consumers.iter().map(|c| c.name).collect::<Vec<_>>() == ["store-adapter"]
        ),
        "{report}"
    );
    assert!(
        !report.to_string().contains("no consumer is left"),
        "{report}"
    );
}

#[test]
fn a_declared_consumer_without_a_contract_keeps_a_migration_incomplete() {
    // The legacy still lists `Reporting`, which has no contract: the team wrote down
    // that it uses the legacy type, so the migration is not complete.
    let legacy = contracts_core::ContractBuilder::new(1, "legacy-store")
        .type_name("LegacyStore")
        .consumer(3, "Reporting", &[])
        .build();
    let store = contracts_core::ContractBuilder::new(2, "store")
        .replaces(1, "LegacyStore", Phase::Complete)
        .build();
    let report = Validator::new().validate_contracts(&[legacy, store], None);
    assert!(
        matches!(
            report.violations(),
            [Violation::IncompleteMigration { consumers, consumers_without_contract, .. }]
                if consumers.is_empty() && consumers_without_contract == &["Reporting"]
        ),
        "{report}"
    );
    assert!(
        report
            .to_string()
            .contains("but 1 consumer is still on the replaced `LegacyStore` (contract `legacy-store`, <synthetic>:0): `Reporting` (no contract)\n"),
        "{report}"
    );
}
