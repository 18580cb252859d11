//! The classified diff between two snapshots: each rule of the issue, the text and JSON
//! output, and property tests (diff(a, a) is empty; diff(a, b) lists every mutation).

use std::collections::{BTreeMap, BTreeSet};

use contracts_core::snapshot::{diff, Change, ChangeKind, Diff, Severity, Snapshot};
use contracts_core::{Contract, ContractBuilder, Phase, Risk};
use proptest::prelude::*;

fn snap(contracts: &[&'static Contract]) -> Snapshot {
    Snapshot::from_contracts(contracts.iter().copied())
}

fn only(diff: &Diff, kind: ChangeKind) -> &Change {
    let found: Vec<_> = diff.changes().iter().filter(|c| c.kind() == kind).collect();
    assert_eq!(found.len(), 1, "one {kind} change expected in:\n{diff}");
    found[0]
}

/// The one change of `kind` from `old` to `new`, asserted to be `severity` (the whole
/// diff shown when it is not).
fn classed(old: &Snapshot, new: &Snapshot, kind: ChangeKind, severity: Severity) -> Change {
    let changes = diff(old, new);
    let change = only(&changes, kind).clone();
    assert_eq!(change.severity(), severity, "{changes}");
    change
}

/// A pool whose `get` is called by the repository, and the repository.
fn pool(methods: &[(&str, &str)], consumer_methods: Option<&[&str]>) -> &'static Contract {
    let mut builder = ContractBuilder::new(1, "pool").type_name("app::Pool");
    for (name, signature) in methods {
        builder = builder.requires(*name, Some(signature));
    }
    if let Some(consumer_methods) = consumer_methods {
        builder = builder.consumer(2, "Repository", consumer_methods);
    }
    builder.build()
}

fn repository() -> &'static Contract {
    ContractBuilder::new(2, "repository")
        .type_name("app::Repository")
        .depends_on(1, "Pool")
        .build()
}

const GET: (&str, &str) = ("get", "fn get(&self) -> Conn");
const STATS: (&str, &str) = ("stats", "fn stats(&self) -> Stats");

#[test]
fn a_removed_method_a_declared_consumer_expects_is_breaking_and_names_it() {
    let old = snap(&[pool(&[GET, STATS], Some(&["get"])), repository()]);
    // `get` is gone; the repository is still a declared consumer (methods unspecified).
    let new = snap(&[pool(&[STATS], Some(&[])), repository()]);
    let changes = diff(&old, &new);
    assert!(changes.has_breaking());
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Breaking);
    assert_eq!(removed.component(), "pool");
    assert_eq!(removed.subject(), Some("get"));
    assert_eq!(removed.affected(), ["repository"]);
    assert_eq!(removed.before(), Some("fn get(&self) -> Conn"));
    assert_eq!(
        removed.message(),
        "required method `get` of `pool` removed while `repository` still expects it"
    );
}

#[test]
fn a_removed_method_no_declared_consumer_expects_is_compatible_and_says_so() {
    let old = snap(&[pool(&[GET, STATS], Some(&["get"])), repository()]);
    let new = snap(&[pool(&[GET], Some(&["get"])), repository()]);
    let changes = diff(&old, &new);
    assert!(!changes.has_breaking(), "{changes}");
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Compatible);
    assert!(
        removed
            .message()
            .ends_with("no declared consumer expects it"),
        "{}",
        removed.message()
    );
    assert_eq!(
        removed.reason(),
        "every consumer of `pool` lists the methods it calls, and none lists `stats`"
    );
}

#[test]
fn a_consumer_that_listed_only_other_methods_does_not_expect_the_removed_one() {
    let old = snap(&[pool(&[GET, STATS], Some(&["stats"])), repository()]);
    let new = snap(&[pool(&[STATS], Some(&["stats"])), repository()]);
    let changes = diff(&old, &new);
    assert_eq!(changes.changes().len(), 1, "{changes}");
    assert_eq!(
        only(&changes, ChangeKind::MethodRemoved).severity(),
        Severity::Compatible
    );

    // One that listed it too, and no longer does (as the derive forces when the
    // method goes): the old list says it called it.
    let old = snap(&[pool(&[GET, STATS], Some(&["get", "stats"])), repository()]);
    let removed = classed(&old, &new, ChangeKind::MethodRemoved, Severity::Breaking);
    assert_eq!(removed.affected(), ["repository"]);
}

#[test]
fn a_consumer_dropped_from_the_list_but_still_depending_still_expects_the_method() {
    let old = snap(&[pool(&[GET], Some(&["get"])), repository()]);
    let new = snap(&[pool(&[], None), repository()]);
    let removed = classed(&old, &new, ChangeKind::MethodRemoved, Severity::Breaking);
    assert_eq!(removed.affected(), ["repository"]);
}

#[test]
fn a_consumer_gone_altogether_expects_nothing() {
    let old = snap(&[pool(&[GET], Some(&["get"])), repository()]);
    let new = snap(&[pool(&[], None)]);
    let changes = diff(&old, &new);
    assert_eq!(
        only(&changes, ChangeKind::MethodRemoved).severity(),
        Severity::Compatible
    );
    assert_eq!(
        only(&changes, ChangeKind::ComponentRemoved).severity(),
        Severity::Compatible
    );
}

#[test]
fn a_removed_required_component_is_risky_even_without_dependents() {
    let old = snap(&[ContractBuilder::new(9, "db-pool").required().build()]);
    let new = snap(&[]);
    let changes = diff(&old, &new);
    let removed = only(&changes, ChangeKind::ComponentRemoved);
    assert_eq!(removed.severity(), Severity::Risky, "{changes}");
    assert!(
        removed.to_string().contains("declared `required`"),
        "{changes}"
    );
}

#[test]
fn a_removed_method_with_consumers_of_unspecified_methods_is_risky() {
    let old = snap(&[pool(&[GET], Some(&[])), repository()]);
    let new = snap(&[pool(&[], Some(&[])), repository()]);
    let removed = classed(&old, &new, ChangeKind::MethodRemoved, Severity::Risky);
    assert_eq!(removed.affected(), ["repository"]);
}

#[test]
fn a_changed_signature_with_a_consumer_of_unspecified_methods_is_risky() {
    let changed = ("get", "fn get(&self, timeout: u64) -> Conn");
    let old = snap(&[pool(&[GET], Some(&[])), repository()]);
    let new = snap(&[pool(&[changed], Some(&[])), repository()]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Risky);
    assert_eq!(
        signature.reason(),
        "`repository` consumes `pool` without listing the methods it calls: check it does not call `get`"
    );
}

#[test]
fn a_changed_signature_is_breaking_only_while_a_consumer_expects_it() {
    let changed = ("get", "fn get(&self, timeout: u64) -> Conn");
    let old = snap(&[pool(&[GET, STATS], Some(&["get"])), repository()]);
    let new = snap(&[pool(&[changed, STATS], Some(&["get"])), repository()]);
    let change = diff(&old, &new);
    let signature = only(&change, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Breaking);
    assert_eq!(signature.before(), Some("fn get(&self) -> Conn"));
    assert_eq!(
        signature.after(),
        Some("fn get(&self, timeout: u64) -> Conn")
    );
    assert_eq!(signature.affected(), ["repository"]);

    let stats = ("stats", "async fn stats(&self) -> Stats");
    let new = snap(&[pool(&[GET, stats], Some(&["get"])), repository()]);
    let change = diff(&old, &new);
    let signature = only(&change, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Compatible);
    assert_eq!(signature.subject(), Some("stats"));
}

#[test]
fn what_a_caller_cannot_see_is_not_a_breaking_signature_change() {
    let get = ("get", "fn get(&self, timeout: u64) -> Result<Conn, Error>");
    let old = snap(&[pool(&[get], Some(&["get"])), repository()]);

    // Spacing only (a hand-edited baseline): no change at all.
    let spaced = ("get", "fn get(&self,timeout:u64)->Result<Conn,Error>");
    let new = snap(&[pool(&[spaced], Some(&["get"])), repository()]);
    assert!(diff(&old, &new).is_empty(), "{}", diff(&old, &new));

    // A renamed parameter: every call still compiles.
    let renamed = (
        "get",
        "fn get(&self, timeout_ms: u64) -> Result<Conn, Error>",
    );
    let new = snap(&[pool(&[renamed], Some(&["get"])), repository()]);
    let changes = diff(&old, &new);
    let change = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(change.severity(), Severity::Compatible);
    assert_eq!(
        change.reason(),
        "only the names of parameters or lifetimes changed: every call still compiles"
    );
    assert!(!changes.has_breaking());

    // Lifetimes written out where elision put them: the same method for every caller.
    let name = ("name", "fn name(&self) -> &str");
    let old_named = snap(&[pool(&[get, name], Some(&["get", "name"])), repository()]);
    let explicit = ("name", "fn name<'a>(&'a self) -> &'a str");
    let new = snap(&[pool(&[get, explicit], Some(&["get", "name"])), repository()]);
    let change = classed(
        &old_named,
        &new,
        ChangeKind::SignatureChanged,
        Severity::Compatible,
    );
    assert_eq!(
        change.reason(),
        "only lifetimes that elision implies were written out or left out: every call still compiles"
    );
    // While a borrow that now lives forever is another signature.
    let forever = ("name", "fn name(&self) -> &'static str");
    let new = snap(&[pool(&[get, forever], Some(&["get", "name"])), repository()]);
    assert!(diff(&old_named, &new).has_breaking());

    // A path spelled out: maybe the same type, maybe not; the consumer is named.
    let qualified = (
        "get",
        "fn get(&self, timeout: u64) -> std::result::Result<Conn, Error>",
    );
    let new = snap(&[pool(&[qualified], Some(&["get"])), repository()]);
    let change = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Risky);
    assert_eq!(change.affected(), ["repository"]);
    assert!(
        change
            .reason()
            .starts_with("the types differ only in how their paths are written"),
        "{}",
        change.reason()
    );

    // Another argument type is still breaking, renamed parameter or not.
    let retyped = (
        "get",
        "fn get(&self, timeout_ms: u32) -> Result<Conn, Error>",
    );
    let new = snap(&[pool(&[retyped], Some(&["get"])), repository()]);
    let changes = diff(&old, &new);
    assert_eq!(
        only(&changes, ChangeKind::SignatureChanged).severity(),
        Severity::Breaking
    );
}

