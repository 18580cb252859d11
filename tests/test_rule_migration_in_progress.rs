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

#[test]
fn the_help_fits_the_phase() {
    use contracts_core::ContractBuilder;
    let help = |phase: Phase, with_consumer: bool| {
        let new = ContractBuilder::new(1, "new")
            .replaces(2, "Legacy", phase)
            .build();
        let user = ContractBuilder::new(3, "user")
            .depends_on(2, "Legacy")
            .build();
        let contracts: &[_] = if with_consumer { &[new, user] } else { &[new] };
        let report = Validator::new().validate_contracts(contracts, None);
        match report.warnings() {
            [warning @ Warning::MigrationInProgress { .. }] => warning.help(),
            other => panic!("{other:?}"),
        }
    };
    // A planned migration has not started: nothing is "complete" yet.
    assert_eq!(
        help(Phase::Planned, false),
        "the migration has not started: once `new` is ready, run it beside `Legacy` \
         (`phase = \"parallel\"`); no consumer is on `Legacy`, so none will have to move"
    );
    assert_eq!(
        help(Phase::Planned, true),
        "the migration has not started: once `new` is ready, run it beside `Legacy` \
         (`phase = \"parallel\"`), then move the listed consumers one at a time, validating after each"
    );
    // Running (parallel or migrating): move who is left, or finish.
    for phase in [Phase::Parallel, Phase::Migrating] {
        assert_eq!(
            help(phase, false),
            "set `phase = \"complete\"` on `new`; once validation passes, remove the legacy type, \
             and with it `replaces = ..` and `phase = ..` (they name it)"
        );
        assert_eq!(
            help(phase, true),
            "move the listed consumers one at a time, validating after each"
        );
    }
}
