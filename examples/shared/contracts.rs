//! The `contracts` command line over the websocket bridge example's components.
//!
//! A user's own binary is the same two lines, linking their own components instead:
//!
//! ```text
//! cargo run --bin contracts -- check
//! cargo run --bin contracts -- graph --format mermaid
//! cargo run --bin contracts -- impact websocket-manager
//! cargo run --bin contracts -- plan agent-websocket-bridge
//! cargo run --bin contracts -- report --output compliance.md
//! ```

#[path = "bridge.rs"]
mod bridge;

fn main() {
    std::process::exit(contracts_core::cli::main());
}
