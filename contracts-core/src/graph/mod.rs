//! The contract graph: who uses whom, who breaks when a component changes, in which
//! order components start, and how risky each one really is.
//!
//! A [`ContractGraph`] is built once, from the registry ([`ContractGraph::from_registry`])
//! or from any list of contracts ([`ContractGraph::new`], for tests, tools and
//! benchmarks that build contracts with [`ContractBuilder`](crate::ContractBuilder)).
//! Every contract is a node; a type that contracts name but that has no contract of its
//! own (a trait object, a consumer nobody annotated) is an *external* node.
//!
//! Every edge points from the component that needs to the component that is needed,
//! and says how it is known ([`EdgeKind`]):
//!
//! | kind | declared as | meaning of `from -> to` |
//! | --- | --- | --- |
//! | `depends_on` | `depends_on(To)` or a `#[contract(dependency)]` field on `from` | `from` needs `to` |
//! | `optional` | `depends_on(optional(To))` or an `Option<..>` field | `from` works without `to`, degraded |
//! | `declared_consumer` | `consumers(From = [..])` on `to` | `from` calls `to` (the listed methods) |
//! | `factory` | `factory = To` on `from` | `from`'s instances are made by `to` |
//! | `replaces` | `replaces = To` on `from` | `from` is the migration target of the legacy `to` |
//!
//! The first four are *usage* edges: they are followed by every traversal, and they
//! alone make a consumer or a dependency. A `replaces` edge is never followed, and
//! [`consumers_of`](ContractGraph::consumers_of) and
//! [`dependencies_of`](ContractGraph::dependencies_of) do not list it: the replacement
//! does not use the legacy component (unless a usage edge says so too), and it does not
//! need what the legacy component needs. [`replaced_by`](ContractGraph::replaced_by)
//! and [`replaces`](ContractGraph::replaces) give the migration.
//!
//! ```
//! use contracts_core::graph::{ContractGraph, EdgeKind, Reach};
//! use contracts_core::{ContractBuilder, Risk};
//!
//! let pool = ContractBuilder::new(1, "pool").build();
//! let repo = ContractBuilder::new(2, "repository").depends_on(1, "pool").build();
//! let api = ContractBuilder::new(3, "api").risk(Risk::Critical).depends_on(2, "repository").build();
//!
//! let graph = ContractGraph::new(&[pool, repo, api]);
//! let pool = graph.find("pool").unwrap();
//!
//! // Who uses the pool, directly or not?
//! let consumers: Vec<_> = graph
//!     .consumers_of(pool, Reach::Transitive)
//!     .iter()
//!     .map(|relation| graph.node(relation.node()).name())
//!     .collect();
//! assert_eq!(consumers, ["repository", "api"]);
//!
//! // A critical contract depends on it, so the pool is at least high risk.
//! assert_eq!(graph.node(pool).effective_risk(), Risk::High);
//!
//! // Dependencies first.
//! let order: Vec<_> = graph.startup_order().unwrap().iter().map(|&n| graph.node(n).name()).collect();
//! assert_eq!(order, ["pool", "repository", "api"]);
//! # let _ = EdgeKind::DependsOn;
//! ```

pub(crate) mod algo;
mod export;
mod names;
mod risk;

use std::collections::{HashMap, HashSet, VecDeque};

/// Maps keyed by node or identity, looked up once per edge in every query: hashed with
/// the registry's cheap identity hasher. Never iterated, so the hasher cannot change an
/// order.
type FastMap<K, V> = HashMap<K, V, crate::registry::BuildIdHasher>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, crate::registry::BuildIdHasher>;
use std::fmt;

use serde::Serialize;

use crate::descriptor::{ComponentId, Contract, Phase, Risk};
use crate::registry::{self, Index};

pub use export::{GraphView, MermaidLimit, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE};
pub use names::{edit_distance, suggestions, LookupError};
pub use risk::{EffectiveRisk, RiskReason, MANY_CONSUMERS};

/// At most this many cycles are listed by [`ContractGraph::startup_order`]; a knot
/// with more elementary cycles than this is reported as truncated.
pub const MAX_CYCLES: usize = 1_000;

/// A node of a [`ContractGraph`]: its position, stable for the life of the graph.
/// Nodes are numbered with the contracts first, sorted by name, then the external
/// types, sorted by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct NodeId(usize);

impl NodeId {
    pub(crate) const fn from_index(index: usize) -> Self {
        NodeId(index)
    }

    /// The node's position in [`ContractGraph::nodes`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// An edge of a [`ContractGraph`]: its position in [`ContractGraph::edges`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct EdgeId(usize);

impl EdgeId {
    /// The edge's position in [`ContractGraph::edges`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// How an edge is known; see the [module documentation](self) for each kind's meaning.
///
/// ```
/// use contracts_core::graph::EdgeKind;
/// assert_eq!(EdgeKind::DeclaredConsumer.to_string(), "declared_consumer");
/// assert!(EdgeKind::Factory.breaks());
/// assert!(EdgeKind::Optional.is_usage() && !EdgeKind::Optional.breaks());
/// assert!(!EdgeKind::Replaces.is_usage());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// `depends_on(..)` or a `#[contract(dependency)]` field (inferred consumer).
    DependsOn,
    /// `depends_on(optional(..))` or an `Option<..>` dependency field.
    Optional,
    /// `consumers(..)` on the used component (declared consumer).
    DeclaredConsumer,
    /// `factory = ..`: the component's instances are made by the factory.
    Factory,
    /// `replaces = ..`: the component is the migration target of the legacy type.
    Replaces,
}

impl EdgeKind {
    /// Every kind, in the order edges between the same two nodes are listed.
    pub const ALL: [EdgeKind; 5] = [
        EdgeKind::DependsOn,
        EdgeKind::Optional,
        EdgeKind::DeclaredConsumer,
        EdgeKind::Factory,
        EdgeKind::Replaces,
    ];

