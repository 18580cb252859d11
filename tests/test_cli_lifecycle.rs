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
fn a_phase_moved_backwards_is_breaking_and_exits_1() {
    let dir = scratch("backwards");
    let baseline = dir.join("contracts.json");
    snapshot_into(&baseline);
    // The baseline says the migration was already complete; this binary says migrating.
    let original = fs::read_to_string(&baseline).unwrap();
    let edited = original.replacen("\"phase\": \"migrating\"", "\"phase\": \"complete\"", 1);
    assert_ne!(original, edited, "the example has a migrating phase");
    fs::write(&baseline, &edited).unwrap();

    let output = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("breaking"), "{stdout}");
    assert!(stdout.contains("user-websocket-bridge"), "{stdout}");

    let json = contracts(&["diff", baseline.to_str().unwrap(), "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert!(value.to_string().contains("breaking"), "{value}");
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
