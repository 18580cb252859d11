//! The migration plan: the playbook's five phases filled in from the contracts, with
//! consumers moved one at a time, least risky first and dependencies before
//! dependants, the cleanup only after every consumer moved, and rollback notes.

use contracts_core::analysis::{MigrationPlan, PlanError, StepStatus, Strategy};
use contracts_core::graph::ContractGraph;
use contracts_core::{Contract, ContractBuilder, Phase, Risk, Validator};

#[path = "../examples/shared/bridge.rs"]
mod bridge;

fn plan(contracts: &[&'static Contract], name: &str) -> Result<MigrationPlan, PlanError> {
    let graph = ContractGraph::new(contracts);
    MigrationPlan::new(&graph, graph.find(name).unwrap())
}

fn consumer_steps(plan: &MigrationPlan) -> Vec<(&'static str, StepStatus)> {
    plan.phases[2]
        .steps
        .iter()
        .filter_map(|s| s.consumer.map(|c| (c, s.status)))
        .collect()
}

/// A legacy cache with five consumers of various risks; `api` depends on `sessions`,
/// so `sessions` must move first even though it is riskier.
fn cache_migration(phase: Phase) -> Vec<&'static Contract> {
    let legacy = ContractBuilder::new(1, "legacy-cache")
        .type_name("app::LegacyCache")
        .risk(Risk::Medium)
        .requires("get", Some("fn get(&self, key: &str) -> Option<String>"))
        .consumer(12, "billing", &["get"])
        .build();
    let cache = ContractBuilder::new(2, "cache")
        .type_name("app::Cache")
        .risk(Risk::Medium)
        .requires("get", Some("fn get(&self, key: &str) -> Option<String>"))
        .replaces(1, "LegacyCache", phase)
        .build();
    let sessions = ContractBuilder::new(10, "sessions")
        .risk(Risk::High)
        .depends_on(1, "LegacyCache")
        .build();
    let api = ContractBuilder::new(11, "api")
        .risk(Risk::Low)
        .depends_on(1, "LegacyCache")
        .depends_on(10, "sessions")
        .build();
    let billing = ContractBuilder::new(12, "billing")
        .risk(Risk::Medium)
        .depends_on(1, "LegacyCache")
        .build();
    let search = ContractBuilder::new(13, "search")
        .risk(Risk::Low)
        .depends_on_optional(1, "LegacyCache")
        .build();
    let reports = ContractBuilder::new(14, "reports")
        .depends_on(2, "Cache")
        .build();
    vec![legacy, cache, sessions, api, billing, search, reports]
}

#[test]
fn consumers_move_least_risky_first_and_dependencies_before_dependants() {
    let plan = plan(&cache_migration(Phase::Migrating), "legacy-cache").unwrap();
    assert_eq!(plan.legacy.name, "legacy-cache");
    assert_eq!(plan.replacement.name, "cache");
    assert_eq!(plan.consumers_to_move, 4);
    assert_eq!(plan.consumers_moved, 1);
    // search (low), billing (medium), sessions (high), then api (low, but it depends
    // on sessions).
    assert_eq!(
        consumer_steps(&plan),
        [
            ("reports", StepStatus::Done),
            ("search", StepStatus::Pending),
            ("billing", StepStatus::Blocked),
            ("sessions", StepStatus::Blocked),
            ("api", StepStatus::Blocked),
        ]
    );
    // One at a time: each consumer step comes after the previous one.
    let steps = &plan.phases[2].steps;
    let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]);
    assert_eq!(steps[3].after, ["3.3"]);
    assert_eq!(steps[5].after, ["3.5"]);
}

