//! Effective risk: the declared risk raised by impact, following the playbook's risk
//! matrix.
//!
//! - A component with **more than 3 consumers**, direct or transitive, is at least
//!   `high`: a change to it reaches many places.
//! - A component that a **critical** contract depends on, directly or transitively, is
//!   at least `high`: when it breaks, the critical path breaks with it.
//!
//! Both rules follow usage edges (`depends_on`, `optional`, `declared_consumer`,
//! `factory`); a component that uses a factory uses what the factory makes, and one that
//! uses a trait object uses the contracts it is a port of (their `implements(..)`). Each
//! node costs a bounded search for the first rule and the second is one breadth-first
//! search from every critical contract at once, so the whole graph is computed in time
//! linear in its size.

use std::collections::{HashSet, VecDeque};
use std::fmt;

use serde::Serialize;

use super::{ContractGraph, EdgeKind, NodeId};
use crate::descriptor::Risk;

/// The consumer count above which a component is at least [`Risk::High`].
pub const MANY_CONSUMERS: usize = 3;

/// Why an effective risk is above the declared one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RiskReason {
    /// More than [`MANY_CONSUMERS`] consumers, direct or transitive.
    ManyConsumers {
        /// The first consumers found (breadth first), enough to pass the threshold.
        examples: Vec<&'static str>,
    },
    /// A critical contract uses the component: depends on it, is its declared
    /// consumer or is made by it, directly or through others.
    CriticalDependant {
        /// The nearest critical contract that uses it.
        critical: &'static str,
        /// Whether it uses it directly.
        direct: bool,
        /// How: [`EdgeKind::DependsOn`] when every edge of the path is a dependency,
        /// else the first edge of another kind (an optional dependency, a declared
        /// consumer, a factory).
        relation: EdgeKind,
    },
}

impl fmt::Display for RiskReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RiskReason::ManyConsumers { examples } => {
                write!(
                    f,
                    "more than {MANY_CONSUMERS} consumers, direct or transitive (including "
                )?;
                for (i, name) in examples.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                f.write_str(")")
            }
            RiskReason::CriticalDependant {
                critical,
                direct,
                relation,
            } => {
                let how = match (relation, direct) {
                    (EdgeKind::Optional, true) => "depends on it (optional)",
                    (EdgeKind::DeclaredConsumer, true) => "is its declared consumer",
                    (EdgeKind::Factory, true) => "is made by it",
                    (EdgeKind::DependsOn | EdgeKind::Replaces, true) => "depends on it",
                    (EdgeKind::Optional, false) => {
                        "depends on it transitively, through an optional dependency"
                    }
                    (EdgeKind::DeclaredConsumer, false) => {
                        "uses it transitively, through a declared consumer"
                    }
                    (EdgeKind::Factory, false) => "uses it transitively, through a factory",
                    (EdgeKind::DependsOn | EdgeKind::Replaces, false) => {
                        "depends on it transitively"
                    }
                };
                write!(f, "the critical `{critical}` {how}")
            }
        }
    }
}

/// A node's declared risk, its effective risk, and the reasons it was raised.
///
/// ```
/// use contracts_core::graph::{ContractGraph, RiskReason};
/// use contracts_core::{ContractBuilder, Risk};
///
/// let pool = ContractBuilder::new(1, "pool").risk(Risk::Medium).build();
/// let mut contracts = vec![pool];
/// for id in 2..=5 {
///     contracts.push(ContractBuilder::new(id, format!("user-{id}")).depends_on(1, "pool").build());
/// }
/// let graph = ContractGraph::new(&contracts);
/// let risk = graph.node(graph.find("pool").unwrap()).risk();
/// assert_eq!(risk.declared(), Some(Risk::Medium));
/// assert_eq!(risk.effective(), Risk::High);
/// assert!(matches!(risk.reasons()[0], RiskReason::ManyConsumers { .. }));
/// assert!(risk.reasons()[0].to_string().starts_with("more than 3 consumers"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EffectiveRisk {
    declared: Option<Risk>,
    effective: Risk,
    reasons: Vec<RiskReason>,
}

impl EffectiveRisk {
    pub(super) fn from_declared(declared: Option<Risk>) -> Self {
        EffectiveRisk {
            declared,
            effective: declared.unwrap_or(Risk::Low),
            reasons: Vec::new(),
        }
    }

    /// The declared risk; `None` for a type without a contract.
    pub fn declared(&self) -> Option<Risk> {
        self.declared
    }

    /// The risk used for planning: the declared one (or `low`), raised by the rules.
    pub fn effective(&self) -> Risk {
        self.effective
    }

