//! The migration plan: computing it (rendering is in `markdown.rs`).

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

use serde::Serialize;

use super::compliance::{split_consumers, ConsumerOnType};
use super::required_actions;
use crate::descriptor::{short_type_name, Contract, DependencySource, Phase, Risk};
use crate::graph::{algo, ContractGraph, EdgeKind, NodeId, Reach};
use crate::report::one_line;
use crate::validate::Validator;

/// Why no plan can be made for a component.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The component takes part in no migration.
    #[error("`{name}` is part of no migration: no contract declares `replaces = ..` for it, and its own contract replaces nothing; add `replaces = {written}, phase = \"planned\"` to the replacement's contract")]
    NotAMigration {
        /// The component asked about.
        name: &'static str,
        /// Its type as an attribute names it (`Engine` for the contract `engine`).
        written: &'static str,
    },
    /// The component is the factory of components in several migrations.
    #[error("`{factory}` makes components of several migrations ({}); ask for the plan of one of them", .products.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "))]
    FactoryOfSeveral {
        /// The factory asked about.
        factory: &'static str,
        /// What it makes that takes part in a migration.
        products: Vec<&'static str>,
    },
    /// The components replace each other in a ring, so that none is the legacy
    /// (`contracts check` reports it as `replacement-cycle`).
    #[error("{}: none of them is the legacy, so no plan can say what moves where; keep `replaces = ..` and `phase = ..` only on the new component of each pair (`contracts check` reports this as `replacement-cycle`)", ring_text(.components))]
    ReplacementCycle {
        /// The ring, starting at the component asked about: each replaces the next,
        /// and the last the first.
        components: Vec<&'static str>,
    },
    /// Several contracts replace the same legacy type.
    #[error("`{legacy}` is replaced by {}; ask for the plan of one replacement instead", .replacements.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(" and "))]
    SeveralReplacements {
        /// The legacy component.
        legacy: &'static str,
        /// The contracts replacing it.
        replacements: Vec<&'static str>,
    },
}

/// [`PlanError::ReplacementCycle`] when following `replaces` from `start` comes back to
/// it; `None` when it ends, or runs into a ring `start` is not on.
fn replacement_ring(graph: &ContractGraph, start: NodeId) -> Option<PlanError> {
    let mut ring = vec![start];
    while let Some(next) = ring.last().and_then(|&last| graph.replaces(last)) {
        if next == start {
            return Some(PlanError::ReplacementCycle {
                components: ring.iter().map(|&n| graph.node(n).name()).collect(),
            });
        }
        if ring.contains(&next) {
            return None;
        }
        ring.push(next);
    }
    None
}

/// "`a` replaces `b`, which replaces `a`".
fn ring_text(components: &[&str]) -> String {
    let mut text = String::new();
    for (i, name) in components.iter().chain(components.first()).enumerate() {
        let _ = match i {
            0 => write!(text, "`{name}` replaces"),
            1 => write!(text, " `{name}`"),
            _ => write!(text, ", which replaces `{name}`"),
        };
    }
    text
}

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Done, according to the contracts.
    Done,
    /// To do now.
    Pending,
    /// Waits for the steps in [`PlanStep::after`].
    Blocked,
}

impl fmt::Display for StepStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StepStatus::Done => "done",
            StepStatus::Pending => "pending",
            StepStatus::Blocked => "blocked",
        })
    }
}

/// The playbook's migration strategy chosen for the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Singleton to factory: create the factory alongside the singleton, configure
    /// startup, move consumers one at a time, remove the singleton last.
    Factory,
    /// Parallel implementation: both run side by side while consumers move one at a
    /// time.
    Parallel,
    /// Everything at once, for low-risk changes only.
    BigBang,
}

impl Strategy {
    /// A one-line description.
    pub fn describe(self) -> &'static str {
        match self {
            Strategy::Factory => "singleton to factory: create the factory alongside the singleton, configure startup, move consumers one at a time, remove the singleton last",
            Strategy::Parallel => "parallel implementation: keep the legacy component working while consumers move one at a time",
            Strategy::BigBang => "big bang allowed (low risk): update every consumer at once, then test comprehensively",
        }
    }
}