#[test]
fn every_step_has_a_validation_and_a_rollback_note() {
    let plan = plan(&cache_migration(Phase::Migrating), "legacy-cache").unwrap();
    assert_eq!(plan.phases.len(), 5);
    let names: Vec<&str> = plan.phases.iter().map(|p| p.name).collect();
    assert_eq!(
        names,
        [
            "Pre-migration analysis",
            "Migration design",
            "Implementation",
            "Validation and rollout",
            "Cleanup and documentation"
        ]
    );
    for phase in &plan.phases {
        for step in &phase.steps {
            assert!(!step.rollback.is_empty(), "{} has no rollback", step.id);
        }
    }
    let billing = plan.phases[2]
        .steps
        .iter()
        .find(|s| s.consumer == Some("billing"))
        .unwrap();
    assert!(billing
        .validation
        .contains(&"`contracts check` exits with status 0".to_owned()));
    assert!(billing
        .rollback
        .starts_with("point `billing` back at `legacy-cache`"));
    assert!(
        billing
            .details
            .contains(&"`get` is required on `cache` too".to_owned()),
        "{:?}",
        billing.details
    );
    assert!(billing.details.contains(
        &"change its contract from `depends_on(LegacyCache)` to `depends_on(Cache)`".to_owned()
    ));
    let sessions = plan.phases[2]
        .steps
        .iter()
        .find(|s| s.consumer == Some("sessions"))
        .unwrap();
    assert!(
        sessions
            .validation
            .contains(&"re-test its dependants: `api`".to_owned()),
        "{:?}",
        sessions.validation
    );
}

#[test]
fn cleanup_waits_for_every_consumer() {
    let plan = plan(&cache_migration(Phase::Migrating), "legacy-cache").unwrap();
    let cleanup = &plan.phases[4].steps[0];
    assert_eq!(cleanup.id, "5.1");
    assert_eq!(cleanup.status, StepStatus::Blocked);
    assert!(cleanup.title.starts_with("remove `legacy-cache`"));
    assert!(cleanup.details[0].starts_with("only after every consumer moved"));
    let validation = &plan.phases[3].steps[0];
    assert_eq!(validation.after, ["3.3", "3.4", "3.5", "3.6"]);
    assert_eq!(validation.status, StepStatus::Blocked);

    // Once nothing is left on the legacy type, the cleanup is the next thing to do.
    let legacy = ContractBuilder::new(1, "legacy-cache").build();
    let cache = ContractBuilder::new(2, "cache")
        .replaces(1, "legacy-cache", Phase::Migrating)
        .build();
    let user = ContractBuilder::new(3, "user")
        .depends_on(2, "cache")
        .build();
    let plan = plan_of(&[legacy, cache, user]);
    assert_eq!(plan.consumers_to_move, 0);
    assert_eq!(plan.phases[4].steps[0].status, StepStatus::Pending);
    assert_eq!(plan.phases[3].steps[0].status, StepStatus::Pending);
}