#[test]
fn a_new_consumer_of_a_critical_component_is_risky_whether_declared_or_inferred() {
    let bridge = || {
        ContractBuilder::new(1, "bridge")
            .type_name("app::Bridge")
            .risk(Risk::Critical)
            .build()
    };
    let old = snap(&[bridge(), repository()]);

    // A new component that depends on the critical bridge.
    let notifier = ContractBuilder::new(3, "notifier")
        .type_name("app::Notifier")
        .depends_on(1, "Bridge")
        .build();
    let changes = diff(&old, &snap(&[bridge(), repository(), notifier]));
    let added = only(&changes, ChangeKind::ComponentAdded);
    assert_eq!(added.severity(), Severity::Risky);
    assert_eq!(added.affected(), ["notifier"]);
    assert_eq!(
        added.reason(),
        "a new consumer of the critical `bridge`: one more path where a break costs the most"
    );

    // An existing component that starts to use it, optionally.
    let repository_with_bridge = ContractBuilder::new(2, "repository")
        .type_name("app::Repository")
        .depends_on(1, "Pool")
        .depends_on_optional(1, "Bridge")
        .build();
    let changes = diff(&old, &snap(&[bridge(), repository_with_bridge]));
    let added = only(&changes, ChangeKind::DependencyAdded);
    assert_eq!(added.severity(), Severity::Risky);
    assert_eq!(added.affected(), ["repository"]);

    // The same two changes around a component that is not critical stay compatible.
    let plain = || {
        ContractBuilder::new(1, "bridge")
            .type_name("app::Bridge")
            .build()
    };
    let old = snap(&[plain(), repository()]);
    let notifier = ContractBuilder::new(3, "notifier")
        .type_name("app::Notifier")
        .depends_on(1, "Bridge")
        .build();
    let changes = diff(&old, &snap(&[plain(), repository(), notifier]));
    assert_eq!(
        only(&changes, ChangeKind::ComponentAdded).severity(),
        Severity::Compatible
    );
}

#[test]
fn a_component_removed_while_something_depends_on_it_is_breaking() {
    let old = snap(&[pool(&[GET], Some(&["get"])), repository()]);
    let new = snap(&[repository()]);
    let changes = diff(&old, &new);
    let removed = only(&changes, ChangeKind::ComponentRemoved);
    assert_eq!(removed.severity(), Severity::Breaking);
    assert_eq!(removed.component(), "pool");
    assert_eq!(removed.affected(), ["repository"]);
    assert!(removed
        .message()
        .contains("removed while `repository` still depends on it"));
    // Reported once, on the removal, not again as a lost provider.
    assert!(changes
        .changes()
        .iter()
        .all(|c| c.kind() != ChangeKind::ProviderLost));
    // The repository's dependency now resolves to nothing; that is the same root cause.
    assert_eq!(changes.count(Severity::Breaking), 1, "{changes}");
}

#[test]
fn a_component_removed_with_only_optional_dependents_is_risky() {
    let metrics = ContractBuilder::new(7, "metrics").build();
    let user = ContractBuilder::new(8, "user")
        .depends_on_optional(7, "Metrics")
        .build();
    let changes = diff(&snap(&[metrics, user]), &snap(&[user]));
    let removed = only(&changes, ChangeKind::ComponentRemoved);
    assert_eq!(removed.severity(), Severity::Risky);
    assert_eq!(removed.affected(), ["user"]);
}

#[test]
fn a_new_non_optional_dependency_is_breaking_and_an_optional_one_is_not() {
    let base = ContractBuilder::new(1, "engine").build();
    let required = ContractBuilder::new(1, "engine")
        .depends_on(9, "Cache")
        .build();
    let optional = ContractBuilder::new(1, "engine")
        .depends_on_optional(9, "Cache")
        .build();

    let changes = diff(&snap(&[base]), &snap(&[required]));
    let added = only(&changes, ChangeKind::DependencyAdded);
    assert_eq!(added.severity(), Severity::Breaking);
    assert_eq!(added.subject(), Some("Cache"));

    let changes = diff(&snap(&[base]), &snap(&[optional]));
    assert_eq!(
        only(&changes, ChangeKind::DependencyAdded).severity(),
        Severity::Compatible
    );

    // Optional becoming required is a new non-optional dependency too.
    let changes = diff(&snap(&[optional]), &snap(&[required]));
    let flipped = only(&changes, ChangeKind::DependencyOptionality);
    assert_eq!(flipped.severity(), Severity::Breaking);
    assert_eq!(flipped.after(), Some("non-optional"));
    let changes = diff(&snap(&[required]), &snap(&[optional]));
    assert_eq!(
        only(&changes, ChangeKind::DependencyOptionality).severity(),
        Severity::Compatible
    );
}

#[test]
fn a_consumer_whose_provider_contract_moved_to_another_type_lost_its_provider() {
    // `websocket-bridge` described the legacy type; the next version puts the contract
    // on the new type while the supervisor still depends on the legacy one.
    let old_bridge = ContractBuilder::new(1, "websocket-bridge")
        .type_name("app::LegacyBridge")
        .build();
    let supervisor = ContractBuilder::new(2, "supervisor")
        .depends_on(1, "LegacyBridge")
        .build();
    let new_bridge = ContractBuilder::new(5, "websocket-bridge")
        .type_name("app::UserBridge")
        .build();
    let changes = diff(
        &snap(&[old_bridge, supervisor]),
        &snap(&[new_bridge, supervisor]),
    );
    let lost = only(&changes, ChangeKind::ProviderLost);
    assert_eq!(lost.severity(), Severity::Breaking);
    assert_eq!(lost.component(), "supervisor");
    assert_eq!(lost.subject(), Some("LegacyBridge"));
    assert!(
        lost.message().contains("lost its provider"),
        "{}",
        lost.message()
    );
    assert_eq!(
        only(&changes, ChangeKind::TypeChanged).severity(),
        Severity::Compatible
    );
}

#[test]
fn a_consumer_moving_from_the_legacy_to_its_replacement_is_risky_not_breaking() {
    let legacy = ContractBuilder::new(1, "agent-bridge").build();
    let replacement = ContractBuilder::new(2, "user-bridge")
        .replaces(1, "AgentBridge", Phase::Migrating)
        .factory(3, "BridgeFactory")
        .build();
    let factory = ContractBuilder::new(3, "bridge-factory").build();
    let on_legacy = ContractBuilder::new(4, "engine")
        .depends_on(1, "AgentBridge")
        .build();
    let on_new = ContractBuilder::new(4, "engine")
        .depends_on(2, "UserBridge")
        .build();
    let on_factory = ContractBuilder::new(4, "engine")
        .depends_on(3, "BridgeFactory")
        .build();
    let old = snap(&[legacy, replacement, factory, on_legacy]);
    for moved in [on_new, on_factory] {
        let changes = diff(&old, &snap(&[legacy, replacement, factory, moved]));
        let added = only(&changes, ChangeKind::DependencyAdded);
        assert_eq!(added.severity(), Severity::Risky, "{changes}");
        assert!(added
            .message()
            .starts_with("`engine` moved from `AgentBridge` to `"));
        assert!(!changes.has_breaking(), "{changes}");
    }
    // Adding an unrelated dependency while dropping the legacy one stays breaking.
    let elsewhere = ContractBuilder::new(4, "engine")
        .depends_on(9, "Cache")
        .build();
    let changes = diff(&old, &snap(&[legacy, replacement, factory, elsewhere]));
    assert_eq!(
        only(&changes, ChangeKind::DependencyAdded).severity(),
        Severity::Breaking
    );
}

