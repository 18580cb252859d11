//! Snapshots: what they record, their JSON, saving and loading, and every kind of bad
//! baseline file (a clear error naming the file, never a panic, the file untouched).

use std::fs;
use std::path::Path;

use contracts_core::snapshot::{Snapshot, SnapshotError, SCHEMA_VERSION};
use contracts_core::{ContractBuilder, MigrationContract, Phase, Risk};
use proptest::prelude::*;

#[derive(MigrationContract)]
#[contract(
    name = "snapshot-pool",
    risk = "high",
    requires(fn size(&self) -> usize, async fn warm(&self) -> bool, close),
    implements(Send, Sync),
    consumers(SnapshotRepository = [size])
)]
pub struct SnapshotPool;

impl SnapshotPool {
    pub fn size(&self) -> usize {
        1
    }
    pub async fn warm(&self) -> bool {
        true
    }
    pub fn close(&self) {}
}

#[derive(MigrationContract)]
#[contract(
    name = "snapshot-repository",
    depends_on(SnapshotPool, optional(Metrics))
)]
pub struct SnapshotRepository;

pub struct Metrics;

// Signatures whose method name is read past `async`, generics and `r#`.
#[derive(MigrationContract)]
#[contract(
    name = "snapshot-parser",
    requires(
        fn r#type(&self) -> u8,
        fn get<T: Default>(&self) -> T,
        async fn flush(&self) -> usize,
    )
)]
pub struct SnapshotParser;

impl SnapshotParser {
    pub fn r#type(&self) -> u8 {
        0
    }
    pub fn get<T: Default>(&self) -> T {
        T::default()
    }
    pub async fn flush(&self) -> usize {
        0
    }
}

/// A fresh directory under the system temp dir, removed on drop.
mod common;
use common::TempDir;

#[test]
fn current_records_every_registered_contract_with_its_descriptor() {
    let snapshot = Snapshot::current();
    assert_eq!(snapshot.schema_version(), SCHEMA_VERSION);
    assert_eq!(
        snapshot.contracts().len(),
        contracts_core::contracts().count()
    );
    let pool = snapshot.get("snapshot-pool").expect("pool recorded");
    assert!(
        pool.type_name.ends_with("::SnapshotPool"),
        "{}",
        pool.type_name
    );
    assert_eq!(pool.risk, Risk::High);
    assert!(pool.file.ends_with("test_snapshot.rs"));
    assert!(pool.line > 0);
    let methods: Vec<_> = pool.requires.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(methods, ["close", "size", "warm"], "sorted by name");
    let warm = &pool.requires[2];
    assert!(warm.is_async);
    assert_eq!(
        warm.signature.as_deref(),
        Some("async fn warm(&self) -> bool")
    );
    assert_eq!(
        pool.requires[0].signature, None,
        "a bare name has no signature"
    );
    assert_eq!(pool.implements, ["Send", "Sync"]);
    assert_eq!(pool.consumers[0].ty.name, "SnapshotRepository");
    assert_eq!(pool.consumers[0].methods, ["size"]);
    // The written consumer name resolves to its contract through the registry.
    assert_eq!(
        pool.consumers[0].ty.contract.as_deref(),
        Some("snapshot-repository")
    );
}

#[test]
fn written_dependency_names_resolve_to_contracts_when_they_have_one() {
    let snapshot = Snapshot::current();
    let repository = snapshot.get("snapshot-repository").unwrap();
    let deps: Vec<_> = repository
        .depends_on
        .iter()
        .map(|d| (d.ty.name.as_str(), d.ty.contract.as_deref(), d.optional))
        .collect();
    assert_eq!(
        deps,
        [
            ("Metrics", None, true),
            ("SnapshotPool", Some("snapshot-pool"), false)
        ]
    );
    let pool_type = repository.depends_on[1].ty.type_name.as_deref().unwrap();
    assert_eq!(pool_type, snapshot.get("snapshot-pool").unwrap().type_name);
}