/// The legacy component or its replacement, as the plan shows it.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PlanComponent {
    /// Contract name, or the type as written.
    pub name: &'static str,
    /// Full type name.
    pub type_name: &'static str,
    /// `file:line` of the contract, `None` without one.
    pub location: Option<String>,
    /// Declared risk, `None` without a contract.
    pub declared_risk: Option<Risk>,
    /// Effective risk.
    pub effective_risk: Risk,
    /// Why the effective risk is raised.
    pub risk_reasons: Vec<String>,
    /// `business_value = ..`.
    pub business_value: Option<&'static str>,
    /// `requires(..)`, rendered.
    pub required_methods: Vec<String>,
    /// `factory = ..`.
    pub factory: Option<&'static str>,
}

/// One checklist item.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PlanStep {
    /// `phase.number`, e.g. `3.2`.
    pub id: String,
    /// What to do.
    pub title: String,
    /// Where it stands.
    pub status: StepStatus,
    /// The consumer this step moves, for consumer steps.
    pub consumer: Option<&'static str>,
    /// Facts from the contracts that the step needs.
    pub details: Vec<String>,
    /// How to validate the step before going on.
    pub validation: Vec<String>,
    /// How to undo the step.
    pub rollback: String,
    /// Steps that must be done first.
    pub after: Vec<String>,
}

/// One of the playbook's five phases.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PlanPhase {
    /// 1 to 5.
    pub number: u8,
    /// The playbook's name for it.
    pub name: &'static str,
    /// What it is for.
    pub purpose: &'static str,
    /// Its steps, in order.
    pub steps: Vec<PlanStep>,
}

/// The ordered checklist of one migration; see the [module documentation](super).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct MigrationPlan {
    /// The component being replaced.
    pub legacy: PlanComponent,
    /// The component replacing it.
    pub replacement: PlanComponent,
    /// The declared phase.
    pub phase: Phase,
    /// The highest effective risk of the legacy component, the replacement and the
    /// consumers to move.
    pub effective_risk: Risk,
    /// What makes it that risky.
    pub risk_reasons: Vec<String>,
    /// What the risk matrix requires at that level.
    pub required_actions: &'static str,
    /// The strategy.
    pub strategy: Strategy,
    /// Consumers still on the legacy component.
    pub consumers_to_move: usize,
    /// Consumers already on the replacement.
    pub consumers_moved: usize,
    /// The five phases.
    pub phases: Vec<PlanPhase>,
}

impl MigrationPlan {
    /// The plan for the migration `component` takes part in: `component` is the legacy
    /// type (some contract declares `replaces = ..` for it), the replacement, or the
    /// `factory` of one of them.
    pub fn new(graph: &ContractGraph, component: NodeId) -> Result<Self, PlanError> {
        if component.index() >= graph.nodes().len() {
            return Err(PlanError::NotAMigration {
                name: "?",
                written: "?",
            });
        }
        let node = graph.node(component);
        let name = node.name();
        let written = node.contract().map_or(name, Contract::short_type_name);
        // A factory takes part in the migration of what it makes: its plan is that one.
        let in_migration =
            |n: NodeId| graph.replaces(n).is_some() || !graph.replaced_by(n).is_empty();
        if !in_migration(component) {
            let products: Vec<NodeId> = graph
                .incoming(component)
                .iter()
                .map(|&e| graph.edge(e))
                .filter(|e| e.kind() == EdgeKind::Factory && in_migration(e.from()))
                .map(|e| e.from())
                .collect();
            // Products of one migration (its legacy and its replacement) ask for one
            // plan; products of several migrations, for a choice.
            // A migration is known by its legacy: what a product replaces, or the
            // product itself when it is the one being replaced.
            let mut legacies: Vec<NodeId> = products
                .iter()
                .map(|&p| graph.replaces(p).unwrap_or(p))
                .collect();
            legacies.sort_unstable();
            legacies.dedup();
            // Products that replace each other are no migration to choose from.
            if let Some(ring) = products.iter().find_map(|&p| replacement_ring(graph, p)) {
                return Err(ring);
            }
            match (legacies.as_slice(), products.first()) {
                (_, None) => {}
                ([_], Some(&product)) => return Self::new(graph, product),
                _ => {
                    return Err(PlanError::FactoryOfSeveral {
                        factory: name,
                        products: products.iter().map(|&p| graph.node(p).name()).collect(),
                    })
                }
            }
        }
        if let Some(ring) = replacement_ring(graph, component) {
            return Err(ring);
        }
        let replacements = graph.replaced_by(component);
        let (legacy, replacement) = match (replacements.as_slice(), graph.replaces(component)) {
            ([only], _) => (component, *only),
            ([], Some(legacy)) => (legacy, component),
            ([], None) => return Err(PlanError::NotAMigration { name, written }),
            (many, _) => {
                return Err(PlanError::SeveralReplacements {
                    legacy: name,
                    replacements: many.iter().map(|&r| graph.node(r).name()).collect(),
                })
            }
        };
        // A legacy on a ring (`x` replaces `a`, which `b` replaces, which `a`
        // replaces): which side is the legacy is not known either.
        if let Some(ring) = replacement_ring(graph, legacy) {
            return Err(ring);
        }
        Ok(build(graph, legacy, replacement))
    }