#[test]
fn a_consumer_moving_from_the_legacy_to_its_adapters_port_is_risky_not_breaking() {
    let gateway = ContractBuilder::new(1, "payment-gateway").build();
    let adapter = ContractBuilder::new(2, "payment-adapter")
        .implements("Send")
        .implements("payments::PaymentPort")
        .replaces(1, "PaymentGateway", Phase::Migrating)
        .build();
    let on_legacy = ContractBuilder::new(4, "orders")
        .depends_on(1, "PaymentGateway")
        .build();
    let on_port = ContractBuilder::new(4, "orders")
        .depends_on(7, "dyn PaymentPort")
        .build();
    let changes = diff(
        &snap(&[gateway, adapter, on_legacy]),
        &snap(&[gateway, adapter, on_port]),
    );
    let added = only(&changes, ChangeKind::DependencyAdded);
    assert_eq!(added.severity(), Severity::Risky, "{changes}");
    assert_eq!(
        added.message(),
        "`orders` moved from `PaymentGateway` to `dyn PaymentPort`, the trait object its replacement `payment-adapter` implements"
    );
    assert!(
        added
            .reason()
            .contains("must now provide an `Arc<dyn PaymentPort>`"),
        "{}",
        added.reason()
    );
    assert!(!changes.has_breaking(), "{changes}");

    // A trait object no replacement implements is a new dependency like any other.
    let on_other = ContractBuilder::new(4, "orders")
        .depends_on(8, "dyn Send")
        .build();
    let changes = diff(
        &snap(&[gateway, adapter, on_legacy]),
        &snap(&[gateway, adapter, on_other]),
    );
    assert_eq!(
        only(&changes, ChangeKind::DependencyAdded).severity(),
        Severity::Breaking
    );
}

#[test]
fn an_unpinned_signature_names_a_consumer_that_lists_no_methods_now() {
    // `x` listed only `a` before and lists nothing now: it may call `b` from now on, so
    // `b` losing its pinned signature is risky, naming it.
    let component = |pinned: bool, methods: &[&str]| {
        ContractBuilder::new(1, "comp")
            .requires("a", Some("fn a(&self)"))
            .requires("b", pinned.then_some("fn b(&self) -> u8"))
            .consumer(2, "X", methods)
            .build()
    };
    let x = ContractBuilder::new(2, "x").depends_on(1, "Comp").build();
    let changes = diff(
        &snap(&[component(true, &["a"]), x]),
        &snap(&[component(false, &[]), x]),
    );
    let unpinned = changes
        .changes()
        .iter()
        .find(|c| c.kind() == ChangeKind::SignatureChanged)
        .unwrap_or_else(|| panic!("{changes}"));
    assert_eq!(unpinned.severity(), Severity::Risky, "{changes}");
    assert!(
        unpinned
            .reason()
            .contains("`x` lists no methods of `comp` now, so may call it"),
        "{}",
        unpinned.reason()
    );
    assert_eq!(unpinned.affected(), ["x"]);
}

#[test]
fn a_migration_phase_moving_backwards_is_a_risky_rollback() {
    let at = |phase| {
        ContractBuilder::new(1, "user-bridge")
            .replaces(2, "AgentBridge", phase)
            .build()
    };
    let changes = diff(
        &snap(&[at(Phase::Complete)]),
        &snap(&[at(Phase::Migrating)]),
    );
    // A phase is a label: moving it back breaks no running code, and it is what the
    // `incomplete-migration` violation's help recommends.
    assert!(!changes.has_breaking(), "{changes}");
    let phase = only(&changes, ChangeKind::PhaseChanged);
    assert_eq!(phase.severity(), Severity::Risky);
    assert_eq!(
        (phase.before(), phase.after()),
        (Some("complete"), Some("migrating"))
    );
    assert_eq!(
        phase.message(),
        "migration of `user-bridge` from `AgentBridge` moved backwards from complete to migrating: a rollback"
    );
    assert_eq!(
        phase.reason(),
        "no running code breaks, but the migration is not done: keep `AgentBridge` until every consumer has moved and the phase is again `complete`"
    );
    let changes = diff(&snap(&[at(Phase::Parallel)]), &snap(&[at(Phase::Planned)]));
    let phase = only(&changes, ChangeKind::PhaseChanged);
    assert_eq!(phase.severity(), Severity::Risky);
    assert!(
        phase.reason().ends_with("and the phase reaches `complete`"),
        "{}",
        phase.reason()
    );

    let changes = diff(
        &snap(&[at(Phase::Parallel)]),
        &snap(&[at(Phase::Migrating)]),
    );
    assert_eq!(
        only(&changes, ChangeKind::PhaseChanged).severity(),
        Severity::Compatible
    );
}

#[test]
fn raised_risk_and_new_consumers_of_a_critical_component_are_risky() {
    let low = ContractBuilder::new(1, "bridge").build();
    let critical = ContractBuilder::new(1, "bridge")
        .risk(Risk::Critical)
        .build();
    let changes = diff(&snap(&[low]), &snap(&[critical]));
    assert_eq!(
        only(&changes, ChangeKind::RiskChanged).severity(),
        Severity::Risky
    );
    let changes = diff(&snap(&[critical]), &snap(&[low]));
    assert_eq!(
        only(&changes, ChangeKind::RiskChanged).severity(),
        Severity::Compatible
    );

    let consumed = ContractBuilder::new(1, "bridge")
        .risk(Risk::Critical)
        .consumer(3, "Supervisor", &[])
        .build();
    let changes = diff(&snap(&[critical]), &snap(&[consumed]));
    let added = only(&changes, ChangeKind::ConsumerAdded);
    assert_eq!(added.severity(), Severity::Risky);
    assert_eq!(added.affected(), ["Supervisor"]);

    let low_consumed = ContractBuilder::new(1, "bridge")
        .consumer(3, "Supervisor", &[])
        .build();
    let changes = diff(&snap(&[low]), &snap(&[low_consumed]));
    assert_eq!(
        only(&changes, ChangeKind::ConsumerAdded).severity(),
        Severity::Compatible
    );
}

#[test]
fn renames_and_moves_are_recognised_not_reported_as_remove_and_add() {
    let before = ContractBuilder::new(1, "pool")
        .type_name("app::db::Pool")
        .location("src/db.rs", 10)
        .build();
    let renamed = ContractBuilder::new(1, "db-pool")
        .type_name("app::db::Pool")
        .location("src/db.rs", 10)
        .build();
    let changes = diff(&snap(&[before]), &snap(&[renamed]));
    assert_eq!(changes.changes().len(), 1, "{changes}");
    assert_eq!(changes.changes()[0].kind(), ChangeKind::ContractRenamed);

    let moved = ContractBuilder::new(1, "pool")
        .type_name("app::db::Pool")
        .location("src/db.rs", 42)
        .build();
    let changes = diff(&snap(&[before]), &snap(&[moved]));
    let location = only(&changes, ChangeKind::LocationChanged);
    assert_eq!(location.severity(), Severity::Compatible);
    assert_eq!(location.before(), Some("src/db.rs:10"));
    assert_eq!(location.after(), Some("src/db.rs:42"));
}

#[test]
fn text_output_lists_breaking_first_with_the_reason() {
    let old = snap(&[pool(&[GET], Some(&["get"])), repository()]);
    let new = snap(&[
        ContractBuilder::new(1, "pool")
            .type_name("app::Pool")
            .risk(Risk::High)
            .consumer(2, "Repository", &[])
            .build(),
        repository(),
        ContractBuilder::new(3, "cache").build(),
    ]);
    let changes = diff(&old, &new);
    let text = changes.to_string();
    assert!(
        text.starts_with("contract diff: 1 breaking, 1 risky, 2 compatible\n\nbreaking[method-removed] required method `get` of `pool` removed while `repository` still expects it\n  = why: "),
        "{text}"
    );
    let severities: Vec<_> = changes.changes().iter().map(Change::severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted, "breaking first");
    assert_eq!(diff(&old, &new).to_string(), text, "deterministic");
    assert_eq!(diff(&new, &new).to_string(), "contract diff: no changes\n");
}

#[test]
fn json_output_has_counts_and_every_field_of_each_change() {
    let old = snap(&[pool(&[GET], Some(&[])), repository()]);
    let new = snap(&[pool(&[], Some(&[])), repository()]);
    let changes = diff(&old, &new);
    let json: serde_json::Value = serde_json::from_str(&changes.to_json()).unwrap();
    assert_eq!(json["breaking"], 0);
    assert_eq!(json["risky"], 1);
    let first = &json["changes"][0];
    assert_eq!(first["severity"], "risky");
    assert_eq!(first["kind"], "method-removed");
    assert_eq!(first["component"], "pool");
    assert_eq!(first["type_name"], "app::Pool");
    assert_eq!(first["subject"], "get");
    assert_eq!(first["before"], "fn get(&self) -> Conn");
    assert_eq!(first["after"], serde_json::Value::Null);
    assert_eq!(first["affected"], serde_json::json!(["repository"]));
    assert!(first["message"].as_str().unwrap().contains("`get`"));
    assert!(!first["reason"].as_str().unwrap().is_empty());
}

#[test]
fn the_registry_against_its_own_saved_baseline_has_no_changes() {
    let current = Snapshot::current();
    let reloaded = Snapshot::parse(current.to_json().as_bytes(), "mem.json").unwrap();
    assert!(diff(&current, &reloaded).is_empty());
    assert!(current.diff(&current).is_empty());
}

// ---------------------------------------------------------------------------------
// Property tests: random contract sets built with `ContractBuilder`, random mutations.

const METHODS: [&str; 5] = ["start", "stop", "send", "flush", "len"];
const TRAITS: [&str; 3] = ["Send", "Sync", "EventSink"];
const IDS: u64 = 8;

