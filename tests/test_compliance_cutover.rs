//! A cutover attached to the validation report shows in the compliance report: which
//! consumer is on which side, and the calls each side served.

use contracts_core::analysis::ComplianceReport;
use contracts_core::cutover::Cutover;
use contracts_core::graph::ContractGraph;
use contracts_core::{contract_of, MigrationContract, Validator};

struct LegacyBridge;

#[derive(MigrationContract)]
#[contract(name = "user-bridge", replaces = LegacyBridge, phase = "migrating")]
struct UserBridge;

#[test]
fn the_compliance_report_lists_each_cutover_consumer_with_its_side_and_calls() {
    let contracts = [contract_of::<UserBridge>().unwrap()];
    let cutover = Cutover::new("legacy", "new")
        .with_labels("LegacyBridge", "UserBridge")
        .with_consumers(["engine", "supervisor"]);
    for _ in 0..3 {
        let _ = cutover.route("engine");
    }
    cutover.move_to_new("supervisor").unwrap();
    for _ in 0..2 {
        let _ = cutover.route("supervisor");
    }

    let report = Validator::new()
        .validate_contracts(&contracts, None)
        .with_cutover(cutover.status());
    let compliance = ComplianceReport::new(&ContractGraph::new(&contracts), &report);
    assert_eq!(compliance.cutovers.len(), 1);

    let markdown = compliance.to_markdown();
    assert!(
        markdown.contains("### `LegacyBridge` -> `UserBridge`: 1 of 2 consumers on new"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `engine` | legacy | 3 | 0 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `supervisor` | new | 0 | 2 | 1 | 0 |"),
        "{markdown}"
    );

    let json: serde_json::Value = serde_json::from_str(&compliance.to_json()).unwrap();
    assert_eq!(json["cutovers"][0]["consumers"][1]["side"], "new");
    assert_eq!(json["cutovers"][0]["consumers"][0]["legacy_calls"], 3);

    // Counts are singular or plural as the numbers are.
    let single = Cutover::new("legacy", "new")
        .with_labels("LegacyBridge", "UserBridge")
        .with_consumers(["engine"]);
    let markdown_of = |cutover: &Cutover<_, _>| {
        ComplianceReport::new(
            &ContractGraph::new(&contracts),
            &Validator::new()
                .validate_contracts(&contracts, None)
                .with_cutover(cutover.status()),
        )
        .to_markdown()
    };
    let _ = single.route("stranger");
    let markdown = markdown_of(&single);
    assert!(
        markdown.contains("### `LegacyBridge` -> `UserBridge`: 0 of 1 consumer on new\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n1 call came from consumers never registered (served by legacy).\n"),
        "{markdown}"
    );
    let _ = single.route("stranger");
    let markdown = markdown_of(&single);
    assert!(
        markdown.contains("\n2 calls came from consumers never registered (served by legacy).\n"),
        "{markdown}"
    );

    // Without a cutover, the section is absent.
    let plain = ComplianceReport::new(
        &ContractGraph::new(&contracts),
        &Validator::new().validate_contracts(&contracts, None),
    );
    assert!(!plain.to_markdown().contains("Cutovers"));
}
