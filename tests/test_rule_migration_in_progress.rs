//! Rule: a `phase` before complete -> warning listing the consumers still on the replaced type.

use contracts_core::{contract_of, validate_all, MigrationContract, Phase, Validator, Warning};

struct LegacyPool;

#[derive(MigrationContract)]
#[contract(name = "pool", replaces = LegacyPool, phase = "parallel")]
struct Pool;

#[derive(MigrationContract)]
#[contract(name = "reports", depends_on(LegacyPool))]
struct Reports;

#[derive(MigrationContract)]
#[contract(name = "billing", depends_on(optional(LegacyPool)))]
struct Billing;

struct OldCache;

// No phase given: a migration is `planned` until it says otherwise.
#[derive(MigrationContract)]
#[contract(name = "cache", replaces = OldCache)]
struct Cache;

#[test]
fn unfinished_migrations_warn_with_who_is_left() {
    let report = validate_all();
    assert!(report.is_ok(), "{report}");
    let warnings: Vec<_> = report
        .warnings()
        .iter()
        .map(|w| match w {
            Warning::MigrationInProgress {
                contract,
                phase,
                consumers,
                ..
            } => (
                contract.name,
                *phase,
                consumers.iter().map(|c| c.name).collect::<Vec<_>>(),
            ),
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(
        warnings,
        [
            ("cache", Phase::Planned, vec![]),
            ("pool", Phase::Parallel, vec!["billing", "reports"]),
        ]
    );
    let text = report.to_string();
    assert!(text.contains("still on it: `billing`"), "{text}");
    assert!(
        text.contains("no consumer is left on the replaced type"),
        "{text}"
    );
}

#[test]
fn contracts_without_a_migration_do_not_warn() {
    let report = Validator::new().validate_contracts(
        &[
            contract_of::<Reports>().unwrap(),
            contract_of::<Billing>().unwrap(),
        ],
        None,
    );
    assert!(report.is_ok() && report.warnings().is_empty(), "{report}");
}

#[test]
fn a_declared_consumer_without_a_contract_is_still_on_the_legacy_type() {
    // The legacy contract lists `Sup` (with a contract) and `NoContract` (without).
    let legacy = contracts_core::ContractBuilder::new(1, "legacy")
        .type_name("Legacy")
        .consumer(3, "Sup", &[])
        .consumer(4, "NoContract", &[])
        .build();
    let new = contracts_core::ContractBuilder::new(2, "new")
        .replaces(1, "Legacy", Phase::Migrating)
        .build();
    let sup = contracts_core::ContractBuilder::new(3, "sup")
        .depends_on(1, "Legacy")
        .build();
    let report = Validator::new().validate_contracts(&[legacy, new, sup], None);
    assert!(
        matches!(
            report.warnings(),
            [Warning::MigrationInProgress { consumers, consumers_without_contract, .. }]
                if consumers.iter().map(|c| c.name).collect::<Vec<_>>() == ["sup"]
                    && consumers_without_contract == &["NoContract"]
        ),
        "{report}"
    );
    let text = report.to_string();
    assert!(
        text.contains("still on it: `sup` (<synthetic>:0), `NoContract` (no contract)\n"),
        "{text}"
    );
    assert!(
        text.contains("help: move the listed consumers one at a time"),
        "{text}"
    );

    // Only uncontracted consumers left (`sup`'s contract is not in this set): not
    // "no consumer is left".
    let report = Validator::new().validate_contracts(&[legacy, new], None);
    let text = report.to_string();
    assert!(
        text.contains("still on it: `NoContract` (no contract), `Sup` (no contract)\n"),
        "{text}"
    );
    assert!(!text.contains("set `phase = \"complete\"`"), "{text}");
}