#[derive(Clone, Debug)]
struct Model {
    id: u64,
    risk: Risk,
    methods: BTreeMap<String, u8>, // name -> signature variant
    traits: BTreeSet<String>,
    deps: BTreeMap<u64, bool>,             // component id -> optional
    consumers: BTreeMap<u64, Vec<String>>, // component id -> methods
    migration: Option<(u64, Phase)>,
    required: bool,
    value: Option<String>,
}

fn name(id: u64) -> String {
    format!("c{id}")
}

fn written(id: u64) -> String {
    format!("T{id}")
}

fn signature(method: &str, variant: u8) -> String {
    format!("fn {method}(&self, arg: u{}) -> bool", 8 << (variant % 4))
}

impl Model {
    fn build(&self) -> &'static Contract {
        let mut b = ContractBuilder::new(self.id, name(self.id))
            .type_name(format!("model::{}", written(self.id)))
            .risk(self.risk);
        for (method, variant) in &self.methods {
            b = b.requires(method.clone(), Some(&signature(method, *variant)));
        }
        for t in &self.traits {
            b = b.implements(t.clone());
        }
        for (id, optional) in &self.deps {
            b = if *optional {
                b.depends_on_optional(*id, written(*id))
            } else {
                b.depends_on(*id, written(*id))
            };
        }
        for (id, methods) in &self.consumers {
            let methods: Vec<&str> = methods.iter().map(String::as_str).collect();
            b = b.consumer(*id, written(*id), &methods);
        }
        if let Some((id, phase)) = self.migration {
            b = b.replaces(id, written(id), phase);
        }
        if self.required {
            b = b.required();
        }
        if let Some(value) = &self.value {
            b = b.business_value(value.clone());
        }
        b.build()
    }
}

fn model(id: u64) -> impl Strategy<Value = Model> {
    let others: Vec<u64> = (1..=IDS).filter(|other| *other != id).collect();
    (
        proptest::sample::select(Risk::ALL.to_vec()),
        proptest::collection::btree_map(proptest::sample::select(METHODS.to_vec()), 0u8..4, 0..4),
        proptest::collection::btree_set(proptest::sample::select(TRAITS.to_vec()), 0..3),
        proptest::collection::btree_map(
            proptest::sample::select(others.clone()),
            any::<bool>(),
            0..3,
        ),
        proptest::collection::btree_map(proptest::sample::select(others.clone()), 0usize..3, 0..3),
        proptest::option::of((
            proptest::sample::select(others),
            proptest::sample::select(Phase::ALL.to_vec()),
        )),
        any::<bool>(),
        proptest::option::of("[a-z]{1,6}"),
    )
        .prop_map(
            move |(risk, methods, traits, deps, consumers, migration, required, value)| {
                let method_names: Vec<String> = methods.keys().map(|m| (*m).to_owned()).collect();
                Model {
                    id,
                    risk,
                    methods: methods
                        .into_iter()
                        .map(|(m, v)| (m.to_owned(), v))
                        .collect(),
                    traits: traits.into_iter().map(str::to_owned).collect(),
                    deps,
                    consumers: consumers
                        .into_iter()
                        .map(|(c, take)| (c, method_names.iter().take(take).cloned().collect()))
                        .collect(),
                    migration,
                    required,
                    value,
                }
            },
        )
}

fn models() -> impl Strategy<Value = Vec<Model>> {
    proptest::sample::subsequence((1..=IDS).collect::<Vec<_>>(), 1..=(IDS as usize - 1))
        .prop_flat_map(|ids| ids.into_iter().map(model).collect::<Vec<_>>())
}

fn build(models: &[Model]) -> Snapshot {
    let contracts: Vec<&'static Contract> = models.iter().map(Model::build).collect();
    Snapshot::from_contracts(contracts)
}

/// Applies mutation `kind` to `m` (falling back to one that applies) and returns the
/// change kind and subject the diff must report.
fn mutate(m: &mut Model, kind: u8, pick: usize) -> (ChangeKind, Option<String>) {
    let absent_method = METHODS.iter().find(|x| !m.methods.contains_key(**x));
    let absent_trait = TRAITS.iter().find(|x| !m.traits.contains(**x));
    let free_id = (1..=IDS).find(|x| *x != m.id && !m.deps.contains_key(x));
    let free_consumer = (1..=IDS).find(|x| *x != m.id && !m.consumers.contains_key(x));
    match kind % 14 {
        0 => {
            let risk = Risk::ALL
                [(Risk::ALL.iter().position(|r| *r == m.risk).unwrap() + 1 + pick % 3) % 4];
            m.risk = risk;
            (ChangeKind::RiskChanged, None)
        }
        1 if absent_method.is_some() => {
            let method = absent_method.unwrap().to_string();
            m.methods.insert(method.clone(), 0);
            (ChangeKind::MethodAdded, Some(method))
        }
        2 if !m.methods.is_empty() => {
            let method = m
                .methods
                .keys()
                .nth(pick % m.methods.len())
                .unwrap()
                .clone();
            m.methods.remove(&method);
            for methods in m.consumers.values_mut() {
                methods.retain(|x| *x != method);
            }
            (ChangeKind::MethodRemoved, Some(method))
        }
        3 if !m.methods.is_empty() => {
            let method = m
                .methods
                .keys()
                .nth(pick % m.methods.len())
                .unwrap()
                .clone();
            *m.methods.get_mut(&method).unwrap() += 1;
            (ChangeKind::SignatureChanged, Some(method))
        }
        4 if absent_trait.is_some() => {
            let t = absent_trait.unwrap().to_string();
            m.traits.insert(t.clone());
            (ChangeKind::TraitAdded, Some(t))
        }
        5 if !m.traits.is_empty() => {
            let t = m.traits.iter().nth(pick % m.traits.len()).unwrap().clone();
            m.traits.remove(&t);
            (ChangeKind::TraitRemoved, Some(t))
        }
        6 if free_id.is_some() => {
            let id = free_id.unwrap();
            m.deps.insert(id, pick % 2 == 0);
            (ChangeKind::DependencyAdded, Some(written(id)))
        }
        7 if !m.deps.is_empty() => {
            let id = *m.deps.keys().nth(pick % m.deps.len()).unwrap();
            m.deps.remove(&id);
            (ChangeKind::DependencyRemoved, Some(written(id)))
        }
        8 if !m.deps.is_empty() => {
            let id = *m.deps.keys().nth(pick % m.deps.len()).unwrap();
            let optional = m.deps.get_mut(&id).unwrap();
            *optional = !*optional;
            (ChangeKind::DependencyOptionality, Some(written(id)))
        }
        9 if free_consumer.is_some() => {
            let id = free_consumer.unwrap();
            m.consumers.insert(id, Vec::new());
            (ChangeKind::ConsumerAdded, Some(written(id)))
        }
        10 if !m.consumers.is_empty() => {
            let id = *m.consumers.keys().nth(pick % m.consumers.len()).unwrap();
            m.consumers.remove(&id);
            (ChangeKind::ConsumerRemoved, Some(written(id)))
        }
        11 => match &mut m.migration {
            Some((id, phase)) => {
                let position = Phase::ALL.iter().position(|p| p == phase).unwrap();
                *phase = Phase::ALL[(position + 1 + pick % 3) % 4];
                (ChangeKind::PhaseChanged, Some(written(*id)))
            }
            None => {
                let id = if m.id == 1 { 2 } else { 1 };
                m.migration = Some((id, Phase::Planned));
                (ChangeKind::MigrationAdded, Some(written(id)))
            }
        },
        12 => {
            m.required = !m.required;
            (ChangeKind::RequiredChanged, None)
        }
        _ => {
            m.value = Some(match &m.value {
                Some(value) => format!("{value}!"),
                None => "new value".to_owned(),
            });
            (ChangeKind::BusinessValueChanged, None)
        }
    }
}

