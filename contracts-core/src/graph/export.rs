//! Rendering a graph, or a part of it, as Graphviz DOT, Mermaid and JSON.
//!
//! Nodes show the name, the effective risk (fill colour, and a thicker border for
//! `critical`; a raised risk also shows the declared one) and the migration phase;
//! external types (no contract) are drawn dashed. Edges between the same two nodes are
//! drawn once, labelled with every kind (and a declared consumer's methods):
//! `optional`-only edges are dashed, `replaces` edges thick.

use std::fmt::{self, Write as _};

use serde::Serialize;

use super::{ContractGraph, Edge, EdgeKind, NodeId};
use crate::descriptor::Risk;

/// Mermaid's default `maxEdges`: a flowchart that draws more edges is refused with
/// "Edge limit exceeded" instead of drawn. Only the page that embeds Mermaid can raise
/// it, so on GitHub it is fixed.
pub const MERMAID_MAX_EDGES: usize = 500;

/// Mermaid's default `maxTextSize`: a longer diagram source is refused with "Maximum
/// text size in diagram exceeded" instead of drawn. Counted as JavaScript counts a
/// string's length (UTF-16 code units: one per character of a name in most scripts).
/// Only the page that embeds Mermaid can raise it, so on GitHub it is fixed.
pub const MERMAID_MAX_TEXT_SIZE: usize = 50_000;

/// One of Mermaid's default limits that a diagram exceeds, with the diagram's own
/// measure; see [`GraphView::mermaid_limits_exceeded`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MermaidLimit {
    /// More edges than [`MERMAID_MAX_EDGES`].
    Edges {
        /// The edges the diagram draws.
        edges: usize,
    },
    /// A source longer than [`MERMAID_MAX_TEXT_SIZE`].
    TextSize {
        /// The length of the source, in UTF-16 code units.
        size: usize,
    },
}

impl fmt::Display for MermaidLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MermaidLimit::Edges { edges } => write!(
                f,
                "{edges} edges, more than the {MERMAID_MAX_EDGES} Mermaid draws by default (\"Edge limit exceeded\")"
            ),
            MermaidLimit::TextSize { size } => write!(
                f,
                "{size} characters, more than the {MERMAID_MAX_TEXT_SIZE} Mermaid reads by default (\"Maximum text size in diagram exceeded\")"
            ),
        }
    }
}

/// A set of nodes of a [`ContractGraph`] and the edges between them, ready to render.
/// Made by [`ContractGraph::view`] or [`ContractGraph::neighbourhood`].
///
/// ```
/// use contracts_core::{graph::ContractGraph, ContractBuilder};
/// let a = ContractBuilder::new(1, "a").build();
/// let b = ContractBuilder::new(2, "b").depends_on(1, "a").build();
/// let graph = ContractGraph::new(&[a, b]);
/// let view = graph.view();
/// assert!(view.to_dot().starts_with("digraph contracts {"));
/// assert!(view.to_mermaid().starts_with("flowchart LR"));
/// let json: serde_json::Value = serde_json::from_str(&view.to_json()).unwrap();
/// assert_eq!(json["edges"][0]["kind"], "depends_on");
/// ```
#[derive(Clone, Debug)]
pub struct GraphView<'g> {
    graph: &'g ContractGraph,
    nodes: Vec<NodeId>,
    member: Vec<bool>,
}

impl<'g> GraphView<'g> {
    pub(super) fn new(graph: &'g ContractGraph, mut nodes: Vec<NodeId>) -> Self {
        nodes.retain(|n| n.0 < graph.nodes.len());
        nodes.sort_unstable();
        nodes.dedup();
        let mut member = vec![false; graph.nodes.len()];
        for node in &nodes {
            member[node.0] = true;
        }
        GraphView {
            graph,
            nodes,
            member,
        }
    }

