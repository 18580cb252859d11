//! The baseline engine, with the mode and the bless flag passed explicitly (no
//! environment variable, so these tests never race): exact comparison, blessing, the
//! ratchet, and bad baseline files left untouched.
//!
//! `assert_baseline` itself, which reads `CONTRACTS_BLESS`, is tested in its own binary:
//! `tests/test_baseline_bless.rs`.

use std::fs;
use std::path::PathBuf;

use contracts_core::snapshot::{
    check_baseline, BaselineMode, BaselineStatus, ChangeKind, Snapshot, SnapshotError,
};
use contracts_core::{ComponentId, Contract, ContractBuilder, Phase, Validator};

mod common;
use common::{Provides, TempDir};

fn pool(line: u32) -> &'static Contract {
    ContractBuilder::new(1, "pool")
        .location("src/pool.rs", line)
        .requires("get", Some("fn get(&self) -> Conn"))
        .consumer(2, "Repository", &["get"])
        .build()
}

fn repository() -> &'static Contract {
    ContractBuilder::new(2, "repository")
        .depends_on(1, "Pool")
        .build()
}

#[test]
fn a_missing_baseline_fails_with_how_to_create_it_and_is_not_created() {
    let dir = TempDir::new("missing");
    let path = dir.path("contracts.json");
    let current = Snapshot::from_contracts([pool(1), repository()]);
    let error = check_baseline(&path, &current, BaselineMode::Exact, false).unwrap_err();
    assert!(matches!(error, SnapshotError::Missing { .. }));
    assert!(error.to_string().contains("CONTRACTS_BLESS=1"));
    assert!(!path.exists());
}

#[test]
fn bless_creates_then_leaves_alone_then_updates() {
    let dir = TempDir::new("bless");
    let path = dir.path("deeper/contracts.json");
    let v1 = Snapshot::from_contracts([pool(1), repository()]);

    let created = check_baseline(&path, &v1, BaselineMode::Exact, true).unwrap();
    assert_eq!(created.status(), BaselineStatus::Created);
    assert!(created.passed());
    assert_eq!(fs::read_to_string(&path).unwrap(), v1.to_json());

    let again = check_baseline(&path, &v1, BaselineMode::Exact, true).unwrap();
    assert_eq!(again.status(), BaselineStatus::Unchanged);

    let v2 = Snapshot::from_contracts([pool(1)]);
    let updated = check_baseline(&path, &v2, BaselineMode::Exact, true).unwrap();
    assert_eq!(updated.status(), BaselineStatus::Updated);
    assert!(updated.passed());
    assert_eq!(
        updated.diff().changes()[0].kind(),
        ChangeKind::ComponentRemoved,
        "the outcome still shows what was accepted"
    );
    assert_eq!(Snapshot::load(&path).unwrap(), v2);
}

#[test]
fn exact_mode_passes_on_a_match_and_on_a_declaration_that_only_moved() {
    let dir = TempDir::new("exact");
    let path = dir.path("contracts.json");
    Snapshot::from_contracts([pool(10), repository()])
        .save(&path)
        .unwrap();
    let same = check_baseline(
        &path,
        &Snapshot::from_contracts([pool(10), repository()]),
        BaselineMode::Exact,
        false,
    )
    .unwrap();
    assert_eq!(same.status(), BaselineStatus::Matches);
    assert!(same.diff().is_empty());

    let moved = check_baseline(
        &path,
        &Snapshot::from_contracts([pool(25), repository()]),
        BaselineMode::Exact,
        false,
    )
    .unwrap();
    assert!(moved.passed(), "{moved}");
    assert_eq!(
        moved.diff().changes()[0].kind(),
        ChangeKind::LocationChanged
    );
}