    /// The snake_case name used in exports, e.g. `depends_on`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EdgeKind::DependsOn => "depends_on",
            EdgeKind::Optional => "optional",
            EdgeKind::DeclaredConsumer => "declared_consumer",
            EdgeKind::Factory => "factory",
            EdgeKind::Replaces => "replaces",
        }
    }

    /// A usage edge (`from` uses `to`): every kind but `replaces`. Traversals, startup
    /// order and consumer counts follow usage edges only.
    pub const fn is_usage(self) -> bool {
        !matches!(self, EdgeKind::Replaces)
    }

    /// Whether `from` breaks when `to` goes away: `depends_on`, `declared_consumer`
    /// and `factory`. An optional dependant is degraded, not broken.
    pub const fn breaks(self) -> bool {
        matches!(
            self,
            EdgeKind::DependsOn | EdgeKind::DeclaredConsumer | EdgeKind::Factory
        )
    }
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled edge: `from` uses `to` (or, for [`EdgeKind::Replaces`], replaces it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    from: NodeId,
    to: NodeId,
    kind: EdgeKind,
    methods: &'static [&'static str],
}

impl Edge {
    /// The needing side: the dependant, the consumer, the replacement.
    pub fn from(&self) -> NodeId {
        self.from
    }

    /// The needed side: the dependency, the consumed component, the legacy type.
    pub fn to(&self) -> NodeId {
        self.to
    }

    /// How the edge is known.
    pub fn kind(&self) -> EdgeKind {
        self.kind
    }

    /// For a declared consumer, the methods it calls (empty when unspecified); empty
    /// for every other kind.
    pub fn methods(&self) -> &'static [&'static str] {
        self.methods
    }
}

/// A component in the graph: a contract, or an external type contracts name.
#[derive(Clone, Debug)]
pub struct Node {
    component: ComponentId,
    name: &'static str,
    contract: Option<&'static Contract>,
    risk: EffectiveRisk,
}

impl Node {
    /// The component's identity.
    pub fn component(&self) -> ComponentId {
        self.component
    }

    /// The contract's `name`, or for an external node the type as first written.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The full type path for a contract; the written name for an external node.
    pub fn type_name(&self) -> &'static str {
        self.contract.map_or(self.name, Contract::type_name)
    }

    /// The contract, `None` for an external node.
    pub fn contract(&self) -> Option<&'static Contract> {
        self.contract
    }

    /// Whether the node is a type without a contract of its own.
    pub fn is_external(&self) -> bool {
        self.contract.is_none()
    }

    /// The migration phase of this contract's own `replaces = ..`, if any.
    pub fn phase(&self) -> Option<Phase> {
        self.contract.and_then(Contract::phase)
    }

    /// The declared risk; `None` for an external node (treated as `low`).
    pub fn declared_risk(&self) -> Option<Risk> {
        self.contract.map(Contract::risk)
    }

    /// The declared risk raised by impact (see [`EffectiveRisk`]).
    pub fn effective_risk(&self) -> Risk {
        self.risk.effective()
    }

    /// The effective risk with the reasons it was raised.
    pub fn risk(&self) -> &EffectiveRisk {
        &self.risk
    }
}

/// How far [`ContractGraph::dependencies_of`] and [`ContractGraph::consumers_of`] go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The component's own edges.
    Direct,
    /// Everything reachable along usage edges.
    Transitive,
}

/// A node related to the component asked about, with how it is related.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    node: NodeId,
    depth: usize,
    edges: Vec<EdgeId>,
}

impl Relation {
    /// The related node.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// Hops along usage edges from the component: 1 for a direct relation.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The usage edges that reach the node from the previous layer (for a direct
    /// relation: every usage edge between it and the component). Sorted.
    pub fn edges(&self) -> &[EdgeId] {
        &self.edges
    }
}

/// What happens to a component when the one changed goes away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// A path of `depends_on`, `declared_consumer` or `factory` edges leads to it.
    Breaks,
    /// Only paths through an `optional` edge lead to it: it runs, degraded.
    Degrades,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Breaks => "breaks",
            Effect::Degrades => "degrades",
        })
    }
}

/// One component affected by a change, in an [`Impact`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImpactEntry {
    node: NodeId,
    effect: Effect,
    depth: usize,
    via: EdgeId,
    highest_risk: Risk,
}

impl ImpactEntry {
    /// The affected node.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// Whether it breaks or only degrades.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The length of the path from the changed component.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The last edge of the path: from this node to the previous one.
    pub fn via(&self) -> EdgeId {
        self.via
    }

    /// The highest effective risk of any node on the path, both ends included.
    pub fn highest_risk(&self) -> Risk {
        self.highest_risk
    }
}