fn reported(diff: &Diff, component: &str, kind: ChangeKind, subject: Option<&str>) -> bool {
    diff.changes().iter().any(|c| {
        c.component() == component
            && c.kind() == kind
            && (subject.is_none() || c.subject() == subject)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn diff_of_a_snapshot_with_itself_is_empty(models in models()) {
        let a = build(&models);
        prop_assert!(diff(&a, &a).is_empty());
        // Built again (other leaked descriptors, same content), and through JSON.
        let b = build(&models);
        prop_assert!(diff(&a, &b).is_empty());
        let reloaded = Snapshot::parse(a.to_json().as_bytes(), "a.json").unwrap();
        prop_assert_eq!(&reloaded, &a);
        prop_assert!(diff(&a, &reloaded).is_empty());
    }

    #[test]
    fn diff_lists_every_mutation(
        models in models(),
        mutations in proptest::collection::vec((any::<u8>(), any::<usize>()), 1..5),
        remove in any::<bool>(),
        add in any::<bool>(),
    ) {
        let before = build(&models);
        let mut after_models = models.clone();
        let mut expected: Vec<(String, ChangeKind, Option<String>)> = Vec::new();
        // Each field mutation hits another contract, so none undoes another.
        let mut untouched: Vec<usize> = (0..after_models.len()).collect();
        for (kind, pick) in mutations {
            if untouched.is_empty() {
                break;
            }
            let index = untouched.remove(pick % untouched.len());
            let m = &mut after_models[index];
            let (change, subject) = mutate(m, kind, pick);
            expected.push((name(m.id), change, subject));
        }
        if remove && !untouched.is_empty() {
            let index = untouched[0];
            expected.push((name(after_models[index].id), ChangeKind::ComponentRemoved, None));
            after_models[index].id = 0; // marked for removal
        }
        after_models.retain(|m| m.id != 0);
        if add {
            if let Some(id) = (1..=IDS).find(|id| models.iter().all(|m| m.id != *id)) {
                after_models.push(Model {
                    id,
                    risk: Risk::Low,
                    methods: BTreeMap::new(),
                    traits: BTreeSet::new(),
                    deps: BTreeMap::new(),
                    consumers: BTreeMap::new(),
                    migration: None,
                    required: false,
                    value: None,
                });
                expected.push((name(id), ChangeKind::ComponentAdded, None));
            }
        }
        let after = build(&after_models);
        let changes = diff(&before, &after);
        for (component, kind, subject) in &expected {
            prop_assert!(
                reported(&changes, component, *kind, subject.as_deref()),
                "{} on `{}` ({:?}) not reported:\n{}",
                kind, component, subject, changes
            );
        }
        // Every change is classified with a reason, and the counts add up.
        prop_assert!(changes.changes().iter().all(|c| !c.reason().is_empty()));
        prop_assert_eq!(
            changes.count(Severity::Breaking) + changes.count(Severity::Risky) + changes.count(Severity::Compatible),
            changes.changes().len()
        );
        // And nothing is reported about a contract that did not change.
        let touched: BTreeSet<&str> = expected.iter().map(|(c, _, _)| c.as_str()).collect();
        for change in changes.changes() {
            let dependency_ripple = matches!(
                change.kind(),
                ChangeKind::ProviderChanged | ChangeKind::ProviderLost
            );
            prop_assert!(
                touched.contains(change.component()) || dependency_ripple,
                "unexpected change: {}", change
            );
        }
    }
}

#[test]
fn consumer_changes_name_the_consumer_by_its_contract() {
    let old = snap(&[pool(&[GET], None), repository()]);
    let new = snap(&[pool(&[GET], Some(&["get"])), repository()]);
    let changes = diff(&old, &new);
    let added = only(&changes, ChangeKind::ConsumerAdded);
    assert_eq!(added.affected(), ["repository"], "{changes}");
    assert_eq!(added.subject(), Some("Repository"), "the type as written");
    assert!(
        added
            .to_string()
            .contains("`repository` is now a declared consumer of `pool`"),
        "{changes}"
    );

    // From a method list to none, and back.
    let newer = snap(&[pool(&[GET], Some(&[])), repository()]);
    let changed = diff(&new, &newer);
    let methods = only(&changed, ChangeKind::ConsumerMethodsChanged);
    assert_eq!(methods.severity(), Severity::Compatible);
    assert_eq!(
        methods.message(),
        "declared consumer `repository` of `pool` no longer lists the methods it calls (before: `get`)"
    );
    assert_eq!(
        methods.reason(),
        "nothing it relies on changed, but the diff can no longer tell which methods it calls: a method removed or changed later is risky for it, not breaking"
    );
    let changed = diff(&newer, &new);
    let methods = only(&changed, ChangeKind::ConsumerMethodsChanged);
    assert_eq!(
        methods.message(),
        "declared consumer `repository` of `pool` now lists the methods it calls: `get` (before: none listed)"
    );
    assert_eq!(
        methods.reason(),
        "every listed method is still required, so the consumer is served"
    );

    // From one list to another.
    let two = snap(&[pool(&[GET, STATS], Some(&["get", "stats"])), repository()]);
    let one = snap(&[pool(&[GET, STATS], Some(&["get"])), repository()]);
    let changed = diff(&two, &one);
    assert_eq!(
        only(&changed, ChangeKind::ConsumerMethodsChanged).message(),
        "declared consumer `repository` of `pool` now lists `get` (before: `get`, `stats`)"
    );
}

#[test]
fn a_dependency_on_a_type_moved_to_another_module_is_the_same_dependency() {
    let user = |written: &str| {
        ContractBuilder::new(2, "mover-user")
            .type_name("app::MoverUser")
            .depends_on(1, written)
            .build()
    };
    let before = snap(&[
        ContractBuilder::new(1, "mover")
            .type_name("app::Mover")
            .build(),
        user("Mover"),
    ]);
    let after = snap(&[
        ContractBuilder::new(1, "mover")
            .type_name("app::moved::Mover")
            .build(),
        user("moved::Mover"),
    ]);
    let diff = diff(&before, &after);
    assert!(!diff.has_breaking(), "{diff}");
    let kinds: Vec<ChangeKind> = diff.changes().iter().map(|c| c.kind()).collect();
    assert_eq!(kinds, [ChangeKind::TypeChanged], "{diff}");
}

// ---------------------------------------------------------------------------------
// Who may call a removed or changed method: the consumers the old contract lists it
// for, consumers without a method list, and dependants that list nothing.

/// `cart` with the given methods, `Checkout` declared with `checkout_methods`, and the
/// `checkout` contract depending on `Cart`, as in the derive: a method a consumer
/// lists must be in `requires(..)`, so removing it removes it from the list too.
fn cart(methods: &[(&str, &str)], checkout_methods: &[&str]) -> Snapshot {
    let mut cart = ContractBuilder::new(40, "cart").type_name("shop::Cart");
    for (name, signature) in methods {
        cart = cart.requires(*name, Some(signature));
    }
    let cart = cart.consumer(41, "Checkout", checkout_methods).build();
    let checkout = ContractBuilder::new(41, "checkout")
        .type_name("shop::Checkout")
        .depends_on(40, "Cart")
        .build();
    snap(&[cart, checkout])
}

const ITEMS: (&str, &str) = ("items", "fn items(&self) -> usize");
const TOTAL: (&str, &str) = ("total", "fn total(&self) -> u64");

#[test]
fn a_removed_method_the_old_contract_listed_for_a_consumer_is_breaking() {
    let old = cart(&[ITEMS, TOTAL], &["items", "total"]);
    let new = cart(&[TOTAL], &["total"]);
    let changes = diff(&old, &new);
    assert!(changes.has_breaking(), "{changes}");
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Breaking, "{changes}");
    assert_eq!(removed.subject(), Some("items"));
    assert_eq!(removed.affected(), ["checkout"]);
    assert_eq!(
        removed.message(),
        "required method `items` of `cart` removed while `checkout` still expects it"
    );

    // The same with the consumer dropped from the declaration while its contract
    // still depends on the component.
    let dropped = snap(&[
        ContractBuilder::new(40, "cart")
            .type_name("shop::Cart")
            .requires("total", Some(TOTAL.1))
            .build(),
        ContractBuilder::new(41, "checkout")
            .type_name("shop::Checkout")
            .depends_on(40, "Cart")
            .build(),
    ]);
    let removed = classed(
        &old,
        &dropped,
        ChangeKind::MethodRemoved,
        Severity::Breaking,
    );
    assert_eq!(removed.affected(), ["checkout"]);
}

#[test]
fn a_changed_signature_the_old_contract_listed_for_a_consumer_is_breaking() {
    let items_v2 = ("items", "fn items(&self) -> u32");
    // The consumer no longer lists `items` in the new contract: the old list says it
    // called it, with the old signature.
    let old = cart(&[ITEMS, TOTAL], &["items", "total"]);
    let new = cart(&[items_v2, TOTAL], &["total"]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Breaking);
    assert_eq!(signature.affected(), ["checkout"]);
    assert!(
        signature
            .reason()
            .starts_with("`checkout` still expects the old signature"),
        "{}",
        signature.reason()
    );

    // A consumer that listed other methods only, and still does, is not affected.
    let old = cart(&[ITEMS, TOTAL], &["total"]);
    let new = cart(&[items_v2, TOTAL], &["total"]);
    let signature = classed(
        &old,
        &new,
        ChangeKind::SignatureChanged,
        Severity::Compatible,
    );
    assert_eq!(
        signature.reason(),
        "every consumer of `cart` lists the methods it calls, and none lists `items`"
    );
}

#[test]
fn a_consumer_that_moved_off_the_component_no_longer_expects_its_methods() {
    let old = cart(&[ITEMS, TOTAL], &["items", "total"]);
    // `checkout` no longer depends on `cart`, nor is it declared.
    let new = snap(&[
        ContractBuilder::new(40, "cart")
            .type_name("shop::Cart")
            .requires("total", Some(TOTAL.1))
            .build(),
        ContractBuilder::new(41, "checkout")
            .type_name("shop::Checkout")
            .build(),
    ]);
    let removed = classed(&old, &new, ChangeKind::MethodRemoved, Severity::Compatible);
    assert_eq!(
        removed.message(),
        "required method `items` of `cart` removed; no declared consumer expects it"
    );
    assert_eq!(
        removed.reason(),
        "no contract declares or depends on `cart`"
    );
}

#[test]
fn a_removed_method_while_a_dependant_lists_no_methods_is_risky_and_names_it() {
    let metrics = |methods: &[(&str, &str)]| {
        let mut builder = ContractBuilder::new(50, "metrics").type_name("obs::Metrics");
        for (name, signature) in methods {
            builder = builder.requires(*name, Some(signature));
        }
        builder.build()
    };
    let handler = ContractBuilder::new(51, "checkout-handler")
        .type_name("web::CheckoutHandler")
        .depends_on(50, "Metrics")
        .build();
    let flush = ("flush", "fn flush(&self) -> usize");
    let count = ("count", "fn count(&self) -> u64");
    let old = snap(&[metrics(&[flush, count]), handler]);
    let new = snap(&[metrics(&[count]), handler]);
    let changes = diff(&old, &new);
    assert!(!changes.has_breaking(), "{changes}");
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Risky, "{changes}");
    assert_eq!(removed.affected(), ["checkout-handler"]);
    assert_eq!(
        removed.message(),
        "required method `flush` of `metrics` removed; `checkout-handler` depends on `metrics` without listing the methods it calls"
    );
    assert_eq!(
        removed.reason(),
        "it may call `flush`: check it does not, then declare the methods it calls in `consumers(..)`"
    );

    // A changed signature too.
    let flush_v2 = ("flush", "fn flush(&self) -> u64");
    let new = snap(&[metrics(&[flush_v2, count]), handler]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Risky);
    assert_eq!(signature.affected(), ["checkout-handler"]);
    assert_eq!(
        signature.reason(),
        "`checkout-handler` depends on `metrics` without listing the methods it calls: check it does not call `flush`"
    );

    // Declared with a method list that leaves `flush` out: compatible.
    let listed = |methods: &[(&str, &str)]| {
        let mut builder = ContractBuilder::new(50, "metrics").type_name("obs::Metrics");
        for (name, signature) in methods {
            builder = builder.requires(*name, Some(signature));
        }
        builder.consumer(51, "CheckoutHandler", &["count"]).build()
    };
    let changes = diff(
        &snap(&[listed(&[flush, count]), handler]),
        &snap(&[listed(&[count]), handler]),
    );
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Compatible, "{changes}");
    assert_eq!(
        removed.reason(),
        "every consumer of `metrics` lists the methods it calls, and none lists `flush`"
    );
}

