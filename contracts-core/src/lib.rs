//! # migration-contracts
//!
//! Placeholder: the manual is written once the API settles.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[allow(dead_code)] // used by the analysis and lifecycle modules
mod atomic_write;
mod descriptor;
mod error;
mod registry;
mod report;
mod state;
mod synthetic;
mod validate;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use descriptor::{
    ComponentId, Consumer, Contract, Dependency, DependencySource, Migration, MigrationContract,
    Phase, RequiredMethod, Risk, TypeRef, UnknownValue,
};
pub use error::ContractError;
pub use registry::{consumers_of, contract_of, contracts};
pub use report::{ContractRef, Need, Needer, Report, Violation, Warning};
pub use state::{AppState, ComponentSource};
pub use synthetic::ContractBuilder;
pub use validate::{validate_all, validate_app_state, Validator};

#[cfg(feature = "derive")]
pub use contracts_derive::MigrationContract;

// Analysis (graph, compliance report, migration plan, CLI): modules below this line.
pub mod graph;

// Lifecycle (snapshot, diff, baseline, cutover): modules below this line.
