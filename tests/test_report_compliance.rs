//! The compliance report: the playbook's metrics per migration and overall, in
//! Markdown and JSON, for the bridge example and for synthetic contract sets.

use contracts_core::analysis::{required_actions, ComplianceReport};
use contracts_core::graph::{ContractGraph, EdgeKind};
use contracts_core::{Contract, ContractBuilder, Phase, Risk, Validator};

#[path = "../examples/shared/bridge.rs"]
mod bridge;

fn report_of(contracts: &[&'static Contract]) -> ComplianceReport {
    let graph = ContractGraph::new(contracts);
    let report = Validator::new().validate_contracts(contracts, None);
    ComplianceReport::new(&graph, &report)
}

#[test]
fn the_bridge_report_has_the_playbook_metrics() {
    let report = ComplianceReport::from_registry();
    assert!(report.summary.compliant);
    assert_eq!(report.summary.contracts, 6);
    assert_eq!(report.summary.pass_rate, 1.0);
    assert_eq!(report.summary.warnings, 1);
    assert_eq!(report.summary.migrations, 1);
    assert_eq!(report.summary.consumers_on_legacy, 1);

    let migration = &report.migrations[0];
    assert_eq!(migration.replacement, "user-websocket-bridge");
    assert_eq!(migration.legacy, "agent-websocket-bridge");
    assert_eq!(migration.phase, Phase::Migrating);
    assert_eq!(migration.effective_risk, Risk::Critical);
    assert_eq!(
        migration.required_actions,
        "full playbook + extended validation"
    );
    let on_legacy: Vec<&str> = migration
        .consumers_on_legacy
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(on_legacy, ["supervisor-factory"]);
    assert_eq!(migration.consumers_on_legacy[0].uses, [EdgeKind::DependsOn]);
    let moved: Vec<&str> = migration.consumers_moved.iter().map(|c| c.name).collect();
    assert_eq!(moved, ["execution-engine"]);
    assert_eq!(migration.consumers_moved[0].methods, ["notify", "flush"]);
    assert_eq!(migration.warnings[0].code, "migration-in-progress");

    let phases: Vec<(Phase, usize)> = report
        .phases
        .iter()
        .map(|p| (p.phase, p.migrations))
        .collect();
    assert_eq!(
        phases,
        [
            (Phase::Planned, 0),
            (Phase::Parallel, 0),
            (Phase::Migrating, 1),
            (Phase::Complete, 0)
        ]
    );

    let levels: Vec<(Risk, usize)> = report
        .risk_levels
        .iter()
        .map(|l| (l.risk, l.contracts.len()))
        .collect();
    assert_eq!(
        levels,
        [
            (Risk::Critical, 3),
            (Risk::High, 3),
            (Risk::Medium, 0),
            (Risk::Low, 0)
        ]
    );
}

#[test]
fn markdown_shows_each_section() {
    let text = ComplianceReport::from_registry().to_markdown();
    for expected in [
        "# Migration compliance report\n",
        "**Status: compliant (no violation)**",
        "| contract validation pass rate | 100.0% (6 of 6 contracts; target 100%) |",
        "| consumers still on legacy types | 1 |",
        "### `user-websocket-bridge` replaces `agent-websocket-bridge` (phase: migrating)",
        "- consumers still on the legacy type (1): `supervisor-factory` (high; depends_on)",
        "- consumers on the replacement (1): `execution-engine` (critical; declared_consumer: notify, flush)",
        "| migrating | 1 |",
        "| critical | 3 | event delivery, agent execution, auth flows | full playbook + extended validation |",
        "| low | 0 | internal refactoring, no external dependencies | basic validation only |",
        "## Violations (0)",
        "## Warnings (1)",
        "- **migration-in-progress** (risk critical):",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.ends_with("\n\n"));
}

#[test]
fn an_incomplete_migration_is_not_compliant_and_lowers_its_pass_rate() {
    let legacy = ContractBuilder::new(1, "legacy-pool").build();
    let pool = ContractBuilder::new(2, "pool")
        .risk(Risk::Medium)
        .replaces(1, "legacy-pool", Phase::Complete)
        .build();
    let left_behind = ContractBuilder::new(3, "reports")
        .depends_on(1, "legacy-pool")
        .build();
    let moved = ContractBuilder::new(4, "orders")
        .depends_on(2, "pool")
        .build();
    let unrelated = ContractBuilder::new(5, "metrics").build();
    let report = report_of(&[legacy, pool, left_behind, moved, unrelated]);

    assert!(!report.summary.compliant);
    assert_eq!(report.summary.violations, 1);
    assert_eq!(report.violations[0].code, "incomplete-migration");
    assert_eq!(report.violations[0].contracts, ["pool", "reports"]);
    // Overall: pool and reports fail, 3 of 5 pass.
    assert_eq!((report.summary.passed, report.summary.checked), (3, 5));

    let migration = &report.migrations[0];
    // Involved: pool, legacy-pool, reports, orders; pool and reports fail.
    assert_eq!((migration.passed, migration.checked), (2, 4));
    assert_eq!(migration.pass_rate, 0.5);
    assert_eq!(migration.violations.len(), 1);
    assert_eq!(
        migration
            .warnings
            .iter()
            .map(|w| w.code)
            .collect::<Vec<_>>(),
        ["legacy-not-removed"]
    );

    let text = report.to_markdown();
    assert!(
        text.contains("**Status: not compliant (1 violation): do not proceed to the next phase**"),
        "{text}"
    );
    assert!(text.contains("- contract validation pass rate: 50.0% (2 of 4 contracts involved)"));
    assert!(
        text.contains("- **incomplete-migration** (risk medium):"),
        "{text}"
    );
}

#[test]
fn raised_risk_is_shown_with_its_reason_and_required_actions() {
    let pool = ContractBuilder::new(1, "pool").risk(Risk::Low).build();
    let api = ContractBuilder::new(2, "api")
        .risk(Risk::Critical)
        .depends_on(1, "pool")
        .build();
    let report = report_of(&[pool, api]);
    let high = report
        .risk_levels
        .iter()
        .find(|l| l.risk == Risk::High)
        .unwrap();
    assert_eq!(high.required_actions, required_actions(Risk::High));
    assert_eq!(high.contracts[0].name, "pool");
    assert_eq!(high.contracts[0].declared_risk, Risk::Low);
    assert_eq!(
        high.contracts[0].reasons,
        ["the critical `api` depends on it"]
    );
    let text = report.to_markdown();
    assert!(
        text.contains(
            "| `pool` | **high** | low | the critical `api` depends on it | <synthetic>:0 |"
        ),
        "{text}"
    );
}

#[test]
fn json_has_every_section_and_is_deterministic() {
    let first = ComplianceReport::from_registry().to_json();
    let second = ComplianceReport::from_registry().to_json();
    assert_eq!(first, second);
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    for key in [
        "summary",
        "migrations",
        "phases",
        "risk_levels",
        "violations",
        "warnings",
    ] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    assert_eq!(value["summary"]["pass_rate"], 1.0);
    assert_eq!(value["risk_levels"][0]["risk"], "critical");
    assert_eq!(
        value["migrations"][0]["consumers_on_legacy"][0]["uses"],
        serde_json::json!(["depends_on"])
    );
}

#[test]
fn an_empty_contract_set_still_reports() {
    let report = report_of(&[]);
    assert!(report.summary.compliant);
    assert_eq!(report.summary.pass_rate, 1.0);
    assert_eq!(report.warnings[0].code, "no-contracts");
    assert!(report
        .to_markdown()
        .contains("None declared (`replaces = ..`)."));
    // Strict: not compliant, and no "100.0%" of nothing beside it.
    let strict = ComplianceReport::new(
        &ContractGraph::new(&[]),
        &Validator::new().strict().validate_contracts(&[], None),
    );
    let markdown = strict.to_markdown();
    assert!(
        markdown.contains("**Status: not compliant (1 violation)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| contract validation pass rate | none checked (no contract) |"),
        "{markdown}"
    );
    assert!(!markdown.contains("100.0%"), "{markdown}");
}

#[test]
fn business_values_are_shown_with_the_migration_and_its_findings() {
    let legacy = ContractBuilder::new(1, "legacy-bridge")
        .risk(Risk::Critical)
        .business_value("chat events")
        .build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .business_value("per-user chat events")
        .replaces(1, "LegacyBridge", Phase::Complete)
        .build();
    let supervisor = ContractBuilder::new(3, "supervisor")
        .depends_on(1, "LegacyBridge")
        .build();
    let report = report_of(&[legacy, bridge, supervisor]);
    let migration = &report.migrations[0];
    // What the legacy delivers now is at stake, as the plan's analysis says.
    assert_eq!(migration.business_value, Some("chat events"));
    // The incomplete migration names both contracts: both values are at stake.
    let finding = &report.violations[0];
    assert_eq!(finding.code, "incomplete-migration");
    let values: Vec<(&str, &str)> = finding
        .business_values
        .iter()
        .map(|v| (v.contract, v.value))
        .collect();
    assert_eq!(
        values,
        [
            ("user-bridge", "per-user chat events"),
            ("legacy-bridge", "chat events")
        ]
    );
    // Its risk is the legacy's, as in the validation report.
    assert_eq!(finding.risk, Some(Risk::Critical));
    let markdown = report.to_markdown();
    assert!(
        markdown.contains("- business value at stake: chat events\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("  - business value of `legacy-bridge`: chat events\n"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["violations"][0]["business_values"][1]["value"],
        "chat events"
    );
}

/// `user-bridge` replaces `legacy-bridge` (#1) and is made by `bridge-factory` (#3).
fn bridge_made_by_a_factory() -> [&'static Contract; 3] {
    let legacy = ContractBuilder::new(1, "legacy-bridge").build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .replaces(1, "LegacyBridge", Phase::Migrating)
        .factory(3, "BridgeFactory")
        .build();
    let factory = ContractBuilder::new(3, "bridge-factory").build();
    [legacy, bridge, factory]
}

#[test]
fn a_consumer_on_the_replacements_factory_has_moved() {
    // What the plan tells a consumer to do: depend on the factory, get a replacement
    // per request.
    let [legacy, bridge, factory] = bridge_made_by_a_factory();
    let supervisor = ContractBuilder::new(4, "supervisor")
        .depends_on(3, "BridgeFactory")
        .build();
    let tool = ContractBuilder::new(5, "tool")
        .depends_on(1, "LegacyBridge")
        .build();
    let contracts = [legacy, bridge, factory, supervisor, tool];
    let report = report_of(&contracts);
    let migration = &report.migrations[0];
    let names = |list: &[contracts_core::analysis::ConsumerOnType]| {
        list.iter().map(|c| c.name).collect::<Vec<_>>()
    };
    assert_eq!(names(&migration.consumers_on_legacy), ["tool"]);
    assert_eq!(names(&migration.consumers_moved), ["supervisor"]);

    let graph = contracts_core::graph::ContractGraph::new(&contracts);
    let plan =
        contracts_core::analysis::MigrationPlan::new(&graph, graph.find("legacy-bridge").unwrap())
            .unwrap();
    assert!(
        plan.to_markdown()
            .contains("| consumers | 1 to move, 1 moved |"),
        "{}",
        plan.to_markdown()
    );
}

#[test]
fn what_else_the_replacements_factory_makes_has_not_moved() {
    let [legacy, bridge, factory] = bridge_made_by_a_factory();
    // Made by the same factory, unrelated to the migration.
    let session = ContractBuilder::new(4, "session")
        .factory(3, "BridgeFactory")
        .build();
    let report = report_of(&[legacy, bridge, factory, session]);
    let migration = &report.migrations[0];
    assert!(migration.consumers_moved.is_empty(), "{migration:?}");
    // user-bridge and legacy-bridge only.
    assert_eq!(migration.checked, 2, "{migration:?}");
}

#[test]
fn an_adapter_still_on_the_type_it_replaces_is_not_done() {
    // As validation says: `incomplete-migration`.
    let legacy = ContractBuilder::new(1, "legacy-store").build();
    let adapter = ContractBuilder::new(2, "store-adapter")
        .replaces(1, "LegacyStore", Phase::Complete)
        .depends_on(1, "LegacyStore")
        .build();
    let contracts = [legacy, adapter];
    let report = report_of(&contracts);
    assert!(!report.summary.compliant);
    let names: Vec<&str> = report.migrations[0]
        .consumers_on_legacy
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["store-adapter"]);

    let graph = ContractGraph::new(&contracts);
    let plan =
        contracts_core::analysis::MigrationPlan::new(&graph, graph.find("legacy-store").unwrap())
            .unwrap();
    let markdown = plan.to_markdown();
    assert!(
        markdown.contains("make `store-adapter` stand on its own: it still uses `legacy-store`, the type it replaces"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("move `store-adapter` from"),
        "{markdown}"
    );
    let rollout = &plan.phases[3].steps;
    assert_eq!(
        rollout[0].status,
        contracts_core::analysis::StepStatus::Blocked,
        "{markdown}"
    );
}

#[test]
fn an_adapter_listed_only_by_the_legacy_is_told_to_fix_the_list() {
    let legacy = ContractBuilder::new(1, "legacy-store")
        .consumer(2, "StoreAdapter", &[])
        .build();
    let adapter = ContractBuilder::new(2, "store-adapter")
        .replaces(1, "LegacyStore", Phase::Migrating)
        .build();
    let contracts = [legacy, adapter];
    let graph = ContractGraph::new(&contracts);
    let plan =
        contracts_core::analysis::MigrationPlan::new(&graph, graph.find("legacy-store").unwrap())
            .unwrap();
    let markdown = plan.to_markdown();
    assert!(
        markdown.contains("`legacy-store` lists `store-adapter` in its `consumers(..)`: if `store-adapter` no longer uses it, remove it from that list"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("from its `depends_on(..)`"),
        "{markdown}"
    );
    // Its risk is explained once.
    let reasons: Vec<&String> = plan
        .risk_reasons
        .iter()
        .filter(|r| r.contains("`store-adapter`"))
        .collect();
    assert_eq!(reasons.len(), 1, "{:?}", plan.risk_reasons);
}

/// `legacy` replaced by two contracts, with four consumers still on it.
fn two_replacements_of_one_legacy() -> Vec<&'static Contract> {
    let mut contracts = vec![
        ContractBuilder::new(1, "legacy")
            .type_name("Legacy")
            .build(),
        ContractBuilder::new(2, "new")
            .replaces(1, "Legacy", Phase::Migrating)
            .build(),
        ContractBuilder::new(4, "new-two")
            .replaces(1, "Legacy", Phase::Planned)
            .build(),
    ];
    for id in 10..14 {
        contracts.push(
            ContractBuilder::new(id, format!("consumer-{id}"))
                .depends_on(1, "Legacy")
                .build(),
        );
    }
    contracts
}

#[test]
fn consumers_of_a_legacy_replaced_twice_are_counted_once() {
    let report = report_of(&two_replacements_of_one_legacy());
    assert_eq!(report.migrations.len(), 2);
    assert_eq!(report.migrations[0].consumers_on_legacy.len(), 4);
    assert_eq!(report.migrations[1].consumers_on_legacy.len(), 4);
    assert_eq!(report.summary.consumers_on_legacy, 4);
    assert!(report
        .to_markdown()
        .contains("| consumers still on legacy types | 4 |"));
}

#[test]
fn each_plan_hint_names_a_command_that_shows_that_plan() {
    let contracts = two_replacements_of_one_legacy();
    let text = report_of(&contracts).to_markdown();
    let hints: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("- plan: `contracts plan "))
        .filter_map(|rest| rest.strip_suffix('`'))
        .collect();
    // The legacy's own name would ask which replacement: each names its replacement.
    assert_eq!(hints, ["new", "new-two"], "{text}");
    for (name, replacement) in hints.iter().zip(["new", "new-two"]) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = contracts_core::cli::run_with(
            &contracts,
            ["contracts", "plan", name],
            &mut out,
            &mut err,
        );
        assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
        let plan = String::from_utf8(out).unwrap();
        assert!(
            plan.starts_with(&format!("# Migration plan: `legacy` to `{replacement}`")),
            "{plan}"
        );
    }

    // A name a shell would split or redirect is quoted, so the command can be pasted.
    let legacy = ContractBuilder::new(1, "a|b <b>it's</b>").build();
    let replacement = ContractBuilder::new(2, "new $HOME")
        .replaces(1, "Legacy", Phase::Parallel)
        .build();
    let consumer = ContractBuilder::new(3, "consumer")
        .depends_on(1, "Legacy")
        .build();
    let text = report_of(&[legacy, replacement, consumer]).to_markdown();
    assert!(
        text.contains("- plan: `contracts plan 'a|b <b>it'\\''s</b>'`"),
        "{text}"
    );
    #[cfg(unix)]
    {
        let word = "'a|b <b>it'\\''s</b>'";
        let echoed = std::process::Command::new("sh")
            .args(["-c", &format!("printf %s {word}")])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(echoed.stdout).unwrap(), "a|b <b>it's</b>");
    }

    // A name the command line would read as an option comes after `--`.
    let legacy = ContractBuilder::new(1, "-dash").build();
    let replacement = ContractBuilder::new(2, "new")
        .replaces(1, "Legacy", Phase::Parallel)
        .build();
    let contracts = [legacy, replacement];
    let text = report_of(&contracts).to_markdown();
    assert!(text.contains("- plan: `contracts plan -- -dash`"), "{text}");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = contracts_core::cli::run_with(
        &contracts,
        ["contracts", "plan", "--", "-dash"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));

    // A legacy with one replacement keeps its own name, as the bridge example shows.
    let text = ComplianceReport::from_registry().to_markdown();
    assert!(
        text.contains("- plan: `contracts plan agent-websocket-bridge`"),
        "{text}"
    );
}