#[test]
fn a_removed_method_while_a_declared_consumer_lists_no_methods_is_risky_and_names_it() {
    let hub = |methods: &[(&str, &str)]| {
        let mut builder = ContractBuilder::new(60, "notification-hub").type_name("n::Hub");
        for (name, signature) in methods {
            builder = builder.requires(*name, Some(signature));
        }
        builder.consumer(61, "AuditLog", &[]).build()
    };
    let audit = ContractBuilder::new(61, "audit-log")
        .type_name("n::AuditLog")
        .depends_on(60, "Hub")
        .build();
    let count = ("subscriber_count", "fn subscriber_count(&self) -> usize");
    let changes = diff(&snap(&[hub(&[count]), audit]), &snap(&[hub(&[]), audit]));
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Risky, "{changes}");
    assert_eq!(
        removed.affected(),
        ["audit-log"],
        "named once, as a consumer"
    );
    assert_eq!(
        removed.message(),
        "required method `subscriber_count` of `notification-hub` removed; `audit-log` consumes `notification-hub` without listing the methods it calls"
    );
}

// ---------------------------------------------------------------------------------
// A consumer that lists a changed method only in the new contract was declared against
// the new signature: it does not break, and the reason says who lists the method.

/// `hub` with `a` and `b` (of signature `b`), and the given declared consumers.
fn hub(b: &str, consumers: &[(u64, &str, &[&str])]) -> &'static Contract {
    let mut hub = ContractBuilder::new(70, "hub")
        .type_name("bus::Hub")
        .requires("a", Some("fn a(&self)"))
        .requires("b", Some(b));
    for (id, name, methods) in consumers {
        hub = hub.consumer(*id, *name, methods);
    }
    hub.build()
}

/// A contract `name` (type `bus::<Type>`) that depends on the hub.
fn hub_user(id: u64, name: &str, type_name: &str) -> &'static Contract {
    ContractBuilder::new(id, name)
        .type_name(format!("bus::{type_name}"))
        .depends_on(70, "Hub")
        .build()
}

const B_U32: &str = "fn b(&self) -> u32";
const B_U64: &str = "fn b(&self) -> u64";

#[test]
fn a_new_consumer_that_lists_a_changed_method_is_named_as_declared_against_it() {
    let engine = hub_user(71, "engine", "Engine");
    let fresh = hub_user(72, "fresh", "Fresh");
    let old = snap(&[hub(B_U32, &[(71, "Engine", &["a"])]), engine]);
    let new = snap(&[
        hub(B_U64, &[(71, "Engine", &["a"]), (72, "Fresh", &["b"])]),
        engine,
        fresh,
    ]);
    let changes = diff(&old, &new);
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
    assert!(signature.affected().is_empty(), "{changes}");
    assert_eq!(
        signature.reason(),
        "`fresh` lists `b` only in the new contract, so it was declared against the new signature; every other consumer of `hub` lists the methods it calls, and none lists `b`"
    );

    // Alone, it is the only one named.
    let old = snap(&[hub(B_U32, &[])]);
    let new = snap(&[hub(B_U64, &[(72, "Fresh", &["b"])]), fresh]);
    let signature = classed(
        &old,
        &new,
        ChangeKind::SignatureChanged,
        Severity::Compatible,
    );
    assert_eq!(
        signature.reason(),
        "`fresh` lists `b` only in the new contract, so it was declared against the new signature"
    );
}

#[test]
fn a_consumer_that_starts_listing_a_changed_method_was_updated_with_it() {
    let engine = hub_user(71, "engine", "Engine");
    // `engine` called only `a`; with `b` changed it lists `b` too: written against the
    // new signature.
    let old = snap(&[hub(B_U32, &[(71, "Engine", &["a"])]), engine]);
    let new = snap(&[hub(B_U64, &[(71, "Engine", &["a", "b"])]), engine]);
    let changes = diff(&old, &new);
    assert!(!changes.has_breaking(), "{changes}");
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
    assert!(signature.affected().is_empty(), "{changes}");
    assert_eq!(
        signature.reason(),
        "`engine` lists `b` only in the new contract, so it was declared against the new signature"
    );

    // Listed in the old contract and still in the new: it called the old signature.
    let old = snap(&[hub(B_U32, &[(71, "Engine", &["a", "b"])]), engine]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Breaking);
    assert_eq!(signature.affected(), ["engine"]);
    assert_eq!(
        signature.reason(),
        "`engine` still expects the old signature: update it first, or keep the old method beside the new one"
    );
}

#[test]
fn a_consumer_that_listed_no_methods_before_may_have_called_the_old_signature() {
    let audit = hub_user(73, "audit", "Audit");
    // Declared without a method list before, with one now: it may have called `b`.
    let old = snap(&[hub(B_U32, &[(73, "Audit", &[])]), audit]);
    for now in [&["b"][..], &["a"][..]] {
        let new = snap(&[hub(B_U64, &[(73, "Audit", now)]), audit]);
        let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Risky);
        assert_eq!(signature.affected(), ["audit"]);
        assert_eq!(
            signature.reason(),
            "`audit` listed no methods of `hub` before: check it does not call the old `b`"
        );
    }

    // Depending on the hub without being declared before, declared now.
    let old = snap(&[hub(B_U32, &[]), audit]);
    let new = snap(&[hub(B_U64, &[(73, "Audit", &["b"])]), audit]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Risky);
    assert_eq!(
        signature.reason(),
        "`audit` listed no methods of `hub` before: check it does not call the old `b`"
    );

    // A removed method: the new list leaves it out, the old one said nothing.
    let old = snap(&[hub(B_U32, &[(73, "Audit", &[])]), audit]);
    let gone = ContractBuilder::new(70, "hub")
        .type_name("bus::Hub")
        .requires("a", Some("fn a(&self)"))
        .consumer(73, "Audit", &["a"])
        .build();
    let changes = diff(&old, &snap(&[gone, audit]));
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Risky, "{changes}");
    assert_eq!(removed.affected(), ["audit"]);
    assert_eq!(
        removed.message(),
        "required method `b` of `hub` removed; `audit` listed no methods of `hub` before"
    );
    assert_eq!(removed.reason(), "it may call `b`: check it does not");
}

// ---------------------------------------------------------------------------------
// A declared consumer without a method list may call anything: every change to a
// method names it, even beside consumers that break.

