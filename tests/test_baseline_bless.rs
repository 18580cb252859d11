//! `assert_baseline` and `CONTRACTS_BLESS`, end to end. This binary holds a single test
//! because it sets the environment variable: no other test can race with it.

use std::fs;
use std::panic;
use std::path::Path;

use contracts_core::snapshot::{assert_baseline, assert_baseline_ratchet, Snapshot};
use contracts_core::{ContractBuilder, MigrationContract};

#[derive(MigrationContract)]
#[contract(name = "bless-pool", risk = "high", requires(fn size(&self) -> usize))]
pub struct BlessPool;

impl BlessPool {
    pub fn size(&self) -> usize {
        0
    }
}

#[derive(MigrationContract)]
#[contract(name = "bless-repository", depends_on(BlessPool))]
pub struct BlessRepository;

fn panic_message(path: &Path, ratchet: bool) -> Option<String> {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {})); // keep the expected panics out of the output
    let result = panic::catch_unwind(|| {
        if ratchet {
            assert_baseline_ratchet(path)
        } else {
            assert_baseline(path)
        }
    });
    panic::set_hook(hook);
    result
        .err()
        .map(|payload| match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(payload) => payload
                .downcast::<&str>()
                .map(|m| (*m).to_owned())
                .unwrap_or_default(),
        })
}

#[test]
fn assert_baseline_fails_on_drift_and_contracts_bless_rewrites_the_baseline() {
    let dir = std::env::temp_dir().join(format!("contracts-test-bless-{}", std::process::id()));
    let path = dir.join("contracts.json");
    std::env::remove_var("CONTRACTS_BLESS");

    // Missing: fails, says how to create it, creates nothing.
    let message = panic_message(&path, false).expect("a missing baseline fails");
    assert!(message.contains("does not exist"), "{message}");
    assert!(message.contains("CONTRACTS_BLESS=1"), "{message}");
    assert!(!path.exists());

    // Blessed: created with the current contracts; then the plain test passes.
    std::env::set_var("CONTRACTS_BLESS", "1");
    assert_eq!(panic_message(&path, false), None);
    std::env::remove_var("CONTRACTS_BLESS");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        Snapshot::current().to_json()
    );
    assert_eq!(panic_message(&path, false), None);
    assert_eq!(panic_message(&path, true), None);

    // Drift: the baseline knows a contract this build no longer has.
    let gone = ContractBuilder::new(1, "bless-cache")
        .consumer(2, "BlessRepository", &[])
        .build();
    let stale = Snapshot::from_contracts(contracts_core::contracts().chain([gone]));
    stale.save(&path).unwrap();
    let bytes = fs::read(&path).unwrap();
    let message = panic_message(&path, false).expect("drift fails");
    assert!(
        message.contains("does not match the current contracts"),
        "{message}"
    );
    assert!(
        message.contains("compatible[component-removed] component `bless-cache`"),
        "{message}"
    );
    assert!(message.contains("CONTRACTS_BLESS=1"), "{message}");
    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "a failing check never writes"
    );

    // Ratchet mode tolerates a compatible change.
    assert_eq!(panic_message(&path, true), None);

    // `0` does not bless.
    std::env::set_var("CONTRACTS_BLESS", "0");
    assert!(panic_message(&path, false).is_some());
    assert_eq!(fs::read(&path).unwrap(), bytes);

    // Blessing accepts the change.
    std::env::set_var("CONTRACTS_BLESS", "1");
    assert_eq!(panic_message(&path, false), None);
    std::env::remove_var("CONTRACTS_BLESS");
    assert_eq!(panic_message(&path, false), None);
    assert_eq!(Snapshot::load(&path).unwrap(), Snapshot::current());

    // A baseline written by a newer contracts-core is never overwritten, blessing or
    // not: this version would drop what it cannot read.
    let newer = br#"{"schema_version": 2, "contracts": [], "from_the_future": true}"#;
    fs::write(&path, newer).unwrap();
    for (bless, ratchet) in [("0", false), ("1", false), ("1", true)] {
        std::env::set_var("CONTRACTS_BLESS", bless);
        let message = panic_message(&path, ratchet).expect("a newer baseline fails");
        assert!(
            message.contains("it was written by a newer contracts-core: upgrade contracts-core, or delete the file to rewrite it with this version"),
            "{message}"
        );
        assert_eq!(fs::read(&path).unwrap(), newer, "left as it was");
    }
    std::env::remove_var("CONTRACTS_BLESS");

    fs::remove_dir_all(&dir).unwrap();
}
