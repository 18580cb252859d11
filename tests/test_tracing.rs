//! Feature `tracing`: `Report::trace()` emits one `info` with the summary, one `error`
//! per violation and one `warn` per warning, with contract, risk and declaration site.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use contracts_core::{AppState, MigrationContract};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

#[derive(MigrationContract)]
#[contract(name = "bridge", risk = "critical", required)]
struct Bridge;

struct Legacy;

#[derive(MigrationContract)]
#[contract(name = "engine", replaces = Legacy, phase = "parallel")]
struct Engine;

type Captured = Arc<Mutex<Vec<(Level, BTreeMap<String, String>)>>>;

/// Records every event with its fields; the smallest subscriber that can be asserted on.
struct Capture(Captured);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        fields.insert("target".to_owned(), event.metadata().target().to_owned());
        self.0
            .lock()
            .unwrap()
            .push((*event.metadata().level(), fields));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn a_report_becomes_one_info_one_error_per_violation_one_warn_per_warning() {
    let captured: Captured = Arc::default();
    // The replacement runs beside the legacy, as its phase says; `bridge` is missing.
    let mut state = AppState::new();
    state.provide::<Engine>();
    let report = state.validate();
    assert_eq!((report.violations().len(), report.warnings().len()), (1, 1));
    tracing::subscriber::with_default(Capture(Arc::clone(&captured)), || report.trace());

    let events = captured.lock().unwrap();
    let levels: Vec<Level> = events.iter().map(|(level, _)| *level).collect();
    assert_eq!(levels, [Level::INFO, Level::ERROR, Level::WARN]);

    let (_, summary) = &events[0];
    assert_eq!(summary["target"], "contracts");
    assert_eq!(summary["checked"], "2");
    assert_eq!(
        summary["failed"],
        (report.checked() - report.passed()).to_string()
    );
    assert_eq!(summary["violations"], "1");
    // The same first line as the text report.
    assert_eq!(
        Some(summary["message"].as_str()),
        report.to_string().lines().next()
    );

    let (_, error) = &events[1];
    assert_eq!(error["code"], "missing-component");
    assert_eq!(error["contract"], "bridge");
    assert_eq!(error["risk"], "critical");
    assert_eq!(error["declared_at"], "tests/test_tracing.rs:15");
    assert!(
        error["message"].contains("it is declared `required`"),
        "{error:?}"
    );
    assert!(error["help"].contains("insert `Bridge`"), "{error:?}");

    let (_, warning) = &events[2];
    assert_eq!(warning["code"], "migration-in-progress");
    assert_eq!(warning["contract"], "engine");
    assert_eq!(warning["declared_at"], "tests/test_tracing.rs:21");
}

#[test]
fn an_event_carries_the_risk_the_text_report_shows() {
    // A low-risk replacement of a critical legacy: the text and JSON reports show the
    // problem with the legacy's risk, and so must the event an alert keys on.
    use contracts_core::{ContractBuilder, Phase, Risk, Validator};
    let legacy = ContractBuilder::new(1, "legacy-bridge")
        .risk(Risk::Critical)
        .build();
    let engine = ContractBuilder::new(2, "engine")
        .risk(Risk::Low)
        .replaces(1, "LegacyBridge", Phase::Parallel)
        .build();
    let user = ContractBuilder::new(3, "user")
        .depends_on(1, "LegacyBridge")
        .build();
    let report = Validator::new().validate_contracts(&[legacy, engine, user], None);
    assert!(
        report
            .to_string()
            .contains("warning[migration-in-progress] (risk critical)"),
        "{report}"
    );

    let captured: Captured = Arc::default();
    tracing::subscriber::with_default(Capture(Arc::clone(&captured)), || report.trace());
    let events = captured.lock().unwrap();
    let warning = events
        .iter()
        .find(|(_, fields)| fields.get("code").map(String::as_str) == Some("migration-in-progress"))
        .map(|(_, fields)| fields)
        .expect("a migration-in-progress event");
    assert_eq!(warning["contract"], "engine");
    assert_eq!(warning["risk"], "critical");
}
