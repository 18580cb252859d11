//! The compliance report: computing it (rendering is in `markdown.rs`).

use std::collections::HashSet;

use serde::Serialize;

use super::required_actions;
use crate::descriptor::{Phase, Risk};
use crate::graph::{ContractGraph, EdgeKind, NodeId, Reach};
use crate::report::{ContractRef, Problem, Report};

/// The playbook's metrics for every migration and overall, from a graph and the
/// validation report of the same contracts. See the [module documentation](super).
///
/// Deterministic: the same contracts and report give the same text, byte for byte.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct ComplianceReport {
    /// The overall numbers.
    pub summary: Summary,
    /// One entry per migration (a contract with `replaces = ..`), by replacement name.
    pub migrations: Vec<MigrationStatus>,
    /// How many migrations are in each phase, in playbook order.
    pub phases: Vec<PhaseCount>,
    /// Contracts grouped by effective risk, `critical` first; every level is listed.
    pub risk_levels: Vec<RiskLevel>,
    /// Every violation of the validation report.
    pub violations: Vec<Finding>,
    /// Every warning of the validation report.
    pub warnings: Vec<Finding>,
    /// The state of every cutover attached to the validation report
    /// ([`Report::with_cutover`]): which consumer is on which side, calls per side.
    pub cutovers: Vec<crate::cutover::CutoverStatus>,
}

/// Overall numbers of a [`ComplianceReport`].
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// `true` when validation found no violation.
    pub compliant: bool,
    /// Contracts in the graph.
    pub contracts: usize,
    /// Types named by contracts that have no contract of their own.
    pub external_types: usize,
    /// Contracts validated.
    pub checked: usize,
    /// Contracts involved in no violation.
    pub passed: usize,
    /// `passed / checked` (the playbook's target: 1.0).
    pub pass_rate: f64,
    /// Number of violations.
    pub violations: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of migrations.
    pub migrations: usize,
    /// Distinct consumers still on a legacy type, over all migrations: one that uses
    /// two legacy types, or one legacy type that two contracts replace, counts once.
    pub consumers_on_legacy: usize,
}

/// How many migrations are in one phase.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PhaseCount {
    /// The phase.
    pub phase: Phase,
    /// Migrations in it.
    pub migrations: usize,
}

/// The contracts at one effective risk level and what the risk matrix requires.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct RiskLevel {
    /// The level.
    pub risk: Risk,
    /// The risk matrix's required actions.
    pub required_actions: &'static str,
    /// The contracts at this level, by name.
    pub contracts: Vec<RiskedContract>,
}

/// A contract with its declared and effective risk.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct RiskedContract {
    /// The contract's name.
    pub name: &'static str,
    /// `file:line` of its declaration.
    pub location: String,
    /// `risk = ..`.
    pub declared_risk: Risk,
    /// The declared risk raised by impact.
    pub effective_risk: Risk,
    /// Why it was raised; empty when it was not.
    pub reasons: Vec<String>,
}

/// A consumer of a legacy type or of its replacement.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct ConsumerOnType {
    /// The consumer's contract name, or its type as written when it has no contract.
    pub name: &'static str,
    /// Whether it has a contract.
    pub has_contract: bool,
    /// Its effective risk.
    pub effective_risk: Risk,
    /// How it uses the type: `depends_on`, `optional`, `declared_consumer`, `factory`.
    pub uses: Vec<EdgeKind>,
    /// The methods it calls, when declared.
    pub methods: Vec<&'static str>,
    /// When it uses the type only through the factory that makes it (it gets one per
    /// request from the factory), that factory's name; `uses` then says how it uses
    /// the factory.
    pub through_factory: Option<&'static str>,
    /// The factory's node, for the plan's advice.
    #[serde(skip)]
    pub(crate) factory_node: Option<NodeId>,
}

