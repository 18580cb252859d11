//! The report: human text, JSON, `assert_ok`, `into_result`, determinism, strict mode.

use contracts_core::{
    validate_all, validate_app_state, AppState, ContractError, MigrationContract, Validator,
};

struct Legacy;

#[derive(MigrationContract)]
#[contract(name = "bridge", risk = "critical", replaces = Legacy, phase = "migrating")]
struct Bridge;

#[derive(MigrationContract)]
#[contract(name = "engine", risk = "high", depends_on(Bridge))]
struct Engine;

#[derive(MigrationContract)]
#[contract(name = "supervisor", depends_on(Legacy))]
struct Supervisor;

fn broken() -> AppState {
    let mut state = AppState::new();
    state.insert(Engine).insert(Supervisor);
    state
}

#[test]
fn the_text_report_has_a_summary_then_each_problem_with_location_and_help() {
    let report = validate_app_state(&broken());
    let text = report.to_string();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("migration contracts: 3 checked, 0 passed, 3 failed (0.0% pass rate); 2 violations, 1 warning")
    );
    let expected = [
        "error[missing-component] (risk critical): `Bridge` (contract `bridge`, tests/test_report.rs:11) is not in the state; needed by `engine` (tests/test_report.rs:15), which depends on it",
        "  = help: insert `Bridge` into the state before serving requests (or `Validator::ignore::<Bridge>()` if it is provided elsewhere)",
        "error[missing-component] (risk low): `Legacy` is not in the state; needed by `supervisor` (tests/test_report.rs:19), which depends on it",
        "  = help: move the consumers listed to its replacement `bridge`, or keep `Legacy` in the state until they have (with the migration in a phase before `complete`)",
        "warning[migration-in-progress] (risk critical): migration of `bridge` (tests/test_report.rs:11) from `Legacy` is in phase `migrating`; still on it: `supervisor` (tests/test_report.rs:19)",
        "  = help: move the listed consumers one at a time, validating after each",
    ];
    for line in expected {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?} in\n{text}"
        );
    }
}

#[test]
fn json_has_the_counts_and_tagged_problems() {
    let report = validate_app_state(&broken());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["ok"], false);
    assert_eq!(json["checked"], 3);
    assert_eq!(json["passed"], 0);
    assert_eq!(json["pass_rate"], 0.0);
    // The same code, risk, message and help as the text report's block.
    let text = report.to_string();
    let first = &json["violations"][0];
    assert_eq!(first["code"], "missing-component");
    assert_eq!(first["risk"], "critical");
    let message = first["message"].as_str().unwrap();
    let help = first["help"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "error[missing-component] (risk critical): {message}\n  = help: {help}\n"
        )),
        "{text}"
    );
    assert!(message
        .starts_with("`Bridge` (contract `bridge`, tests/test_report.rs:11) is not in the state"));
    assert_eq!(first["component"], "Bridge");
    assert_eq!(json["violations"][0]["contract"]["name"], "bridge");
    assert_eq!(json["violations"][0]["contract"]["line"], 11);
    assert_eq!(json["violations"][0]["needed_by"][0]["need"], "depends_on");
    assert_eq!(json["warnings"][0]["code"], "migration-in-progress");
    assert!(json["warnings"][0].get("strict").is_none());
    assert_eq!(json["warnings"][0]["phase"], "migrating");
}

#[test]
fn json_leads_with_the_schema_version_and_the_verdict() {
    let json = validate_app_state(&broken()).to_json();
    assert!(
        json.starts_with("{\n  \"schema_version\": 1,\n  \"ok\": false,\n  \"checked\": 3,"),
        "{json}"
    );
    let mut fixed = broken();
    fixed.insert(Bridge).insert(Legacy);
    let json: serde_json::Value =
        serde_json::from_str(&validate_app_state(&fixed).to_json()).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["violations"], serde_json::json!([]));
    // A warning does not make a report fail, in JSON either.
    assert_eq!(json["warnings"][0]["code"], "migration-in-progress");
}

#[test]
fn reports_are_deterministic() {
    let first = validate_app_state(&broken());
    for _ in 0..20 {
        let again = validate_app_state(&broken());
        assert_eq!(again.to_string(), first.to_string());
        assert_eq!(again.to_json(), first.to_json());
    }
}

#[test]
fn assert_ok_panics_with_the_whole_report() {
    let report = validate_app_state(&broken());
    let panic = std::panic::catch_unwind(|| report.assert_ok()).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.starts_with("migration contracts violated\nmigration contracts: 3 checked"));
    assert!(message.contains("error[missing-component]"));
    validate_all().assert_ok(); // graph rules only: warnings do not fail
}

#[test]
fn into_result_gives_an_error_that_displays_the_whole_report() {
    let report = validate_app_state(&broken());
    let expected = report.to_string();
    let error: ContractError = report.into_result().unwrap_err();
    assert_eq!(error.to_string(), expected);
    assert_eq!(error.report().violations().len(), 2);
    let source: &dyn std::error::Error = &error;
    assert!(source.to_string().contains("engine"));
    // `fn main() -> Result<(), Box<dyn Error>>` prints a returned error with `Debug`:
    // the report, as people read it.
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert_eq!(format!("{boxed:?}"), expected);

    let mut fixed = broken();
    fixed.insert(Bridge).insert(Legacy);
    let report = validate_app_state(&fixed).into_result().unwrap();
    assert!(report.is_ok());
    assert_eq!(report.pass_rate(), 1.0);
}

#[test]
fn strict_mode_counts_warnings() {
    let report = Validator::new().strict().validate_all();
    assert!(!report.is_ok());
    assert!(report.warnings().is_empty());
    assert_eq!(report.violations()[0].code(), "migration-in-progress");
    assert!(report
        .to_string()
        .contains("(strict) migration of `bridge`"));

    // In JSON the warning is the violation, marked strict, with one `code` (it used to
    // carry two `kind` keys, which strict JSON parsers reject).
    let text = report.to_json();
    assert_eq!(
        text.matches("\"code\":").count(),
        report.violations().len(),
        "{text}"
    );
    assert!(!text.contains("\"kind\""), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let problem = &json["violations"][0];
    assert_eq!(problem["code"], "migration-in-progress");
    assert_eq!(problem["strict"], true);
    assert_eq!(problem["phase"], "migrating");
    assert!(problem["message"]
        .as_str()
        .unwrap()
        .starts_with("(strict) migration of `bridge`"));
}