#[test]
fn json_is_stable_sorted_pretty_and_round_trips() {
    let a = ContractBuilder::new(1, "zeta")
        .requires("b", None)
        .requires("a", None)
        .build();
    let b = ContractBuilder::new(2, "alpha")
        .depends_on(1, "Zeta")
        .build();
    let one = Snapshot::from_contracts([a, b]);
    let other = Snapshot::from_contracts([b, a]);
    assert_eq!(one, other, "input order does not matter");
    let json = one.to_json();
    assert_eq!(json, other.to_json());
    assert!(json.starts_with("{\n  \"schema_version\": 1,\n  \"contracts\": [\n"));
    assert!(json.ends_with("}\n"));
    assert!(json.find("\"alpha\"").unwrap() < json.find("\"zeta\"").unwrap());
    let parsed = Snapshot::parse(json.as_bytes(), "inline.json").unwrap();
    assert_eq!(parsed, one);
    assert_eq!(parsed.to_json(), json);
}

#[test]
fn a_registry_snapshot_records_graph_violations_for_the_ratchet() {
    let legacy = ContractBuilder::new(10, "legacy").build();
    let user = ContractBuilder::new(11, "user")
        .depends_on(10, "Legacy")
        .build();
    let new = ContractBuilder::new(12, "new")
        .replaces(10, "Legacy", Phase::Complete)
        .build();
    let snapshot = Snapshot::validated(&[legacy, user, new]);
    let codes: Vec<_> = snapshot
        .violations()
        .iter()
        .map(|v| v.code.as_str())
        .collect();
    assert_eq!(codes, ["incomplete-migration"]);
    assert_eq!(snapshot.violations()[0].contracts, ["new", "user"]);
    assert!(snapshot.to_json().contains("\"violations\": ["));
    // No violation recorded without validation.
    assert!(Snapshot::from_contracts([legacy, user, new])
        .violations()
        .is_empty());
}

#[test]
fn save_then_load_gives_the_same_snapshot_and_leaves_no_temporary_file() {
    let dir = TempDir::new("save");
    let path = dir.path("nested/dir/contracts.json");
    let snapshot = Snapshot::current();
    snapshot.save(&path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), snapshot.to_json());
    assert_eq!(Snapshot::load(&path).unwrap(), snapshot);
    // Saving again over it.
    let smaller = Snapshot::from_contracts([ContractBuilder::new(1, "only").build()]);
    smaller.save(&path).unwrap();
    assert_eq!(Snapshot::load(&path).unwrap(), smaller);
    let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["contracts.json"]);
}

#[test]
fn a_failed_save_names_the_file_and_leaves_the_old_one() {
    let dir = TempDir::new("save-fail");
    // The target is a directory: no file can be written at its path.
    let path = dir.path("occupied");
    fs::create_dir_all(path.join("inside")).unwrap();
    for named in [path.display().to_string(), format!("{}/", path.display())] {
        let error = Snapshot::current().save(&named).unwrap_err();
        assert!(matches!(error, SnapshotError::Write { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("cannot write contract snapshot `{named}`: it is a directory; give the path of a file in it; nothing was written")
        );
        let inside: Vec<_> = fs::read_dir(&path).unwrap().collect();
        assert_eq!(inside.len(), 1, "only `inside`, nothing added");
        assert!(path.join("inside").is_dir());
    }

    // A path ending in `/` names a directory even where there is none: nothing is
    // created on the way.
    let missing = format!("{}/", dir.path("new/deeper").display());
    let error = Snapshot::current().save(&missing).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("cannot write contract snapshot `{missing}`: a path ending in `/` names a directory, not a file, and the directory `{}` does not exist either; give the path of a file in an existing directory; nothing was written", dir.path("new/deeper").display())
    );
    assert!(!dir.path("new").exists());

    // Any other failure says nothing was written, and no more: there may be no
    // previous file to speak of.
    let file = dir.path("a-file");
    fs::write(&file, "kept").unwrap();
    let error = Snapshot::current()
        .save(file.join("contracts.json"))
        .unwrap_err();
    assert!(
        error.to_string().ends_with("; nothing was written"),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "kept");
}

/// Writes `bytes`, loads them, and checks the error names the file and the bytes on
/// disk did not change.
fn load_error(tag: &str, bytes: &[u8]) -> (SnapshotError, String) {
    let dir = TempDir::new(tag);
    let path = dir.path("baseline.json");
    fs::write(&path, bytes).unwrap();
    let error = Snapshot::load(&path).expect_err("must not load");
    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "the file was left as it was"
    );
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
    assert_eq!(error.path(), path.as_path());
    assert_eq!(message, message.trim_end_matches('.'), "no trailing period");
    assert!(
        message.chars().next().unwrap().is_lowercase(),
        "lowercase: {message}"
    );
    (error, message)
}