#[test]
fn exact_mode_fails_on_any_other_change_with_the_classified_diff_and_leaves_the_file() {
    let dir = TempDir::new("drift");
    let path = dir.path("contracts.json");
    Snapshot::from_contracts([pool(10), repository()])
        .save(&path)
        .unwrap();
    let before = fs::read(&path).unwrap();
    let without_get = ContractBuilder::new(1, "pool")
        .location("src/pool.rs", 10)
        .consumer(2, "Repository", &[])
        .build();
    let outcome = check_baseline(
        &path,
        &Snapshot::from_contracts([without_get, repository()]),
        BaselineMode::Exact,
        false,
    )
    .unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed);
    assert!(outcome.diff().has_breaking());
    let message = outcome.to_string();
    assert!(
        message.starts_with(&format!(
            "contract baseline `{}` does not match the current contracts\n\ncontract diff: 1 breaking",
            path.display()
        )),
        "{message}"
    );
    assert!(message.contains("breaking[method-removed] required method `get` of `pool` removed while `repository` still expects it"));
    assert!(message.contains("rerun the test with CONTRACTS_BLESS=1"));
    assert_eq!(fs::read(&path).unwrap(), before, "checking never writes");
}

#[test]
fn a_corrupt_baseline_is_an_error_naming_the_file_and_stays_as_it_was() {
    let dir = TempDir::new("corrupt");
    let path = dir.path("contracts.json");
    let current = Snapshot::from_contracts([pool(1)]);
    for bytes in [
        &b""[..],
        &b"{\"schema_version\": 1, \"contr"[..],
        &b"not json"[..],
        &b"{\"schema_version\": 2, \"contracts\": []}"[..],
        &b"{\"schema_version\": 1, \"contracts\": [{\"name\": \"x\"}]}"[..],
    ] {
        fs::write(&path, bytes).unwrap();
        for mode in [BaselineMode::Exact, BaselineMode::Ratchet] {
            let error = check_baseline(&path, &current, mode, false).unwrap_err();
            assert!(
                error.to_string().contains(&path.display().to_string()),
                "{error}"
            );
            assert_eq!(fs::read(&path).unwrap(), bytes);
        }
    }
    // Blessing replaces a corrupt baseline: that is what it is for.
    let blessed = check_baseline(&path, &current, BaselineMode::Exact, true).unwrap();
    assert_eq!(blessed.status(), BaselineStatus::Updated);
    assert_eq!(Snapshot::load(&path).unwrap(), current);
}

#[test]
fn bless_into_a_directory_says_so_and_writes_nothing() {
    let dir = TempDir::new("bless-dir");
    let bl = dir.path("bl");
    fs::create_dir(&bl).unwrap();
    let current = Snapshot::from_contracts([pool(1), repository()]);
    for named in [format!("{}/", bl.display()), bl.display().to_string()] {
        let error = check_baseline(&named, &current, BaselineMode::Exact, true).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("cannot write contract snapshot `{named}`: it is a directory; give the path of a file in it; nothing was written")
        );
        assert_eq!(
            fs::read_dir(&bl).unwrap().count(),
            0,
            "nothing written in it"
        );
    }
}

#[test]
fn checking_against_a_directory_says_which_file_to_give() {
    let dir = TempDir::new("check-dir");
    let bl = dir.path("bl");
    fs::create_dir(&bl).unwrap();
    let current = Snapshot::from_contracts([pool(1), repository()]);
    for named in [format!("{}/", bl.display()), bl.display().to_string()] {
        let error = check_baseline(&named, &current, BaselineMode::Exact, false).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("cannot read contract snapshot `{named}`: it is a directory; give the path of the baseline file in it (`tests/contracts.json`)")
        );
        assert_eq!(
            fs::read_dir(&bl).unwrap().count(),
            0,
            "nothing written in it"
        );
    }
}