    /// The graph this is a view of.
    pub fn graph(&self) -> &'g ContractGraph {
        self.graph
    }

    /// The nodes shown, sorted.
    pub fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    /// Whether `node` is shown.
    pub fn contains(&self, node: NodeId) -> bool {
        self.member.get(node.0).copied().unwrap_or(false)
    }

    /// The edges between shown nodes, sorted.
    pub fn edges(&self) -> impl Iterator<Item = &'g Edge> + '_ {
        self.graph
            .edges
            .iter()
            .filter(|e| self.contains(e.from) && self.contains(e.to))
    }

    /// Edges grouped for drawing: usage edges between the same two nodes in one group,
    /// each `replaces` edge alone.
    fn edge_groups(&self) -> Vec<Vec<&'g Edge>> {
        let mut groups: Vec<Vec<&'g Edge>> = Vec::new();
        for edge in self.edges() {
            match groups.last_mut() {
                Some(group)
                    if edge.kind.is_usage()
                        && group[0].kind.is_usage()
                        && (group[0].from, group[0].to) == (edge.from, edge.to) =>
                {
                    group.push(edge);
                }
                _ => groups.push(vec![edge]),
            }
        }
        groups
    }

    fn node_lines(&self, node: NodeId) -> Vec<String> {
        let graph = self.graph;
        let n = graph.node(node);
        let mut lines = vec![n.name().to_owned()];
        match n.risk().declared() {
            None => lines.push(format!("no contract, risk: {}", n.effective_risk())),
            Some(declared) if declared != n.effective_risk() => lines.push(format!(
                "risk: {} (declared {declared})",
                n.effective_risk()
            )),
            Some(_) => lines.push(format!("risk: {}", n.effective_risk())),
        }
        if let (Some(phase), Some(legacy)) = (n.phase(), graph.replaces(node)) {
            lines.push(format!(
                "phase: {phase}, replaces {}",
                graph.node(legacy).name()
            ));
        }
        for replacement in graph.replaced_by(node) {
            let r = graph.node(replacement);
            let phase = r.phase().map_or_else(String::new, |p| format!(" ({p})"));
            lines.push(format!("legacy: replaced by {}{phase}", r.name()));
        }
        lines
    }

    /// Graphviz DOT (`dot -Tsvg` renders it).
    pub fn to_dot(&self) -> String {
        let mut out = String::new();
        out.push_str("digraph contracts {\n");
        out.push_str("  rankdir=LR;\n");
        out.push_str(
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n",
        );
        out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for &node in &self.nodes {
            let n = self.graph.node(node);
            let risk = n.effective_risk();
            let label = self
                .node_lines(node)
                .iter()
                .map(|line| dot_escape(line))
                .collect::<Vec<_>>()
                .join("\\n");
            let (fill, border) = colours(risk);
            let style = if n.is_external() {
                "rounded,filled,dashed"
            } else {
                "rounded,filled"
            };
            let width = if risk == Risk::Critical { 3 } else { 1 };
            let _ = writeln!(
                out,
                "  n{} [label=\"{label}\", style=\"{style}\", fillcolor=\"{fill}\", color=\"{border}\", penwidth={width}];",
                node.0
            );
        }
        for group in self.edge_groups() {
            let first = group[0];
            let label = dot_escape(&edge_label(&group));
            let attributes = match edge_style(&group) {
                EdgeStyle::Solid => String::new(),
                EdgeStyle::Dashed => ", style=dashed".to_owned(),
                EdgeStyle::Thick => ", style=bold, penwidth=2, color=\"#1971c2\"".to_owned(),
            };
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{label}\"{attributes}];",
                first.from.0, first.to.0
            );
        }
        out.push_str("}\n");
        out
    }

    /// Mermaid flowchart source (renders on GitHub inside a ```` ```mermaid ```` block).
    ///
    /// Mermaid's default configuration, which GitHub cannot change, refuses a diagram
    /// with more than [`MERMAID_MAX_EDGES`] edges or a source longer than
    /// [`MERMAID_MAX_TEXT_SIZE`]: the whole graph of a service with a hundred and fifty
    /// components or so exceeds them. The source is complete all the same (other
    /// renderers may accept it); [`mermaid_limits_exceeded`](Self::mermaid_limits_exceeded)
    /// tells whether it fits, and a [neighbourhood](ContractGraph::neighbourhood) or
    /// [`to_dot`](Self::to_dot) draws a large graph instead.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::new();
        out.push_str("flowchart LR\n");
        for &node in &self.nodes {
            let n = self.graph.node(node);
            let label = self
                .node_lines(node)
                .iter()
                .map(|line| mermaid_escape(line))
                .collect::<Vec<_>>()
                .join("<br/>");
            if n.is_external() {
                let _ = writeln!(out, "  n{}([\"{label}\"])", node.0);
            } else {
                let _ = writeln!(out, "  n{}[\"{label}\"]", node.0);
            }
        }
        for group in self.edge_groups() {
            let first = group[0];
            let arrow = match edge_style(&group) {
                EdgeStyle::Solid => "-->",
                EdgeStyle::Dashed => "-.->",
                EdgeStyle::Thick => "==>",
            };
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                first.from.0,
                mermaid_escape(&edge_label(&group)),
                first.to.0
            );
        }
        for risk in Risk::ALL {
            let (fill, border) = colours(risk);
            let width = if risk == Risk::Critical { 3 } else { 1 };
            let _ = writeln!(
                out,
                "  classDef {risk} fill:{fill},stroke:{border},stroke-width:{width}px,color:#000"
            );
        }
        for risk in Risk::ALL {
            let members: Vec<String> = self
                .nodes
                .iter()
                .filter(|&&n| self.graph.node(n).effective_risk() == risk)
                .map(|n| format!("n{}", n.0))
                .collect();
            if !members.is_empty() {
                let _ = writeln!(out, "  class {} {risk}", members.join(","));
            }
        }
        out
    }

    /// The default limits of Mermaid that [`to_mermaid`](Self::to_mermaid)'s diagram
    /// exceeds, edges first; empty when GitHub (or any page with Mermaid's default
    /// configuration) draws it.
    ///
    /// ```
    /// use contracts_core::graph::{ContractGraph, MermaidLimit, MERMAID_MAX_EDGES};
    /// use contracts_core::ContractBuilder;
    ///
    /// // A pool with 501 consumers: one edge each.
    /// let mut contracts = vec![ContractBuilder::new(0, "pool").build()];
    /// for id in 1..=501 {
    ///     contracts.push(ContractBuilder::new(id, format!("user-{id}")).depends_on(0, "pool").build());
    /// }
    /// let graph = ContractGraph::new(&contracts);
    /// assert_eq!(
    ///     graph.view().mermaid_limits_exceeded(),
    ///     [MermaidLimit::Edges { edges: MERMAID_MAX_EDGES + 1 }]
    /// );
    /// // One consumer's neighbourhood fits.
    /// let user = graph.find("user-1").unwrap();
    /// assert!(graph.neighbourhood(user, Some(1)).mermaid_limits_exceeded().is_empty());
    /// ```
    pub fn mermaid_limits_exceeded(&self) -> Vec<MermaidLimit> {
        let mut exceeded = Vec::new();
        // `to_mermaid` draws one edge per group.
        let edges = self.edge_groups().len();
        if edges > MERMAID_MAX_EDGES {
            exceeded.push(MermaidLimit::Edges { edges });
        }
        let size = self.to_mermaid().encode_utf16().count();
        if size > MERMAID_MAX_TEXT_SIZE {
            exceeded.push(MermaidLimit::TextSize { size });
        }
        exceeded
    }

    /// JSON: `{"nodes": [...], "edges": [...]}`, nodes with their ids, names, contract
    /// location, declared and effective risk with the reasons, and migration; edges with
    /// `from`/`to` node ids and names, `kind` and `methods`.
    pub fn to_json(&self) -> String {
        let graph = self.graph;
        let nodes: Vec<JsonNode> = self
            .nodes
            .iter()
            .map(|&id| {
                let n = graph.node(id);
                JsonNode {
                    id: id.0,
                    name: n.name(),
                    type_name: n.type_name(),
                    contract: !n.is_external(),
                    location: n.contract().map(|c| c.location()),
                    declared_risk: n.declared_risk(),
                    effective_risk: n.effective_risk(),
                    risk_reasons: n.risk().reasons().iter().map(ToString::to_string).collect(),
                    phase: n.phase(),
                    replaces: graph.replaces(id).map(|l| graph.node(l).name()),
                    replaced_by: graph
                        .replaced_by(id)
                        .into_iter()
                        .map(|r| graph.node(r).name())
                        .collect(),
                }
            })
            .collect();
        let edges: Vec<JsonEdge> = self
            .edges()
            .map(|e| JsonEdge {
                from: e.from.0,
                to: e.to.0,
                from_name: graph.node(e.from).name(),
                to_name: graph.node(e.to).name(),
                kind: e.kind,
                methods: e.methods,
            })
            .collect();
        serde_json::to_string_pretty(&JsonGraph { nodes, edges })
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }
}

