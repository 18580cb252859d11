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