#[test]
fn bless_refuses_a_baseline_written_by_a_newer_version_and_leaves_it() {
    let dir = TempDir::new("newer");
    let path = dir.path("contracts.json");
    let current = Snapshot::from_contracts([pool(1), repository()]);
    let text = r#"{"schema_version": 2, "contracts": [], "future": {"kept": true}}"#;
    fs::write(&path, text).unwrap();
    for mode in [BaselineMode::Exact, BaselineMode::Ratchet] {
        for bless in [false, true] {
            let error = check_baseline(&path, &current, mode, bless).unwrap_err();
            assert!(
                matches!(
                    error,
                    SnapshotError::UnsupportedVersion {
                        found: 2,
                        supported: 1,
                        ..
                    }
                ),
                "{error:?}"
            );
            assert_eq!(
                error.to_string(),
                format!(
                    "contract snapshot `{}` has schema version 2, but this version of contracts-core reads version 1; it was written by a newer contracts-core: upgrade contracts-core, or delete the file to rewrite it with this version (CONTRACTS_BLESS=1 does not overwrite a newer file)",
                    path.display()
                )
            );
            assert_eq!(
                fs::read_to_string(&path).unwrap(),
                text,
                "bless {bless}: untouched"
            );
        }
    }
    // Nothing beside it either (no temporary file left).
    assert_eq!(fs::read_dir(dir.root()).unwrap().count(), 1);

    // An older version is what blessing is for: it is rewritten.
    fs::write(&path, b"{\"schema_version\": 0, \"contracts\": []}").unwrap();
    let blessed = check_baseline(&path, &current, BaselineMode::Exact, true).unwrap();
    assert_eq!(blessed.status(), BaselineStatus::Updated);
    assert_eq!(Snapshot::load(&path).unwrap(), current);
}

// Ratchet: contracts with graph violations recorded in the baseline.

fn legacy() -> &'static Contract {
    ContractBuilder::new(10, "legacy").build()
}

fn user(id: u64, name: &str) -> &'static Contract {
    ContractBuilder::new(id, name)
        .depends_on(10, "Legacy")
        .build()
}

fn replacement() -> &'static Contract {
    ContractBuilder::new(12, "replacement")
        .replaces(10, "Legacy", Phase::Complete)
        .build()
}

fn ratchet_baseline(dir: &TempDir) -> PathBuf {
    let path = dir.path("ratchet.json");
    let snapshot = Snapshot::validated(&[legacy(), user(11, "user"), replacement()]);
    assert_eq!(snapshot.violations().len(), 1, "an incomplete migration");
    snapshot.save(&path).unwrap();
    path
}

#[test]
fn ratchet_tolerates_known_violations() {
    let dir = TempDir::new("ratchet-known");
    let path = ratchet_baseline(&dir);
    let current = Snapshot::validated(&[legacy(), user(11, "user"), replacement()]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Matches);
    assert_eq!(outcome.known_violations().len(), 1);
    assert!(outcome.new_violations().is_empty());
    // Exact mode is satisfied too: nothing changed.
    assert!(check_baseline(&path, &current, BaselineMode::Exact, false)
        .unwrap()
        .passed());
}

#[test]
fn ratchet_fails_on_a_new_violation() {
    let dir = TempDir::new("ratchet-new");
    let path = ratchet_baseline(&dir);
    // A cycle appears beside the tolerated incomplete migration.
    let a = ContractBuilder::new(20, "a").depends_on(21, "B").build();
    let b = ContractBuilder::new(21, "b").depends_on(20, "A").build();
    let current = Snapshot::validated(&[legacy(), user(11, "user"), replacement(), a, b]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed);
    assert_eq!(outcome.known_violations().len(), 1, "still tolerated");
    assert_eq!(outcome.new_violations().len(), 1);
    assert_eq!(outcome.new_violations()[0].code, "dependency-cycle");
    let message = outcome.to_string();
    assert!(
        message.contains("(ratchet) failed: 1 new violation, 0 breaking changes"),
        "{message}"
    );
    assert!(
        message.contains(
            "new violations (1):\n  - [dependency-cycle] dependency cycle: `a` (<synthetic>:0) -> `b` (<synthetic>:0) -> `a`"
        ),
        "{message}"
    );
}