#[test]
fn the_report_rates_a_migration_as_its_plan_does() {
    // A critical consumer still on a low-risk legacy: the migration is critical, in
    // the report as in the plan (the report used to say `high`, the plan `critical`).
    let contracts = [
        ContractBuilder::new(1, "old-cache")
            .type_name("OldCache")
            .build(),
        ContractBuilder::new(2, "new-cache")
            .replaces(1, "OldCache", Phase::Migrating)
            .build(),
        ContractBuilder::new(3, "checkout")
            .risk(Risk::Critical)
            .depends_on(1, "OldCache")
            .build(),
    ];
    let report = report_of(&contracts);
    let graph = ContractGraph::new(&contracts);
    let plan =
        contracts_core::analysis::MigrationPlan::new(&graph, graph.find("old-cache").unwrap())
            .unwrap();
    assert_eq!(plan.effective_risk, Risk::Critical);
    assert_eq!(report.migrations[0].effective_risk, plan.effective_risk);
    assert_eq!(
        report.migrations[0].required_actions,
        required_actions(Risk::Critical)
    );
}

#[test]
fn markdown_says_which_consumers_reach_a_type_through_its_factory() {
    // `old-session` is made by `session-pool`, `user-bridge` by `bridge-factory`: their
    // users get one per request from the factory, which is what their contracts name.
    let pool = ContractBuilder::new(1, "session-pool").build();
    let old = ContractBuilder::new(2, "old-session")
        .factory(1, "SessionPool")
        .build();
    let bridge = ContractBuilder::new(3, "user-bridge")
        .replaces(2, "OldSession", Phase::Migrating)
        .factory(4, "BridgeFactory")
        .build();
    let factory = ContractBuilder::new(4, "bridge-factory").build();
    let handler = ContractBuilder::new(5, "handler")
        .risk(Risk::High)
        .depends_on(1, "SessionPool")
        .build();
    let supervisor = ContractBuilder::new(6, "supervisor")
        .depends_on(4, "BridgeFactory")
        .build();
    let direct = ContractBuilder::new(7, "direct")
        .depends_on(2, "OldSession")
        .build();
    let report = report_of(&[pool, old, bridge, factory, handler, supervisor, direct]);
    let migration = &report.migrations[0];
    let through = |list: &[contracts_core::analysis::ConsumerOnType]| {
        list.iter()
            .map(|c| (c.name, c.through_factory))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        through(&migration.consumers_on_legacy),
        [("direct", None), ("handler", Some("session-pool"))]
    );
    assert_eq!(
        through(&migration.consumers_moved),
        [("supervisor", Some("bridge-factory"))]
    );
    let markdown = report.to_markdown();
    assert!(
        markdown.contains(
            "- consumers still on the legacy type (2): `direct` (low; depends_on), `handler` \
             (high; depends_on via its factory `session-pool`)\n"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "- consumers on the replacement (1): `supervisor` (low; depends_on via its factory \
             `bridge-factory`)\n"
        ),
        "{markdown}"
    );
}