fn plan_of(contracts: &[&'static Contract]) -> MigrationPlan {
    plan(contracts, "legacy-cache").unwrap()
}

#[test]
fn a_complete_migration_with_the_legacy_gone_is_done() {
    // The legacy type has no contract any more: it is an external node.
    let cache = ContractBuilder::new(2, "cache")
        .replaces(1, "legacy-cache", Phase::Complete)
        .build();
    let user = ContractBuilder::new(3, "user")
        .depends_on(2, "cache")
        .build();
    let plan = plan(&[cache, user], "cache").unwrap();
    assert_eq!(plan.phase, Phase::Complete);
    assert_eq!(plan.phases[4].steps[0].status, StepStatus::Done);
    assert!(plan
        .phases
        .iter()
        .take(4)
        .flat_map(|p| &p.steps)
        .all(|s| s.status == StepStatus::Done));
    assert_eq!(plan.strategy, Strategy::BigBang);
}

#[test]
fn a_complete_migration_is_not_rolled_out_while_contracts_check_fails() {
    // Every consumer moved and the phase is `complete`, but `new` is in a dependency
    // cycle: `contracts check` fails, so compliance (4.1) and what follows are not done.
    let old = ContractBuilder::new(1, "old").build();
    let new = ContractBuilder::new(2, "new")
        .replaces(1, "old", Phase::Complete)
        .depends_on(3, "x")
        .build();
    let x = ContractBuilder::new(3, "x").depends_on(2, "new").build();
    let cyclic = plan(&[old, new, x], "old").unwrap();
    let compliance = &cyclic.phases[3].steps[0];
    assert_eq!(compliance.id, "4.1");
    assert_eq!(compliance.status, StepStatus::Pending);
    assert_eq!(
        compliance.details,
        ["`contracts check` fails: `dependency-cycle`; fix it first"]
    );
    assert_eq!(cyclic.phases[3].steps[1].status, StepStatus::Pending);
    assert!(cyclic.phases[4]
        .steps
        .iter()
        .all(|s| s.status != StepStatus::Done));

    // Without the cycle the same migration is rolled out.
    let old = ContractBuilder::new(1, "old").build();
    let new = ContractBuilder::new(2, "new")
        .replaces(1, "old", Phase::Complete)
        .build();
    let rolled_out = plan(&[old, new], "old").unwrap();
    assert_eq!(rolled_out.phases[3].steps[0].status, StepStatus::Done);
}

#[test]
fn a_finished_migration_does_not_ask_for_the_removed_legacy_contract_back() {
    // Complete, nothing left on `Legacy`, and its contract deleted as the
    // `legacy-not-removed` warning advises.
    let new = ContractBuilder::new(2, "new")
        .replaces(1, "Legacy", Phase::Complete)
        .build();
    let user = ContractBuilder::new(3, "user").depends_on(2, "new").build();
    let finished = plan(&[new, user], "Legacy").unwrap();
    let definition = &finished.phases[0].steps[1];
    assert_eq!(definition.id, "1.2");
    assert_eq!(definition.status, StepStatus::Done);
    assert!(
        definition
            .details
            .iter()
            .any(|d| d == "`Legacy` has no contract: removed with the legacy type, as a complete migration should"),
        "{:?}",
        definition.details
    );
    let text = finished.to_markdown();
    assert!(
        !text.contains("add `#[derive(MigrationContract)]`"),
        "{text}"
    );

    // With a consumer still on the type, its contract is still asked for.
    let new = ContractBuilder::new(2, "new")
        .replaces(1, "Legacy", Phase::Complete)
        .build();
    let left = ContractBuilder::new(3, "left")
        .depends_on(1, "Legacy")
        .build();
    let incomplete = plan(&[new, left], "Legacy").unwrap();
    assert!(incomplete.phases[0].steps[1]
        .details
        .iter()
        .any(|d| d.starts_with("`Legacy` has no contract: add `#[derive(MigrationContract)]`")));
}

#[test]
fn the_legacy_contract_gone_with_a_consumer_still_on_the_type_is_not_removed() {
    // Declared complete, the legacy's contract deleted, but `supervisor` still depends
    // on the type: removing it is not done, and the documentation waits.
    let cache = ContractBuilder::new(2, "cache")
        .replaces(1, "LegacyCache", Phase::Complete)
        .build();
    let supervisor = ContractBuilder::new(3, "supervisor")
        .depends_on(1, "LegacyCache")
        .build();
    let plan = plan(&[cache, supervisor], "cache").unwrap();
    let removal = &plan.phases[4].steps[0];
    assert_eq!(removal.id, "5.1");
    assert_eq!(removal.status, StepStatus::Blocked);
    assert!(
        removal.details[0].contains("`supervisor` still on `LegacyCache`"),
        "{:?}",
        removal.details
    );
    assert_eq!(plan.phases[4].steps[1].status, StepStatus::Blocked);
}

#[test]
fn the_risk_is_the_highest_of_the_components_involved() {
    let plan = plan(&cache_migration(Phase::Planned), "cache").unwrap();
    assert_eq!(plan.effective_risk, Risk::High);
    assert_eq!(plan.required_actions, "full playbook required");
    // The legacy cache is declared medium but has more than 3 consumers.
    assert_eq!(
        plan.risk_reasons,
        [
            "`legacy-cache` is high: more than 3 consumers, direct or transitive (including `api`, `billing`, `search`, `sessions`)",
            "`sessions` is high (declared high)"
        ]
    );
    assert_eq!(plan.strategy, Strategy::Parallel);
    // Planned: nothing has started, so the first consumer waits for step 3.1.
    assert_eq!(plan.phases[2].steps[0].status, StepStatus::Pending);
    assert!(consumer_steps(&plan)
        .iter()
        .filter(|(c, _)| *c != "reports")
        .all(|(_, s)| *s == StepStatus::Blocked));
}

#[test]
fn the_bridge_plan_moves_the_supervisor_through_the_factory() {
    let graph = ContractGraph::from_registry();
    let plan = MigrationPlan::new(&graph, graph.find("agent-websocket-bridge").unwrap()).unwrap();
    assert_eq!(plan.strategy, Strategy::Factory);
    assert_eq!(plan.effective_risk, Risk::Critical);
    assert_eq!(
        consumer_steps(&plan),
        [
            ("execution-engine", StepStatus::Done),
            ("supervisor-factory", StepStatus::Pending)
        ]
    );
    let text = plan.to_markdown();
    for expected in [
        "# Migration plan: `agent-websocket-bridge` to `user-websocket-bridge`",
        "| effective risk | **critical**: full playbook + extended validation |",
        "## Phase 1: Pre-migration analysis",
        "## Phase 5: Cleanup and documentation",
        // Only its use of the replacement is known, not that it ever used the legacy.
        "- [x] **3.2** `execution-engine` is on `user-websocket-bridge` (done)",
        "- [ ] **3.3** move `supervisor-factory` from `agent-websocket-bridge` to `user-websocket-bridge` (pending)",
        "  - change its contract to `depends_on(BridgeFactory)` and get a `user-websocket-bridge` per request from the factory",
        "  - validate: business value preserved: delivers the five agent events to exactly one user",
        "- [ ] **5.1** remove `agent-websocket-bridge`",
        "(blocked: after 4.2)",
        // The plan reads contracts only: it says what the step means, not what the
        // state holds.
        "  - startup inserts `BridgeFactory` (which makes `user-websocket-bridge`) beside `agent-websocket-bridge`; done means the phase says so, and only the startup validation sees the state",
        // Cleanup in an order that builds: `replaces = ..` names the legacy type.
        "and with them `replaces = ..` and `phase = ..` on `user-websocket-bridge` (they name the deleted type)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
    assert_eq!(json["strategy"], "factory");
    assert_eq!(
        json["phases"][2]["steps"][2]["consumer"],
        "supervisor-factory"
    );
    assert_eq!(json["phases"][2]["steps"][2]["status"], "pending");
}

#[test]
fn components_outside_a_single_migration_have_no_plan() {
    let contracts = cache_migration(Phase::Migrating);
    let error = plan(&contracts, "billing").unwrap_err();
    assert!(
        matches!(
            error,
            PlanError::NotAMigration {
                name: "billing",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error
        .to_string()
        .starts_with("`billing` is part of no migration"));

    let legacy = ContractBuilder::new(1, "legacy").build();
    let a = ContractBuilder::new(2, "a")
        .replaces(1, "legacy", Phase::Planned)
        .build();
    let b = ContractBuilder::new(3, "b")
        .replaces(1, "legacy", Phase::Planned)
        .build();
    let error = plan(&[legacy, a, b], "legacy").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`legacy` is replaced by `a` and `b`; ask for the plan of one replacement instead"
    );
    assert!(plan(&[legacy, a, b], "a").is_ok());
}

#[test]
fn consumers_in_a_cycle_are_moved_together_last() {
    let legacy = ContractBuilder::new(1, "legacy").build();
    let new = ContractBuilder::new(2, "new")
        .replaces(1, "legacy", Phase::Migrating)
        .build();
    let x = ContractBuilder::new(3, "x")
        .depends_on(1, "legacy")
        .depends_on(4, "y")
        .build();
    let y = ContractBuilder::new(4, "y")
        .depends_on(1, "legacy")
        .depends_on(3, "x")
        .build();
    let z = ContractBuilder::new(5, "z")
        .risk(Risk::Critical)
        .depends_on(1, "legacy")
        .build();
    let plan = plan(&[legacy, new, x, y, z], "legacy").unwrap();
    let order: Vec<&str> = consumer_steps(&plan).iter().map(|(c, _)| *c).collect();
    assert_eq!(order, ["z", "x", "y"]);
    let x_step = plan.phases[2]
        .steps
        .iter()
        .find(|s| s.consumer == Some("x"))
        .unwrap();
    assert!(x_step
        .details
        .iter()
        .any(|d| d.contains("dependency cycle")));
}

#[test]
fn a_multi_line_business_value_stays_on_its_line_in_plans_and_reports() {
    // The derive and `try_build` refuse it; `build()` (and a loaded baseline) may not.
    let legacy = ContractBuilder::new(1, "old")
        .risk(Risk::Critical)
        .business_value("legacy | col\n\n# Heading injected\n- [x] fake done\r# CR heading")
        .consumer(3, "OldUser", &[])
        .build();
    let new = ContractBuilder::new(2, "new")
        .replaces(1, "Old", Phase::Parallel)
        .build();
    let user = ContractBuilder::new(3, "old-user")
        .depends_on(1, "Old")
        .build();
    let contracts = [legacy, new, user];
    let markdown = plan(&contracts, "new").unwrap().to_markdown();
    assert!(
        markdown.contains(r"legacy | col\n\n# Heading injected\n- [x] fake done"),
        "{markdown}"
    );
    assert!(!markdown.contains("\n# Heading injected"), "{markdown}");
    assert!(!markdown.contains("\n- [x] fake done"), "{markdown}");
    // A carriage return ends a Markdown line too, in the summary table as elsewhere.
    assert!(!markdown.contains('\r'), "{markdown:?}");

    let report = contracts_core::Validator::new().validate_contracts(&contracts, None);
    let text = report.to_string();
    assert!(
        text.contains(r"  = business value of `old`: legacy | col\n\n# Heading injected"),
        "{text}"
    );
    assert!(!text.contains("\n# Heading injected"), "{text}");
}

#[test]
fn a_migration_declared_complete_with_consumers_left_is_not_rolled_out() {
    let early = plan(&cache_migration(Phase::Complete), "cache").unwrap();
    let rollout = &early.phases[3].steps;
    assert_eq!(rollout[0].id, "4.1");
    assert_eq!(
        rollout[0].status,
        StepStatus::Blocked,
        "{}",
        early.to_markdown()
    );
    assert_eq!(rollout[1].status, StepStatus::Blocked);
    assert!(
        rollout[0]
            .details
            .iter()
            .any(|d| d.contains("fails with `incomplete-migration`")),
        "{:?}",
        rollout[0].details
    );
    // And with every consumer moved, a complete migration's rollout is done.
    let legacy = ContractBuilder::new(1, "legacy-cache").build();
    let cache = ContractBuilder::new(2, "cache")
        .replaces(1, "LegacyCache", Phase::Complete)
        .build();
    let api = ContractBuilder::new(3, "api")
        .depends_on(2, "Cache")
        .build();
    let done = plan(&[legacy, cache, api], "cache").unwrap();
    let rollout = &done.phases[3].steps;
    assert_eq!(
        (rollout[0].status, rollout[1].status),
        (StepStatus::Done, StepStatus::Done)
    );
}

#[test]
fn an_optional_consumer_is_told_to_stay_optional() {
    let plan = plan(&cache_migration(Phase::Migrating), "cache").unwrap();
    let step = |name: &str| {
        plan.phases[2]
            .steps
            .iter()
            .find(|s| s.consumer == Some(name))
            .unwrap()
    };
    assert!(
        step("search")
            .details
            .contains(&"change its contract from `depends_on(optional(LegacyCache))` to `depends_on(optional(Cache))`".to_owned()),
        "{:?}",
        step("search").details
    );
    assert!(
        step("billing").details.contains(
            &"change its contract from `depends_on(LegacyCache)` to `depends_on(Cache)`".to_owned()
        ),
        "{:?}",
        step("billing").details
    );
}

#[test]
fn the_plan_of_a_replacements_factory_is_the_plan_of_its_migration() {
    let legacy = ContractBuilder::new(1, "legacy-bridge").build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .replaces(1, "LegacyBridge", Phase::Parallel)
        .factory(3, "BridgeFactory")
        .build();
    let factory = ContractBuilder::new(3, "bridge-factory").build();
    let contracts = [legacy, bridge, factory];
    let through_factory = plan(&contracts, "bridge-factory").unwrap();
    let direct = plan(&contracts, "user-bridge").unwrap();
    assert_eq!(through_factory.to_markdown(), direct.to_markdown());
    // A component that makes nothing in a migration still has no plan.
    let other = ContractBuilder::new(4, "metrics").build();
    assert!(matches!(
        plan(&[legacy, bridge, factory, other], "metrics"),
        Err(PlanError::NotAMigration {
            name: "metrics",
            ..
        })
    ));
}

#[test]
fn a_factory_of_components_in_two_migrations_asks_which() {
    let old_a = ContractBuilder::new(1, "old-a").build();
    let a = ContractBuilder::new(2, "a")
        .replaces(1, "OldA", Phase::Parallel)
        .factory(5, "Factory")
        .build();
    let old_b = ContractBuilder::new(3, "old-b").build();
    let b = ContractBuilder::new(4, "b")
        .replaces(3, "OldB", Phase::Parallel)
        .factory(5, "Factory")
        .build();
    let factory = ContractBuilder::new(5, "factory").build();
    let error = plan(&[old_a, a, old_b, b, factory], "factory").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`factory` makes components of several migrations (`a`, `b`); ask for the plan of one of them"
    );
}

#[test]
fn a_factory_of_both_sides_of_one_migration_has_its_plan() {
    let old = ContractBuilder::new(1, "old-bridge")
        .factory(3, "Factory")
        .build();
    let new = ContractBuilder::new(2, "new-bridge")
        .replaces(1, "OldBridge", Phase::Parallel)
        .factory(3, "Factory")
        .build();
    let factory = ContractBuilder::new(3, "factory").build();
    let contracts = [old, new, factory];
    assert_eq!(
        plan(&contracts, "factory").unwrap().to_markdown(),
        plan(&contracts, "new-bridge").unwrap().to_markdown()
    );
}

/// Two components that replace each other have no legacy: the plan of either said
/// which steps were done and advised deleting the other while `contracts check` failed
/// with `replacement-cycle`. Now neither has a plan, and the error names the ring.
#[test]
fn components_that_replace_each_other_have_no_plan() {
    let a = ContractBuilder::new(1, "a")
        .replaces(2, "B", Phase::Parallel)
        .build();
    let b = ContractBuilder::new(2, "b")
        .replaces(1, "A", Phase::Parallel)
        .build();
    let c = ContractBuilder::new(3, "c")
        .replaces(1, "A", Phase::Planned)
        .build();
    for (name, ring) in [("a", vec!["a", "b"]), ("b", vec!["b", "a"])] {
        let error = plan(&[a, b], name).unwrap_err();
        assert_eq!(error, PlanError::ReplacementCycle { components: ring });
    }
    assert_eq!(
        plan(&[a, b], "a").unwrap_err().to_string(),
        "`a` replaces `b`, which replaces `a`: none of them is the legacy, so no plan can say what moves where; keep `replaces = ..` and `phase = ..` only on the new component of each pair (`contracts check` reports this as `replacement-cycle`)"
    );
    // A ring of three, asked from its middle.
    let ring = [
        ContractBuilder::new(1, "x")
            .replaces(2, "Y", Phase::Parallel)
            .build(),
        ContractBuilder::new(2, "y")
            .replaces(3, "Z", Phase::Parallel)
            .build(),
        ContractBuilder::new(3, "z")
            .replaces(1, "X", Phase::Parallel)
            .build(),
    ];
    assert_eq!(
        plan(&ring, "y").unwrap_err().to_string(),
        "`y` replaces `z`, which replaces `x`, which replaces `y`: none of them is the legacy, so no plan can say what moves where; keep `replaces = ..` and `phase = ..` only on the new component of each pair (`contracts check` reports this as `replacement-cycle`)"
    );
    // Outside the ring, a migration from a component in it still has its plan (and
    // `c`, which replaces `a` too, makes `a` a legacy of two replacements).
    let d = ContractBuilder::new(4, "d")
        .replaces(3, "C", Phase::Planned)
        .build();
    let plan_d = plan(&[a, b, c, d], "d").unwrap();
    assert!(plan_d
        .to_markdown()
        .starts_with("# Migration plan: `c` to `d`"));
}

/// Around a ring too (a reviewer's cases): a migration whose legacy is on a ring, and a
/// factory whose products replace each other, have no plan either; the compliance
/// report offers no `contracts plan` for a ring's migrations.
#[test]
fn a_migration_into_a_ring_has_no_plan_and_no_hint() {
    let a = ContractBuilder::new(1, "a")
        .replaces(2, "B", Phase::Parallel)
        .build();
    let b = ContractBuilder::new(2, "b")
        .replaces(1, "A", Phase::Parallel)
        .factory(4, "F")
        .build();
    let x = ContractBuilder::new(3, "x")
        .replaces(1, "A", Phase::Planned)
        .build();
    let f = ContractBuilder::new(4, "f").build();
    let contracts = [a, b, x, f];
    assert_eq!(
        plan(&contracts, "x").unwrap_err(),
        PlanError::ReplacementCycle {
            components: vec!["a", "b"]
        }
    );
    assert!(matches!(
        plan(&contracts, "f").unwrap_err(),
        PlanError::ReplacementCycle { .. }
    ));
    let graph = ContractGraph::new(&contracts);
    let report = Validator::new().validate_contracts(&contracts, None);
    let text = contracts_core::analysis::ComplianceReport::new(&graph, &report).to_markdown();
    let hints: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("- plan: "))
        .collect();
    // Every migration here touches the ring (`x`'s legacy is on it): no hint at all,
    // while each still shows its `replacement-cycle` violation.
    assert!(hints.is_empty(), "{text}");
    assert_eq!(
        text.matches("- violation **replacement-cycle**").count(),
        3,
        "{text}"
    );
}

/// The details of the plan's step for `consumer`.
fn details_of(plan: &MigrationPlan, consumer: &str) -> Vec<String> {
    plan.phases[2]
        .steps
        .iter()
        .find(|s| s.consumer == Some(consumer))
        .map(|s| s.details.clone())
        .unwrap_or_default()
}

#[test]
fn an_adapter_over_the_legacy_is_told_to_remove_what_its_depends_on_names() {
    // Directly: its `depends_on(..)` names the type, not the contract's name.
    let legacy = ContractBuilder::new(1, "legacy-store")
        .type_name("app::LegacyStore")
        .build();
    let adapter = ContractBuilder::new(2, "store-adapter")
        .replaces(1, "LegacyStore", Phase::Migrating)
        .depends_on(1, "LegacyStore")
        .build();
    let plan = plan(&[legacy, adapter], "legacy-store").unwrap();
    assert!(
        details_of(&plan, "store-adapter").contains(
            &"implement in `store-adapter` what it delegates to `legacy-store`, then remove \
              `LegacyStore` from its `depends_on(..)`"
                .to_owned()
        ),
        "{}",
        plan.to_markdown()
    );
}

#[test]
fn an_adapter_over_the_legacy_through_its_factory_is_told_to_remove_the_factory() {
    // The adapter gets a `legacy-store` per request from `store-factory`: its
    // `depends_on(..)` names the factory, which is what it has to drop.
    let legacy = ContractBuilder::new(1, "legacy-store")
        .type_name("app::LegacyStore")
        .factory(3, "StoreFactory")
        .build();
    let adapter = ContractBuilder::new(2, "store-adapter")
        .replaces(1, "LegacyStore", Phase::Migrating)
        .depends_on(3, "StoreFactory")
        .build();
    let factory = ContractBuilder::new(3, "store-factory")
        .type_name("app::StoreFactory")
        .build();
    let plan = plan(&[legacy, adapter, factory], "legacy-store").unwrap();
    assert_eq!(plan.consumers_to_move, 1, "{}", plan.to_markdown());
    let details = details_of(&plan, "store-adapter");
    assert!(
        details.contains(
            &"implement in `store-adapter` what it delegates to `legacy-store` (it gets one per \
              request from `store-factory`), then remove `StoreFactory` from its `depends_on(..)`"
                .to_owned()
        ),
        "{}",
        plan.to_markdown()
    );
    assert!(
        !details
            .iter()
            .any(|d| d.contains("remove `legacy-store`") || d.contains("remove `LegacyStore`")),
        "{details:?}"
    );
}

/// One legacy, used in every way a contract can write it.
mod written {
    use contracts_core::MigrationContract;
    use std::sync::Arc;

    #[derive(MigrationContract)]
    #[contract(name = "w-legacy", consumers(Auditor, Reporter))]
    pub struct WLegacy;

    /// The port the replacement is reached through, as an adapter is.
    pub trait Store: Send + Sync {}

    #[derive(MigrationContract)]
    #[contract(name = "w-new", replaces = WLegacy, phase = "migrating", implements(Store))]
    pub struct WNew;

    impl Store for WNew {}

    #[derive(MigrationContract)]
    #[contract(name = "w-listed", depends_on(WLegacy))]
    pub struct Listed;

    #[derive(MigrationContract)]
    #[contract(name = "w-field")]
    pub struct Field {
        #[contract(dependency)]
        pub legacy: Arc<WLegacy>,
    }

    /// Has a contract, but only the legacy's `consumers(..)` links it.
    #[derive(MigrationContract)]
    #[contract(name = "w-auditor")]
    pub struct Auditor;

    /// No contract at all.
    pub struct Reporter;
}

#[test]
fn each_consumer_is_told_to_change_what_its_contract_writes() {
    use contracts_core::contract_of;
    use written::*;
    let _ = (
        Reporter,
        Field {
            legacy: std::sync::Arc::new(WLegacy),
        }
        .legacy,
    );
    let contracts = [
        contract_of::<WLegacy>().unwrap(),
        contract_of::<WNew>().unwrap(),
        contract_of::<Listed>().unwrap(),
        contract_of::<Field>().unwrap(),
        contract_of::<Auditor>().unwrap(),
    ];
    let plan = plan(&contracts, "w-legacy").unwrap();
    let details = |consumer: &str| -> Vec<String> {
        plan.phases[2]
            .steps
            .iter()
            .find(|s| s.consumer == Some(consumer))
            .unwrap_or_else(|| panic!("a step for {consumer}"))
            .details
            .clone()
    };
    let has = |consumer: &str, text: &str| {
        let details = details(consumer);
        assert!(
            details.iter().any(|d| d == text),
            "{consumer}: {details:#?}"
        );
    };
    let port =
        " if it reaches `w-new` through that trait object (the state then holds `Arc<dyn Store>`)";
    has(
        "w-listed",
        &format!("change its contract from `depends_on(WLegacy)` to `depends_on(WNew)`, or to `depends_on(dyn Store)`{port}"),
    );
    has(
        "w-field",
        &format!("replace its `#[contract(dependency)]` field of `WLegacy` with one of `WNew`, or with one of `Arc<dyn Store>`{port}"),
    );
    has(
        "w-auditor",
        &format!("it is linked by `w-legacy`'s `consumers(..)` only: declare `depends_on(WNew)` in its contract, or `depends_on(dyn Store)`{port}, and list it in `w-new`'s `consumers(..)` instead"),
    );
    has(
        "Reporter",
        "it has no contract: list it in `w-new`'s `consumers(..)` instead of `w-legacy`'s (or give it a contract with `depends_on(WNew)`)",
    );
}
