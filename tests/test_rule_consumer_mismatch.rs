//! Rule: X lists Y in `consumers`, Y has a contract, Y does not depend on X -> warning.

use contracts_core::{contract_of, validate_all, MigrationContract, Validator, Warning};

#[derive(MigrationContract)]
#[contract(requires(fn send(&self)), consumers(Engine = [send], Supervisor, Unannotated))]
struct Bridge;

impl Bridge {
    fn send(&self) {}
}

#[derive(MigrationContract)]
#[contract(depends_on(Bridge))]
struct Engine;

// Listed as a consumer but depends on nothing: the analysis and the code disagree.
#[derive(MigrationContract)]
struct Supervisor;

// A consumer without a contract cannot be checked and is not reported.
struct Unannotated;

#[derive(MigrationContract)]
#[contract(factory = PoolFactory, consumers(Repository))]
struct Pool;

struct PoolFactory;

// Depending on the factory counts as consuming the component it makes.
#[derive(MigrationContract)]
#[contract(depends_on(PoolFactory))]
struct Repository;

#[test]
fn a_listed_consumer_that_does_not_depend_is_a_warning() {
    let _ = Unannotated;
    let report = validate_all();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.warnings().len(), 1, "{report}");
    let Warning::ConsumerMismatch {
        component,
        consumers,
    } = &report.warnings()[0]
    else {
        panic!("{report}");
    };
    assert_eq!(component.name, "Bridge");
    let names: Vec<_> = consumers.iter().map(|c| c.name).collect();
    assert_eq!(names, ["Supervisor"]);
    assert!(
        report.to_string().contains("= help: remove from `Bridge`'s `consumers(..)` each listed consumer that no longer uses `Bridge` (one that moved to a replacement, say); to each that does, add `depends_on(Bridge)`"),
        "{report}"
    );
    // In JSON the blamed contract is `contract`, as in every other problem.
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let warning = &json["warnings"][0];
    assert_eq!(warning["code"], "consumer-mismatch");
    assert_eq!(warning["contract"]["name"], "Bridge");
    assert_eq!(warning["consumers"][0]["name"], "Supervisor");
    assert!(warning.get("component").is_none(), "{warning}");
}

#[test]
fn consumers_that_depend_pass_without_warning() {
    let report = Validator::new().validate_contracts(
        &[
            contract_of::<Pool>().unwrap(),
            contract_of::<Repository>().unwrap(),
            contract_of::<Engine>().unwrap(),
        ],
        None,
    );
    assert!(report.is_ok() && report.warnings().is_empty(), "{report}");
}