/// One migration in a [`ComplianceReport`].
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct MigrationStatus {
    /// The replacement's contract name.
    pub replacement: &'static str,
    /// The legacy type's contract name, or the type as written.
    pub legacy: &'static str,
    /// Whether the legacy type still has a contract.
    pub legacy_has_contract: bool,
    /// The declared phase.
    pub phase: Phase,
    /// The highest effective risk of the replacement, the legacy type and the consumers
    /// still on it, as [`MigrationPlan`](super::MigrationPlan) rates the migration.
    pub effective_risk: Risk,
    /// The risk matrix's required actions for it.
    pub required_actions: &'static str,
    /// The business value at stake: the legacy contract's `business_value` (what it
    /// delivers now), or else the replacement's, as the migration plan says it.
    pub business_value: Option<&'static str>,
    /// Consumers still on the legacy type.
    pub consumers_on_legacy: Vec<ConsumerOnType>,
    /// Consumers already on the replacement.
    pub consumers_moved: Vec<ConsumerOnType>,
    /// Contracts involved: the replacement, the legacy contract, and both sides'
    /// consumers that have contracts.
    pub checked: usize,
    /// Of those, the ones involved in no violation.
    pub passed: usize,
    /// `passed / checked`.
    pub pass_rate: f64,
    /// Violations that involve the replacement or the legacy contract.
    pub violations: Vec<Finding>,
    /// Warnings that involve the replacement or the legacy contract.
    pub warnings: Vec<Finding>,
}

/// A violation or warning of the validation report, flattened for the report.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's code, e.g. `incomplete-migration`.
    pub code: &'static str,
    /// The message, naming the contracts and where they are declared.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// The names of the contracts involved, root cause first.
    pub contracts: Vec<&'static str>,
    /// The highest declared risk among them (and the legacy contract it names).
    pub risk: Option<Risk>,
    /// The business values at stake, as the validation report shows them: one per
    /// contract named that declares one.
    pub business_values: Vec<BusinessValue>,
}

/// A contract's `business_value = ".."`, in a [`Finding`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BusinessValue {
    /// The contract's name.
    pub contract: &'static str,
    /// Its business value.
    pub value: &'static str,
}

impl Finding {
    /// `involved`: the contracts the problem blames. Risk and business values come from
    /// every contract it names, a replaced type's contract too, as in the text report.
    fn new<P: Problem>(problem: &P, involved: &[ContractRef]) -> Self {
        let named = problem.named_contracts();
        let mut business_values: Vec<BusinessValue> = Vec::new();
        for contract in &named {
            if let Some(value) = contract.business_value {
                let entry = BusinessValue {
                    contract: contract.name,
                    value,
                };
                if !business_values.contains(&entry) {
                    business_values.push(entry);
                }
            }
        }
        Finding {
            code: problem.code(),
            message: problem.to_string(),
            help: problem.help(),
            contracts: involved.iter().map(|c| c.name).collect(),
            risk: named.iter().map(|c| c.risk).max(),
            business_values,
        }
    }
}

impl ComplianceReport {
    /// The report for `graph`, given the validation `report` of the same contracts.
    pub fn new(graph: &ContractGraph, report: &Report) -> Self {
        let violations: Vec<(Finding, Vec<ContractRef>)> = report
            .violations()
            .iter()
            .map(|v| {
                let involved = v.contracts();
                (Finding::new(v, &involved), involved)
            })
            .collect();
        let warnings: Vec<(Finding, Vec<ContractRef>)> = report
            .warnings()
            .iter()
            .map(|w| {
                let involved = w.contracts();
                (Finding::new(w, &involved), involved)
            })
            .collect();
        let failed: HashSet<ContractRef> = violations
            .iter()
            .flat_map(|(_, involved)| involved.iter().copied())
            .collect();

        let mut migrations: Vec<MigrationStatus> = graph
            .node_ids()
            .filter_map(|node| {
                let legacy = graph.replaces(node)?;
                Some(migration_status(
                    graph,
                    node,
                    legacy,
                    &failed,
                    &violations,
                    &warnings,
                ))
            })
            .collect();
        migrations.sort_by(|a, b| (a.replacement, a.legacy).cmp(&(b.replacement, b.legacy)));

        let phases = Phase::ALL
            .iter()
            .map(|&phase| PhaseCount {
                phase,
                migrations: migrations.iter().filter(|m| m.phase == phase).count(),
            })
            .collect();

        let risk_levels = Risk::ALL
            .iter()
            .rev()
            .map(|&risk| RiskLevel {
                risk,
                required_actions: required_actions(risk),
                contracts: graph
                    .nodes()
                    .iter()
                    .filter(|n| !n.is_external() && n.effective_risk() == risk)
                    .filter_map(|n| {
                        let contract = n.contract()?;
                        Some(RiskedContract {
                            name: n.name(),
                            location: contract.location(),
                            declared_risk: contract.risk(),
                            effective_risk: risk,
                            reasons: n.risk().reasons().iter().map(ToString::to_string).collect(),
                        })
                    })
                    .collect(),
            })
            .collect();

        let contracts = graph.nodes().iter().filter(|n| !n.is_external()).count();
        let summary = Summary {
            compliant: report.is_ok(),
            contracts,
            external_types: graph.nodes().len() - contracts,
            checked: report.checked(),
            passed: report.passed(),
            pass_rate: report.pass_rate(),
            violations: report.violations().len(),
            warnings: report.warnings().len(),
            migrations: migrations.len(),
            // Each migration lists its own consumers: a consumer of a legacy type that
            // two contracts replace is in both lists, and is still one consumer.
            consumers_on_legacy: migrations
                .iter()
                .flat_map(|m| m.consumers_on_legacy.iter().map(|c| c.name))
                .collect::<HashSet<&str>>()
                .len(),
        };

        ComplianceReport {
            summary,
            migrations,
            phases,
            risk_levels,
            violations: violations.into_iter().map(|(f, _)| f).collect(),
            warnings: warnings.into_iter().map(|(f, _)| f).collect(),
            cutovers: report.cutovers().to_vec(),
        }
    }

