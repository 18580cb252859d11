//! Rule: two contracts share a `name` -> violation naming both, with where they are declared.

use contracts_core::{contract_of, validate_all, MigrationContract, Validator, Violation};

#[derive(MigrationContract)]
#[contract(name = "bridge")]
struct LegacyBridge;

#[derive(MigrationContract)]
#[contract(name = "bridge")]
struct UserBridge;

#[derive(MigrationContract)]
#[contract(name = "factory")]
struct BridgeFactory;

#[test]
fn a_shared_name_is_one_violation_naming_every_contract() {
    let report = validate_all();
    assert_eq!(report.checked(), 3);
    assert_eq!(report.violations().len(), 1, "{report}");
    let Violation::DuplicateName { name, contracts } = &report.violations()[0] else {
        panic!("expected a duplicate name: {report}");
    };
    assert_eq!(*name, "bridge");
    let types: Vec<&str> = contracts.iter().map(|c| c.type_name).collect();
    assert_eq!(
        types,
        [
            "test_rule_duplicate_name::LegacyBridge",
            "test_rule_duplicate_name::UserBridge"
        ]
    );
    assert!(contracts
        .iter()
        .all(|c| c.file == "tests/test_rule_duplicate_name.rs"));
    assert_eq!(contracts[0].line, 7);
    assert_eq!(contracts[1].line, 11);
    // the third contract is unaffected
    assert_eq!(report.passed(), 1);
    let text = report.to_string();
    assert!(text.contains("error[duplicate-name]"), "{text}");
    // One name twice: the types tell the two apart.
    assert!(
        text.contains("contract name `bridge` is declared 2 times: `bridge` on `test_rule_duplicate_name::LegacyBridge` (tests/test_rule_duplicate_name.rs:7), `bridge` on `test_rule_duplicate_name::UserBridge` (tests/test_rule_duplicate_name.rs:11)\n"),
        "{text}"
    );
}

#[test]
fn unique_names_pass() {
    let report = Validator::new().validate_contracts(
        &[
            contract_of::<LegacyBridge>().unwrap(),
            contract_of::<BridgeFactory>().unwrap(),
        ],
        None,
    );
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.passed(), 2);
}
