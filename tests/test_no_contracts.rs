//! A binary in which no contract is registered: usually a crate that declares them was
//! never linked. Validation warns and does not fail.

use contracts_core::{validate_all, validate_app_state, AppState, Validator, Warning};

#[test]
fn no_contract_is_a_warning_with_a_full_pass_rate() {
    for report in [validate_all(), validate_app_state(&AppState::new())] {
        assert!(report.is_ok());
        assert_eq!(report.checked(), 0);
        assert_eq!(report.passed(), 0);
        assert_eq!(report.pass_rate(), 1.0);
        assert_eq!(report.warnings(), [Warning::NoContracts]);
        assert!(report
            .to_string()
            .contains("no migration contract is registered"));
        assert!(report.to_string().contains("linked"));
    }
    assert_eq!(contracts_core::contracts().count(), 0);
}

#[test]
fn strict_mode_turns_the_warning_into_a_violation() {
    let report = Validator::new().strict().validate_all();
    assert!(!report.is_ok());
    assert_eq!(report.violations()[0].code(), "no-contracts");
    assert!(report.warnings().is_empty());
}
