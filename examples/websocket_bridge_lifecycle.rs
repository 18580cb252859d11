//! The whole migration lifecycle of the chat service's websocket bridge: freeze the
//! contracts in a baseline, run both bridges in parallel behind a cutover switch, move
//! consumers one at a time, roll one back, and check the final `complete` phase against
//! the baseline.
//!
//! The components and their contracts are in `examples/shared/bridge.rs`: a singleton
//! `AgentWebSocketBridge` being replaced by a per-user `UserWebSocketBridge` made by a
//! `BridgeFactory` (declared `phase = "migrating"`).
//!
//! What is simulated, and why:
//! - A binary registers one version of its contracts, so the *next release's* contracts
//!   (step 4) are built as data: the baseline's entries, edited the way the code change
//!   would edit the attributes. A real project would run `assert_baseline` in a test,
//!   or `snapshot` then `diff OLD` from the CLI, on the new build.
//! - The failure that triggers the rollback in step 3 is a made-up alarm, not a real
//!   error from the new bridge.
//!
//! Run it with `cargo run --example websocket_bridge_lifecycle`.

use std::sync::Arc;

use contracts_core::cutover::{Cutover, Route};
use contracts_core::snapshot::{
    check_baseline, diff, BaselineMode, ContractEntry, Snapshot, TypeEntry,
};
use contracts_core::{MigrationContract, Phase};

// The bridge's components: `examples/shared/bridge.rs`, this package's library.
use bridge_examples as bridge;

use bridge::{
    partially_migrated_state, AgentEvent, AgentWebSocketBridge, BridgeError, BridgeFactory,
    UserWebSocketBridge, WebSocketManager,
};

const EVENTS: [AgentEvent; 5] = [
    AgentEvent::Started,
    AgentEvent::Thinking,
    AgentEvent::ToolExecuting,
    AgentEvent::ToolCompleted,
    AgentEvent::Completed,
];

/// The adapter with the feature flag: each consumer's events go through the bridge its
/// flag selects.
type BridgeCutover = Cutover<Arc<AgentWebSocketBridge>, Arc<BridgeFactory>>;

fn deliver(cutover: &BridgeCutover, consumer: &str, user: &str) -> Result<(), String> {
    for event in EVENTS {
        let sent: Result<(), BridgeError> = match cutover.route(consumer) {
            Route::Legacy(singleton) => singleton.notify(user, event),
            Route::New(factory) => factory.create(user).notify(event),
        };
        sent.map_err(|error| {
            format!("`{consumer}` could not deliver {event:?} to {user}: {error}")
        })?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir =
        std::env::temp_dir().join(format!("websocket-bridge-lifecycle-{}", std::process::id()));
    let baseline_path = dir.join("contracts.json");

    println!("== 1. before the migration: freeze the contracts in a baseline ==\n");
    let baseline = Snapshot::current();
    baseline.save(&baseline_path)?;
    println!(
        "saved {} contracts to {} (schema version {})",
        baseline.contracts().len(),
        baseline_path.display(),
        baseline.schema_version()
    );
    let check = check_baseline(
        &baseline_path,
        &Snapshot::current(),
        BaselineMode::Exact,
        false,
    )?;
    println!("{check}");

    println!("== 2. both bridges side by side (phase `migrating`), every consumer on legacy ==\n");
    let mut state = partially_migrated_state();
    let manager = state
        .get_arc::<WebSocketManager>()
        .unwrap_or_else(|| Arc::new(WebSocketManager::default()));
    let singleton = Arc::new(AgentWebSocketBridge { manager });
    state.insert_arc(Arc::clone(&singleton));
    let factory = state
        .get_arc::<BridgeFactory>()
        .ok_or("the state has no bridge factory")?;

    // Consumers from the contracts: the new bridge's declared consumers, plus every
    // contract that still depends on the legacy singleton.
    let cutover: BridgeCutover = Cutover::for_migration(
        UserWebSocketBridge::contract(),
        contracts_core::contracts(),
        singleton,
        factory,
    );
    println!("consumers: {:?}\n", cutover.consumer_names());
    for consumer in cutover.consumer_names() {
        deliver(&cutover, consumer, "alice")?;
    }
    println!("{}", state.validate().with_cutover(cutover.status()));

    println!("== 3. move consumers one at a time; roll one back ==\n");
    let mut alarm_raised = false;
    while let Some(moved) = cutover.move_next() {
        println!("moved `{moved}` to the per-user bridge");
        deliver(&cutover, &moved, "bob")?;
        // Simulated: an alarm on the supervisor's agent runs, the first time it moves.
        if moved == "supervisor-factory" && !alarm_raised {
            alarm_raised = true;
            cutover.rollback(&moved)?;
            println!("alarm on `{moved}`: rolled back to the singleton, no redeploy");
            deliver(&cutover, &moved, "bob")?;
            println!("\n{}", cutover.status());
            println!("(simulated fix deployed; moving it again)");
        }
    }
    println!("\n{}", cutover.status());
    println!(
        "every consumer on the new bridge: {}\n",
        cutover.status().is_complete()
    );

    println!("== 4. the `complete` release, checked against the baseline ==\n");
    // Simulated next release (see the module docs): the supervisor factory depends on
    // the bridge factory, the migration is declared complete, the singleton is deleted.
    let complete = next_release(&baseline, true)?;
    let changes = diff(&baseline, &complete);
    println!("{changes}");
    println!(
        "breaking changes: {} (a CLI `diff` would exit with status {})\n",
        changes.has_breaking(),
        u8::from(changes.has_breaking())
    );

    println!("== 5. what the baseline would have caught: the singleton deleted too early ==\n");
    let premature = next_release(&baseline, false)?;
    let changes = diff(&baseline, &premature);
    println!("{changes}");

    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The baseline's entries edited as the `complete` release edits the attributes; with
/// `supervisor_moved = false`, the singleton is deleted while the supervisor factory
/// still depends on it.
fn next_release(baseline: &Snapshot, supervisor_moved: bool) -> Result<Snapshot, String> {
    let find = |name: &str| {
        baseline
            .get(name)
            .cloned()
            .ok_or_else(|| format!("the baseline has no contract `{name}`"))
    };
    let factory = find("bridge-factory")?;
    let mut entries: Vec<ContractEntry> = baseline
        .contracts()
        .iter()
        .filter(|entry| entry.name != "agent-websocket-bridge")
        .cloned()
        .collect();
    for entry in &mut entries {
        match entry.name.as_str() {
            "user-websocket-bridge" => {
                if let Some(migration) = &mut entry.migration {
                    migration.phase = Phase::Complete;
                    // The replaced type no longer has a contract.
                    migration.replaces.contract = None;
                    migration.replaces.type_name = None;
                }
            }
            "supervisor-factory" => {
                for dependency in &mut entry.depends_on {
                    dependency.ty = if supervisor_moved {
                        TypeEntry {
                            name: "BridgeFactory".to_owned(),
                            contract: Some(factory.name.clone()),
                            type_name: Some(factory.type_name.clone()),
                        }
                    } else {
                        TypeEntry {
                            contract: None,
                            type_name: None,
                            ..dependency.ty.clone()
                        }
                    };
                }
            }
            _ => {}
        }
    }
    Ok(Snapshot::from_entries(entries))
}
