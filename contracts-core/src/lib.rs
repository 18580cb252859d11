//! # migration-contracts
//!
//! Keep architectural migrations from breaking running services. A component (a pool,
//! an event bridge, a registry, a factory) declares what its consumers rely on; the
//! declaration is checked at **compile time** (methods and signatures, traits), at
//! **startup** against the live application state, and in **unit tests**, and every
//! problem is reported at once, with where it is declared and what to do.
//!
//! ## Quickstart
//!
//! Annotate the components:
//!
//! ```
//! use std::sync::Arc;
//! use contracts_core::MigrationContract;
//!
//! #[derive(MigrationContract)]
//! #[contract(risk = "high", requires(fn connection_count(&self) -> usize), required)]
//! pub struct WebSocketManager;
//!
//! impl WebSocketManager {
//!     pub fn connection_count(&self) -> usize { 0 }
//! }
//!
//! /// The legacy singleton, on its way out.
//! #[derive(MigrationContract)]
//! #[contract(name = "agent-websocket-bridge", risk = "critical", depends_on(WebSocketManager))]
//! pub struct AgentWebSocketBridge;
//!
//! /// Its per-user replacement, made by a factory.
//! #[derive(MigrationContract)]
//! #[contract(
//!     name = "user-websocket-bridge",
//!     risk = "critical",
//!     business_value = "delivers the five agent events that drive chat",
//!     requires(fn notify(&self, event: &str) -> bool),
//!     replaces = AgentWebSocketBridge,
//!     phase = "migrating",
//!     factory = BridgeFactory,
//! )]
//! pub struct UserWebSocketBridge {
//!     #[contract(dependency)]
//!     manager: Arc<WebSocketManager>,
//! }
//!
//! impl UserWebSocketBridge {
//!     pub fn notify(&self, _event: &str) -> bool { true }
//! }
//!
//! pub struct BridgeFactory;
//!
//! /// A consumer nobody listed: it still takes the singleton.
//! #[derive(MigrationContract)]
//! #[contract(depends_on(AgentWebSocketBridge))]
//! pub struct SupervisorFactory;
//!
//! // At startup, before serving requests:
//! let mut state = contracts_core::AppState::new();
//! state
//!     .insert(WebSocketManager)
//!     .insert(BridgeFactory)
//!     .insert(SupervisorFactory);
//! let report = state.validate();
//! assert!(!report.is_ok()); // the singleton is gone, but the supervisor needs it
//! println!("{report}");
//! // In `main`: `state.validate().into_result()?;` refuses to start with the report.
//! ```
//!
//! The report names the missing component, who needs it, where both are declared,
//! and what to do (its `migration-in-progress` warning is left out here; the lines are
//! those of the example pasted at the top of a `src/main.rs`, with its statements in
//! `fn main`):
//!
//! ```text
//! migration contracts: 4 checked, 2 passed, 2 failed (50.0% pass rate); 1 violation, 1 warning
//!
//! error[missing-component] (risk critical): `AgentWebSocketBridge` (contract `agent-websocket-bridge`, src/main.rs:15) is not in the state; needed by `SupervisorFactory` (src/main.rs:42), which depends on it
//!   = help: move the consumers listed to its replacement `user-websocket-bridge`, or keep `AgentWebSocketBridge` in the state until they have (with the migration in a phase before `complete`)
//! ```
//!
//! In a unit test, [`validate_all()`] checks the contract graph without a state
//! (unique names, no dependency cycles, migrations consistent with their phase):
//!
//! ```
//! // tests/contracts.rs, in a #[test] function:
//! contracts_core::validate_all().assert_ok();
//! ```
//!
//! To check the wiring before any connection is opened, declare what the state will
//! hold with [`AppState::provide`]: a missing component fails in milliseconds, not after
//! a connection timeout.
//!
//! ## The attribute
//!
//! | key | meaning |
//! | --- | --- |
//! | `name = "bridge"` | the contract's name, unique per binary; default: the type's name |
//! | `risk = "critical"` | `"low"` (default), `"medium"`, `"high"`, `"critical"` |
//! | `business_value = ".."` | why the component matters, in one line; shown in reports |
//! | `requires(fn m(&self, a: &str) -> R, async fn f(&self) -> usize, bare)` | methods consumers rely on; a compile error on the signature when the method is missing, takes other arguments, or returns (or awaits to) another type, compared exactly (`&String` is not `&str`, `&mut self` is not `&self`, and a method taking `&'static str` does not match a declared `&str`, which promises any lifetime); a bare name only needs the method to exist (`get::<Pool>` for a generic one); `fn Trait::m(&self) -> R` (or bare `Trait::m`) names a trait's method when two traits in scope have one of that name |
//! | `implements(Send, Sync, EventSink)` | traits `Self` must implement (any trait bound: `for<'a> PartialEq<&'a str>`); a compile error on the trait otherwise |
//! | `depends_on(Pool, dyn EventSink, optional(Metrics))` | what the component needs in the state |
//! | `#[contract(dependency)]` on a field | the field's type, peeled of `Arc`/`Rc`/`Box`/`&`, is a dependency; `Option<..>` makes it optional |
//! | `consumers(Supervisor = [m1, m2], Engine)` | who uses the component and which required methods they call (each must be in `requires`) |
//! | `replaces = Legacy, phase = "parallel"` | a migration: `"planned"` (default), `"parallel"`, `"migrating"`, `"complete"`; `phase` needs `replaces` |
//! | `factory = BridgeFactory` | instances are made per request by this factory; providing it makes the component active |
//! | `required` | the component must be active in every validated state |
//! | `check = Self::self_test` | `fn(&Self) -> Result<(), E>` with `E: Display`, run at startup on the instance |
//! | `crate = "migration"` | the path of this crate where it is renamed (`package = ..`) or re-exported (`"crate::reexports::contracts"`); default `::contracts_core`; also read on a `ComponentSource` state |
//!
//! Keys may be split over several `#[contract(..)]` attributes; each key is given once.
//! Structs and enums are supported; generic types and unions are rejected with a
//! spanned error, as are unknown keys, duplicate keys and bad values (the message lists
//! what is accepted). Independent mistakes are all reported in one build.
//!
//! ## Validation rules
//!
//! A contract is **active** in a state when the state provides its type or its
//! `factory`. A dependency is **satisfied** when the state provides it, or when its
//! contract is active. [`validate_all()`] applies the graph rules;
//! [`validate_app_state()`] applies all of them.
//!
//! | rule | result |
//! | --- | --- |
//! | two contracts share a `name` | violation |
//! | a cycle among `depends_on` edges (optional ones included) | violation naming the whole cycle in order |
//! | contracts replace each other in a loop (`a` replaces `B`, `b` replaces `A`) | violation naming the loop in order (`replacement-cycle`) |
//! | a cycle that closes through a factory: a factory needs, directly or not, a user of its own product (users wait on the factory that satisfies them) | violation naming the loop in order, `made by` at the factory link (`factory-cycle`; the startup order refuses the same loop) |
//! | `phase = "complete"` but some contract still depends on (or is a declared consumer of) the replaced type, the replacement itself included, or the legacy contract still lists a consumer that has no contract | violation naming each such consumer |
//! | `phase = "complete"` and the replaced type still has a contract | warning: legacy not removed |
//! | `phase` before complete | warning listing the consumers still on the replaced type |
//! | X lists Y in `consumers`, Y has a contract, Y does not depend on X (nor on its factory) | warning: consumer analysis mismatch |
//! | (state) an active contract's non-optional dependency is not satisfied | violation |
//! | (state) a declared consumer is active but the component it consumes is not | violation |
//! | (state) a `required` contract is not active | violation |
//! | (state) `check` returns an error, or panics | violation carrying the message; validation goes on |
//! | (state) `check` declared, component active, but no instance available | warning |
//! | (state) `phase = "complete"` and the replaced type is still provided | violation |
//! | no contract is registered at all | warning (usually a crate that was never linked) |
//!
//! The three "missing" state rules share one root cause, so they are grouped: one
//! [`Violation::MissingComponent`] per missing component, listing every contract that
//! needs it. [`Validator`] configures validation: [`Validator::ignore`] for components
//! provided where no state can see them, [`Validator::strict`] to fail on warnings.
//!
//! ## Your own state
//!
//! Implement [`ComponentSource`] for the state you already have (a struct of
//! components, a framework's type map): `provides(TypeId)`, and `instance(TypeId)` if
//! you want `check = ..` functions to run.
//!
//! ## Integrations
//!
//! **Your own state struct.** `#[derive(ComponentSource)]` makes it a source: each
//! field provides its type, peeled of `Arc`/`Rc`/`Box` and `&`; an `Option` field only while it
//! is `Some`; `#[contract(skip)]` leaves a field out; `#[contract(flatten)]` includes a
//! nested state (an `Option` of one while it is `Some`). `check = ..` functions run on
//! the fields.
//!
//! ```
//! use std::sync::Arc;
//! use contracts_core::{validate_app_state, ComponentSource, MigrationContract};
//!
//! #[derive(MigrationContract)]
//! #[contract(required)]
//! pub struct WebSocketManager;
//!
//! #[derive(MigrationContract)]
//! #[contract(depends_on(WebSocketManager))]
//! pub struct BridgeFactory;
//!
//! pub struct Config;
//!
//! #[derive(ComponentSource)]
//! pub struct ChatState {
//!     websockets: Arc<WebSocketManager>,
//!     bridge_factory: Option<Arc<BridgeFactory>>, // provided only while `Some`
//!     #[contract(skip)]
//!     config: Config,
//! }
//!
//! let state = Arc::new(ChatState {
//!     websockets: Arc::new(WebSocketManager),
//!     bridge_factory: Some(Arc::new(BridgeFactory)),
//!     config: Config,
//! });
//! assert!(validate_app_state(&state).is_ok()); // `Arc<State>` and `&State` are sources
//! ```
//!
//! **axum, tokio.** Build the state, validate it, and bind the port only when the report
//! is clean: a broken wiring never serves a request. `examples/chat-service` is a
//! complete service doing this, with end-to-end tests.
//!
//! **actix-web.** `App::app_data` is only looked up when a request extracts it. Declare
//! the components you are about to register in an [`AppState`] (`insert_arc` the same
//! `Arc`s, so checks run on them), validate, then call `HttpServer::new`
//! (`examples/actix-example`).
//!
//! **Before any connection is opened.** [`AppState::provide`] declares that a component
//! will be there without an instance, so the wiring is validated in microseconds before
//! pools and sockets are created:
//!
//! ```
//! # use contracts_core::MigrationContract;
//! # #[derive(MigrationContract)] #[contract(required)] struct Pool;
//! # #[derive(MigrationContract)] #[contract(depends_on(Pool))] struct Repository;
//! let mut wiring = contracts_core::AppState::new();
//! wiring.provide::<Pool>().provide::<Repository>();
//! assert!(wiring.validate().is_ok());
//! // ... only now: open the pool, build the repository, serve.
//! ```
//!
//! **tracing** (feature `tracing`): `Report::trace()` emits the summary as an `info`
//! event, each violation as an `error` and each warning as a `warn`, with the fields
//! `code`, `contract`, `risk`, `declared_at` and `help`.
//!
//! ## Beyond validation
//!
//! - [`graph`]: dependencies and consumers (direct, transitive, labelled by how they are
//!   known), the impact of removing a component, a startup order or every cycle, the
//!   playbook's effective risk, and DOT / Mermaid / JSON pictures.
//! - [`analysis`]: the compliance report and the five-phase migration plan.
//! - [`snapshot`]: baselines of the contract set, a classified diff between versions,
//!   and `assert_baseline` for unit tests (`CONTRACTS_BLESS=1` rewrites it).
//! - [`cutover`]: legacy and new implementations side by side, consumers moved one at a
//!   time and rolled back instantly, without locks on the hot path.
//! - `cli` (feature `cli`): all of the above as a command line your own binary runs.
//!
//! ## Contracts in library crates
//!
//! Contracts register through [`inventory`](https://docs.rs/inventory). A library's
//! contracts are registered in a binary only if the library is linked into it: a
//! dependency that the binary never mentions is not linked. When a binary uses nothing
//! else from a crate that declares contracts, mention it once:
//!
//! ```ignore
//! use my_components as _; // links my_components, and so registers its contracts
//! ```
//!
//! A registry with no contract at all is reported as a warning, to catch exactly this.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod atomic_write;
mod descriptor;
mod error;
mod registry;
mod report;
mod state;
mod synthetic;
#[cfg(feature = "tracing")]
mod trace;
mod validate;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use descriptor::{
    ComponentId, Consumer, Contract, Dependency, DependencySource, Migration, MigrationContract,
    Phase, RequiredMethod, Risk, TypeRef, UnknownValue,
};
pub use error::ContractError;
pub use registry::{consumers_of, contract_of, contracts, ContractSet};
pub use report::{ContractRef, Need, Needer, Report, SkipReason, Violation, Warning};
pub use state::{AppState, ComponentSource};
pub use synthetic::{BuildError, ContractBuilder};
pub use validate::{validate_all, validate_app_state, Validator};

#[cfg(feature = "derive")]
pub use contracts_derive::{ComponentSource, MigrationContract};

// Analysis (graph, compliance report, migration plan, CLI): modules below this line.
pub mod analysis;
#[cfg(feature = "cli")]
pub mod cli;
pub mod graph;

// Lifecycle (snapshot, diff, baseline, cutover): modules below this line.
pub mod cutover;
pub mod snapshot;