    /// The plan as pretty JSON, with the fields of this type.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }
}

fn component(graph: &ContractGraph, node: NodeId) -> PlanComponent {
    let n = graph.node(node);
    let contract = n.contract();
    PlanComponent {
        name: n.name(),
        type_name: n.type_name(),
        location: contract.map(|c| c.location()),
        declared_risk: n.declared_risk(),
        effective_risk: n.effective_risk(),
        risk_reasons: n.risk().reasons().iter().map(ToString::to_string).collect(),
        business_value: contract.and_then(|c| c.business_value()),
        required_methods: contract
            .map(|c| {
                c.required_methods()
                    .iter()
                    .map(|m| m.signature().unwrap_or(m.name()).to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        factory: contract.and_then(|c| c.factory()).map(|f| f.name()),
    }
}

fn list(names: &[&str], cap: usize) -> String {
    let mut out: Vec<String> = names.iter().take(cap).map(|n| format!("`{n}`")).collect();
    if names.len() > cap {
        out.push(format!("and {} more", names.len() - cap));
    }
    out.join(", ")
}

fn step(id: String, title: String, status: StepStatus, rollback: &str) -> PlanStep {
    PlanStep {
        id,
        title,
        status,
        consumer: None,
        details: Vec::new(),
        validation: Vec::new(),
        rollback: rollback.to_owned(),
        after: Vec::new(),
    }
}

/// The consumers to move, dependencies before dependants and, among those free to
/// move, the least risky first. Members of a dependency cycle come last, together.
fn move_order(graph: &ContractGraph, to_move: &[NodeId]) -> (Vec<NodeId>, HashSet<NodeId>) {
    let moving: HashSet<NodeId> = to_move.iter().copied().collect();
    let keys: Vec<(bool, Risk)> = graph
        .node_ids()
        .map(|n| (moving.contains(&n), graph.node(n).effective_risk()))
        .collect();
    let order = algo::prioritized_order(&graph.usage_successors(), &keys);
    let mut result: Vec<NodeId> = order
        .into_iter()
        .map(NodeId::from_index)
        .filter(|n| moving.contains(n))
        .collect();
    let placed: HashSet<NodeId> = result.iter().copied().collect();
    let mut cyclic: Vec<NodeId> = to_move
        .iter()
        .copied()
        .filter(|n| !placed.contains(n))
        .collect();
    cyclic.sort_by_key(|&n| (graph.node(n).effective_risk(), n));
    result.extend(cyclic.iter().copied());
    (result, cyclic.into_iter().collect())
}

/// The consumers still on `legacy` (as [`split_consumers`] finds them), as nodes.
fn to_move(
    graph: &ContractGraph,
    legacy: NodeId,
    on_legacy_by_name: &HashMap<&str, &ConsumerOnType>,
) -> Vec<NodeId> {
    graph
        .consumers_of(legacy, Reach::Direct)
        .iter()
        .map(|r| r.node())
        .filter(|&n| on_legacy_by_name.contains_key(graph.node(n).name()))
        .collect()
}

/// The consumers of the migration from `legacy` to `replacement` in the order its plan
/// lists them (those already on the replacement, then those to move, in the order they
/// move), without building the plan's text: what [`Cutover::for_migration`]
/// registers.
///
/// [`Cutover::for_migration`]: crate::cutover::Cutover::for_migration
pub(crate) fn consumers_in_plan_order(
    graph: &ContractGraph,
    legacy: NodeId,
    replacement: NodeId,
) -> Vec<&'static str> {
    let (on_legacy, moved) = split_consumers(graph, legacy, replacement);
    let on_legacy_by_name: HashMap<&str, &ConsumerOnType> =
        on_legacy.iter().map(|c| (c.name, c)).collect();
    let (order, _) = move_order(graph, &to_move(graph, legacy, &on_legacy_by_name));
    moved
        .iter()
        .map(|c| c.name)
        .chain(order.iter().map(|&n| graph.node(n).name()))
        .collect()
}

fn build(graph: &ContractGraph, legacy: NodeId, replacement: NodeId) -> MigrationPlan {
    let old = component(graph, legacy);
    let new = component(graph, replacement);
    let phase = graph.node(replacement).phase().unwrap_or(Phase::Planned);
    let (on_legacy, moved) = split_consumers(graph, legacy, replacement);
    let on_legacy_by_name: HashMap<&str, &ConsumerOnType> =
        on_legacy.iter().map(|c| (c.name, c)).collect();
    let (order, cyclic) = move_order(graph, &to_move(graph, legacy, &on_legacy_by_name));

    // Risk of the whole migration.
    let mut effective_risk = old.effective_risk.max(new.effective_risk);
    for consumer in &on_legacy {
        effective_risk = effective_risk.max(consumer.effective_risk);
    }
    let mut risk_reasons = Vec::new();
    for part in [&old, &new] {
        if part.effective_risk == effective_risk {
            risk_reasons.push(describe_risk(
                part.name,
                part.declared_risk,
                part.effective_risk,
                &part.risk_reasons,
            ));
        }
    }
    // The replacement may be among the consumers (an adapter over the legacy): its
    // risk is given above already.
    for &consumer in order.iter().filter(|&&c| c != replacement) {
        let n = graph.node(consumer);
        if n.effective_risk() == effective_risk {
            let reasons: Vec<String> = n.risk().reasons().iter().map(ToString::to_string).collect();
            risk_reasons.push(describe_risk(
                n.name(),
                n.declared_risk(),
                n.effective_risk(),
                &reasons,
            ));
        }
    }
    let strategy = if new.factory.is_some() {
        Strategy::Factory
    } else if effective_risk == Risk::Low {
        Strategy::BigBang
    } else {
        Strategy::Parallel
    };

    let started = phase >= Phase::Parallel;
    let done_if = |done: bool| {
        if done {
            StepStatus::Done
        } else {
            StepStatus::Pending
        }
    };
    let (l, r) = (old.name, new.name);
    let impact = graph.impact_of(legacy);
    let impacted: Vec<&str> = impact
        .entries()
        .iter()
        .map(|e| graph.node(e.node()).name())
        .filter(|&name| name != r)
        .collect();

    // Phase 1: pre-migration analysis.
    let mut analysis = Vec::new();
    let mut s = step(
        "1.1".into(),
        "dependency analysis: identify every consumer of the legacy component".into(),
        StepStatus::Done,
        "nothing to undo: analysis only",
    );
    s.details.push(if on_legacy.is_empty() {
        format!("no consumer is left on `{l}`")
    } else {
        format!(
            "{} direct consumer{} on `{l}`: {}",
            on_legacy.len(),
            if on_legacy.len() == 1 { "" } else { "s" },
            list(&on_legacy.iter().map(|c| c.name).collect::<Vec<_>>(), 20)
        )
    });
    if !impacted.is_empty() {
        s.details.push(format!(
            "{} component{} affected if `{l}` goes away too early: {}",
            impacted.len(),
            if impacted.len() == 1 { " is" } else { "s are" },
            list(&impacted, 20)
        ));
    }
    s.details.push(format!(
        "picture: `contracts graph --component {l} --format mermaid`"
    ));
    s.validation.push(format!(
        "every consumer that uses `{l}` has a contract that says so (`depends_on({})` or `consumers(..)` on `{l}`)",
        short_type_name(old.type_name)
    ));
    analysis.push(s);

    let both_contracts = !graph.node(legacy).is_external();
    let mut s = step(
        "1.2".into(),
        "contract definition: explicit contracts for both components".into(),
        done_if(both_contracts || phase == Phase::Complete),
        "nothing to undo: contracts only describe the code",
    );
    if !both_contracts && phase == Phase::Complete && on_legacy.is_empty() {
        // The end state the `legacy-not-removed` warning asks for: the legacy type and
        // its contract deleted. Adding the contract back would bring that warning back.
        s.details.push(format!(
            "`{l}` has no contract: removed with the legacy type, as a complete migration should"
        ));
    } else if !both_contracts {
        s.details.push(format!(
            "`{l}` has no contract: add `#[derive(MigrationContract)]` with the methods its consumers call in `requires(..)`"
        ));
    }
    if !old.required_methods.is_empty() {
        s.details.push(format!(
            "`{l}` requires: {}",
            old.required_methods.join("; ")
        ));
    }
    if !new.required_methods.is_empty() {
        s.details.push(format!(
            "`{r}` requires: {}",
            new.required_methods.join("; ")
        ));
    }
    s.validation
        .push("`contracts check` exits with status 0".into());
    analysis.push(s);

    let mut s = step(
        "1.3".into(),
        "consumer impact assessment: usage, required changes and risk of each consumer".into(),
        done_if(started),
        "nothing to undo: assessment only",
    );
    for &consumer in &order {
        let n = graph.node(consumer);
        let mut line = format!("`{}`: {} risk", n.name(), n.effective_risk());
        if let Some(reason) = n.risk().reasons().first() {
            line.push_str(&format!(" ({reason})"));
        }
        s.details.push(line);
    }
    if let Some(value) = old.business_value.or(new.business_value) {
        s.details
            .push(format!("business value at stake: {}", one_line(value)));
    }
    s.validation
        .push("each consumer has documented validation criteria (its integration tests)".into());
    analysis.push(s);

    // Phase 2: migration design.
    let mut design = Vec::new();
    let mut s = step(
        "2.1".into(),
        format!("strategy: {}", strategy.describe()),
        done_if(started),
        "nothing to undo: design only",
    );
    s.details.push(format!(
        "effective risk {effective_risk}: {}",
        required_actions(effective_risk)
    ));
    if let Some(factory) = new.factory {
        s.details.push(format!(
            "`{r}` instances are made per request by `{factory}`"
        ));
    }
    design.push(s);
    let mut s = step(
        "2.2".into(),
        "validation strategy: contract tests, consumer integration tests, rollback, monitoring"
            .into(),
        done_if(started),
        "nothing to undo: design only",
    );
    s.details
        .push("a unit test calls `contracts_core::validate_all().assert_ok()`".into());
    s.details.push(
        "startup calls `validate_app_state(&state).into_result()?` before serving requests".into(),
    );
    if effective_risk == Risk::Critical {
        s.details.push(
            "extended validation: end-to-end tests of the business flow on both implementations"
                .into(),
        );
    }
    design.push(s);

    // Phase 3: implementation.
    let mut implementation = Vec::new();
    let provide = match new.factory {
        Some(factory) => format!("`{factory}` (which makes `{r}`)"),
        None => format!("`{r}`"),
    };
    let mut s = step(
        "3.1".into(),
        format!("build `{r}` alongside `{l}` and provide both at startup (phase `parallel`)"),
        done_if(started),
        &format!("stop providing {provide}; every consumer still uses `{l}`"),
    );
    // The plan reads contracts, not the state: "done" is the declared phase.
    s.details.push(format!(
        "startup inserts {provide} beside `{l}`; done means the phase says so, and only the startup validation sees the state"
    ));
    s.validation.push(format!(
        "startup validation passes with both `{l}` and {provide} in the state"
    ));
    implementation.push(s);
    let mut number = 2;
    for consumer in &moved {
        let mut s = step(
            format!("3.{number}"),
            // Whether it ever used the legacy is not in the contracts: only that it
            // uses the replacement now.
            format!("`{}` is on `{r}`", consumer.name),
            StepStatus::Done,
            &format!(
                "if `{}` used `{l}` before, point it back at `{l}`",
                consumer.name
            ),
        );
        s.consumer = Some(consumer.name);
        s.details.push(format!(
            "`{}` already uses `{r}` ({}); nothing to move",
            consumer.name,
            uses(consumer)
        ));
        s.after.push("3.1".into());
        implementation.push(s);
        number += 1;
    }
    // The first trait of the replacement that consumers may reach it through.
    let port: Option<String> = graph
        .node(replacement)
        .contract()
        .and_then(|c| c.port_traits().next())
        .map(|t| format!("dyn {t}"));
    let mut consumer_steps: Vec<String> = Vec::new();
    let mut previous = "3.1".to_owned();
    for &consumer in &order {
        let n = graph.node(consumer);
        let Some(&info) = on_legacy_by_name.get(n.name()) else {
            continue;
        };
        let id = format!("3.{number}");
        number += 1;
        // The replacement itself may wrap the type it replaces (an adapter): it has
        // nowhere to move to, it has to stop delegating.
        let adapter = consumer == replacement;
        let mut s = step(
            id.clone(),
            if adapter {
                format!("make `{r}` stand on its own: it still uses `{l}`, the type it replaces")
            } else {
                format!("move `{}` from `{l}` to `{r}`", n.name())
            },
            if started && consumer_steps.is_empty() {
                StepStatus::Pending
            } else {
                StepStatus::Blocked
            },
            &format!(
                "point `{}` back at `{l}` (still provided until phase 5) and re-run `contracts check`",
                n.name()
            ),
        );
        s.consumer = Some(n.name());
        s.details.push(format!(
            "risk {}; it uses `{l}` through {}",
            n.effective_risk(),
            uses(info)
        ));
        let replacement_methods: Vec<&str> = graph
            .node(replacement)
            .contract()
            .map(|c| c.required_methods().iter().map(|m| m.name()).collect())
            .unwrap_or_default();
        if adapter {
            let depends = info
                .uses
                .iter()
                .any(|&kind| matches!(kind, EdgeKind::DependsOn | EdgeKind::Optional));
            s.details.push(if depends {
                // An adapter that gets the legacy from its factory names the factory in
                // its contract: that is what it has to remove.
                let from_factory = info.factory_node.map_or_else(String::new, |f| {
                    format!(
                        " (it gets one per request from `{}`)",
                        graph.node(f).name()
                    )
                });
                format!(
                    "implement in `{r}` what it delegates to `{l}`{from_factory}, then remove {}",
                    where_it_depends(graph, consumer, info.factory_node.unwrap_or(legacy))
                )
            } else {
                // Linked only by the legacy's own `consumers(..)` list.
                format!(
                    "`{l}` lists `{r}` in its `consumers(..)`: if `{r}` no longer uses it, remove it from that list"
                )
            });
        }
        for method in info.methods.iter().filter(|_| !adapter) {
            if replacement_methods.contains(method) {
                s.details
                    .push(format!("`{method}` is required on `{r}` too"));
            } else {
                s.details.push(format!(
                    "`{method}` is not in `{r}`'s `requires(..)`: decide what replaces it before moving"
                ));
            }
        }
        // An optional use stays optional: the consumer copes without the component.
        let optional =
            info.uses.contains(&EdgeKind::Optional) && !info.uses.contains(&EdgeKind::DependsOn);
        let dependency = |ty: &str| {
            if optional {
                format!("depends_on(optional({ty}))")
            } else {
                format!("depends_on({ty})")
            }
        };
        match new.factory {
            _ if adapter => {}
            Some(factory) => s.details.push(format!(
                "change its contract to `{}` and get a `{r}` per request from the factory",
                dependency(factory)
            )),
            None => {
                let to = dependency(short_type_name(new.type_name));
                let used = info.factory_node.unwrap_or(legacy);
                let depends = info
                    .uses
                    .iter()
                    .any(|&kind| matches!(kind, EdgeKind::DependsOn | EdgeKind::Optional));
                // Said as the consumer's contract writes it: in `depends_on(..)`, as a
                // dependency field (a field that repeats a `depends_on(..)` type is
                // recorded once, as listed), or not at all (linked only by the legacy's
                // own `consumers(..)` list, or without a contract). An adapter reached
                // through a trait object is offered too, in the same terms: the state
                // then provides the port, not the adapter.
                let written = |source| written_as(graph, consumer, used, source).is_some();
                let (listed, field) = (
                    written(DependencySource::DependsOn),
                    written(DependencySource::Field),
                );
                let old_ty = short_type_name(graph.node(used).type_name());
                let new_ty = short_type_name(new.type_name);
                // ", or <alternative> if it reaches .. through that trait object".
                let through_port = |alternative: &dyn Fn(&str) -> String| {
                    port.as_deref().map_or_else(String::new, |port| {
                        format!(
                            ", or {} if it reaches `{r}` through that trait object (the state then holds `Arc<{port}>`)",
                            alternative(port)
                        )
                    })
                };
                let advice = if n.contract().is_none() {
                    format!(
                        "it has no contract: list it in `{r}`'s `consumers(..)` instead of `{l}`'s (or give it a contract with `{to}`)"
                    )
                } else if !depends {
                    format!(
                        "it is linked by `{l}`'s `consumers(..)` only: declare `{to}` in its contract{}, and list it in `{r}`'s `consumers(..)` instead",
                        through_port(&|port| format!("`{}`", dependency(port)))
                    )
                } else if field {
                    format!(
                        "replace its `#[contract(dependency)]` field of `{old_ty}` with one of `{new_ty}`{}",
                        through_port(&|port| format!("with one of `Arc<{port}>`"))
                    )
                } else if listed {
                    format!(
                        "change its contract from `{}` to `{to}`{}",
                        dependency(old_ty),
                        through_port(&|port| format!("to `{}`", dependency(port)))
                    )
                } else {
                    // The edge says it depends on it, but not as written here: the
                    // type's own name, in `depends_on(..)` terms.
                    format!(
                        "replace {} with `{to}`{}",
                        where_it_depends(graph, consumer, used),
                        through_port(&|port| format!("with `{}`", dependency(port)))
                    )
                };
                s.details.push(advice);
            }
        }
        if cyclic.contains(&consumer) {
            s.details.push(
                "it is in a dependency cycle with other consumers to move: move them together"
                    .into(),
            );
        }
        let dependants: Vec<&str> = graph
            .consumers_of(consumer, Reach::Transitive)
            .iter()
            .map(|rel| graph.node(rel.node()).name())
            .collect();
        s.validation
            .push("`contracts check` exits with status 0".into());
        s.validation.push(format!(
            "startup validation passes; the integration tests of `{}` pass",
            n.name()
        ));
        if !dependants.is_empty() {
            s.validation
                .push(format!("re-test its dependants: {}", list(&dependants, 10)));
        }
        if n.effective_risk() == Risk::Critical || effective_risk == Risk::Critical {
            if let Some(value) = new.business_value.or(old.business_value) {
                s.validation
                    .push(format!("business value preserved: {}", one_line(value)));
            }
        }
        s.after.push(previous.clone());
        previous = id.clone();
        consumer_steps.push(id);
        implementation.push(s);
    }

    // Phase 4: validation and rollout.
    let all_moved = consumer_steps.is_empty();
    let complete = phase == Phase::Complete;
    let waiting = |done: bool| {
        if done {
            StepStatus::Done
        } else if all_moved && started {
            StepStatus::Pending
        } else {
            StepStatus::Blocked
        }
    };
    let mut rollout = Vec::new();
    // Declared complete with consumers left is not done: it is the
    // `incomplete-migration` violation.
    // "Every contract passes" is what `contracts check` says of the graph's contracts
    // (without a state): a dependency cycle or a replacement loop anywhere keeps the
    // rollout open, even with every consumer moved.
    let failing = if complete && all_moved {
        let contracts: Vec<&'static Contract> =
            graph.nodes().iter().filter_map(|n| n.contract()).collect();
        let report = Validator::new().validate_contracts(&contracts, None);
        let mut codes: Vec<&str> = report.violations().iter().map(|v| v.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    } else {
        Vec::new()
    };
    let rolled_out = complete && all_moved && failing.is_empty();
    let mut s = step(
        "4.1".into(),
        "contract compliance: every contract passes, the compliance report is clean".into(),
        waiting(rolled_out),
        "fix forward, or roll back the last consumer step",
    );
    if !failing.is_empty() {
        s.details.push(format!(
            "`contracts check` fails: {}; fix {} first",
            list(&failing, 10),
            if failing.len() == 1 { "it" } else { "them" },
        ));
    }
    if complete && !all_moved {
        s.details.push(format!(
            "declared `complete` with {} consumer{} still on `{l}`: `contracts check` fails with `incomplete-migration`; move {} first, or set the phase back to `migrating`",
            on_legacy.len(),
            if on_legacy.len() == 1 { "" } else { "s" },
            if on_legacy.len() == 1 { "it" } else { "them" },
        ));
    }
    s.validation
        .push("`contracts check` exits with status 0".into());
    s.validation
        .push("`contracts report` shows a 100% contract validation pass rate".into());
    s.after = consumer_steps.clone();
    if s.after.is_empty() {
        s.after.push("3.1".into());
    }
    rollout.push(s);
    let mut s = step(
        "4.2".into(),
        "business value preservation and performance".into(),
        waiting(rolled_out),
        "fix forward, or roll back the last consumer step",
    );
    if let Some(value) = new.business_value.or(old.business_value) {
        s.details
            .push(format!("business value: {}", one_line(value)));
    }
    s.validation
        .push("end-to-end tests of the user flow pass; no performance degradation".into());
    s.after.push("4.1".into());
    rollout.push(s);

    // Phase 5: cleanup.
    let legacy_gone = graph.node(legacy).is_external();
    let mut cleanup = Vec::new();
    let mut s = step(
        "5.1".into(),
        format!("remove `{l}`: set `phase = \"complete\"` on `{r}`; once `contracts check` passes, delete the legacy type, its contract and its insertion into the state, and with them `replaces = ..` and `phase = ..` on `{r}` (they name the deleted type)"),
        // The legacy's contract can be gone while code still uses the type.
        if rolled_out && legacy_gone {
            StepStatus::Done
        } else if all_moved && started {
            StepStatus::Pending
        } else {
            StepStatus::Blocked
        },
        &format!("restore `{l}` from version control and set the phase back to `migrating`"),
    );
    if !all_moved {
        s.details.push(format!(
            "only after every consumer moved: {} still on `{l}`",
            list(&on_legacy.iter().map(|c| c.name).collect::<Vec<_>>(), 20)
        ));
    }
    s.validation.push(format!(
        "`contracts check` exits with status 0 (a consumer left on `{l}` is an `incomplete-migration` violation)"
    ));
    s.after.push("4.2".into());
    cleanup.push(s);
    let mut s = step(
        "5.2".into(),
        "documentation: ADR, component docs, lessons learned, troubleshooting guides".into(),
        if rolled_out && legacy_gone {
            StepStatus::Pending
        } else {
            StepStatus::Blocked
        },
        "nothing to undo",
    );
    s.after.push("5.1".into());
    cleanup.push(s);

    MigrationPlan {
        consumers_to_move: on_legacy.len(),
        consumers_moved: moved.len(),
        legacy: old,
        replacement: new,
        phase,
        effective_risk,
        risk_reasons,
        required_actions: required_actions(effective_risk),
        strategy,
        phases: vec![
            PlanPhase {
                number: 1,
                name: "Pre-migration analysis",
                purpose: "understand the complete scope and prevent incomplete migrations",
                steps: analysis,
            },
            PlanPhase {
                number: 2,
                name: "Migration design",
                purpose: "design the complete migration approach",
                steps: design,
            },
            PlanPhase {
                number: 3,
                name: "Implementation",
                purpose: "move consumers one at a time, least risky first, dependencies before dependants, validating each step",
                steps: implementation,
            },
            PlanPhase {
                number: 4,
                name: "Validation and rollout",
                purpose: "validate comprehensively before declaring the migration complete",
                steps: rollout,
            },
            PlanPhase {
                number: 5,
                name: "Cleanup and documentation",
                purpose: "remove the legacy component and document the change",
                steps: cleanup,
            },
        ],
    }
}

/// How the contract of `consumer` writes its dependency on `used` declared through
/// `source` (`depends_on(..)` or a `#[contract(dependency)]` field), if it has one.
fn written_as(
    graph: &ContractGraph,
    consumer: NodeId,
    used: NodeId,
    source: DependencySource,
) -> Option<&'static str> {
    let used = graph.node(used).component();
    graph.node(consumer).contract().and_then(|contract| {
        contract
            .dependencies()
            .iter()
            .find(|d| d.source() == source && d.ty().id() == used)
            .map(|d| d.ty().name())
    })
}

/// Where the contract of `consumer` names `used` among its dependencies, as it is
/// written there: "`X` from its `depends_on(..)`", or "its `#[contract(dependency)]`
/// field of `X`", or both.
fn where_it_depends(graph: &ContractGraph, consumer: NodeId, used: NodeId) -> String {
    let written = |source| written_as(graph, consumer, used, source);
    let used = graph.node(used);
    let in_list = |name: &str| format!("`{name}` from its `depends_on(..)`");
    let in_field = |name: &str| format!("its `#[contract(dependency)]` field of `{name}`");
    match (
        written(DependencySource::DependsOn),
        written(DependencySource::Field),
    ) {
        (Some(listed), Some(field)) => format!("{} and {}", in_list(listed), in_field(field)),
        (None, Some(field)) => in_field(field),
        (Some(listed), None) => in_list(listed),
        // Not found as written (the edge says it depends on it): the type's own name.
        (None, None) => in_list(short_type_name(used.type_name())),
    }
}

fn uses(consumer: &ConsumerOnType) -> String {
    let mut out = consumer
        .uses
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    if let Some(factory) = consumer.through_factory {
        out.push_str(&format!(" on its factory `{factory}`"));
    }
    if !consumer.methods.is_empty() {
        out.push_str(&format!(
            ", calling {}",
            consumer
                .methods
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

fn describe_risk(
    name: &str,
    declared: Option<Risk>,
    effective: Risk,
    reasons: &[String],
) -> String {
    match (declared, reasons.is_empty()) {
        (Some(declared), true) => format!("`{name}` is {effective} (declared {declared})"),
        (None, true) => format!("`{name}` is {effective} (no contract)"),
        (_, false) => format!("`{name}` is {effective}: {}", reasons.join("; ")),
    }
}