/// One hop of an impact path, in an [`Impact`]: `from` uses `to` through `edge`, which
/// goes into `to` itself, into the factory that makes `to` (`from` gets a `to` per
/// request from it), or into a trait object of `to`'s `implements(..)` (`from` depends
/// on `dyn Port`, an adapter's way in). The edge alone does not say which component the
/// path goes through; the hop does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImpactHop {
    edge: EdgeId,
    from: NodeId,
    to: NodeId,
}

impl ImpactHop {
    /// The usage edge followed: from [`from`](Self::from) into [`to`](Self::to), into
    /// the factory that makes `to`, or into a trait object `to` implements.
    pub fn edge(&self) -> EdgeId {
        self.edge
    }

    /// The node further from the changed component: the edge's `from`.
    pub fn from(&self) -> NodeId {
        self.from
    }

    /// The node nearer the changed component, on the path: the edge's `to`, the
    /// component its factory makes, or the component that implements its trait object.
    pub fn to(&self) -> NodeId {
        self.to
    }
}

/// Everything that breaks or degrades when a component goes away:
/// [`ContractGraph::impact_of`].
#[derive(Clone, Debug)]
pub struct Impact {
    component: NodeId,
    entries: Vec<ImpactEntry>,
    position: FastMap<NodeId, usize>,
    /// Breadth-first trees: node -> (edge to the previous node, previous node), for the
    /// breaking search and for the usage search.
    breaking_tree: FastMap<NodeId, (EdgeId, NodeId)>,
    usage_tree: FastMap<NodeId, (EdgeId, NodeId)>,
}

impl Impact {
    /// The component that goes away.
    pub fn component(&self) -> NodeId {
        self.component
    }

    /// Affected components: the broken ones first, then the degraded ones, each group
    /// by path length, then by node.
    pub fn entries(&self) -> &[ImpactEntry] {
        &self.entries
    }

    /// The entry for `node`, when it is affected.
    pub fn entry(&self, node: NodeId) -> Option<&ImpactEntry> {
        self.position.get(&node).map(|&i| &self.entries[i])
    }

    /// The path from the changed component to `node`, as edges: the first edge's `to`
    /// is the changed component, the last edge's `from` is `node`; each edge's `to` is
    /// the previous edge's `from`, or the factory that makes it (a component that uses
    /// a factory uses what it makes). A broken node's path is made of breaking edges
    /// only. Empty when `node` is not affected.
    pub fn path_to(&self, node: NodeId) -> Vec<EdgeId> {
        self.last_edges_to(node, usize::MAX)
    }

    /// The last `at_most` edges of [`path_to`](Self::path_to), in the same order, found
    /// without walking the rest of the path: printing a few edges per component of a
    /// chain thousands long stays linear. The whole path has
    /// [`depth`](ImpactEntry::depth) edges.
    pub fn last_edges_to(&self, node: NodeId, at_most: usize) -> Vec<EdgeId> {
        self.last_hops_to(node, at_most)
            .into_iter()
            .map(|hop| hop.edge)
            .collect()
    }

    /// The last `at_most` hops of the path to `node`, as
    /// [`last_edges_to`](Self::last_edges_to) gives their edges, each with the two nodes
    /// of the path it joins: where an edge goes into a factory, the path goes through
    /// the product that the edge alone does not name, and a path cut off there starts
    /// at that product.
    ///
    /// ```
    /// use contracts_core::graph::ContractGraph;
    /// use contracts_core::ContractBuilder;
    ///
    /// let pool = ContractBuilder::new(1, "pool").build();
    /// let session = ContractBuilder::new(2, "session").factory(3, "sessions").depends_on(1, "pool").build();
    /// let sessions = ContractBuilder::new(3, "sessions").build();
    /// let handler = ContractBuilder::new(4, "handler").depends_on(3, "sessions").build();
    /// let graph = ContractGraph::new(&[pool, session, sessions, handler]);
    ///
    /// let impact = graph.impact_of(graph.find("pool").unwrap());
    /// let hops = impact.last_hops_to(graph.find("handler").unwrap(), 1);
    /// assert_eq!(graph.node(hops[0].to()).name(), "session");
    /// assert_eq!(graph.node(graph.edge(hops[0].edge()).to()).name(), "sessions");
    /// ```
    pub fn last_hops_to(&self, node: NodeId, at_most: usize) -> Vec<ImpactHop> {
        let tree = match self.entry(node).map(ImpactEntry::effect) {
            Some(Effect::Breaks) => &self.breaking_tree,
            Some(Effect::Degrades) => &self.usage_tree,
            None => return Vec::new(),
        };
        let mut hops = Vec::new();
        let mut at = node;
        while hops.len() < at_most {
            let Some(&(edge, previous)) = tree.get(&at) else {
                break;
            };
            hops.push(ImpactHop {
                edge,
                from: at,
                to: previous,
            });
            at = previous;
            if hops.len() > tree.len() {
                break; // a breadth-first tree has no loop; never spin regardless
            }
        }
        hops.reverse();
        hops
    }

    /// How many components break.
    pub fn broken(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.effect == Effect::Breaks)
            .count()
    }

    /// The highest risk on any path, `None` when nothing is affected.
    pub fn highest_risk(&self) -> Option<Risk> {
        self.entries.iter().map(|e| e.highest_risk).max()
    }
}

/// The dependency cycles that prevent a startup order; see
/// [`ContractGraph::startup_order`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycles {
    cycles: Vec<Vec<NodeId>>,
    truncated: bool,
}