#[test]
fn a_consumer_of_unspecified_methods_is_named_beside_those_that_break() {
    let engine = hub_user(71, "engine", "Engine");
    let audit = hub_user(73, "audit", "Audit");
    let declared: &[(u64, &str, &[&str])] = &[(71, "Engine", &["b"]), (73, "Audit", &[])];
    let old = snap(&[hub(B_U32, declared), engine, audit]);

    let changes = diff(&old, &snap(&[hub(B_U64, declared), engine, audit]));
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Breaking, "{changes}");
    assert_eq!(signature.affected(), ["engine", "audit"]);
    assert_eq!(
        signature.reason(),
        "`engine` still expects the old signature: update it first, or keep the old method beside the new one; `audit` consumes `hub` without listing the methods it calls: check it does not call `b`"
    );

    // Removed (the derive takes it off `engine`'s list).
    let gone = ContractBuilder::new(70, "hub")
        .type_name("bus::Hub")
        .requires("a", Some("fn a(&self)"))
        .consumer(71, "Engine", &[])
        .consumer(73, "Audit", &[])
        .build();
    let changes = diff(&old, &snap(&[gone, engine, audit]));
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Breaking, "{changes}");
    assert_eq!(removed.affected(), ["engine", "audit"]);
    assert_eq!(
        removed.message(),
        "required method `b` of `hub` removed while `engine` still expects it; `audit` consumes `hub` without listing the methods it calls"
    );
    assert_eq!(
        removed.reason(),
        "a declared consumer calls it: restore the method, or first take it off the consumer's method list once the consumer no longer calls it, and bless; `audit` may call `b` too: check it does not, then declare the methods it calls in `consumers(..)`"
    );
    // Alone, the same advice.
    let old_alone = snap(&[hub(B_U32, &[(73, "Audit", &[])]), audit]);
    let alone = ContractBuilder::new(70, "hub")
        .type_name("bus::Hub")
        .requires("a", Some("fn a(&self)"))
        .consumer(73, "Audit", &[])
        .build();
    let changes = diff(&old_alone, &snap(&[alone, audit]));
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Risky, "{changes}");
    assert_eq!(
        removed.reason(),
        "it may call `b`: check it does not, then declare the methods it calls in `consumers(..)`"
    );
    // One that lists its methods now has nothing more to declare.
    let lists_now = ContractBuilder::new(70, "hub")
        .type_name("bus::Hub")
        .requires("a", Some("fn a(&self)"))
        .consumer(71, "Engine", &[])
        .consumer(73, "Audit", &["a"])
        .build();
    let changes = diff(&old, &snap(&[lists_now, engine, audit]));
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Breaking, "{changes}");
    assert_eq!(
        removed.reason(),
        "a declared consumer calls it: restore the method, or first take it off the consumer's method list once the consumer no longer calls it, and bless; `audit` may call `b` too: check it does not"
    );

    // A path spelled out: both may still call it.
    let result = "fn b(&self) -> Result<u8, Error>";
    let qualified = "fn b(&self) -> std::result::Result<u8, Error>";
    let changes = diff(
        &snap(&[hub(result, declared), engine, audit]),
        &snap(&[hub(qualified, declared), engine, audit]),
    );
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Risky, "{changes}");
    assert_eq!(signature.affected(), ["engine", "audit"]);
    assert_eq!(
        signature.reason(),
        "the types differ only in how their paths are written: if they name the same types, `engine`, `audit` can still call it; check, then bless the baseline"
    );
}

#[test]
fn a_signature_no_longer_pinned_names_who_calls_the_method() {
    let engine = hub_user(71, "engine", "Engine");
    let audit = hub_user(73, "audit", "Audit");
    let unpinned = |consumers: &[(u64, &str, &[&str])]| {
        let mut hub = ContractBuilder::new(70, "hub")
            .type_name("bus::Hub")
            .requires("a", Some("fn a(&self)"))
            .requires("b", None);
        for (id, name, methods) in consumers {
            hub = hub.consumer(*id, *name, methods);
        }
        hub.build()
    };
    let declared: &[(u64, &str, &[&str])] = &[(71, "Engine", &["b"]), (73, "Audit", &[])];
    let changes = diff(
        &snap(&[hub(B_U32, declared), engine, audit]),
        &snap(&[unpinned(declared), engine, audit]),
    );
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Risky, "{changes}");
    assert_eq!(signature.affected(), ["engine", "audit"]);
    assert_eq!(
        signature.reason(),
        "the signature is no longer pinned, so a change to it would go unnoticed by those who call it: `engine` calls it; `audit` consumes `hub` without listing the methods it calls"
    );

    // A consumer that starts listing it as it stops being pinned calls it too.
    let changes = diff(
        &snap(&[hub(B_U32, &[(71, "Engine", &["a"])]), engine]),
        &snap(&[unpinned(&[(71, "Engine", &["a", "b"])]), engine]),
    );
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Risky, "{changes}");
    assert_eq!(signature.affected(), ["engine"]);
    assert_eq!(
        signature.reason(),
        "the signature is no longer pinned, so a change to it would go unnoticed by those who call it: `engine` calls it"
    );

    // Nobody calls it.
    let changes = diff(
        &snap(&[hub(B_U32, &[(71, "Engine", &["a"])]), engine]),
        &snap(&[unpinned(&[(71, "Engine", &["a"])]), engine]),
    );
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
    assert!(signature.affected().is_empty());
    assert_eq!(
        signature.reason(),
        "the signature is no longer pinned; no declared consumer expects the method"
    );
}

#[test]
fn a_consumer_declared_again_under_its_moved_type_is_the_same_consumer() {
    // `engine` moved to another module and is declared under the new path; it does not
    // depend on the hub through a contract, so only the declaration says it consumes it.
    let engine = |path: &str| ContractBuilder::new(71, "engine").type_name(path).build();
    let old = snap(&[
        hub(B_U32, &[(71, "old_mod::Engine", &["b"])]),
        engine("old_mod::Engine"),
    ]);
    let new = snap(&[
        hub(B_U64, &[(71, "new_mod::Engine", &["b"])]),
        engine("new_mod::Engine"),
    ]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Breaking);
    assert_eq!(signature.affected(), ["engine"]);
}

#[test]
fn a_declaration_whose_written_type_names_several_contracts_declares_them_all() {
    // `Engine` did not resolve and names both engines: both are declared, calling `a`.
    let engine = |id: u64, path: &str| {
        ContractBuilder::new(id, path)
            .type_name(path)
            .depends_on(70, "Hub")
            .build()
    };
    let (first, second) = (engine(71, "front::Engine"), engine(72, "back::Engine"));
    let old = snap(&[hub(B_U32, &[(999, "Engine", &["a"])]), first, second]);
    let new = snap(&[hub(B_U64, &[(999, "Engine", &["a"])]), first, second]);
    let signature = classed(
        &old,
        &new,
        ChangeKind::SignatureChanged,
        Severity::Compatible,
    );
    assert_eq!(
        signature.reason(),
        "every consumer of `hub` lists the methods it calls, and none lists `b`"
    );
}

// ---------------------------------------------------------------------------------
// Review findings: who a consumer is, and reasons that stay true.

const GET_V1: &str = "fn get(&self) -> Conn";
const GET_V2: &str = "fn get(&self, timeout: u64) -> Conn";

/// `pool` (`app::Pool`) with `stats`, `get` of signature `get` when given, and the
/// given declared consumers.
fn pool_of(get: Option<&str>, consumers: &[(u64, &str, &[&str])]) -> &'static Contract {
    let mut pool = ContractBuilder::new(1, "pool")
        .type_name("app::Pool")
        .requires("stats", Some("fn stats(&self) -> u32"));
    if let Some(get) = get {
        pool = pool.requires("get", Some(get));
    }
    for (id, written, methods) in consumers {
        pool = pool.consumer(*id, *written, methods);
    }
    pool.build()
}

/// A contract `name` of type `type_name` that depends on the pool.
fn pool_user(id: u64, name: &str, type_name: &str) -> &'static Contract {
    ContractBuilder::new(id, name)
        .type_name(type_name)
        .depends_on(1, "Pool")
        .build()
}

#[test]
fn a_written_consumer_name_reused_by_another_contract_names_that_contract() {
    // `Repository` named `repository` (`app::Repository`); that contract is gone, and
    // `Repository` now names `repo2` (`app::v2::Repository`), a new contract declared
    // against the new `get`.
    let repository = pool_user(2, "repository", "app::Repository");
    let repo2 = pool_user(3, "repo2", "app::v2::Repository");
    let old = snap(&[
        pool_of(Some(GET_V1), &[(2, "Repository", &["get"])]),
        repository,
    ]);
    let new = snap(&[pool_of(Some(GET_V2), &[(3, "Repository", &["get"])]), repo2]);
    let changes = diff(&old, &new);
    assert!(!changes.has_breaking(), "{changes}");
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
    assert!(signature.affected().is_empty(), "{changes}");
    assert_eq!(
        signature.reason(),
        "`repo2` lists `get` only in the new contract, so it was declared against the new signature"
    );
    assert_eq!(
        only(&changes, ChangeKind::ComponentRemoved).component(),
        "repository"
    );
    // The declaration is another consumer's: one left, one came.
    let removed = only(&changes, ChangeKind::ConsumerRemoved);
    assert_eq!(
        removed.message(),
        "`repository` is no longer a declared consumer of `pool`"
    );
    let added = only(&changes, ChangeKind::ConsumerAdded);
    assert_eq!(added.affected(), ["repo2"], "{changes}");

    // The same contract moved to another type (paired by its name) is the same
    // consumer: it still expects the old `get`.
    let moved = pool_user(2, "repository", "app::v2::Repository");
    let new = snap(&[pool_of(Some(GET_V2), &[(2, "Repository", &["get"])]), moved]);
    let changes = diff(&old, &new);
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Breaking, "{changes}");
    assert_eq!(signature.affected(), ["repository"]);
    assert!(
        !changes.changes().iter().any(|c| matches!(
            c.kind(),
            ChangeKind::ConsumerAdded | ChangeKind::ConsumerRemoved
        )),
        "{changes}"
    );
}