#[test]
fn ratchet_reports_fixed_violations_so_the_baseline_can_shrink() {
    let dir = TempDir::new("ratchet-fixed");
    let path = ratchet_baseline(&dir);
    // The user moved off the legacy type: the incomplete migration is fixed.
    let moved = ContractBuilder::new(11, "user")
        .depends_on(12, "Replacement")
        .build();
    let current = Snapshot::validated(&[legacy(), moved, replacement()]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert!(outcome.passed(), "{outcome}");
    assert_eq!(outcome.status(), BaselineStatus::Tolerated);
    assert_eq!(outcome.fixed_violations().len(), 1);
    assert_eq!(outcome.fixed_violations()[0].code, "incomplete-migration");
    let message = outcome.to_string();
    assert!(message.contains("1 fixed"), "{message}");
    assert!(
        message.contains("rerun the test with CONTRACTS_BLESS=1 to shrink the baseline"),
        "{message}"
    );

    // Exact mode calls the same situation a mismatch.
    assert!(!check_baseline(&path, &current, BaselineMode::Exact, false)
        .unwrap()
        .passed());

    // Blessing shrinks the baseline.
    check_baseline(&path, &current, BaselineMode::Ratchet, true).unwrap();
    assert!(Snapshot::load(&path).unwrap().violations().is_empty());
}

#[test]
fn ratchet_lets_a_migration_move_its_consumers_one_at_a_time() {
    let dir = TempDir::new("ratchet-progress");
    let path = dir.path("ratchet.json");
    // Two consumers still on the legacy type, recorded as one incomplete migration.
    let recorded = Snapshot::validated(&[
        legacy(),
        user(11, "user"),
        user(13, "user-two"),
        replacement(),
    ]);
    assert_eq!(recorded.violations().len(), 1);
    recorded.save(&path).unwrap();

    // `user-two` moved: the same violation, with one consumer left.
    let moved = ContractBuilder::new(13, "user-two")
        .depends_on(12, "Replacement")
        .build();
    let current = Snapshot::validated(&[legacy(), user(11, "user"), moved, replacement()]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert!(outcome.passed(), "{outcome}");
    assert_eq!(outcome.status(), BaselineStatus::Tolerated);
    assert!(outcome.new_violations().is_empty(), "{outcome}");
    assert!(
        outcome.fixed_violations().is_empty(),
        "still open: {outcome}"
    );
    assert_eq!(outcome.known_violations().len(), 1);
    assert_eq!(outcome.improved_violations().len(), 1);
    assert_eq!(
        outcome.improved_violations()[0].contracts,
        ["replacement", "user"]
    );
    let message = outcome.to_string();
    assert!(
        message.contains("1 known violation tolerated (1 improved), 0 fixed, 0 new"),
        "{message}"
    );
    assert!(
        message.contains("improved violations, fewer contracts involved than the baseline records (1):\n  - [incomplete-migration]"),
        "{message}"
    );
    assert!(
        message.contains("rerun the test with CONTRACTS_BLESS=1 to shrink the baseline"),
        "{message}"
    );
    // Exact mode reports the difference.
    assert!(!check_baseline(&path, &current, BaselineMode::Exact, false)
        .unwrap()
        .passed());
    // The baseline file was only read.
    assert_eq!(Snapshot::load(&path).unwrap(), recorded);
}

/// A snapshot of `contracts` with the violations of a state that provides the
/// synthetic components `provided`.
fn in_state(contracts: &[&'static Contract], provided: &[u64]) -> Snapshot {
    let state = Provides(
        provided
            .iter()
            .map(|&id| ComponentId::synthetic(id))
            .collect(),
    );
    let report = Validator::new().validate_contracts(contracts, Some(&state));
    Snapshot::from_contracts(contracts.iter().copied()).with_violations(&report)
}

#[test]
fn ratchet_tells_another_missing_component_from_a_smaller_known_one() {
    let dir = TempDir::new("ratchet-root");
    let path = dir.path("ratchet.json");
    let pool = ContractBuilder::new(30, "pool")
        .type_name("app::Pool")
        .build();
    let a = ContractBuilder::new(31, "a")
        .type_name("app::A")
        .depends_on(30, "Pool")
        .build();
    let b = ContractBuilder::new(32, "b")
        .type_name("app::B")
        .depends_on(30, "Pool")
        .depends_on(31, "A")
        .build();
    let contracts = [pool, a, b];
    let snapshot_with = |provided: &[u64]| in_state(&contracts, provided);
    // Recorded: `pool` is missing, needed by `a` and `b`.
    let recorded = snapshot_with(&[31, 32]);
    assert_eq!(recorded.violations().len(), 1);
    assert_eq!(recorded.violations()[0].contracts, ["a", "b", "pool"]);
    assert_eq!(recorded.violations()[0].root.as_deref(), Some("pool"));
    recorded.save(&path).unwrap();

    // Now `pool` is there and `a` is missing: a new problem whose contracts are a
    // subset of the recorded one's, and the recorded one is fixed.
    let current = snapshot_with(&[30, 32]);
    assert_eq!(current.violations()[0].contracts, ["a", "b"]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed, "{outcome}");
    assert_eq!(outcome.new_violations().len(), 1);
    assert!(outcome.improved_violations().is_empty());
    assert_eq!(outcome.fixed_violations().len(), 1);
    assert_eq!(outcome.fixed_violations()[0].root.as_deref(), Some("pool"));

    // The same missing `pool`, needed by `b` only now: improved.
    let b_alone = ContractBuilder::new(32, "b")
        .type_name("app::B")
        .depends_on(30, "Pool")
        .build();
    let current = in_state(&[pool, b_alone], &[32]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert!(outcome.passed(), "{outcome}");
    assert_eq!(outcome.improved_violations().len(), 1);
    assert!(outcome.fixed_violations().is_empty());
}

#[test]
fn a_baseline_without_roots_still_tolerates_exactly_the_recorded_violations() {
    // Baselines written before roots were recorded: exact matches are known.
    let dir = TempDir::new("ratchet-no-root");
    let path = ratchet_baseline(&dir);
    assert_eq!(
        Snapshot::load(&path).unwrap().violations()[0]
            .root
            .as_deref(),
        Some("replacement")
    );
    strip_roots(&path);
    assert!(Snapshot::load(&path).unwrap().violations()[0]
        .root
        .is_none());
    let current = Snapshot::validated(&[legacy(), user(11, "user"), replacement()]);
    for mode in [BaselineMode::Exact, BaselineMode::Ratchet] {
        let outcome = check_baseline(&path, &current, mode, false).unwrap();
        assert_eq!(outcome.status(), BaselineStatus::Matches, "{outcome}");
        assert_eq!(outcome.known_violations().len(), 1);
        assert!(outcome.fixed_violations().is_empty(), "{outcome}");
    }
}

/// Removes every violation's `root` from the baseline at `path`, as a baseline written
/// before roots were recorded has none.
fn strip_roots(path: &std::path::Path) {
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    for violation in json["violations"].as_array_mut().unwrap() {
        violation.as_object_mut().unwrap().remove("root");
    }
    fs::write(path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
}

#[test]
fn a_baseline_without_roots_tolerates_exact_matches_only_and_never_calls_an_open_one_fixed() {
    let dir = TempDir::new("ratchet-no-root-progress");
    let path = dir.path("ratchet.json");
    let pool = ContractBuilder::new(50, "pool")
        .type_name("app::Pool")
        .build();
    let user = |id: u64, name: &str| {
        ContractBuilder::new(id, name)
            .type_name(format!("app::{name}"))
            .depends_on(50, "Pool")
            .build()
    };
    let (a, b) = (user(51, "a"), user(52, "b"));

    // Recorded without roots: `pool` missing for `a` and `b`. Now only `a` needs it:
    // without a root, the smaller violation cannot be told from another one, so it is
    // new (bless to record roots); the record is not called fixed.
    in_state(&[pool, a, b], &[51, 52]).save(&path).unwrap();
    strip_roots(&path);
    let current = in_state(&[pool, a], &[51]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.new_violations().len(), 1, "{outcome}");
    assert!(outcome.fixed_violations().is_empty(), "{outcome}");

    // Recorded without roots for `a`; now `b` needs `pool` too: new, and the record
    // it grew from is not fixed.
    in_state(&[pool, a], &[51]).save(&path).unwrap();
    strip_roots(&path);
    let current = in_state(&[pool, a, b], &[51, 52]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.new_violations().len(), 1, "{outcome}");
    assert!(outcome.fixed_violations().is_empty(), "{outcome}");
}

#[test]
fn a_consumer_without_a_contract_that_joins_an_incomplete_migration_is_new() {
    let dir = TempDir::new("ratchet-ghost");
    let path = dir.path("ratchet.json");
    let legacy = |ghosts: &[(u64, &str)]| {
        let mut builder = ContractBuilder::new(60, "legacy").type_name("app::Legacy");
        for (id, name) in ghosts {
            builder = builder.consumer(*id, *name, &[]);
        }
        builder.build()
    };
    let new = ContractBuilder::new(61, "new")
        .replaces(60, "Legacy", Phase::Complete)
        .build();
    let recorded = Snapshot::validated(&[legacy(&[(62, "Ghost1")]), new]);
    assert_eq!(recorded.violations()[0].contracts, ["`Ghost1`", "new"]);
    recorded.save(&path).unwrap();

    let current = Snapshot::validated(&[legacy(&[(62, "Ghost1"), (63, "Ghost2")]), new]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed, "{outcome}");
    assert_eq!(outcome.new_violations().len(), 1);
    assert!(outcome.fixed_violations().is_empty());

    // The same record as a baseline written before roots: no root, and no type
    // without a contract listed. The unchanged contracts still match it.
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let violation = json["violations"][0].as_object_mut().unwrap();
    violation.remove("root");
    violation.insert("contracts".into(), serde_json::json!(["new"]));
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let unchanged = Snapshot::validated(&[legacy(&[(62, "Ghost1")]), new]);
    for mode in [BaselineMode::Exact, BaselineMode::Ratchet] {
        let outcome = check_baseline(&path, &unchanged, mode, false).unwrap();
        assert_eq!(outcome.status(), BaselineStatus::Matches, "{outcome}");
    }
}

#[test]
fn a_third_declaration_of_a_duplicated_name_is_new() {
    let dir = TempDir::new("ratchet-dup");
    let path = dir.path("ratchet.json");
    let named = |id: u64, ty: &str| ContractBuilder::new(id, "dup").type_name(ty).build();
    let (a, b, c) = (
        named(70, "app::A"),
        named(71, "app::B"),
        named(72, "app::C"),
    );
    Snapshot::validated(&[a, b]).save(&path).unwrap();
    let outcome = check_baseline(
        &path,
        &Snapshot::validated(&[a, b, c]),
        BaselineMode::Ratchet,
        false,
    )
    .unwrap();
    assert_eq!(outcome.new_violations().len(), 1, "{outcome}");
    assert_eq!(outcome.status(), BaselineStatus::Failed);
}

#[test]
fn a_hand_edited_baseline_with_unsorted_contract_lists_still_matches() {
    let dir = TempDir::new("ratchet-unsorted");
    let path = ratchet_baseline(&dir);
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let contracts = json["violations"][0]["contracts"].as_array_mut().unwrap();
    contracts.reverse();
    contracts.push(contracts[0].clone());
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let current = Snapshot::validated(&[legacy(), user(11, "user"), replacement()]);
    for mode in [BaselineMode::Exact, BaselineMode::Ratchet] {
        let outcome = check_baseline(&path, &current, mode, false).unwrap();
        assert_eq!(outcome.status(), BaselineStatus::Matches, "{outcome}");
    }
}

#[test]
fn repeated_violations_in_a_baseline_are_read_once() {
    // A merge that kept both sides: the same violation twice, with another between
    // them in the derived order (same contracts, other root).
    let text = r#"{
  "schema_version": 1,
  "contracts": [],
  "violations": [
    { "code": "missing-component", "contracts": ["a", "pool"], "message": "m1", "root": "pool" },
    { "code": "missing-component", "contracts": ["a", "pool"], "message": "m2", "root": "a" },
    { "code": "missing-component", "contracts": ["a", "pool"], "message": "m3", "root": "pool" }
  ]
}"#;
    let snapshot = Snapshot::parse(text.as_bytes(), "merged.json").unwrap();
    let roots: Vec<Option<&str>> = snapshot
        .violations()
        .iter()
        .map(|v| v.root.as_deref())
        .collect();
    assert_eq!(roots, [Some("a"), Some("pool")]);
}

#[test]
fn the_same_contracts_around_another_root_are_another_violation() {
    let dir = TempDir::new("ratchet-other-root");
    let path = dir.path("ratchet.json");
    // `pool` is missing, needed by `a`.
    let pool = ContractBuilder::new(40, "pool")
        .type_name("app::Pool")
        .build();
    let a = ContractBuilder::new(41, "a")
        .type_name("app::A")
        .depends_on(40, "Pool")
        .build();
    let recorded = in_state(&[pool, a], &[41]);
    assert_eq!(recorded.violations()[0].root.as_deref(), Some("pool"));
    recorded.save(&path).unwrap();
    // The dependency turned around: `a` is missing, needed by `pool`. The same two
    // contracts, another problem.
    let pool = ContractBuilder::new(40, "pool")
        .type_name("app::Pool")
        .depends_on(41, "A")
        .build();
    let a = ContractBuilder::new(41, "a").type_name("app::A").build();
    let current = in_state(&[pool, a], &[40]);
    assert_eq!(current.violations()[0].contracts, ["a", "pool"]);
    assert_eq!(current.violations()[0].root.as_deref(), Some("a"));
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.new_violations().len(), 1, "{outcome}");
    assert!(outcome.known_violations().is_empty(), "{outcome}");
    assert_eq!(outcome.fixed_violations().len(), 1, "{outcome}");
    assert_eq!(outcome.status(), BaselineStatus::Failed);
}

#[test]
fn ratchet_fails_when_a_consumer_joins_a_known_violation() {
    let dir = TempDir::new("ratchet-regress");
    let path = ratchet_baseline(&dir);
    // A second consumer lands on the legacy type the migration is removing.
    let current = Snapshot::validated(&[
        legacy(),
        user(11, "user"),
        user(13, "newcomer"),
        replacement(),
    ]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed, "{outcome}");
    assert_eq!(outcome.new_violations().len(), 1);
    assert_eq!(
        outcome.new_violations()[0].contracts,
        ["newcomer", "replacement", "user"]
    );
    // The recorded violation grew; it is not fixed.
    assert!(outcome.fixed_violations().is_empty(), "{outcome}");
    assert!(outcome.known_violations().is_empty());
}

#[test]
fn ratchet_fails_on_breaking_changes_and_tolerates_compatible_ones() {
    let dir = TempDir::new("ratchet-breaking");
    let path = ratchet_baseline(&dir);
    let documented = ContractBuilder::new(10, "legacy")
        .business_value("kept until every user moved")
        .build();
    let current = Snapshot::validated(&[documented, user(11, "user"), replacement()]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Tolerated, "{outcome}");

    let needs_more = ContractBuilder::new(10, "legacy")
        .depends_on(30, "Cache")
        .build();
    let current = Snapshot::validated(&[needs_more, user(11, "user"), replacement()]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed);
    assert!(outcome.new_violations().is_empty());
    assert!(outcome
        .to_string()
        .contains("0 new violations, 1 breaking change"));
}

#[test]
fn ratchet_accepts_the_phase_set_back_to_migrating_as_the_violation_recommends() {
    let dir = TempDir::new("ratchet-rollback");
    let path = ratchet_baseline(&dir);
    let recorded = fs::read(&path).unwrap();
    // The `incomplete-migration` help: "or set the phase back to `migrating`".
    let rolled_back = ContractBuilder::new(12, "replacement")
        .replaces(10, "Legacy", Phase::Migrating)
        .build();
    let current = Snapshot::validated(&[legacy(), user(11, "user"), rolled_back]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    assert!(outcome.passed(), "{outcome}");
    assert_eq!(outcome.status(), BaselineStatus::Tolerated);
    assert_eq!(outcome.fixed_violations().len(), 1, "{outcome}");
    assert_eq!(outcome.fixed_violations()[0].code, "incomplete-migration");
    let message = outcome.to_string();
    assert!(
        message.contains("risky[phase-changed] migration of `replacement` from `Legacy` moved backwards from complete to migrating: a rollback"),
        "{message}"
    );
    assert_eq!(fs::read(&path).unwrap(), recorded, "only read");
}

#[test]
fn the_outcome_serializes_for_tools() {
    let dir = TempDir::new("json");
    let path = ratchet_baseline(&dir);
    let current = Snapshot::validated(&[legacy(), user(11, "user"), replacement()]);
    let outcome = check_baseline(&path, &current, BaselineMode::Ratchet, false).unwrap();
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["mode"], "ratchet");
    assert_eq!(json["status"], "matches");
    assert_eq!(json["known_violations"][0]["code"], "incomplete-migration");
    assert_eq!(json["diff"]["breaking"], 0);
}

#[test]
fn ratchet_tolerates_a_consumer_updated_with_the_method_it_starts_to_call() {
    let dir = TempDir::new("ratchet-updated-consumer");
    let path = dir.path("contracts.json");
    let pool = |stats: &str, calls: &[&str]| {
        ContractBuilder::new(1, "pool")
            .requires("get", Some("fn get(&self) -> Conn"))
            .requires("stats", Some(stats))
            .consumer(2, "Repository", calls)
            .build()
    };
    let before = Snapshot::validated(&[pool("fn stats(&self) -> u32", &["get"]), repository()]);
    let outcome = check_baseline(&path, &before, BaselineMode::Ratchet, true).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Created);

    // `stats` changes, and the repository starts to call it in the same release.
    let after = Snapshot::validated(&[
        pool("fn stats(&self) -> u64", &["get", "stats"]),
        repository(),
    ]);
    let outcome = check_baseline(&path, &after, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Tolerated, "{outcome}");
    let message = outcome.to_string();
    assert!(
        message.contains("compatible[signature-changed] signature of required method `stats` of `pool` changed from `fn stats(&self) -> u32` to `fn stats(&self) -> u64`\n  = why: `repository` lists `stats` only in the new contract, so it was declared against the new signature"),
        "{message}"
    );

    // While a consumer that called it before breaks.
    let before = Snapshot::validated(&[
        pool("fn stats(&self) -> u32", &["get", "stats"]),
        repository(),
    ]);
    check_baseline(&path, &before, BaselineMode::Ratchet, true).unwrap();
    let outcome = check_baseline(&path, &after, BaselineMode::Ratchet, false).unwrap();
    assert_eq!(outcome.status(), BaselineStatus::Failed, "{outcome}");
    assert!(outcome
        .to_string()
        .contains("`repository` still expects the old signature"));
}