impl Cycles {
    /// Every elementary cycle, each in order (every member uses the next, the last
    /// uses the first) and starting at its smallest node; sorted.
    pub fn cycles(&self) -> &[Vec<NodeId>] {
        &self.cycles
    }

    /// Whether more than [`MAX_CYCLES`] cycles exist and only the first were listed.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}

/// The contract graph; see the [module documentation](self).
#[derive(Clone, Debug)]
pub struct ContractGraph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    outgoing: Vec<Vec<EdgeId>>,
    incoming: Vec<Vec<EdgeId>>,
    /// For a factory, the usage edges into it but its products' (`factory` edges):
    /// its users, who use what it makes. Kept apart so that a factory of thousands of
    /// products is not scanned again for each of them.
    factory_users: Vec<Vec<EdgeId>>,
    /// For a contract, the trait objects of its `implements(..)` that contracts depend
    /// on (`dyn PaymentPort`): their users reach it through them, as an adapter's do.
    ports: Vec<Vec<NodeId>>,
    /// For a trait object, the contracts it is a port of: the other way of `ports`.
    implementers: Vec<Vec<NodeId>>,
    by_component: FastMap<ComponentId, NodeId>,
}

/// For each node, the external `dyn Trait` nodes that its contract's `implements(..)`
/// makes it a port of ([`Contract::is_port`]), matched through keys so that the cost
/// stays linear in the contracts, their traits and the trait objects: a trait and an
/// object written both with generic arguments match on them (`Store<Order>`), otherwise
/// on the trait's name. A legacy that implements a port its replacement implements too
/// is not given that port: its users are the replacement's, which is what the
/// migration is for.
fn ports_of_contracts(
    nodes: &[Node],
    by_component: &FastMap<ComponentId, NodeId>,
) -> Vec<Vec<NodeId>> {
    use crate::descriptor::{bare_name, port_key};
    // Objects by their key as written (arguments included), and those written with
    // arguments by their name too, for a trait written without.
    let mut by_key: FastMap<String, Vec<NodeId>> = FastMap::default();
    let mut generic_by_name: FastMap<&str, Vec<NodeId>> = FastMap::default();
    for (position, node) in nodes.iter().enumerate() {
        let (None, Some(object)) = (node.contract, node.name.strip_prefix("dyn ")) else {
            continue;
        };
        if crate::descriptor::standard_trait(object) {
            continue;
        }
        let key = port_key(object, true);
        if key.contains('<') {
            generic_by_name
                .entry(bare_name(object))
                .or_default()
                .push(NodeId(position));
        }
        by_key.entry(key).or_default().push(NodeId(position));
    }
    let mut ports: Vec<Vec<NodeId>> = nodes
        .iter()
        .map(|node| {
            let Some(contract) = node.contract.filter(|_| !by_key.is_empty()) else {
                return Vec::new();
            };
            let mut ports: Vec<NodeId> = Vec::new();
            for t in contract.port_traits() {
                let key = port_key(t, true);
                if key.contains('<') {
                    // `Store<Order>`: objects of those arguments, or of none.
                    ports.extend(by_key.get(&key).into_iter().flatten());
                    ports.extend(by_key.get(&port_key(t, false)).into_iter().flatten());
                } else {
                    ports.extend(by_key.get(&key).into_iter().flatten());
                    ports.extend(generic_by_name.get(bare_name(t)).into_iter().flatten());
                }
            }
            ports.sort_unstable();
            ports.dedup();
            ports
        })
        .collect();
    for (position, node) in nodes.iter().enumerate() {
        let Some(replaced) = node.contract.and_then(Contract::replaces) else {
            continue;
        };
        let Some(&legacy) = by_component.get(&replaced.id()) else {
            continue;
        };
        if legacy.0 == position || ports[position].is_empty() {
            continue;
        }
        let shared = ports[position].clone();
        ports[legacy.0].retain(|port| !shared.contains(port));
    }
    ports
}

impl ContractGraph {
    /// The graph of every contract registered in this binary.
    ///
    /// ```
    /// # use contracts_core::MigrationContract;
    /// # #[derive(MigrationContract)] struct Pool;
    /// let graph = contracts_core::graph::ContractGraph::from_registry();
    /// assert!(graph.find("Pool").is_ok());
    /// ```
    pub fn from_registry() -> Self {
        Self::new(registry::global().contracts())
    }

