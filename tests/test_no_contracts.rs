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
    // No "100.0% pass rate" next to the violation.
    assert!(
        report
            .to_string()
            .starts_with("migration contracts: 0 checked; 1 violation, 0 warnings\n"),
        "{report}"
    );
}

#[test]
fn a_baseline_is_neither_diffed_nor_blessed_without_contracts() {
    use contracts_core::snapshot::{assert_baseline, Snapshot};
    use contracts_core::ContractBuilder;

    // A test binary that does not link the crate declaring the contracts: every
    // recorded contract would diff as "removed", and blessing would empty the baseline.
    let dir = std::env::temp_dir().join(format!("contracts-unlinked-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("contracts.json");
    Snapshot::from_contracts([
        ContractBuilder::new(1, "db-pool").required().build(),
        ContractBuilder::new(2, "mailer").build(),
    ])
    .save(&path)
    .unwrap();
    let recorded = std::fs::read(&path).unwrap();

    let message = |result: std::thread::Result<()>| match result {
        Ok(()) => panic!("the baseline assertion passed with no contract registered"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default(),
    };
    let compared = message(std::panic::catch_unwind(|| assert_baseline(&path)));
    assert!(
        compared.contains("no migration contract is registered in this test binary")
            && compared.contains("(it records 2 contracts)")
            && compared.contains("use that_crate as _;"),
        "{compared}"
    );
    assert!(!compared.contains("removed"), "{compared}");

    // The only test in this binary that sets the variable, so no other test sees it.
    std::env::set_var("CONTRACTS_BLESS", "1");
    let blessed = std::panic::catch_unwind(|| assert_baseline(&path));
    std::env::remove_var("CONTRACTS_BLESS");
    assert!(message(blessed).contains("Nothing was written"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        recorded,
        "the baseline is untouched"
    );

    // No baseline yet: the same diagnosis, not "create it with CONTRACTS_BLESS=1" (which
    // would then refuse).
    let missing = dir.join("missing.json");
    let first = message(std::panic::catch_unwind(|| assert_baseline(&missing)));
    assert!(first.contains("not linked into this test"), "{first}");
    assert!(!missing.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