    /// The report of every registered contract, validated with
    /// [`validate_all`](crate::validate_all).
    ///
    /// ```
    /// let report = contracts_core::analysis::ComplianceReport::from_registry();
    /// assert!(report.to_markdown().starts_with("# Migration compliance report"));
    /// ```
    pub fn from_registry() -> Self {
        Self::new(&ContractGraph::from_registry(), &crate::validate_all())
    }

    /// The report as pretty JSON, with the fields of this type.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }
}

/// The consumers of a migration: those still on `legacy`, and those on `replacement`
/// only (moved). Both the compliance report and the plan count them this way.
pub(super) fn split_consumers(
    graph: &ContractGraph,
    legacy: NodeId,
    replacement: NodeId,
) -> (Vec<ConsumerOnType>, Vec<ConsumerOnType>) {
    // The replacement itself counts when it still uses the legacy type (an adapter
    // over it), as validation counts it: the legacy cannot go yet.
    let mut on_legacy = consumers_on(graph, legacy, &[]);
    // A factory that also makes something else (the replacement, say) tells nothing
    // about which product its users take, as validation also decides.
    if let Some(factory) = factory_of(graph, legacy) {
        let products = graph
            .incoming(factory)
            .iter()
            .filter(|&&e| graph.edge(e).kind() == EdgeKind::Factory)
            .count();
        // Made by its own replacement: the factory's users have moved.
        if products > 1 || factory == replacement {
            on_legacy.retain(|consumer| consumer.factory_node.is_none());
        }
    }
    let mut seen: HashSet<&str> = on_legacy.iter().map(|c| c.name).collect();
    // The users of the replacement's factory are among its consumers (the graph's
    // `consumers_of` counts them).
    let mut moved = consumers_on(graph, replacement, &[legacy]);
    for port in ports_of(graph, replacement) {
        moved.extend(consumers_on(graph, port, &[legacy, replacement]));
    }
    moved.retain(|c| seen.insert(c.name));
    (on_legacy, moved)
}

/// The trait objects of `replacement`'s `implements(..)` that the graph holds (a
/// contract depends on `dyn Port`): an adapter's consumers reach it through them, so
/// they are on the replacement (the README's "Adapters behind a trait object").
pub(super) fn ports_of(graph: &ContractGraph, replacement: NodeId) -> Vec<NodeId> {
    graph.ports(replacement).to_vec()
}

/// The `factory = ..` of `node`'s contract.
fn factory_of(graph: &ContractGraph, node: NodeId) -> Option<NodeId> {
    graph
        .outgoing(node)
        .iter()
        .map(|&e| graph.edge(e))
        .find(|e| e.kind() == EdgeKind::Factory)
        .map(|e| e.to())
}