    /// The graph of `contracts`. A contract given twice (the same identity) counts
    /// once; the order of the list does not matter.
    ///
    /// ```
    /// use contracts_core::{graph::ContractGraph, ContractBuilder};
    /// let a = ContractBuilder::new(1, "a").depends_on(9, "Unannotated").build();
    /// let graph = ContractGraph::new(&[a]);
    /// assert_eq!(graph.nodes().len(), 2);
    /// assert!(graph.node(graph.find("Unannotated").unwrap()).is_external());
    /// ```
    pub fn new(contracts: &[&'static Contract]) -> Self {
        let index = Index::new(contracts.to_vec());
        let mut nodes: Vec<Node> = Vec::new();
        let mut by_component: FastMap<ComponentId, NodeId> = FastMap::default();
        for &contract in index.contracts() {
            if by_component.contains_key(&contract.id()) {
                continue;
            }
            by_component.insert(contract.id(), NodeId(nodes.len()));
            nodes.push(Node {
                component: contract.id(),
                name: contract.name(),
                contract: Some(contract),
                risk: EffectiveRisk::from_declared(Some(contract.risk())),
            });
        }

        // Types named by contracts but without a contract: external nodes, by name.
        let mut external: Vec<(&'static str, ComponentId)> = Vec::new();
        let mut seen_external: HashSet<ComponentId> = HashSet::new();
        for node in &nodes {
            let Some(contract) = node.contract else {
                continue;
            };
            for ty in referenced_types(contract) {
                if !by_component.contains_key(&ty.0) && seen_external.insert(ty.0) {
                    external.push((ty.1, ty.0));
                }
            }
        }
        external.sort_by(|a, b| a.0.cmp(b.0));
        for (name, component) in external {
            by_component.insert(component, NodeId(nodes.len()));
            nodes.push(Node {
                component,
                name,
                contract: None,
                risk: EffectiveRisk::from_declared(None),
            });
        }

        let mut edges: Vec<Edge> = Vec::new();
        for node in &nodes {
            let Some(contract) = node.contract else {
                continue;
            };
            let mut add = |from: ComponentId, to: ComponentId, kind, methods| {
                if let (Some(&from), Some(&to)) = (by_component.get(&from), by_component.get(&to)) {
                    edges.push(Edge {
                        from,
                        to,
                        kind,
                        methods,
                    });
                }
            };
            for dependency in contract.dependencies() {
                let kind = if dependency.is_optional() {
                    EdgeKind::Optional
                } else {
                    EdgeKind::DependsOn
                };
                add(contract.id(), dependency.ty().id(), kind, &[]);
            }
            for consumer in contract.consumers() {
                add(
                    consumer.ty().id(),
                    contract.id(),
                    EdgeKind::DeclaredConsumer,
                    consumer.methods(),
                );
            }
            if let Some(factory) = contract.factory() {
                add(contract.id(), factory.id(), EdgeKind::Factory, &[]);
            }
            if let Some(replaced) = contract.replaces() {
                add(contract.id(), replaced.id(), EdgeKind::Replaces, &[]);
            }
        }
        edges.sort_by_key(|e| (e.from, e.to, e.kind));
        edges.dedup_by(|a, b| (a.from, a.to, a.kind) == (b.from, b.to, b.kind));

        let mut outgoing = vec![Vec::new(); nodes.len()];
        let mut incoming = vec![Vec::new(); nodes.len()];
        // Edges are sorted by source, so both lists come out sorted.
        for (position, edge) in edges.iter().enumerate() {
            outgoing[edge.from.0].push(EdgeId(position));
            incoming[edge.to.0].push(EdgeId(position));
        }

        let mut factory_users = vec![Vec::new(); nodes.len()];
        for (node, into) in incoming.iter().enumerate() {
            let kind = |e: &EdgeId| edges[e.0].kind;
            if into.iter().any(|e| kind(e) == EdgeKind::Factory) {
                factory_users[node] = into
                    .iter()
                    .copied()
                    .filter(|e| kind(e).is_usage() && kind(e) != EdgeKind::Factory)
                    .collect();
            }
        }
        let ports = ports_of_contracts(&nodes, &by_component);
        // And the other way: for a trait object, the contracts it is a port of.
        let mut implementers = vec![Vec::new(); nodes.len()];
        for (node, node_ports) in ports.iter().enumerate() {
            for port in node_ports {
                implementers[port.0].push(NodeId(node));
            }
        }
        let mut graph = ContractGraph {
            nodes,
            edges,
            outgoing,
            incoming,
            factory_users,
            ports,
            implementers,
            by_component,
        };
        let risks = risk::compute(&graph);
        for (node, risk) in graph.nodes.iter_mut().zip(risks) {
            node.risk = risk;
        }
        graph
    }

    /// Every node: contracts sorted by name, then external types sorted by name.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Every edge, sorted by `(from, to, kind)`.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The node `id`.
    ///
    /// # Panics
    ///
    /// When `id` comes from another graph with more nodes.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    /// The edge `id`.
    ///
    /// # Panics
    ///
    /// When `id` comes from another graph with more edges.
    pub fn edge(&self, id: EdgeId) -> &Edge {
        &self.edges[id.0]
    }

    /// Every node id, in order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).map(NodeId)
    }

    /// The node of a component identity, if any contract has or names it.
    pub fn node_of(&self, component: ComponentId) -> Option<NodeId> {
        self.by_component.get(&component).copied()
    }

    /// The node of the type `T`.
    pub fn node_of_type<T: ?Sized + 'static>(&self) -> Option<NodeId> {
        self.node_of(ComponentId::of::<T>())
    }

    /// The edges leaving `node` (it uses or replaces their `to`), sorted.
    pub fn outgoing(&self, node: NodeId) -> &[EdgeId] {
        self.outgoing.get(node.0).map_or(&[], Vec::as_slice)
    }

    /// The edges entering `node` (their `from` uses or replaces it), sorted.
    pub fn incoming(&self, node: NodeId) -> &[EdgeId] {
        self.incoming.get(node.0).map_or(&[], Vec::as_slice)
    }