#[derive(Serialize)]
struct JsonGraph {
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

#[derive(Serialize)]
struct JsonNode {
    id: usize,
    name: &'static str,
    type_name: &'static str,
    contract: bool,
    location: Option<String>,
    declared_risk: Option<Risk>,
    effective_risk: Risk,
    risk_reasons: Vec<String>,
    phase: Option<crate::descriptor::Phase>,
    replaces: Option<&'static str>,
    replaced_by: Vec<&'static str>,
}

#[derive(Serialize)]
struct JsonEdge {
    from: usize,
    to: usize,
    from_name: &'static str,
    to_name: &'static str,
    kind: EdgeKind,
    methods: &'static [&'static str],
}

enum EdgeStyle {
    Solid,
    Dashed,
    Thick,
}

fn edge_style(group: &[&Edge]) -> EdgeStyle {
    if group.iter().any(|e| e.kind == EdgeKind::Replaces) {
        EdgeStyle::Thick
    } else if group.iter().all(|e| e.kind == EdgeKind::Optional) {
        EdgeStyle::Dashed
    } else {
        EdgeStyle::Solid
    }
}

fn edge_label(group: &[&Edge]) -> String {
    group
        .iter()
        .map(|e| {
            if e.methods.is_empty() {
                e.kind.as_str().to_owned()
            } else {
                format!("{}: {}", e.kind, e.methods.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// (fill, border) for a risk level.
fn colours(risk: Risk) -> (&'static str, &'static str) {
    match risk {
        Risk::Low => ("#d3f9d8", "#2b8a3e"),
        Risk::Medium => ("#fff3bf", "#e67700"),
        Risk::High => ("#ffd8a8", "#d9480f"),
        Risk::Critical => ("#ffc9c9", "#c92a2a"),
    }
}

/// Escapes text for a double-quoted DOT string (one line). Graphviz reads character
/// entities in labels (`&amp;` shows as `&`), so `&` itself is written as one.
pub(crate) fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted Mermaid label with entity codes.
pub(crate) fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            // `%%` starts a comment or a `%%{init: ..}%%` directive, which would let a
            // name rewrite the diagram's configuration.
            '%' => out.push_str("#37;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
