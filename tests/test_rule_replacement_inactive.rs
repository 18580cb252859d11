//! Rule (state, not in DESIGN.md's table): a migration in phase `parallel` or
//! `migrating` whose replacement the state does not run (neither it nor its factory,
//! nor a trait object of its ports that a consumer depends on) -> warning
//! `replacement-inactive`, unless the replacement is reported missing already.

use std::sync::Arc;

use contracts_core::{AppState, Contract, MigrationContract, Validator, Warning};

struct LegacyHub;

#[derive(MigrationContract)]
#[contract(name = "tenant-hub", replaces = LegacyHub, phase = "parallel", factory = HubFactory)]
struct TenantHub;

#[derive(MigrationContract)]
#[contract(name = "hub-factory")]
struct HubFactory;

struct LegacyCache;

#[derive(MigrationContract)]
#[contract(name = "cache", replaces = LegacyCache, phase = "migrating")]
struct Cache;

#[derive(MigrationContract)]
#[contract(name = "planned-store", replaces = LegacyHub)]
struct PlannedStore;

pub trait Notifier: Send + Sync {}

#[derive(MigrationContract)]
#[contract(name = "notifier-adapter", implements(Send, Notifier), replaces = LegacyCache, phase = "parallel")]
struct NotifierAdapter;
impl Notifier for NotifierAdapter {}

#[derive(MigrationContract)]
#[contract(name = "mailer", depends_on(dyn Notifier))]
struct Mailer;

#[derive(MigrationContract)]
#[contract(name = "reader", depends_on(Cache))]
struct Reader;

fn contracts(with_reader: bool) -> Vec<&'static Contract> {
    let mut all: Vec<&'static Contract> = contracts_core::contracts()
        .filter(|c| with_reader || c.name() != "reader")
        .collect();
    all.sort_by_key(|c| c.name());
    all
}

fn inactive(report: &contracts_core::Report) -> Vec<(&'static str, Option<&'static str>)> {
    report
        .warnings()
        .iter()
        .filter_map(|w| match w {
            Warning::ReplacementInactive {
                contract, factory, ..
            } => Some((contract.name, *factory)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_replacement_the_state_does_not_run_is_a_warning() {
    let mut state = AppState::new();
    state
        .provide::<LegacyHub>()
        .provide::<LegacyCache>()
        .provide::<Mailer>();
    let report = Validator::new().validate_contracts(&contracts(false), Some(&state));
    // `planned-store` has not started: no warning. `notifier-adapter` is not running
    // either, but nothing provides `dyn Notifier`, and `mailer` is reported missing
    // `dyn Notifier`: the same cause, said once, with who needs it.
    assert_eq!(
        inactive(&report),
        [("cache", None), ("tenant-hub", Some("HubFactory"))],
        "{report}"
    );
    assert!(
        report
            .to_string()
            .contains("error[missing-component] (risk low): `dyn Notifier` is not in the state; needed by `mailer`"),
        "{report}"
    );
    let text = report.to_string();
    assert!(
        text.contains("warning[replacement-inactive] (risk low): migration of `tenant-hub` (tests/test_rule_replacement_inactive.rs:")
            && text.contains("is in phase `parallel`, but the state does not provide `TenantHub` nor its factory `HubFactory`: the replacement is not running beside the legacy\n  = help: insert its factory `HubFactory` into the state at startup, beside the legacy; or, until it is ready, set `phase = \"planned\"` on `tenant-hub`"),
        "{text}"
    );
    // A warning: the report still passes, unless strict.
    assert!(!report
        .violations()
        .iter()
        .any(|v| v.code() == "replacement-inactive"));
    let strict = Validator::new()
        .strict()
        .validate_contracts(&contracts(false), Some(&state));
    assert!(
        strict
            .violations()
            .iter()
            .any(|v| v.code() == "replacement-inactive"),
        "{strict}"
    );
}

#[test]
fn a_replacement_running_itself_through_its_factory_or_its_port_is_not() {
    let port: Arc<dyn Notifier> = Arc::new(NotifierAdapter);
    let mut state = AppState::new();
    state
        .provide::<LegacyHub>()
        .provide::<LegacyCache>()
        .provide::<HubFactory>()
        .provide::<Cache>()
        .insert_arc(port)
        .provide::<Mailer>();
    let report = Validator::new().validate_contracts(&contracts(false), Some(&state));
    assert_eq!(inactive(&report), [], "{report}");
    assert!(report.is_ok(), "{report}");
}

#[test]
fn a_replacement_reported_missing_is_not_reported_twice() {
    // `reader` needs `cache`: the missing-component violation says it, with who
    // needs it; the warning would repeat it.
    let mut state = AppState::new();
    state
        .provide::<HubFactory>()
        .provide::<Reader>()
        .insert_arc(Arc::new(NotifierAdapter) as Arc<dyn Notifier>);
    let report = Validator::new().validate_contracts(&contracts(true), Some(&state));
    assert_eq!(inactive(&report), [], "{report}");
    assert!(
        report
            .violations()
            .iter()
            .any(|v| v.code() == "missing-component" && v.to_string().contains("`Cache`")),
        "{report}"
    );
}

#[test]
fn an_adapter_no_consumer_reaches_yet_is_told_about_its_port_too() {
    // No contract depends on `dyn Notifier` (without `mailer`): whether the state holds
    // one cannot be seen, so the help offers both ways to run the adapter.
    let contracts: Vec<&'static Contract> = contracts(false)
        .into_iter()
        .filter(|c| c.name() != "mailer")
        .collect();
    let mut state = AppState::new();
    state
        .provide::<LegacyHub>()
        .provide::<LegacyCache>()
        .provide::<HubFactory>()
        .provide::<Cache>();
    let report = Validator::new().validate_contracts(&contracts, Some(&state));
    let inactive: Vec<_> = report
        .warnings()
        .iter()
        .filter_map(|w| match w {
            Warning::ReplacementInactive { contract, port, .. } => Some((contract.name, *port)),
            _ => None,
        })
        .collect();
    assert_eq!(
        inactive,
        [("notifier-adapter", Some("Notifier"))],
        "{report}"
    );
    assert!(
        report.to_string().contains("= help: insert `NotifierAdapter` (or, for consumers that reach it through `dyn Notifier`, an `Arc<dyn Notifier>` with `insert_arc`, and `depends_on(dyn Notifier)` on those consumers, so that validation sees it) into the state at startup, beside the legacy;"),
        "{report}"
    );
}