#[test]
fn a_missing_baseline_says_how_to_create_it() {
    let dir = TempDir::new("missing");
    let path = dir.path("nope.json");
    let error = Snapshot::load(&path).unwrap_err();
    assert!(matches!(error, SnapshotError::Missing { .. }));
    let message = error.to_string();
    assert!(message.contains("nope.json` does not exist"), "{message}");
    assert!(message.contains("CONTRACTS_BLESS=1"), "{message}");
    assert!(!path.exists(), "loading does not create it");
}

#[test]
fn an_empty_baseline_is_reported_as_empty() {
    for (tag, bytes) in [("empty", &b""[..]), ("blank", &b"  \n\t\n"[..])] {
        let (error, message) = load_error(tag, bytes);
        assert!(matches!(error, SnapshotError::Empty { .. }), "{error:?}");
        assert!(message.contains("is empty"), "{message}");
    }
}

#[test]
fn a_truncated_baseline_is_reported_as_truncated() {
    let json = Snapshot::current().to_json();
    let cut = &json.as_bytes()[..json.len() / 2];
    let (error, message) = load_error("truncated", cut);
    assert!(
        matches!(error, SnapshotError::Truncated { .. }),
        "{error:?}"
    );
    assert!(message.contains("is truncated"), "{message}");
    assert!(message.contains("line "), "{message}");
    assert!(
        message.ends_with("restore it from version control or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)"),
        "{message}"
    );
}

#[test]
fn a_baseline_that_is_not_json_is_reported_as_such() {
    for (tag, bytes) in [
        ("text", &b"contracts: yes\n"[..]),
        ("binary", &[0xff, 0xfe, 0x00, 0x01][..]),
        (
            "trailing",
            &b"{\"schema_version\": 1, \"contracts\": []} extra"[..],
        ),
    ] {
        let (error, message) = load_error(tag, bytes);
        assert!(
            matches!(error, SnapshotError::NotJson { .. }),
            "{tag}: {error:?}"
        );
        assert!(message.contains("is not valid JSON"), "{message}");
    }
}

#[test]
fn an_unknown_schema_version_says_which_and_what_to_do() {
    let (error, message) = load_error(
        "newer",
        b"{\"schema_version\": 7, \"contracts\": [], \"future\": true}",
    );
    assert!(matches!(
        error,
        SnapshotError::UnsupportedVersion {
            found: 7,
            supported: 1,
            ..
        }
    ));
    assert!(message.contains("schema version 7"), "{message}");
    assert!(message.contains("upgrade contracts-core"), "{message}");

    // A version written as a float is still a version.
    for (tag, text) in [("newer-float", "2.0"), ("older-float", "-0.0")] {
        let json = format!("{{\"schema_version\": {text}, \"contracts\": []}}");
        let (error, _) = load_error(tag, json.as_bytes());
        assert!(
            matches!(
                error,
                SnapshotError::UnsupportedVersion { found: 0 | 2, .. }
            ),
            "{tag}: {error:?}"
        );
    }

    let (_, message) = load_error("older", b"{\"schema_version\": 0, \"contracts\": []}");
    assert!(
        message.contains("written by an older contracts-core"),
        "{message}"
    );
}