    /// Finds a component by contract name, full type name, the type name's end from a
    /// segment on (`v2::Database` for `app::v2::Database`), its last segment, or (for
    /// an external node) the type as written. An unknown name's error
    /// suggests the closest known names (see [`suggestions`] for what is close); an
    /// empty name is [`LookupError::Empty`]; a name that fits several components is
    /// an error naming them ([`LookupError::Ambiguous`], or
    /// [`LookupError::NameIsTypeName`] when it is one contract's name and another
    /// contract's type name), never one of them picked silently.
    ///
    /// ```
    /// use contracts_core::{graph::ContractGraph, ContractBuilder};
    /// let graph = ContractGraph::new(&[ContractBuilder::new(1, "websocket-manager").build()]);
    /// assert!(graph.find("websocket-manager").is_ok());
    /// let error = graph.find("websocket-manger").unwrap_err();
    /// assert_eq!(error.to_string(), "unknown component `websocket-manger`; did you mean `websocket-manager`?");
    /// ```
    pub fn find(&self, name: &str) -> Result<NodeId, LookupError> {
        names::find(self, name)
    }

    /// The components `node` uses: its dependencies (optional ones included), its
    /// factory, and the components it is a declared consumer of. The legacy type it
    /// replaces is not one, unless `node` also uses it ([`replaces`](Self::replaces)
    /// gives it).
    ///
    /// Sorted by depth, then node. With [`Reach::Transitive`], every node reachable
    /// along usage edges. The node itself is never listed.
    pub fn dependencies_of(&self, node: NodeId, reach: Reach) -> Vec<Relation> {
        self.related(node, reach, Direction::Dependencies)
    }

    /// The components that use `node`: declared consumers and inferred ones (their
    /// contract depends on it; a component made by `node` uses it as its factory), and
    /// the users of the factory that makes `node`, which get a `node` per request from
    /// it (their relation's edge is the one into the factory), as
    /// [`consumers_of`](crate::consumers_of) counts them. Here, unlike there, the users
    /// of a trait object of `node`'s `implements(..)` count too (`dyn PaymentPort`, the
    /// edge into it): an adapter's consumers reach it through its port, but which
    /// component the state hands them is not declared. A contract that replaces
    /// `node` is not one, unless it also uses it ([`replaced_by`](Self::replaced_by)
    /// gives it). See [`dependencies_of`](Self::dependencies_of) for the order.
    ///
    /// ```
    /// use contracts_core::graph::{ContractGraph, EdgeKind, Reach};
    /// use contracts_core::ContractBuilder;
    ///
    /// let bridge = ContractBuilder::new(1, "bridge").consumer(2, "Engine", &["notify"]).build();
    /// let graph = ContractGraph::new(&[bridge]);
    /// let consumers = graph.consumers_of(graph.find("bridge").unwrap(), Reach::Direct);
    /// let edge = graph.edge(consumers[0].edges()[0]);
    /// assert_eq!(edge.kind(), EdgeKind::DeclaredConsumer);
    /// assert_eq!(edge.methods(), ["notify"]);
    /// ```
    pub fn consumers_of(&self, node: NodeId, reach: Reach) -> Vec<Relation> {
        self.related(node, reach, Direction::Consumers)
    }

    fn related(&self, start: NodeId, reach: Reach, direction: Direction) -> Vec<Relation> {
        let mut result: Vec<Relation> = Vec::new();
        let mut position: FastMap<NodeId, usize> = FastMap::default();
        if start.0 >= self.nodes.len() {
            return result;
        }
        let mut queue = VecDeque::from([(start, 0usize)]);
        let mut adjacent = Vec::new();
        let mut expanded = FastSet::default();
        while let Some((node, depth)) = queue.pop_front() {
            if reach == Reach::Direct && depth >= 1 {
                break;
            }
            self.adjacent(node, direction, &mut expanded, &mut adjacent);
            for &edge_id in &adjacent {
                let edge = &self.edges[edge_id.0];
                if !edge.kind.is_usage() {
                    continue;
                }
                let other = direction.other(edge);
                if other == start {
                    continue;
                }
                match position.get(&other) {
                    None => {
                        position.insert(other, result.len());
                        result.push(Relation {
                            node: other,
                            depth: depth + 1,
                            edges: vec![edge_id],
                        });
                        queue.push_back((other, depth + 1));
                    }
                    Some(&at) if result[at].depth == depth + 1 => result[at].edges.push(edge_id),
                    Some(_) => {}
                }
            }
        }
        for relation in &mut result {
            relation.edges.sort_unstable();
            relation.edges.dedup();
        }
        result.sort_by_key(|r| (r.depth, r.node));
        result
    }

    /// The edges to follow from `node`, into `into` (a buffer reused across nodes);
    /// `expanded` holds the factories whose users a search has already followed.
    fn adjacent(
        &self,
        node: NodeId,
        direction: Direction,
        expanded: &mut FastSet<NodeId>,
        into: &mut Vec<EdgeId>,
    ) {
        into.clear();
        match direction {
            Direction::Dependencies => into.extend_from_slice(self.outgoing(node)),
            Direction::Consumers => into.extend(self.users_edges(node, expanded)),
        }
    }

