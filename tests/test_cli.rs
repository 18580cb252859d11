//! The `contracts` binary (the CLI over the websocket bridge example): every
//! subcommand's exit status and output, `--output` written atomically, and every kind
//! of bad input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn contracts(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(args)
        .output()
        .expect("the contracts binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("contracts-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn check_passes_the_bridge_graph_with_its_warning() {
    let output = contracts(&["check"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("migration contracts: 6 checked, 6 passed"),
        "{text}"
    );
    assert!(text.contains("warning[migration-in-progress]"), "{text}");

    let json: serde_json::Value =
        serde_json::from_slice(&contracts(&["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["checked"], 6);
}

#[test]
fn strict_check_fails_with_status_1() {
    let output = contracts(&["check", "--strict"]);
    assert_eq!(status(&output), 1);
    assert!(
        stdout(&output).contains("1 violation"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn graph_in_each_format() {
    let dot = contracts(&["graph"]);
    assert_eq!(status(&dot), 0);
    assert!(stdout(&dot).starts_with("digraph contracts {"));

    let mermaid = contracts(&["graph", "--format", "mermaid"]);
    assert_eq!(status(&mermaid), 0);
    let text = stdout(&mermaid);
    assert!(text.starts_with("flowchart LR\n"));
    assert_eq!(text.lines().filter(|l| l.contains("[\"")).count(), 6);

    let json = contracts(&["graph", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["nodes"].as_array().unwrap().len(), 6);

    let around = contracts(&[
        "graph",
        "--component",
        "supervisor-factory",
        "--format",
        "mermaid",
    ]);
    assert_eq!(status(&around), 0);
    let text = stdout(&around);
    assert!(text.contains("supervisor-factory"), "{text}");
    assert!(!text.contains("execution-engine"), "{text}");
}

#[test]
fn consumers_direct_and_transitive() {
    let direct = contracts(&["consumers", "websocket-manager"]);
    assert_eq!(status(&direct), 0);
    let text = stdout(&direct);
    assert!(
        text.starts_with("consumers of `websocket-manager` (direct): 3\n"),
        "{text}"
    );
    assert!(!text.contains("supervisor-factory"), "{text}");

    let transitive = contracts(&["consumers", "websocket-manager", "--transitive"]);
    let text = stdout(&transitive);
    assert!(text.contains("(transitive): 5"), "{text}");
    assert!(
        text.contains(
            "  2  supervisor-factory (risk high): depends_on via `agent-websocket-bridge`"
        ),
        "{text}"
    );

    let json = contracts(&["consumers", "user-websocket-bridge", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value[0]["name"], "execution-engine");
    // Its own declaration, beside its use of the factory that makes the bridge.
    let edges = value[0]["edges"].as_array().unwrap();
    let declared = edges
        .iter()
        .find(|e| e["to"] == "user-websocket-bridge")
        .unwrap();
    assert_eq!(declared["kind"], "declared_consumer");
    assert_eq!(declared["methods"], serde_json::json!(["notify", "flush"]));
    assert!(
        edges
            .iter()
            .any(|e| e["to"] == "bridge-factory" && e["kind"] == "depends_on"),
        "{edges:?}"
    );
}

#[test]
fn a_replacement_is_shown_apart_from_the_consumers_and_dependencies() {
    // As `consumers_of::<AgentWebSocketBridge>()` and `impact` count: one consumer.
    let text = stdout(&contracts(&["consumers", "agent-websocket-bridge"]));
    assert_eq!(
        text,
        "consumers of `agent-websocket-bridge` (direct): 1\n  \
         1  supervisor-factory (risk high): depends_on\n\
         replaced by user-websocket-bridge (risk critical, phase migrating; a replacement, not a consumer)\n"
    );
    let text = stdout(&contracts(&[
        "consumers",
        "agent-websocket-bridge",
        "--transitive",
    ]));
    assert!(
        text.starts_with("consumers of `agent-websocket-bridge` (transitive): 1\n"),
        "{text}"
    );
    let json = contracts(&["consumers", "agent-websocket-bridge", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let listed: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["supervisor-factory"]);

    // A factory's product is not one of its users: shown apart, not counted.
    let text = stdout(&contracts(&["consumers", "bridge-factory"]));
    assert_eq!(
        text,
        "consumers of `bridge-factory` (direct): 1\n  \
         1  execution-engine (risk critical): depends_on; declared_consumer [create]\n\
         makes user-websocket-bridge (risk critical; made per request by it, not a consumer)\n"
    );

    let text = stdout(&contracts(&["dependencies", "user-websocket-bridge"]));
    assert_eq!(
        text,
        "dependencies of `user-websocket-bridge` (direct): 2\n  \
         1  bridge-factory (risk high): factory\n  \
         1  websocket-manager (risk high): depends_on\n\
         replaces agent-websocket-bridge (risk critical, phase migrating; the legacy, not a dependency)\n"
    );
}

#[test]
fn dependencies_of_the_engine() {
    let output = contracts(&["dependencies", "execution-engine", "--transitive"]);
    assert_eq!(status(&output), 0);
    let text = stdout(&output);
    assert!(text.contains("bridge-factory"), "{text}");
    assert!(text.contains("websocket-manager"), "{text}");
}

#[test]
fn impact_names_who_breaks_and_the_path() {
    let output = contracts(&["impact", "agent-websocket-bridge"]);
    assert_eq!(status(&output), 0);
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "impact of removing `agent-websocket-bridge` (risk critical): 1 break, 0 degrade"
        ),
        "{text}"
    );
    assert!(
        text.contains("`agent-websocket-bridge` <-depends_on- `supervisor-factory`"),
        "{text}"
    );
    let json = contracts(&["impact", "websocket-manager", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["broken"], 5);
    assert_eq!(value["highest_risk"], "critical");
}

#[test]
fn order_lists_dependencies_first() {
    let output = contracts(&["order"]);
    assert_eq!(status(&output), 0);
    let text = stdout(&output);
    assert!(
        text.contains("    1. websocket-manager (risk high)"),
        "{text}"
    );
    let position = |name: &str| text.find(&format!(". {name} ")).unwrap();
    assert!(position("bridge-factory") < position("execution-engine"));
}

#[test]
fn report_in_markdown_and_json() {
    let output = contracts(&["report"]);
    assert_eq!(status(&output), 0);
    let text = stdout(&output);
    assert!(
        text.starts_with("# Migration compliance report\n"),
        "{text}"
    );
    assert!(
        text.contains("| contract validation pass rate | 100.0% (6 of 6 contracts; target 100%) |"),
        "{text}"
    );
    let json = contracts(&["report", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        value["migrations"][0]["consumers_on_legacy"][0]["name"],
        "supervisor-factory"
    );
}

#[test]
fn plan_by_legacy_or_replacement_name() {
    let output = contracts(&["plan", "agent-websocket-bridge"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("# Migration plan: `agent-websocket-bridge` to `user-websocket-bridge`"),
        "{text}"
    );
    assert!(
        text.contains("move `supervisor-factory` from `agent-websocket-bridge`"),
        "{text}"
    );
    let by_replacement = contracts(&["plan", "user-websocket-bridge"]);
    assert_eq!(stdout(&by_replacement), text);

    let json = contracts(&["plan", "AgentWebSocketBridge", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["phases"].as_array().unwrap().len(), 5);
}

#[test]
fn output_is_written_to_the_file_and_not_to_stdout() {
    let dir = scratch("output");
    let target = dir.join("graph.mmd");
    fs::write(&target, "old").unwrap();
    let output = contracts(&[
        "graph",
        "--format",
        "mermaid",
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let written = fs::read_to_string(&target).unwrap();
    assert_eq!(
        written,
        stdout(&contracts(&["graph", "--format", "mermaid"]))
    );
    assert!(leftovers(&dir).is_empty());

    // `check -o` still reports violations through its status.
    let report = dir.join("check.txt");
    let output = contracts(&["check", "--strict", "-o", report.to_str().unwrap()]);
    assert_eq!(status(&output), 1);
    assert!(fs::read_to_string(&report).unwrap().contains("(strict)"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_dash_is_standard_output_and_creates_no_file() {
    let dir = scratch("dash");
    let output = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(["graph", "--format", "mermaid", "--output", "-"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        stdout(&contracts(&["graph", "--format", "mermaid"]))
    );
    assert!(!dir.join("-").exists(), "no file named `-` is created");
    fs::remove_dir_all(&dir).unwrap();
}

/// `/dev/stdout` is a link to a pipe here (the test captures the output): the CLI writes
/// it through its standard output. (A named pipe reached by its own path is written in
/// place: `atomic_write`'s `a_named_pipe_is_written_in_place`.)
#[cfg(target_os = "linux")]
#[test]
fn output_to_dev_stdout_reaches_a_piped_standard_output() {
    let output = contracts(&["graph", "--format", "mermaid", "--output", "/dev/stdout"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        stdout(&contracts(&["graph", "--format", "mermaid"]))
    );
}

/// `{ echo header; contracts order --output /dev/stdout; } > log`: the standard output
/// is a file the shell opened and already wrote to; the output goes after that, and
/// the file is not replaced.
#[cfg(target_os = "linux")]
#[test]
fn output_to_standard_output_redirected_to_a_file_keeps_what_it_holds() {
    use std::io::Write as _;
    let dir = scratch("stdout-file");
    let log = dir.join("log.txt");
    let mut file = fs::File::create(&log).unwrap();
    file.write_all(b"header\n").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(["order", "--output", "/dev/stdout"])
        .stdout(file)
        .output()
        .unwrap();
    assert_eq!(status(&run), 0, "{}", stderr(&run));
    let written = fs::read_to_string(&log).unwrap();
    assert_eq!(
        written,
        format!("header\n{}", stdout(&contracts(&["order"])))
    );

    // A descriptor other than the standard output is appended to as well.
    let appended = dir.join("appended.txt");
    fs::write(&appended, "kept\n").unwrap();
    let run = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "\"{}\" order --output /dev/fd/3 3>>\"{}\"",
            env!("CARGO_BIN_EXE_contracts"),
            appended.display()
        ))
        .output()
        .unwrap();
    assert_eq!(status(&run), 0, "{}", stderr(&run));
    let written = fs::read_to_string(&appended).unwrap();
    assert_eq!(written, format!("kept\n{}", stdout(&contracts(&["order"]))));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unwritable_output_fails_with_status_2_and_leaves_the_file_untouched() {
    let dir = scratch("unwritable");

    // The parent directory does not exist: nothing is created.
    let missing = dir.join("no-such-dir").join("report.md");
    let output = contracts(&["report", "--output", missing.to_str().unwrap()]);
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).starts_with(&format!("error: cannot write `{}`", missing.display())),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("a file is never left half-written"));
    assert!(
        stderr(&output).contains(&format!(
            "the directory `{}` does not exist (create it first)",
            missing.parent().unwrap().display()
        )),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists());
    assert!(stdout(&output).is_empty());

    // The target exists but cannot be replaced: a directory in its place, with a file
    // inside that must survive.
    let occupied = dir.join("occupied");
    fs::create_dir_all(&occupied).unwrap();
    fs::write(occupied.join("keep.txt"), "keep").unwrap();
    let output = contracts(&["report", "--output", occupied.to_str().unwrap()]);
    assert_eq!(status(&output), 2);
    assert_eq!(
        fs::read_to_string(occupied.join("keep.txt")).unwrap(),
        "keep"
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));

    // An existing file in a read-only directory (meaningless when running as root,
    // who may write anyway: then that part is skipped).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked");
        fs::create_dir_all(&locked).unwrap();
        let existing = locked.join("report.md");
        fs::write(&existing, "previous report").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
        let probe = locked.join("probe");
        if fs::write(&probe, "").is_ok() {
            let _ = fs::remove_file(&probe);
            println!("skipped the read-only directory case: running with permission to write anyway (root)");
        } else {
            let output = contracts(&["report", "--output", existing.to_str().unwrap()]);
            assert_eq!(status(&output), 2);
            assert_eq!(fs::read_to_string(&existing).unwrap(), "previous report");
        }
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_component_is_a_usage_error_with_suggestions() {
    for args in [
        vec!["impact", "websocket-manger"],
        vec!["consumers", "WebSocketManagr", "--transitive"],
        vec!["graph", "--component", "websocket_manager"],
        vec!["plan", "websocket-manger"],
        vec!["dependencies", "websocket-manger"],
    ] {
        let output = contracts(&args);
        assert_eq!(status(&output), 2, "{args:?}");
        assert!(stdout(&output).is_empty());
        let err = stderr(&output);
        assert!(err.starts_with("error: unknown component"), "{err}");
        assert!(err.contains("did you mean `websocket-manager`?"), "{err}");
    }
    let output = contracts(&["impact", "zzzz"]);
    assert_eq!(status(&output), 2);
    assert!(stderr(&output).contains("no known component has a similar name"));
    // With few components, the error lists them (a subcommand to list them would show
    // only cycles when there are some, and the binary may have another name).
    assert!(
        stderr(&output).contains("(known: `agent-websocket-bridge`, `bridge-factory`, `execution-engine`, `supervisor-factory`, `user-websocket-bridge`, `websocket-manager`)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_component_outside_any_migration_has_no_plan() {
    let output = contracts(&["plan", "websocket-manager"]);
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).starts_with("error: `websocket-manager` is part of no migration"),
        "{}",
        stderr(&output)
    );
    // The fix names the type as an attribute writes it, not the contract's name.
    assert!(
        stderr(&output).contains("add `replaces = WebSocketManager, phase"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unknown_formats_subcommands_and_options_are_usage_errors() {
    let output = contracts(&["graph", "--format", "svg"]);
    assert_eq!(status(&output), 2);
    let err = stderr(&output);
    assert!(err.contains("invalid value 'svg'"), "{err}");
    assert!(
        err.contains("[possible values: dot, mermaid, json]"),
        "{err}"
    );

    let output = contracts(&["report", "--format", "html"]);
    assert_eq!(status(&output), 2);
    assert!(stderr(&output).contains("[possible values: md, json]"));

    let output = contracts(&["graphs"]);
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).contains("tip: a similar subcommand exists: 'graph'"),
        "{}",
        stderr(&output)
    );

    let output = contracts(&["consumers"]);
    assert_eq!(status(&output), 2);
    assert!(stderr(&output).contains("<NAME>"));

    let output = contracts(&["order", "--transitive"]);
    assert_eq!(status(&output), 2);

    let output = contracts(&[]);
    assert_eq!(status(&output), 2);
    assert!(stderr(&output).contains("Usage: contracts <COMMAND>"));
}

#[test]
fn help_lists_every_subcommand_with_status_0() {
    let output = contracts(&["--help"]);
    assert_eq!(status(&output), 0);
    let text = stdout(&output);
    for subcommand in [
        "check",
        "graph",
        "consumers",
        "dependencies",
        "impact",
        "order",
        "report",
        "plan",
    ] {
        assert!(
            text.contains(&format!("  {subcommand} ")),
            "{subcommand}: {text}"
        );
    }
}

/// `snapshot --output DIR/baseline.json`: a baseline of this binary's contracts.
fn snapshot_into(dir: &Path) -> PathBuf {
    let baseline = dir.join("baseline.json");
    let run = contracts(&["snapshot", "--output", baseline.to_str().unwrap()]);
    assert_eq!(status(&run), 0, "{}", stderr(&run));
    baseline
}

#[test]
fn diff_refuses_to_write_its_output_over_an_input() {
    let dir = scratch("diff-over-input");
    let baseline = snapshot_into(&dir);
    let before = fs::read(&baseline).unwrap();
    // The same file, and the same file through another spelling of its path.
    let same = dir.join(".").join("baseline.json");
    for output in [&baseline, &same] {
        let run = contracts(&[
            "diff",
            baseline.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ]);
        assert_eq!(status(&run), 2, "{}", stderr(&run));
        assert!(
            stderr(&run).contains("would overwrite the input"),
            "{}",
            stderr(&run)
        );
        assert_eq!(
            fs::read(&baseline).unwrap(),
            before,
            "the baseline is intact"
        );
    }
    // Another file is fine.
    let report = dir.join("diff.txt");
    let run = contracts(&[
        "diff",
        baseline.to_str().unwrap(),
        "--output",
        report.to_str().unwrap(),
    ]);
    assert_eq!(status(&run), 0, "{}", stderr(&run));
    assert!(fs::read_to_string(&report).unwrap().contains("no changes"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_baseline_listing_a_contract_twice_is_refused_not_diffed() {
    // A merge that kept both copies of an entry: diffing it would report the extra
    // copy as a removed component, a breaking change that did not happen.
    let dir = scratch("duplicate-entry");
    let baseline = snapshot_into(&dir);
    let mut json: serde_json::Value =
        serde_json::from_slice(&fs::read(&baseline).unwrap()).unwrap();
    let contracts_list = json["contracts"].as_array_mut().unwrap();
    let first = contracts_list[0].clone();
    let name = first["name"].as_str().unwrap().to_owned();
    contracts_list.push(first);
    let text = serde_json::to_string_pretty(&json).unwrap();
    fs::write(&baseline, &text).unwrap();
    let run = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(status(&run), 2, "{}", stdout(&run));
    assert!(
        stderr(&run).contains(&format!("contract `{name}`"))
            && stderr(&run).contains("is listed twice")
            && !stderr(&run).contains("  "),
        "{}",
        stderr(&run)
    );
    assert!(!stdout(&run).contains("removed"), "{}", stdout(&run));
    assert_eq!(
        fs::read_to_string(&baseline).unwrap(),
        text,
        "left as it was"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_component_among_many_points_at_the_graph_instead_of_listing_them() {
    let contracts: Vec<_> = (1..=13)
        .map(|id| contracts_core::ContractBuilder::new(id, format!("component-{id}")).build())
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = contracts_core::cli::run_with(
        &contracts,
        ["contracts", "impact", "zzzz"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, 2);
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("(13 components are known; the `graph` subcommand shows them all)"),
        "{err}"
    );
}

#[test]
fn a_contract_name_that_is_another_contracts_type_name_is_refused_as_ambiguous() {
    use contracts_core::ContractBuilder;
    let impostor = ContractBuilder::new(1, "DbPool")
        .type_name("app::Impostor")
        .build();
    let pool = ContractBuilder::new(2, "db-pool")
        .type_name("app::db::DbPool")
        .build();
    let user = ContractBuilder::new(3, "user")
        .depends_on(2, "DbPool")
        .build();
    let run = |name: &str| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = contracts_core::cli::run_with(
            &[impostor, pool, user],
            ["contracts", "consumers", name],
            &mut out,
            &mut err,
        );
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };
    let (status, out, err) = run("DbPool");
    assert_eq!(status, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "component name `DbPool` is ambiguous: it is the name of the contract on `app::Impostor`, \
             and the type name of `app::db::DbPool` (contract `db-pool`); to pick one, give the \
             first's full type name `app::Impostor`, or the other's contract name `db-pool`"
        ),
        "{err}"
    );
    let (status, out, _) = run("db-pool");
    assert_eq!(status, 0);
    assert!(
        out.starts_with("consumers of `db-pool` (direct): 1\n"),
        "{out}"
    );
    let (status, out, _) = run("app::Impostor");
    assert_eq!(status, 0);
    assert!(
        out.starts_with("consumers of `DbPool` (direct): 0\n"),
        "{out}"
    );
}

#[test]
fn impact_says_why_a_risk_is_above_the_declared_one() {
    use contracts_core::{ContractBuilder, Risk};
    let mailer = ContractBuilder::new(1, "mailer").risk(Risk::Medium).build();
    let billing = ContractBuilder::new(2, "billing")
        .risk(Risk::Critical)
        .depends_on(1, "Mailer")
        .build();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = contracts_core::cli::run_with(
        &[mailer, billing],
        ["contracts", "impact", "mailer"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("impact of removing `mailer` (risk high, declared medium, raised: "),
        "{text}"
    );
    assert!(first.contains("`billing`"), "{text}");
}

#[test]
fn a_baseline_with_an_empty_contract_name_is_refused() {
    let dir = scratch("empty-name");
    let baseline = snapshot_into(&dir);
    let mut json: serde_json::Value =
        serde_json::from_slice(&fs::read(&baseline).unwrap()).unwrap();
    json["contracts"][1]["name"] = serde_json::Value::from("");
    let text = serde_json::to_string_pretty(&json).unwrap();
    fs::write(&baseline, &text).unwrap();
    let run = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(status(&run), 2, "{}", stdout(&run));
    assert!(
        stderr(&run).contains("`contracts[1]` has an empty `name`"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        fs::read_to_string(&baseline).unwrap(),
        text,
        "left as it was"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_baseline_referring_to_a_contract_it_does_not_hold_is_refused() {
    // A hand edit removed `websocket-manager`'s entry but kept the references to it:
    // diffing it would report providers that "changed" to themselves.
    let dir = scratch("dangling-reference");
    let baseline = snapshot_into(&dir);
    let mut json: serde_json::Value =
        serde_json::from_slice(&fs::read(&baseline).unwrap()).unwrap();
    let list = json["contracts"].as_array_mut().unwrap();
    let before = list.len();
    list.retain(|c| c["name"] != "websocket-manager");
    assert_eq!(
        list.len(),
        before - 1,
        "the fixture has `websocket-manager`"
    );
    let text = serde_json::to_string_pretty(&json).unwrap();
    fs::write(&baseline, &text).unwrap();
    let run = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(status(&run), 2, "{}", stdout(&run));
    let err = stderr(&run);
    assert!(
        err.contains(
            "refers in `depends_on` to `WebSocketManager` as the contract `websocket-manager` of `"
        ) && err.contains("which this file does not hold"),
        "{err}"
    );
    assert!(stdout(&run).is_empty(), "{}", stdout(&run));
    assert_eq!(
        fs::read_to_string(&baseline).unwrap(),
        text,
        "left as it was"
    );

    // Pointing a reference at a type no entry has is refused the same way.
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for contract in json["contracts"].as_array_mut().unwrap() {
        for dependency in contract["depends_on"].as_array_mut().unwrap() {
            if dependency["type"]["type_name"].is_string() {
                dependency["type"]["type_name"] = serde_json::Value::from("ghost::Ghost");
            }
        }
    }
    fs::write(&baseline, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let run = contracts(&["diff", baseline.to_str().unwrap()]);
    assert_eq!(status(&run), 2, "{}", stdout(&run));
    assert!(
        stderr(&run).contains("of `ghost::Ghost`"),
        "{}",
        stderr(&run)
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[cfg(unix)]
fn an_endless_baseline_is_refused_without_reading_it_all() {
    // `/dev/zero` never ends: reading it whole would exhaust memory.
    let run = contracts(&["diff", "/dev/zero"]);
    assert_eq!(status(&run), 2, "{}", stdout(&run));
    assert_eq!(
        stderr(&run),
        "error: contract snapshot `/dev/zero` is not valid JSON: expected value at line 1 column 1; restore it from version control or regenerate it\n"
    );
}

/// A standard output whose reader went away (`contracts graph | head -c 0`).
struct ClosedPipe;

impl std::io::Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn a_closed_pipe_on_standard_output_stops_quietly_with_the_commands_status() {
    use contracts_core::ContractBuilder;
    let a = ContractBuilder::new(1, "a").depends_on(2, "b").build();
    let b = ContractBuilder::new(2, "b").depends_on(1, "a").build();
    let pool = ContractBuilder::new(3, "pool").build();
    for (contracts, args, expected) in [
        (vec![pool], vec!["graph", "--format", "mermaid"], 0),
        (vec![pool], vec!["graph", "--output", "-"], 0),
        (vec![a, b], vec!["check"], 1),
        (vec![a, b], vec!["order"], 1),
    ] {
        let mut err = Vec::new();
        let mut full = vec!["contracts"];
        full.extend(args.iter().copied());
        let status = contracts_core::cli::run_with(&contracts, full, &mut ClosedPipe, &mut err);
        assert_eq!(status, expected, "{args:?}");
        assert!(
            err.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&err)
        );
    }

    // Any other failure to write is still an error.
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("no space left"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut err = Vec::new();
    let status =
        contracts_core::cli::run_with(&[pool], ["contracts", "graph"], &mut Full, &mut err);
    assert_eq!(status, 2);
    assert_eq!(
        String::from_utf8(err).unwrap(),
        "error: cannot write to standard output: no space left\n"
    );
}

#[test]
fn a_mermaid_graph_too_large_for_github_is_written_whole_with_a_warning() {
    use contracts_core::ContractBuilder;
    // A pool with 501 consumers: one edge more than Mermaid draws by default.
    let mut contracts = vec![ContractBuilder::new(0, "pool").build()];
    for id in 1..=501 {
        contracts.push(
            ContractBuilder::new(id, format!("user-{id}"))
                .depends_on(0, "pool")
                .build(),
        );
    }
    let run = |args: &[&str]| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut full = vec!["contracts"];
        full.extend_from_slice(args);
        let status = contracts_core::cli::run_with(&contracts, full, &mut out, &mut err);
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };

    let (status, out, err) = run(&["graph", "--format", "mermaid"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(out.lines().filter(|l| l.contains("-->")).count(), 501);
    assert_eq!(
        err,
        "warning: the Mermaid diagram has 501 edges, more than the 500 Mermaid draws by default (\"Edge limit exceeded\"), so GitHub (which cannot raise these limits) and other pages with Mermaid's default configuration show an error instead of it; draw the part around one component with `--component NAME --depth N`, or use `--format dot`\n"
    );

    // Written to a file, it warns all the same.
    let dir = scratch("mermaid-limit");
    let file = dir.join("graph.mmd");
    let (status, out, err) = run(&[
        "graph",
        "--format",
        "mermaid",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!((status, out.as_str()), (0, ""));
    assert!(
        err.starts_with("warning: the Mermaid diagram has 501 edges"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|l| l.contains("-->"))
            .count(),
        501
    );
    fs::remove_dir_all(&dir).unwrap();

    // A neighbourhood that is still too large is told to take fewer hops.
    let (status, _, err) = run(&["graph", "--format", "mermaid", "--component", "pool"]);
    assert_eq!(status, 0);
    assert!(
        err.contains("; draw fewer hops with a smaller `--depth N`, or use `--format dot`"),
        "{err}"
    );

    // One that fits, and the other formats, say nothing.
    for args in [
        &["graph", "--format", "mermaid", "--component", "user-1"][..],
        &["graph"],
        &["graph", "--format", "json"],
    ] {
        let (status, _, err) = run(args);
        assert_eq!((status, err.as_str()), (0, ""), "{args:?}");
    }
}

#[test]
fn an_empty_component_name_is_an_error_of_its_own() {
    use contracts_core::ContractBuilder;
    let markdown = ContractBuilder::new(1, "*emph* _u_ # h")
        .type_name("docs::Md")
        .build();
    for args in [
        &["impact", ""][..],
        &["consumers", ""],
        &["graph", "--component", ""],
        &["plan", ""],
    ] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut full = vec!["contracts"];
        full.extend_from_slice(args);
        let status = contracts_core::cli::run_with(&[markdown], full, &mut out, &mut err);
        assert_eq!(status, 2, "{args:?}");
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "error: empty component name: give a contract name or a type name (known: `*emph* _u_ # h`)\n"
        );
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = contracts_core::cli::run_with(
        &[markdown],
        ["contracts", "impact", "md"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, 2);
    assert!(String::from_utf8(err).unwrap().starts_with(
        "error: unknown component `md`; did you mean `Md` (contract `*emph* _u_ # h`)?"
    ),);
}

#[test]
fn diff_does_not_read_standard_input() {
    // `-` means standard output for `--output`; as the snapshot to compare it was
    // reported as a missing file named `-`, with advice to create it.
    for args in [&["diff", "-"][..], &["diff", "-", "-"][..]] {
        let run = contracts(args);
        assert_eq!(status(&run), 2, "{}", stdout(&run));
        assert_eq!(
            stderr(&run),
            "error: `diff` reads its snapshots from files, not from standard input (`-`): save the snapshot to a file and give its path\n"
        );
        assert_eq!(stdout(&run), "");
    }
}

/// `legacy` <- `c0` <- `c1` <- `session` (made by `session-factory`) <- `handler` (uses
/// the factory) <- `d1` .. `d6`: paths longer than the six edges shown are cut off.
fn a_long_path_through_a_factory() -> Vec<&'static contracts_core::Contract> {
    use contracts_core::ContractBuilder;
    let mut contracts = vec![
        ContractBuilder::new(1, "legacy").build(),
        ContractBuilder::new(2, "c0")
            .depends_on(1, "legacy")
            .build(),
        ContractBuilder::new(3, "c1").depends_on(2, "c0").build(),
        ContractBuilder::new(4, "session")
            .factory(5, "session-factory")
            .depends_on(3, "c1")
            .build(),
        ContractBuilder::new(5, "session-factory").build(),
        ContractBuilder::new(6, "handler")
            .depends_on(5, "session-factory")
            .build(),
    ];
    for i in 1..=6u64 {
        let previous = if i == 1 {
            "handler".to_owned()
        } else {
            format!("d{}", i - 1)
        };
        contracts.push(
            ContractBuilder::new(6 + i, format!("d{i}"))
                .depends_on(5 + i, previous)
                .build(),
        );
    }
    contracts
}

/// The path shown for `name` in the text of `contracts impact`.
fn impact_path<'a>(text: &'a str, name: &str) -> &'a str {
    let prefix = format!("breaks {name} ");
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line for {name} in:\n{text}"));
    line.split_once("): ").map_or(line, |(_, path)| path)
}

#[test]
fn a_cut_off_impact_path_names_the_product_where_it_goes_through_its_factory() {
    let contracts = a_long_path_through_a_factory();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = contracts_core::cli::run_with(
        &contracts,
        ["contracts", "impact", "legacy"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
    let text = String::from_utf8(out).unwrap();
    // Shown whole: the hop into the factory lands on the product it makes.
    assert_eq!(
        impact_path(&text, "d2"),
        "`legacy` <-depends_on- `c0` <-depends_on- `c1` <-depends_on- `session` \
         <-depends_on via `session-factory`- `handler` <-depends_on- `d1` <-depends_on- `d2`",
        "{text}"
    );
    // Cut off just before that hop: the path resumes at the product, not its factory.
    assert_eq!(
        impact_path(&text, "d5"),
        "`legacy` <- .. 3 more edges .. <- `session` <-depends_on via `session-factory`- \
         `handler` <-depends_on- `d1` <-depends_on- `d2` <-depends_on- `d3` <-depends_on- `d4` \
         <-depends_on- `d5`",
        "{text}"
    );
    // Cut off after it: the factory is no part of what is shown.
    assert_eq!(
        impact_path(&text, "d6"),
        "`legacy` <- .. 4 more edges .. <- `handler` <-depends_on- `d1` <-depends_on- `d2` \
         <-depends_on- `d3` <-depends_on- `d4` <-depends_on- `d5` <-depends_on- `d6`",
        "{text}"
    );

    // The JSON's edges are edges (`to` is the factory); `product` says which component
    // the path reaches through it, which a cut-off path no longer shows otherwise.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = contracts_core::cli::run_with(
        &contracts,
        ["contracts", "impact", "legacy", "--format", "json"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d5 = value["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "d5")
        .unwrap();
    assert_eq!(d5["depth"], 9);
    let first = &d5["last_edges"][0];
    assert_eq!(
        (&first["from"], &first["to"], &first["product"]),
        (
            &serde_json::json!("handler"),
            &serde_json::json!("session-factory"),
            &serde_json::json!("session")
        ),
        "{value:#}"
    );
    // An edge into the component itself has no `product`.
    assert!(d5["last_edges"][1].get("product").is_none(), "{value:#}");
}