#[test]
fn a_baseline_of_the_wrong_shape_says_what_is_wrong() {
    let cases: &[(&str, &str, &str)] = &[
        ("array", "[1, 2]", "expected a JSON object"),
        (
            "no-version",
            "{\"contracts\": []}",
            "missing field `schema_version`",
        ),
        (
            "version-string",
            "{\"schema_version\": \"1\", \"contracts\": []}",
            "`schema_version` must be a whole number",
        ),
        (
            "version-negative",
            "{\"schema_version\": -1, \"contracts\": []}",
            "`schema_version` must be a whole number, found `-1`",
        ),
        (
            "version-beyond-u64",
            "{\"schema_version\": 18446744073709551617, \"contracts\": []}",
            "`schema_version` is far beyond any version (this library reads version 1)",
        ),
        (
            "version-float",
            "{\"schema_version\": 1.0, \"contracts\": []}",
            "`schema_version` must be written as a whole number: `1`",
        ),
        (
            "version-float-beyond",
            "{\"schema_version\": 1e300, \"contracts\": []}",
            "`schema_version` is far beyond any version (this library reads version 1); fix the file",
        ),
        (
            "version-fraction",
            "{\"schema_version\": 1.5, \"contracts\": []}",
            "`schema_version` must be a whole number, found `1.5`",
        ),
        (
            "no-contracts",
            "{\"schema_version\": 1}",
            "missing field `contracts`",
        ),
        (
            "unknown-field",
            "{\"schema_version\": 1, \"contracts\": [], \"extra\": 1}",
            "unknown field `extra`",
        ),
        (
            "contracts-object",
            "{\"schema_version\": 1, \"contracts\": {}}",
            "invalid type: map, expected a sequence",
        ),
        // Inside a list, the entry at fault is named: serde's own "missing field
        // `contracts`" would read as the top-level list missing.
        (
            "violation-entry",
            "{\"schema_version\": 1, \"contracts\": [], \"violations\": [{\"code\": \"x\"}]}",
            "missing field `contracts` at line 1 column 67, in `violations[0]`",
        ),
        (
            "contract-entry",
            "{\"schema_version\": 1, \"contracts\": [{\"name\": \"pool\"}]}",
            ", in `contracts[0]` (`pool`)",
        ),
    ];
    // An entry is named only when it is what serde's error is about.
    let (_, message) = load_error(
        "unrelated-entry",
        b"{\"schema_version\": 1, \"bogus\": 1, \"contracts\": [{\"name\": \"pool\"}]}",
    );
    assert!(message.contains("unknown field `bogus`"), "{message}");
    assert!(!message.contains("contracts[0]"), "{message}");
    for (tag, text, expected) in cases {
        let (error, message) = load_error(tag, text.as_bytes());
        assert!(
            matches!(error, SnapshotError::Shape { .. }),
            "{tag}: {error:?}"
        );
        assert!(message.contains(expected), "{tag}: {message}");
        assert!(message.contains("does not have the shape of a contract snapshot"));
    }
}