    /// The edges into `node`, then the usage edges into the factory that makes it (not
    /// its other products): a component that uses the factory gets a `node` per
    /// request from it, so it uses `node` through that edge. Then the edges into the
    /// trait objects of its `implements(..)` (`dyn PaymentPort`), through which an
    /// adapter's consumers reach it. A factory's or a port's users are followed once
    /// per search (`expanded`, by node): reached again through another product, they
    /// are no nearer, and a factory of thousands of products stays linear.
    pub(crate) fn users_edges<'a>(
        &'a self,
        node: NodeId,
        expanded: &mut FastSet<NodeId>,
    ) -> impl Iterator<Item = EdgeId> + 'a {
        let mut factories: Vec<NodeId> = Vec::new();
        for &e in self.outgoing(node) {
            let edge = &self.edges[e.0];
            if edge.kind == EdgeKind::Factory && edge.to != node && expanded.insert(edge.to) {
                factories.push(edge.to);
            }
        }
        let through_factories = factories.into_iter().flat_map(move |factory| {
            self.factory_users[factory.0]
                .iter()
                .copied()
                .filter(move |&e| self.edges[e.0].from != node)
        });
        let ports: Vec<NodeId> = self.ports[node.0]
            .iter()
            .copied()
            .filter(|&port| expanded.insert(port))
            .collect();
        let through_ports = ports.into_iter().flat_map(move |port| {
            self.incoming(port).iter().copied().filter(move |&e| {
                let edge = &self.edges[e.0];
                edge.kind.is_usage() && edge.from != node
            })
        });
        self.incoming(node)
            .iter()
            .copied()
            .chain(through_factories)
            .chain(through_ports)
    }

    /// The trait objects of `node`'s `implements(..)` that contracts depend on; see
    /// [`users_edges`](Self::users_edges).
    pub(crate) fn ports(&self, node: NodeId) -> &[NodeId] {
        self.ports.get(node.0).map_or(&[], Vec::as_slice)
    }

    /// For a trait object, the contracts it is a port of (the other way of
    /// [`ports`](Self::ports)).
    pub(crate) fn implementers(&self, port: NodeId) -> &[NodeId] {
        self.implementers.get(port.0).map_or(&[], Vec::as_slice)
    }

    /// Every component that breaks or degrades if `node` goes away, each with the
    /// shortest path that leads there and the highest effective risk on that path.
    ///
    /// ```
    /// use contracts_core::graph::{ContractGraph, Effect};
    /// use contracts_core::{ContractBuilder, Risk};
    ///
    /// let pool = ContractBuilder::new(1, "pool").build();
    /// let repo = ContractBuilder::new(2, "repository").depends_on(1, "pool").build();
    /// let cache = ContractBuilder::new(3, "cache").risk(Risk::Medium).depends_on_optional(2, "repository").build();
    /// let graph = ContractGraph::new(&[pool, repo, cache]);
    ///
    /// let impact = graph.impact_of(graph.find("pool").unwrap());
    /// let summary: Vec<_> = impact
    ///     .entries()
    ///     .iter()
    ///     .map(|e| (graph.node(e.node()).name(), e.effect(), e.highest_risk()))
    ///     .collect();
    /// assert_eq!(summary, [
    ///     ("repository", Effect::Breaks, Risk::Low),
    ///     ("cache", Effect::Degrades, Risk::Medium),
    /// ]);
    /// assert_eq!(impact.path_to(graph.find("cache").unwrap()).len(), 2);
    /// ```
    pub fn impact_of(&self, node: NodeId) -> Impact {
        let mut impact = Impact {
            component: node,
            entries: Vec::new(),
            position: FastMap::default(),
            breaking_tree: FastMap::default(),
            usage_tree: FastMap::default(),
        };
        if node.0 >= self.nodes.len() {
            return impact;
        }
        let start_risk = self.nodes[node.0].effective_risk();
        for effect in [Effect::Breaks, Effect::Degrades] {
            let follow = |kind: EdgeKind| match effect {
                Effect::Breaks => kind.breaks(),
                Effect::Degrades => kind.is_usage(),
            };
            // Breadth first from the component, towards its consumers; `seen` holds
            // the depth and the highest risk on the path to each node.
            let mut seen: FastMap<NodeId, (usize, Risk)> = FastMap::default();
            let mut tree: FastMap<NodeId, (EdgeId, NodeId)> = FastMap::default();
            seen.insert(node, (0, start_risk));
            let mut queue = VecDeque::from([node]);
            let mut expanded = FastSet::default();
            let mut users = Vec::new();
            while let Some(at) = queue.pop_front() {
                let (depth, risk) = seen.get(&at).copied().unwrap_or((0, start_risk));
                users.clear();
                users.extend(self.users_edges(at, &mut expanded));
                for &edge_id in &users {
                    let edge = &self.edges[edge_id.0];
                    if !follow(edge.kind) || seen.contains_key(&edge.from) {
                        continue;
                    }
                    let highest = risk.max(self.nodes[edge.from.0].effective_risk());
                    seen.insert(edge.from, (depth + 1, highest));
                    tree.insert(edge.from, (edge_id, at));
                    queue.push_back(edge.from);
                    if !impact.position.contains_key(&edge.from) {
                        impact.position.insert(edge.from, impact.entries.len());
                        impact.entries.push(ImpactEntry {
                            node: edge.from,
                            effect,
                            depth: depth + 1,
                            via: edge_id,
                            highest_risk: highest,
                        });
                    }
                }
            }
            match effect {
                Effect::Breaks => impact.breaking_tree = tree,
                Effect::Degrades => impact.usage_tree = tree,
            }
        }
        impact.entries.sort_by_key(|e| (e.effect, e.depth, e.node));
        impact.position = impact
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.node, i))
            .collect();
        impact
    }

    /// A topological order of every node, dependencies first (along usage edges); ties
    /// go to the smaller node. When there is none, every elementary cycle (at most
    /// [`MAX_CYCLES`]).
    ///
    /// ```
    /// use contracts_core::{graph::ContractGraph, ContractBuilder};
    /// let a = ContractBuilder::new(1, "a").depends_on(2, "b").build();
    /// let b = ContractBuilder::new(2, "b").depends_on(1, "a").build();
    /// let graph = ContractGraph::new(&[a, b]);
    /// let cycles = graph.startup_order().unwrap_err();
    /// let names: Vec<_> = cycles.cycles()[0].iter().map(|&n| graph.node(n).name()).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn startup_order(&self) -> Result<Vec<NodeId>, Cycles> {
        let successors = self.usage_successors();
        match algo::topological_order(&successors) {
            Some(order) => Ok(order.into_iter().map(NodeId).collect()),
            None => Err(self.cycles(MAX_CYCLES)),
        }
    }

    /// Every elementary cycle along usage edges, at most `limit` of them.
    pub fn cycles(&self, limit: usize) -> Cycles {
        let successors = self.usage_successors();
        let (cycles, truncated) = algo::elementary_cycles(&successors, limit);
        Cycles {
            cycles: cycles
                .into_iter()
                .map(|c| c.into_iter().map(NodeId).collect())
                .collect(),
            truncated,
        }
    }

    /// For each node, the distinct nodes it uses, sorted.
    pub(crate) fn usage_successors(&self) -> Vec<Vec<usize>> {
        self.outgoing
            .iter()
            .map(|edges| {
                let mut targets: Vec<usize> = edges
                    .iter()
                    .map(|&e| &self.edges[e.0])
                    .filter(|e| e.kind.is_usage())
                    .map(|e| e.to.0)
                    .collect();
                targets.sort_unstable();
                targets.dedup();
                targets
            })
            .collect()
    }

    /// The contracts replacing `node` (`replaces = ..` pointing at it), sorted.
    pub fn replaced_by(&self, node: NodeId) -> Vec<NodeId> {
        self.incoming(node)
            .iter()
            .map(|&e| &self.edges[e.0])
            .filter(|e| e.kind == EdgeKind::Replaces)
            .map(|e| e.from)
            .collect()
    }

    /// The legacy node `node` replaces, if its contract declares `replaces = ..`.
    pub fn replaces(&self, node: NodeId) -> Option<NodeId> {
        self.outgoing(node)
            .iter()
            .map(|&e| &self.edges[e.0])
            .find(|e| e.kind == EdgeKind::Replaces)
            .map(|e| e.to)
    }

    /// The whole graph, for export.
    pub fn view(&self) -> GraphView<'_> {
        GraphView::new(self, self.node_ids().collect())
    }

    /// `node`, its transitive dependencies and its transitive consumers (at most
    /// `depth` hops away when given), and the legacy it replaces and its replacements
    /// (one hop away), for export.
    ///
    /// ```
    /// use contracts_core::{graph::ContractGraph, ContractBuilder};
    /// let a = ContractBuilder::new(1, "a").build();
    /// let b = ContractBuilder::new(2, "b").depends_on(1, "a").build();
    /// let c = ContractBuilder::new(3, "c").build();
    /// let graph = ContractGraph::new(&[a, b, c]);
    /// let view = graph.neighbourhood(graph.find("a").unwrap(), None);
    /// assert_eq!(view.nodes().len(), 2);
    /// assert!(view.to_mermaid().contains("-->|\"depends_on\"|"));
    /// ```
    pub fn neighbourhood(&self, node: NodeId, depth: Option<usize>) -> GraphView<'_> {
        if node.0 >= self.nodes.len() {
            return GraphView::new(self, Vec::new());
        }
        let limit = depth.unwrap_or(usize::MAX);
        let mut members = vec![node];
        for relation in self.dependencies_of(node, Reach::Transitive) {
            if relation.depth <= limit {
                members.push(relation.node);
            }
        }
        for relation in self.consumers_of(node, Reach::Transitive) {
            if relation.depth <= limit {
                members.push(relation.node);
                // What it uses on the way, when that is not the component itself (a
                // factory, or a trait object an adapter implements): without it, its
                // edge would have nowhere to go in the picture.
                members.extend(relation.edges.iter().map(|&e| self.edges[e.0].to));
            }
        }
        // The other side of its migrations, one hop away.
        if limit >= 1 {
            members.extend(self.replaces(node));
            members.extend(self.replaced_by(node));
        }
        members.sort_unstable();
        members.dedup();
        GraphView::new(self, members)
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Dependencies,
    Consumers,
}

impl Direction {
    fn other(self, edge: &Edge) -> NodeId {
        match self {
            Direction::Dependencies => edge.to,
            Direction::Consumers => edge.from,
        }
    }
}

/// Every type a contract names, with the name it is written as.
fn referenced_types(contract: &Contract) -> Vec<(ComponentId, &'static str)> {
    let mut types: Vec<(ComponentId, &'static str)> = Vec::new();
    types.extend(
        contract
            .dependencies()
            .iter()
            .map(|d| (d.ty().id(), d.ty().name())),
    );
    types.extend(
        contract
            .consumers()
            .iter()
            .map(|c| (c.ty().id(), c.ty().name())),
    );
    types.extend(contract.factory().map(|f| (f.id(), f.name())));
    types.extend(contract.replaces().map(|r| (r.id(), r.name())));
    types
}

#[cfg(test)]
mod tests;
