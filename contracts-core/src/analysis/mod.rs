//! The playbook's analyses, computed from the [contract graph](crate::graph) and a
//! validation [`Report`](crate::Report):
//!
//! - [`ComplianceReport`]: the playbook's metrics, per migration and overall (contract
//!   validation pass rate, contracts by effective risk with the actions the risk matrix
//!   requires, consumers still on legacy types, migrations per phase, warnings);
//! - [`MigrationPlan`]: for one migration declared with `replaces = ..`, the ordered
//!   checklist of the playbook's five phases, filled in from the contracts.
//!
//! Computing and rendering are separate: each type is plain data (`Serialize`, so
//! `to_json`), and `to_markdown` renders it for people.
//!
//! ```
//! use contracts_core::analysis::{ComplianceReport, MigrationPlan};
//! use contracts_core::graph::ContractGraph;
//! use contracts_core::{ContractBuilder, Phase, Risk, Validator};
//!
//! let legacy = ContractBuilder::new(1, "legacy-bridge").risk(Risk::Critical).build();
//! let bridge = ContractBuilder::new(2, "bridge")
//!     .risk(Risk::Critical)
//!     .replaces(1, "legacy-bridge", Phase::Migrating)
//!     .build();
//! let supervisor = ContractBuilder::new(3, "supervisor").depends_on(1, "legacy-bridge").build();
//! let contracts = [legacy, bridge, supervisor];
//!
//! let graph = ContractGraph::new(&contracts);
//! let report = Validator::new().validate_contracts(&contracts, None);
//! let compliance = ComplianceReport::new(&graph, &report);
//! assert_eq!(compliance.migrations[0].consumers_on_legacy[0].name, "supervisor");
//! assert!(compliance.to_markdown().contains("consumers still on the legacy type"));
//!
//! let plan = MigrationPlan::new(&graph, graph.find("legacy-bridge").unwrap()).unwrap();
//! assert_eq!(plan.consumers_to_move, 1);
//! assert!(plan.to_markdown().contains("move `supervisor` from `legacy-bridge` to `bridge`"));
//! ```

mod compliance;
mod markdown;
pub(crate) mod plan;

pub use compliance::{
    BusinessValue, ComplianceReport, ConsumerOnType, Finding, MigrationStatus, PhaseCount,
    RiskLevel, RiskedContract, Summary,
};
pub use plan::{
    MigrationPlan, PlanComponent, PlanError, PlanPhase, PlanStep, StepStatus, Strategy,
};

use crate::descriptor::Risk;

/// What the playbook's risk matrix requires at each level.
///
/// ```
/// use contracts_core::{analysis::required_actions, Risk};
/// assert_eq!(required_actions(Risk::Critical), "full playbook + extended validation");
/// assert_eq!(required_actions(Risk::Low), "basic validation only");
/// ```
pub fn required_actions(risk: Risk) -> &'static str {
    match risk {
        Risk::Critical => "full playbook + extended validation",
        Risk::High => "full playbook required",
        Risk::Medium => "core playbook steps",
        Risk::Low => "basic validation only",
    }
}

/// What the playbook's risk matrix says components at each level look like: its
/// examples, not a description of the contracts at that level.
pub fn risk_characteristics(risk: Risk) -> &'static str {
    match risk {
        Risk::Critical => "event delivery, agent execution, auth flows",
        Risk::High => "cross-service dependencies, factory patterns",
        Risk::Medium => "single service, limited consumers",
        Risk::Low => "internal refactoring, no external dependencies",
    }
}
