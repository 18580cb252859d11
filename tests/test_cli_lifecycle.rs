//! The `contracts` binary's lifecycle subcommands: `snapshot` writes a baseline, `diff`
//! classifies what changed since one (exit status 1 on breaking changes, 2 on a
//! baseline that cannot be read, which is left untouched).

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use contracts_core::snapshot::Snapshot;

fn contracts(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(args)
        .output()
        .expect("the contracts binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "contracts-cli-lifecycle-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn snapshot_into(path: &std::path::Path) {
    let output = contracts(&["snapshot", "--output", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
}

#[test]
fn snapshot_writes_a_loadable_baseline_and_diff_against_it_is_empty() {
    let dir = scratch("same");
    let baseline = dir.join("contracts.json");
    snapshot_into(&baseline);
    let loaded = Snapshot::load(&baseline).expect("the CLI writes a valid snapshot");
    let names: Vec<&str> = loaded.contracts().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "agent-websocket-bridge",
            "bridge-factory",
            "execution-engine",
            "supervisor-factory",
            "user-websocket-bridge",
            "websocket-manager"
        ]
    );
    // stdout form is the same document
    assert_eq!(
        text(&contracts(&["snapshot"]).stdout),
        fs::read_to_string(&baseline).unwrap()
    );

    let output = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("no changes"),
        "{}",
        text(&output.stdout)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_phase_moved_backwards_is_a_risky_rollback_and_exits_0() {
    let dir = scratch("backwards");
    let baseline = dir.join("contracts.json");
    snapshot_into(&baseline);
    // The baseline says the migration was already complete; this binary says migrating:
    // the fix the `incomplete-migration` help recommends, which breaks no running code.
    let original = fs::read_to_string(&baseline).unwrap();
    let edited = original.replacen("\"phase\": \"migrating\"", "\"phase\": \"complete\"", 1);
    assert_ne!(original, edited, "the example has a migrating phase");
    fs::write(&baseline, &edited).unwrap();

    let output = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("contract diff: 0 breaking, 1 risky, 0 compatible"),
        "{stdout}"
    );
    assert!(
        stdout.contains("risky[phase-changed] migration of `user-websocket-bridge` from `AgentWebSocketBridge` moved backwards from complete to migrating: a rollback"),
        "{stdout}"
    );
    // diff never writes to the baseline
    assert_eq!(fs::read_to_string(&baseline).unwrap(), edited);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_breaking_change_exits_1() {
    let dir = scratch("breaking");
    let baseline = dir.join("contracts.json");
    snapshot_into(&baseline);
    // The baseline knows no dependency of `execution-engine`: this binary's
    // non-optional ones are new, which a state must now provide.
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&baseline).unwrap()).unwrap();
    let engine = json["contracts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["name"] == "execution-engine")
        .expect("the example has an execution engine");
    let dependencies = engine["depends_on"].as_array_mut().unwrap();
    assert!(
        dependencies.iter().any(|d| d["optional"] == false),
        "it has a non-optional dependency"
    );
    dependencies.clear();
    let edited = serde_json::to_string_pretty(&json).unwrap();
    fs::write(&baseline, &edited).unwrap();

    let output = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("breaking[dependency-added] `execution-engine` now depends on"),
        "{stdout}"
    );

    let json = contracts(&["diff", baseline.to_str().unwrap(), "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert!(value["breaking"].as_u64().unwrap() >= 1, "{value}");
    // diff never writes to the baseline
    assert_eq!(fs::read_to_string(&baseline).unwrap(), edited);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn diff_between_two_files_ignores_this_binary() {
    let dir = scratch("two-files");
    let old = dir.join("old.json");
    let new = dir.join("new.json");
    snapshot_into(&old);
    let edited = fs::read_to_string(&old).unwrap().replacen(
        "\"risk\": \"high\"",
        "\"risk\": \"critical\"",
        1,
    );
    fs::write(&new, edited).unwrap();
    let output = contracts(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "risk raised is risky, not breaking"
    );
    assert!(
        text(&output.stdout).contains("risky"),
        "{}",
        text(&output.stdout)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreadable_baselines_are_usage_errors_naming_the_file_and_left_untouched() {
    let dir = scratch("bad");
    let missing = dir.join("missing.json");
    let output = contracts(&["diff", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("missing.json"), "{stderr}");
    assert!(!missing.exists());

    for (name, bytes) in [
        ("empty.json", &b""[..]),
        ("truncated.json", &b"{\"schema_version\": 1, \"contr"[..]),
        ("not-json.json", &b"contracts: yes"[..]),
        (
            "future.json",
            &b"{\"schema_version\": 99, \"contracts\": []}"[..],
        ),
    ] {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        let output = contracts(&["diff", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("error: "), "{name}: {stderr}");
        assert!(stderr.contains(name), "{name}: {stderr}");
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} left as it was");
    }
    fs::remove_dir_all(dir).unwrap();
}