#[test]
fn a_byte_order_mark_before_the_json_is_ignored() {
    // Some editors save one; the snapshot is the same without it.
    let dir = std::env::temp_dir().join(format!("contracts-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plain = dir.join("plain.json");
    let with_bom = dir.join("bom.json");
    Snapshot::current().save(&plain).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&plain).unwrap());
    std::fs::write(&with_bom, &bytes).unwrap();
    assert_eq!(
        Snapshot::load(&with_bom).unwrap(),
        Snapshot::load(&plain).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn whitespace_longer_than_one_read_before_the_json_is_still_a_snapshot() {
    // Loading reads in chunks and judges the first byte that is not whitespace; the
    // JSON may start after several chunks (and after a byte-order mark).
    let dir = TempDir::new("long-whitespace");
    let path = dir.root().join("spaced.json");
    let snapshot = Snapshot::current();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::iter::repeat_n(b' ', 200 * 1024));
    bytes.extend(snapshot.to_json().as_bytes());
    fs::write(&path, &bytes).unwrap();
    assert_eq!(Snapshot::load(&path).unwrap(), snapshot);

    // After the whitespace, a byte that starts no JSON value ends the read there.
    let mut bytes = vec![b'\n'; 200 * 1024];
    bytes.push(0);
    fs::write(&path, &bytes).unwrap();
    let error = Snapshot::load(&path).unwrap_err();
    assert!(error.to_string().contains("is not valid JSON"), "{error}");
}

#[test]
fn contracts_sharing_a_type_path_round_trip() {
    // Two versions of a crate, or types declared in different functions of a module,
    // share a type path; a reference to either one is not dangling.
    let a = ContractBuilder::new(1, "pool-a")
        .type_name("db::Pool")
        .build();
    let b = ContractBuilder::new(2, "pool-b")
        .type_name("db::Pool")
        .build();
    let user = ContractBuilder::new(3, "user")
        .depends_on(1, "Pool")
        .consumer(2, "Pool", &[])
        .build();
    let snapshot = Snapshot::validated(&[a, b, user]);
    let parsed = Snapshot::parse(snapshot.to_json().as_bytes(), "shared.json").unwrap();
    assert_eq!(parsed, snapshot);
}

#[test]
fn an_entry_that_no_longer_parses_names_the_field_and_the_accepted_values() {
    let snapshot = Snapshot::from_contracts([ContractBuilder::new(1, "pool")
        .risk(Risk::High)
        .replaces(2, "Old", Phase::Parallel)
        .build()]);
    let json = snapshot.to_json();

    let bad_risk = json.replace("\"risk\": \"high\"", "\"risk\": \"severe\"");
    let (_, message) = load_error("risk", bad_risk.as_bytes());
    assert!(
        message.contains("unknown risk `severe`, expected one of: low, medium, high, critical"),
        "{message}"
    );
    assert!(message.contains("line "), "with a position: {message}");

    let bad_phase = json.replace("\"phase\": \"parallel\"", "\"phase\": \"done\"");
    let (_, message) = load_error("phase", bad_phase.as_bytes());
    assert!(message.contains("unknown phase `done`"), "{message}");

    let missing_field = json.replace("\"required\": false,", "");
    let (_, message) = load_error("field", missing_field.as_bytes());
    assert!(message.contains("missing field `required`"), "{message}");

    let wrong_type = json.replace("\"line\": 0", "\"line\": \"zero\"");
    let (_, message) = load_error("type", wrong_type.as_bytes());
    assert!(
        message.contains("invalid type: string \"zero\""),
        "{message}"
    );
}

#[test]
fn a_directory_is_reported_as_unreadable() {
    let dir = TempDir::new("dir");
    let error = Snapshot::load(dir.root()).unwrap_err();
    assert!(matches!(error, SnapshotError::Read { .. }), "{error:?}");
    assert!(error
        .to_string()
        .starts_with("cannot read contract snapshot `"));
}

#[test]
fn an_invalid_baseline_says_what_to_restore_and_to_regenerate_once() {
    let base: serde_json::Value = serde_json::from_str(base_json()).unwrap();
    let load = |tag: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut json = base.clone();
        edit(&mut json);
        let dir = TempDir::new(tag);
        let path = dir.path("b.json");
        let text = serde_json::to_string_pretty(&json).unwrap();
        let error = check_no_panic_and_unchanged(&path, text.as_bytes()).unwrap_err();
        assert!(matches!(error, SnapshotError::Invalid { .. }), "{error:?}");
        assert_eq!(error.path(), path.as_path());
        let message = error.to_string();
        assert_eq!(message.matches("regenerate").count(), 1, "{message}");
        message.replace(&path.display().to_string(), "b.json")
    };
    let regenerate = ", or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)";

    let message = load("empty-name", &|json| {
        json["contracts"][1]["name"] = "".into()
    });
    assert_eq!(
        message,
        format!("contract snapshot `b.json` is invalid: `contracts[1]` has an empty `name`, which no contract can have; restore the name{regenerate}")
    );

    // Reports print a contract's strings as they are: an escape sequence or a newline
    // from a forged file would reach the terminal, or add a line that reads as the
    // report's own. The message names the field and the character, never the text.
    let message = load("escape", &|json| {
        json["contracts"][1]["name"] = "pool\u{1b}[31mRED".into()
    });
    assert_eq!(
        message,
        format!("contract snapshot `b.json` is invalid: `contracts[1].name` holds U+001B, a control or text-direction character that no build writes (reports would print it as it is); restore the text{regenerate}")
    );
    let message = load("bidi", &|json| {
        json["contracts"][0]["type_name"] = "app::\u{202e}looP".into()
    });
    assert!(
        message.contains("`contracts[0].type_name` holds U+202E"),
        "{message}"
    );
    let message = load("newline", &|json| {
        json["contracts"][0]["requires"][0]["signature"] =
            "fn size(&self) -> usize\n  = why: forged".into()
    });
    assert!(
        message.contains("`contracts[0].requires[0].signature` holds U+000A"),
        "{message}"
    );
    let message = load("spaced", &|json| {
        json["contracts"][0]["name"] = " pool".into()
    });
    assert!(
        message.contains("`contracts[0]` has a `name` with whitespace around it"),
        "{message}"
    );

    let message = load("twice", &|json| {
        let list = json["contracts"].as_array_mut().unwrap();
        let first = list[0].clone();
        list.push(first);
    });
    assert_eq!(
        message,
        format!("contract snapshot `b.json` is invalid: contract `pool` (`pool`) is listed twice, but each contract appears once: a merge may have kept both copies (remove one), or two types declared inside functions share this name and path (give them distinct `name = ..`; `contracts check` reports them as `duplicate-name`){regenerate}")
    );

    let message = load("dangling", &|json| {
        json["contracts"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(
        message,
        format!("contract snapshot `b.json` is invalid: contract `repo` refers in `depends_on` to `Pool` as the contract `pool` of `pool`, which this file does not hold; restore that contract's entry (or remove the reference's `contract` and `type_name`){regenerate}")
    );

    // A file of the wrong shape gives the general advice, once too.
    let message = load_error("shape", b"{\"schema_version\": 1}").1;
    assert_eq!(message.matches("regenerate").count(), 1, "{message}");
}

#[test]
fn a_required_method_named_unlike_its_signature_is_refused() {
    // What the derive writes loads back: `async fn`, generics, a raw identifier.
    let current = Snapshot::current();
    let parser = current.get("snapshot-parser").unwrap();
    let written: Vec<(&str, Option<&str>)> = parser
        .requires
        .iter()
        .map(|m| (m.name.as_str(), m.signature.as_deref()))
        .collect();
    assert_eq!(
        written,
        [
            ("flush", Some("async fn flush(&self) -> usize")),
            ("get", Some("fn get<T: Default>(&self) -> T")),
            ("type", Some("fn type(&self) -> u8")),
        ]
    );
    assert_eq!(
        Snapshot::parse(current.to_json().as_bytes(), "current.json").unwrap(),
        current
    );

    let base: serde_json::Value = serde_json::from_str(base_json()).unwrap();
    let with_method = |name: &str, signature: &str| {
        let mut json = base.clone();
        json["contracts"][0]["requires"][0]["name"] = name.into();
        json["contracts"][0]["requires"][0]["signature"] = signature.into();
        json["contracts"][0]["requires"][0]["is_async"] = signature.starts_with("async").into();
        serde_json::to_string_pretty(&json).unwrap()
    };
    // A hand-written `r#`, generics and `async fn` are the method's name too.
    for (name, signature) in [
        ("type", "fn r#type(&self) -> u8"),
        ("r#type", "fn type(&self) -> u8"),
        ("get", "fn get<T>(&self) -> u8"),
        ("get", "async fn get(&self) -> u8"),
        ("go", "fn Source::go(&self) -> u8"),
    ] {
        let text = with_method(name, signature);
        assert!(
            Snapshot::parse(text.as_bytes(), "b.json").is_ok(),
            "{name}: {signature}"
        );
    }

    let regenerate = ", or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)";
    for (tag, name, signature, problem) in [
        (
            "other-name",
            "flush",
            "fn notify(&self) -> u8",
            "which is the signature of `notify`",
        ),
        (
            "other-async-name",
            "flush",
            "async fn notify(&self) -> u8",
            "which is the signature of `notify`",
        ),
        (
            "other-generic-name",
            "get",
            "fn fetch<T>(&self) -> T",
            "which is the signature of `fetch`",
        ),
        (
            "other-raw-name",
            "get",
            "fn r#type(&self) -> u8",
            "which is the signature of `type`",
        ),
        (
            "no-fn",
            "get",
            "get(&self) -> u8",
            "which declares no method (a signature starts `fn get` or `async fn get`)",
        ),
        (
            "unclosed",
            "get",
            "fn get(&self, sku: &str -> u32",
            "whose `(` has no partner (parentheses, brackets and braces come in pairs)",
        ),
        (
            "unopened",
            "get",
            "fn get(&self) -> [u8; 4]]",
            "whose `]` has no partner (parentheses, brackets and braces come in pairs)",
        ),
    ] {
        let text = with_method(name, signature);
        let (error, message) = load_error(tag, text.as_bytes());
        assert!(matches!(error, SnapshotError::Invalid { .. }), "{error:?}");
        let path = error.path().display().to_string();
        assert_eq!(
            message,
            format!("contract snapshot `{path}` is invalid: contract `pool` requires the method `{name}` with the signature `{signature}`, {problem}; restore the method's name or its signature{regenerate}")
        );
    }
}

#[test]
fn try_build_refuses_a_method_named_unlike_its_signature() {
    let error = ContractBuilder::new(1, "pool")
        .requires("flush", Some("fn notify(&self) -> u8"))
        .requires("get", Some("get(&self) -> u8"))
        .requires("r#type", Some("fn type(&self) -> u8"))
        .requires("warm", Some("async fn warm(&self)"))
        .requires("stock", Some("fn stock(&self, sku: &str -> u32"))
        .requires("label", Some("fn label(&self, l: &str) -> &'static str"))
        .type_name(" ")
        .try_build()
        .unwrap_err();
    assert_eq!(
        error.problems(),
        [
            "the type name is empty",
            "method `flush` has the signature `fn notify(&self) -> u8`, which is the signature of `notify`",
            "method `get` has the signature `get(&self) -> u8`, which declares no method (a signature starts `fn get` or `async fn get`)",
            "method `stock` has the signature `fn stock(&self, sku: &str -> u32`, whose `(` has no partner (parentheses, brackets and braces come in pairs)",
        ]
    );
}

/// Hand edits that no build writes, each refused with what to restore; before, a
/// contradicting `is_async` showed as a change between two identical signatures, a
/// method listed twice hid the removal of one, and an empty `type_name` was reported
/// as another contract's dangling reference.
#[test]
fn hand_edited_methods_and_type_paths_are_refused() {
    let base: serde_json::Value = serde_json::from_str(base_json()).unwrap();
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut json = base.clone();
        edit(&mut json);
        serde_json::to_string_pretty(&json).unwrap()
    };
    let regenerate = ", or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)";
    type Edit<'a> = &'a dyn Fn(&mut serde_json::Value);
    let cases: [(&str, Edit, &str); 8] = [
        (
            "async-flag",
            &|json| json["contracts"][0]["requires"][0]["is_async"] = true.into(),
            "contract `pool` requires the method `get` with `is_async: true`, but its signature `fn get(&self) -> u8` is not `async`; restore the signature or set `is_async` to `false`",
        ),
        (
            "async-signature",
            &|json| {
                json["contracts"][0]["requires"][0]["signature"] = "async fn get(&self) -> u8".into()
            },
            "contract `pool` requires the method `get` with `is_async: false`, but its signature `async fn get(&self) -> u8` is `async`; restore the signature or set `is_async` to `true`",
        ),
        (
            "async-bare",
            &|json| {
                json["contracts"][0]["requires"][0]["signature"] = serde_json::Value::Null;
                json["contracts"][0]["requires"][0]["is_async"] = true.into();
            },
            "contract `pool` requires the method `get` with `is_async: true`, but it has no signature; restore the signature or set `is_async` to `false`",
        ),
        (
            // An `async fn get` whose signature was edited into another method's: the
            // signature is the problem, which fixing `is_async` would not solve.
            "async-other-method",
            &|json| {
                json["contracts"][0]["requires"][0]["signature"] = "fn other(&self) -> usize".into();
                json["contracts"][0]["requires"][0]["is_async"] = true.into();
            },
            "contract `pool` requires the method `get` with the signature `fn other(&self) -> usize`, which is the signature of `other`; restore the method's name or its signature",
        ),
        (
            "twice",
            &|json| {
                let method = json["contracts"][0]["requires"][0].clone();
                json["contracts"][0]["requires"]
                    .as_array_mut()
                    .unwrap()
                    .push(method);
            },
            "contract `pool` lists the required method `get` twice, as no build does; keep the one the component has and remove the other",
        ),
        (
            // A merge that kept both sides of a changed signature.
            "twice-changed",
            &|json| {
                let mut method = json["contracts"][0]["requires"][0].clone();
                method["signature"] = "fn get(&self) -> u16".into();
                json["contracts"][0]["requires"]
                    .as_array_mut()
                    .unwrap()
                    .push(method);
            },
            "contract `pool` lists the required method `get` twice, as no build does; keep the one the component has and remove the other",
        ),
        (
            "twice-raw",
            &|json| {
                json["contracts"][0]["requires"][0]["name"] = "type".into();
                json["contracts"][0]["requires"][0]["signature"] = serde_json::Value::Null;
                let mut method = json["contracts"][0]["requires"][0].clone();
                method["name"] = "r#type".into();
                json["contracts"][0]["requires"]
                    .as_array_mut()
                    .unwrap()
                    .push(method);
            },
            "contract `pool` lists the required method `type` twice, as no build does; keep the one the component has and remove the other",
        ),
        (
            "type-name",
            &|json| json["contracts"][0]["type_name"] = "".into(),
            "`contracts[0]` has an empty `type_name`, which no contract can have; restore the type's path",
        ),
    ];
    for (tag, edit, expected) in cases {
        let (error, message) = load_error(tag, edited(edit).as_bytes());
        assert!(matches!(error, SnapshotError::Invalid { .. }), "{error:?}");
        let path = error.path().display().to_string();
        assert_eq!(
            message,
            format!("contract snapshot `{path}` is invalid: {expected}{regenerate}"),
            "{tag}"
        );
    }
    // The unedited file loads, so each refusal above is the edit's.
    Snapshot::parse(edited(&|_| {}).as_bytes(), "base.json").unwrap();
}

fn base_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let pool = ContractBuilder::new(1, "pool")
            .risk(Risk::Critical)
            .requires("get", Some("fn get(&self) -> u8"))
            .consumer(2, "Repo", &["get"])
            .build();
        let repo = ContractBuilder::new(2, "repo")
            .depends_on(1, "Pool")
            .depends_on_optional(3, "Metrics")
            .replaces(4, "OldRepo", Phase::Migrating)
            .build();
        Snapshot::validated(&[pool, repo]).to_json()
    })
}

