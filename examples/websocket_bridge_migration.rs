//! The outage this library exists to prevent, reproduced and caught at startup.
//!
//! A chat service delivers five agent events to its users through a singleton
//! `AgentWebSocketBridge`. A migration replaces it with a per-user bridge made by a
//! `BridgeFactory`. The team moved the consumer they knew about (the execution engine)
//! and took the singleton out of the startup code. But the supervisor factory, a
//! consumer nobody listed, still expects the old bridge in the state: in production it
//! fails on the first agent run, in the path that carries the product's value.
//!
//! With contracts, the broken wiring is reported before a single request is served,
//! and the report says which component is missing, who needs it, and what to do.
//!
//! The components and their contracts are in `examples/shared/bridge.rs`.
//!
//! Run it with `cargo run --example websocket_bridge_migration`.

use std::sync::Arc;

use contracts_core::{validate_all, Validator};

// The bridge's components: `examples/shared/bridge.rs`, this package's library.
use bridge_examples as bridge;

use bridge::{partially_migrated_state, AgentWebSocketBridge, ExecutionEngine, WebSocketManager};

fn main() {
    println!("== 1. in a unit test: validate_all() sees the contracts alone ==\n");
    println!("{}", validate_all());

    println!("== 2. at startup, the partially migrated state ==\n");
    let broken = partially_migrated_state();
    let report = broken.validate();
    println!("{report}");
    match report.into_result() {
        Ok(_) => println!("(unexpected) the broken wiring passed\n"),
        Err(_) => println!("startup refused: no request was served with the broken wiring\n"),
    }

    println!("== 3. fixed: the singleton stays in the state until its last consumer moved ==\n");
    let mut fixed = partially_migrated_state();
    let manager = fixed
        .get_arc::<WebSocketManager>()
        .unwrap_or_else(|| Arc::new(WebSocketManager::default()));
    fixed.insert(AgentWebSocketBridge { manager });
    let report = Validator::new().validate_app_state(&fixed);
    println!("{report}");

    if let Some(engine) = fixed.get::<ExecutionEngine>() {
        match engine.run("alice") {
            Ok(()) => println!("alice received her five agent events"),
            Err(error) => println!("agent run failed: {error}"),
        }
    }
    std::process::exit(if report.is_ok() { 0 } else { 1 });
}