    /// Why the effective risk is above the declared one; empty when it is not.
    pub fn reasons(&self) -> &[RiskReason] {
        &self.reasons
    }

    /// Whether a rule raised the risk.
    pub fn is_raised(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// The effective risk of every node, in node order.
pub(super) fn compute(graph: &ContractGraph) -> Vec<EffectiveRisk> {
    let n = graph.nodes.len();
    let critical_dependant = critical_dependants(graph);
    (0..n)
        .map(|i| {
            let node = &graph.nodes[i];
            let mut risk = EffectiveRisk::from_declared(node.declared_risk());
            if risk.effective >= Risk::High {
                return risk;
            }
            let consumers = first_consumers(graph, NodeId(i), MANY_CONSUMERS + 1);
            if consumers.len() > MANY_CONSUMERS {
                risk.reasons.push(RiskReason::ManyConsumers {
                    examples: consumers.iter().map(|&c| graph.nodes[c.0].name).collect(),
                });
            }
            if let Some((critical, direct, relation)) = critical_dependant[i] {
                risk.reasons.push(RiskReason::CriticalDependant {
                    critical: graph.nodes[critical.0].name,
                    direct,
                    relation,
                });
            }
            if !risk.reasons.is_empty() {
                risk.effective = Risk::High;
            }
            risk
        })
        .collect()
}

/// Up to `cap` distinct transitive consumers of `node`, breadth first.
fn first_consumers(graph: &ContractGraph, node: NodeId, cap: usize) -> Vec<NodeId> {
    let mut found = Vec::new();
    let mut seen: HashSet<NodeId> = HashSet::from([node]);
    let mut queue = VecDeque::from([node]);
    let mut expanded = super::FastSet::default();
    while let Some(at) = queue.pop_front() {
        // Lazily: a factory's thousands of users are not listed to find four.
        for edge_id in graph.users_edges(at, &mut expanded) {
            let edge = &graph.edges[edge_id.0];
            if !edge.kind.is_usage() || !seen.insert(edge.from) {
                continue;
            }
            found.push(edge.from);
            if found.len() >= cap {
                return found;
            }
            queue.push_back(edge.from);
        }
    }
    found
}

/// For each node, the nearest declared-critical contract that uses it (other than
/// itself), whether it does so directly, and how (see `RiskReason::CriticalDependant`).
fn critical_dependants(graph: &ContractGraph) -> Vec<Option<(NodeId, bool, EdgeKind)>> {
    let n = graph.nodes.len();
    let mut origin: Vec<Option<(NodeId, bool, EdgeKind)>> = vec![None; n];
    let mut visited = vec![false; n];
    let mut products_reached = vec![false; n];
    let mut queue = VecDeque::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        if node.declared_risk() == Some(Risk::Critical) {
            visited[i] = true;
            queue.push_back((NodeId(i), NodeId(i), 0usize, EdgeKind::DependsOn));
        }
    }
    while let Some((at, critical, depth, relation)) = queue.pop_front() {
        for &edge_id in graph.outgoing(at) {
            let edge = &graph.edges[edge_id.0];
            if !edge.kind.is_usage() {
                continue;
            }
            // The first edge that is not a plain dependency says how it is used.
            let first = |kind| {
                if relation == EdgeKind::DependsOn {
                    kind
                } else {
                    relation
                }
            };
            if !visited[edge.to.0] {
                visited[edge.to.0] = true;
                let relation = first(edge.kind);
                origin[edge.to.0] = Some((critical, depth == 0, relation));
                queue.push_back((edge.to, critical, depth + 1, relation));
            }
            // Using a trait object is using the contracts it is a port of (an adapter
            // reached as `dyn Port`), as directly as the object itself.
            for &implementer in graph.implementers(edge.to) {
                if implementer != at && !visited[implementer.0] {
                    visited[implementer.0] = true;
                    let relation = first(edge.kind);
                    origin[implementer.0] = Some((critical, depth == 0, relation));
                    queue.push_back((implementer, critical, depth + 1, relation));
                }
            }
            // Using a factory is using what it makes (not directly: through it). Its
            // products are reached once: later users are no nearer (breadth first).
            if edge.kind == EdgeKind::Factory || products_reached[edge.to.0] {
                continue;
            }
            products_reached[edge.to.0] = true;
            for &made in graph.incoming(edge.to) {
                let product = &graph.edges[made.0];
                if product.kind != EdgeKind::Factory
                    || product.from == at
                    || visited[product.from.0]
                {
                    continue;
                }
                visited[product.from.0] = true;
                let relation = first(EdgeKind::Factory);
                origin[product.from.0] = Some((critical, false, relation));
                queue.push_back((product.from, critical, depth + 1, relation));
            }
        }
    }
    origin
}