fn check_no_panic_and_unchanged(path: &Path, bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    fs::write(path, bytes).unwrap();
    let result = Snapshot::load(path);
    assert_eq!(fs::read(path).unwrap(), bytes);
    result
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_proper_prefix_is_empty_or_truncated(cut in 0usize..10_000) {
        let json = base_json().trim_end();
        let cut = cut % json.len();
        let dir = TempDir::new("prefix");
        let path = dir.path("b.json");
        let error = check_no_panic_and_unchanged(&path, &json.as_bytes()[..cut]).unwrap_err();
        if cut == 0 {
            prop_assert!(matches!(error, SnapshotError::Empty { .. }), "{:?}", error);
        } else {
            prop_assert!(matches!(error, SnapshotError::Truncated { .. }), "{:?}", error);
        }
        prop_assert!(error.to_string().contains("b.json"));
    }

    #[test]
    fn random_byte_edits_never_panic_and_errors_name_the_file(
        edits in proptest::collection::vec((0usize..10_000, any::<u8>()), 1..6)
    ) {
        let mut bytes = base_json().as_bytes().to_vec();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let dir = TempDir::new("edit");
        let path = dir.path("b.json");
        match check_no_panic_and_unchanged(&path, &bytes) {
            Ok(snapshot) => prop_assert_eq!(snapshot.schema_version(), SCHEMA_VERSION),
            Err(error) => prop_assert!(error.to_string().contains("b.json"), "{}", error),
        }
    }

    #[test]
    fn random_json_values_never_panic(value in arbitrary_json()) {
        let text = value.to_string();
        match Snapshot::parse(text.as_bytes(), "random.json") {
            Ok(snapshot) => prop_assert_eq!(snapshot.schema_version(), SCHEMA_VERSION),
            Err(error) => prop_assert!(error.to_string().contains("`random.json`")),
        }
    }
}

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (0u64..3).prop_map(|n| json!(n)),
        "[a-z_]{0,8}".prop_map(Value::String),
        Just(json!("high")),
        Just(json!("complete")),
    ];
    let tree = leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("schema_version".to_owned()),
                    Just("contracts".to_owned()),
                    Just("violations".to_owned()),
                    Just("name".to_owned()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    (tree, any::<bool>()).prop_map(|(value, wrap)| {
        if wrap {
            json!({"schema_version": 1, "contracts": [value]})
        } else {
            value
        }
    })
}