/// Direct consumers of `node` along usage edges (users of its factory included), except
/// `exclude`.
pub(super) fn consumers_on(
    graph: &ContractGraph,
    node: NodeId,
    exclude: &[NodeId],
) -> Vec<ConsumerOnType> {
    graph
        .consumers_of(node, Reach::Direct)
        .into_iter()
        .filter(|relation| !exclude.contains(&relation.node()))
        .filter_map(|relation| {
            // Users through a port are counted apart (`ports_of`): which side of a
            // migration they are on depends on who implements it.
            let ports = graph.ports(node);
            let mut edges: Vec<_> = relation
                .edges()
                .iter()
                .map(|&e| graph.edge(e))
                .filter(|e| e.kind().is_usage() && !ports.contains(&e.to()))
                .collect();
            // Edges into the node itself say more than those into its factory.
            if edges.iter().any(|e| e.to() == node) {
                edges.retain(|e| e.to() == node);
            }
            let first = edges.first()?;
            let factory_node = (first.to() != node).then(|| first.to());
            let consumer = graph.node(relation.node());
            let mut methods: Vec<&'static str> = edges
                .iter()
                .flat_map(|e| e.methods().iter().copied())
                .collect();
            methods.dedup();
            Some(ConsumerOnType {
                name: consumer.name(),
                has_contract: !consumer.is_external(),
                effective_risk: consumer.effective_risk(),
                uses: edges.iter().map(|e| e.kind()).collect(),
                methods,
                through_factory: factory_node.map(|f| graph.node(f).name()),
                factory_node,
            })
        })
        .collect()
}

fn migration_status(
    graph: &ContractGraph,
    replacement: NodeId,
    legacy: NodeId,
    failed: &HashSet<ContractRef>,
    violations: &[(Finding, Vec<ContractRef>)],
    warnings: &[(Finding, Vec<ContractRef>)],
) -> MigrationStatus {
    let new = graph.node(replacement);
    let old = graph.node(legacy);
    let phase = new.phase().unwrap_or(Phase::Planned);
    let (on_legacy, moved) = split_consumers(graph, legacy, replacement);

    // The contracts this migration involves, once each: a set, since the users of a
    // factory can be thousands (a list searched before each insertion was quadratic).
    let mut involved: HashSet<ContractRef> = HashSet::new();
    let mut push = |node: NodeId| {
        if let Some(contract) = graph.node(node).contract() {
            involved.insert(ContractRef::of(contract));
        }
    };
    push(replacement);
    push(legacy);
    // The graph's consumers include the users of each side's factory.
    for relation in graph
        .consumers_of(legacy, Reach::Direct)
        .into_iter()
        .chain(graph.consumers_of(replacement, Reach::Direct))
    {
        push(relation.node());
    }
    let checked = involved.len();
    let passed = involved.iter().filter(|c| !failed.contains(c)).count();
    let own: Vec<ContractRef> = [replacement, legacy]
        .iter()
        .filter_map(|&n| graph.node(n).contract().map(ContractRef::of))
        .collect();
    let concerns = |findings: &[(Finding, Vec<ContractRef>)]| -> Vec<Finding> {
        findings
            .iter()
            .filter(|(_, refs)| refs.iter().any(|r| own.contains(r)))
            .map(|(f, _)| f.clone())
            .collect()
    };
    // As the migration plan rates it: a consumer still to move is part of the risk.
    let effective_risk = on_legacy
        .iter()
        .map(|consumer| consumer.effective_risk)
        .fold(new.effective_risk().max(old.effective_risk()), Risk::max);
    MigrationStatus {
        replacement: new.name(),
        legacy: old.name(),
        legacy_has_contract: !old.is_external(),
        phase,
        effective_risk,
        required_actions: required_actions(effective_risk),
        // What the legacy delivers now is what the migration puts at stake, as the
        // plan's analysis says it; the replacement's is the fallback.
        business_value: old
            .contract()
            .and_then(|c| c.business_value())
            .or_else(|| new.contract().and_then(|c| c.business_value())),
        consumers_on_legacy: on_legacy,
        consumers_moved: moved,
        checked,
        passed,
        pass_rate: if checked == 0 {
            1.0
        } else {
            passed as f64 / checked as f64
        },
        violations: concerns(violations),
        warnings: concerns(warnings),
    }
}