#[test]
fn a_consumer_whose_old_list_left_the_method_out_did_not_call_it_whatever_it_lists_now() {
    let repository = pool_user(2, "repository", "app::Repository");
    // `repository` listed `stats` only; it lists nothing now: the old list says it did
    // not call `get` as it was, as the consumer change beside it says.
    let old = snap(&[
        pool_of(Some(GET_V1), &[(2, "Repository", &["stats"])]),
        repository,
    ]);
    let new = snap(&[pool_of(Some(GET_V2), &[(2, "Repository", &[])]), repository]);
    let changes = diff(&old, &new);
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
    assert!(signature.affected().is_empty(), "{changes}");
    assert!(
        only(&changes, ChangeKind::ConsumerMethodsChanged)
            .reason()
            .starts_with("nothing it relies on changed"),
        "{changes}"
    );

    // Removed: the same.
    let new = snap(&[pool_of(None, &[(2, "Repository", &[])]), repository]);
    let changes = diff(&old, &new);
    let removed = only(&changes, ChangeKind::MethodRemoved);
    assert_eq!(removed.severity(), Severity::Compatible, "{changes}");
    assert!(removed.affected().is_empty(), "{changes}");

    // Without a method list before, it may have called it.
    let old = snap(&[pool_of(Some(GET_V1), &[(2, "Repository", &[])]), repository]);
    let new = snap(&[pool_of(Some(GET_V2), &[(2, "Repository", &[])]), repository]);
    let signature = classed(&old, &new, ChangeKind::SignatureChanged, Severity::Risky);
    assert_eq!(signature.affected(), ["repository"]);
}

#[test]
fn why_nobody_is_affected_says_what_each_consumer_lists_or_listed() {
    let repository = pool_user(2, "repository", "app::Repository");
    let old = snap(&[
        pool_of(Some(GET_V1), &[(2, "Repository", &["stats"])]),
        repository,
    ]);
    let listed_before =
        "`repository` listed only other methods of `pool` before, so it did not call `get` as it was";
    // No longer declared, still depending; then declared without a method list.
    for consumers in [&[][..], &[(2, "Repository", &[][..])][..]] {
        let new = snap(&[pool_of(Some(GET_V2), consumers), repository]);
        let changes = diff(&old, &new);
        let signature = only(&changes, ChangeKind::SignatureChanged);
        assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
        assert_eq!(signature.reason(), listed_before, "{changes}");
        let new = snap(&[pool_of(None, consumers), repository]);
        let changes = diff(&old, &new);
        let removed = only(&changes, ChangeKind::MethodRemoved);
        assert_eq!(removed.severity(), Severity::Compatible, "{changes}");
        assert_eq!(removed.reason(), listed_before, "{changes}");
    }

    // Beside one declared against the new signature and one that lists its methods
    // in both (no contracts: each is known by its written type).
    let old = snap(&[pool_of(
        Some(GET_V1),
        &[(7, "Engine", &["stats"]), (9, "Stats", &["stats"])],
    )]);
    let new = snap(&[pool_of(
        Some(GET_V2),
        &[(8, "Runner", &["get", "stats"]), (9, "Stats", &["stats"])],
    )]);
    let signature = classed(
        &old,
        &new,
        ChangeKind::SignatureChanged,
        Severity::Compatible,
    );
    assert_eq!(
        signature.reason(),
        "`Runner` lists `get` only in the new contract, so it was declared against the new signature; `Engine` listed only other methods of `pool` before, so it did not call `get` as it was; every other consumer of `pool` lists the methods it calls, and none lists `get`"
    );
    let alone = snap(&[pool_of(Some(GET_V2), &[(8, "Runner", &["get", "stats"])])]);
    let old = snap(&[pool_of(Some(GET_V1), &[(7, "Engine", &["stats"])])]);
    let changes = diff(&old, &alone);
    assert_eq!(
        only(&changes, ChangeKind::SignatureChanged).reason(),
        "`Runner` lists `get` only in the new contract, so it was declared against the new signature; `Engine` listed only other methods of `pool` before, so it did not call `get` as it was"
    );
}

#[test]
fn a_consumer_change_beside_a_change_to_a_method_it_listed_points_to_it() {
    let repository = pool_user(2, "repository", "app::Repository");
    let old = snap(&[
        pool_of(Some(GET_V1), &[(2, "Repository", &["get", "stats"])]),
        repository,
    ]);
    // It lists nothing now, while `get`, which it called, changed.
    let new = snap(&[pool_of(Some(GET_V2), &[(2, "Repository", &[])]), repository]);
    let changes = diff(&old, &new);
    assert_eq!(
        only(&changes, ChangeKind::SignatureChanged).severity(),
        Severity::Breaking,
        "{changes}"
    );
    assert_eq!(
        only(&changes, ChangeKind::ConsumerMethodsChanged).reason(),
        "it listed `get`, which this diff removes or changes (see that change); the diff can no longer tell which methods it calls: a method removed or changed later is risky for it, not breaking"
    );
    // `get` removed, and taken off its list as the derive does.
    let new = snap(&[pool_of(None, &[(2, "Repository", &["stats"])]), repository]);
    let changes = diff(&old, &new);
    assert_eq!(
        only(&changes, ChangeKind::MethodRemoved).severity(),
        Severity::Breaking,
        "{changes}"
    );
    assert_eq!(
        only(&changes, ChangeKind::ConsumerMethodsChanged).reason(),
        "every method it lists is still required; it listed `get`, which this diff removes or changes (see that change)"
    );
}

#[test]
fn a_changed_method_names_who_calls_it_whatever_the_class() {
    let repository = pool_user(2, "repository", "app::Repository");
    let with = |get: Option<&str>, methods: &[&str]| {
        let pool = ContractBuilder::new(1, "pool")
            .type_name("app::Pool")
            .requires("stats", Some("fn stats(&self) -> u32"))
            .requires("get", get)
            .consumer(2, "Repository", methods);
        snap(&[pool.build(), repository])
    };
    let cases = [
        // A parameter renamed.
        (
            "fn get(&self, t: u64) -> Conn",
            "fn get(&self, timeout: u64) -> Conn",
        ),
        // A lifetime elision implies, written out.
        ("fn get<'a>(&'a self) -> &'a Conn", "fn get(&self) -> &Conn"),
    ];
    for (before, after) in cases {
        for methods in [&["get"][..], &[][..]] {
            let changes = diff(&with(Some(before), methods), &with(Some(after), methods));
            let signature = only(&changes, ChangeKind::SignatureChanged);
            assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
            assert_eq!(signature.affected(), ["repository"], "{changes}");
        }
    }
    // Now pinned, called by a consumer that lists it, or that lists nothing.
    for methods in [&["get"][..], &[][..]] {
        let changes = diff(&with(None, methods), &with(Some(GET_V2), methods));
        let signature = only(&changes, ChangeKind::SignatureChanged);
        assert_eq!(signature.severity(), Severity::Compatible, "{changes}");
        assert_eq!(signature.affected(), ["repository"], "{changes}");
    }
    // Nobody calls it: nobody named.
    let changes = diff(
        &with(Some(cases[0].0), &["stats"]),
        &with(Some(cases[0].1), &["stats"]),
    );
    assert!(only(&changes, ChangeKind::SignatureChanged)
        .affected()
        .is_empty());
}

#[test]
fn a_consumer_whose_contract_is_gone_is_named_as_the_new_contract_declares_it() {
    // `Repository` had the contract `repository`; the contract is gone, the type is
    // still declared a consumer: it is named by the type as written, never by the
    // removed contract.
    let repository = ContractBuilder::new(2, "repository")
        .type_name("app::Repository")
        .build();
    let old = snap(&[pool_of(Some(GET_V1), &[(2, "Repository", &[])]), repository]);
    let new = snap(&[pool_of(Some(GET_V2), &[(2, "Repository", &["get"])])]);
    let changes = diff(&old, &new);
    assert_eq!(
        only(&changes, ChangeKind::ComponentRemoved).component(),
        "repository"
    );
    let signature = only(&changes, ChangeKind::SignatureChanged);
    assert_eq!(signature.severity(), Severity::Risky, "{changes}");
    assert_eq!(signature.affected(), ["Repository"], "{changes}");
    assert_eq!(
        only(&changes, ChangeKind::ConsumerMethodsChanged).message(),
        "declared consumer `Repository` of `pool` now lists the methods it calls: `get` (before: none listed)"
    );

    // A renamed contract: named by its new name.
    let repo = pool_user(2, "repo", "app::Repository");
    let old = snap(&[
        pool_of(Some(GET_V1), &[(2, "Repository", &["get"])]),
        pool_user(2, "repository", "app::Repository"),
    ]);
    let new = snap(&[
        pool_of(Some(GET_V2), &[(2, "Repository", &["get", "stats"])]),
        repo,
    ]);
    let changes = diff(&old, &new);
    assert_eq!(
        only(&changes, ChangeKind::SignatureChanged).affected(),
        ["repo"],
        "{changes}"
    );
    assert!(
        only(&changes, ChangeKind::ConsumerMethodsChanged)
            .message()
            .starts_with("declared consumer `repo` of `pool`"),
        "{changes}"
    );
}
