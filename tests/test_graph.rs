//! The contract graph of the websocket bridge example: consumers, impact, startup
//! order, effective risk, and the three exports (DOT checked by Graphviz when it is
//! installed, Mermaid by a structural check of its syntax, JSON by parsing).

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use contracts_core::graph::{ContractGraph, EdgeKind, Effect, Reach, RiskReason};
use contracts_core::{ContractBuilder, Risk};

#[path = "../examples/shared/bridge.rs"]
mod bridge;

fn graph() -> ContractGraph {
    ContractGraph::from_registry()
}

fn names(graph: &ContractGraph, relations: &[contracts_core::graph::Relation]) -> Vec<String> {
    relations
        .iter()
        .map(|r| graph.node(r.node()).name().to_owned())
        .collect()
}

#[test]
fn the_bridge_graph_has_every_contract_and_labelled_edge() {
    let graph = graph();
    let nodes: Vec<&str> = graph.nodes().iter().map(|n| n.name()).collect();
    assert_eq!(
        nodes,
        [
            "agent-websocket-bridge",
            "bridge-factory",
            "execution-engine",
            "supervisor-factory",
            "user-websocket-bridge",
            "websocket-manager",
        ]
    );
    let edges: BTreeSet<(&str, &str, EdgeKind)> = graph
        .edges()
        .iter()
        .map(|e| {
            (
                graph.node(e.from()).name(),
                graph.node(e.to()).name(),
                e.kind(),
            )
        })
        .collect();
    assert!(edges.contains(&(
        "user-websocket-bridge",
        "agent-websocket-bridge",
        EdgeKind::Replaces
    )));
    assert!(edges.contains(&("user-websocket-bridge", "bridge-factory", EdgeKind::Factory)));
    assert!(edges.contains(&(
        "execution-engine",
        "user-websocket-bridge",
        EdgeKind::DeclaredConsumer
    )));
    assert!(edges.contains(&(
        "supervisor-factory",
        "agent-websocket-bridge",
        EdgeKind::DependsOn
    )));
    assert_eq!(edges.len(), 9);
}

#[test]
fn consumers_of_the_manager_direct_and_transitive() {
    let graph = graph();
    let manager = graph.node_of_type::<bridge::WebSocketManager>().unwrap();
    assert_eq!(graph.find("websocket-manager"), Ok(manager));
    assert_eq!(graph.find("WebSocketManager"), Ok(manager));

    let direct = graph.consumers_of(manager, Reach::Direct);
    assert_eq!(
        names(&graph, &direct),
        [
            "agent-websocket-bridge",
            "bridge-factory",
            "user-websocket-bridge"
        ]
    );
    let transitive = graph.consumers_of(manager, Reach::Transitive);
    assert_eq!(
        names(&graph, &transitive),
        [
            "agent-websocket-bridge",
            "bridge-factory",
            "user-websocket-bridge",
            "execution-engine",
            "supervisor-factory"
        ]
    );
    // The engine is reached through the factory (depends_on and declared consumer
    // with its method) and through the user bridge (declared consumer).
    let engine = &transitive[3];
    assert_eq!(engine.depth(), 2);
    let labels: Vec<(EdgeKind, Vec<&str>)> = engine
        .edges()
        .iter()
        .map(|&e| (graph.edge(e).kind(), graph.edge(e).methods().to_vec()))
        .collect();
    assert_eq!(
        labels,
        [
            (EdgeKind::DependsOn, vec![]),
            (EdgeKind::DeclaredConsumer, vec!["create"]),
            (EdgeKind::DeclaredConsumer, vec!["notify", "flush"]),
        ]
    );
}

#[test]
fn the_legacy_bridge_has_its_last_consumer_and_its_replacement_apart() {
    let graph = graph();
    let legacy = graph.find("agent-websocket-bridge").unwrap();
    let replacement = graph.find("user-websocket-bridge").unwrap();
    for reach in [Reach::Direct, Reach::Transitive] {
        let consumers = graph.consumers_of(legacy, reach);
        let described: Vec<(&str, EdgeKind)> = consumers
            .iter()
            .map(|r| (graph.node(r.node()).name(), graph.edge(r.edges()[0]).kind()))
            .collect();
        assert_eq!(described, [("supervisor-factory", EdgeKind::DependsOn)]);
    }
    // The registry's `consumers_of` counts the same.
    let registry: Vec<&str> = contracts_core::consumers_of::<bridge::AgentWebSocketBridge>()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(registry, ["supervisor-factory"]);
    // The replacement does not use the legacy: not a dependency of it either.
    assert!(!names(
        &graph,
        &graph.dependencies_of(replacement, Reach::Transitive)
    )
    .contains(&"agent-websocket-bridge".to_owned()));
    assert_eq!(graph.replaced_by(legacy), vec![replacement]);
    assert_eq!(graph.replaces(replacement), Some(legacy));
}

#[test]
fn impact_of_the_manager_names_every_broken_contract_with_its_path() {
    let graph = graph();
    let manager = graph.find("websocket-manager").unwrap();
    let impact = graph.impact_of(manager);
    assert_eq!(impact.broken(), 5);
    assert_eq!(impact.highest_risk(), Some(Risk::Critical));
    let supervisor = graph.find("supervisor-factory").unwrap();
    let entry = impact.entry(supervisor).unwrap();
    assert_eq!(entry.effect(), Effect::Breaks);
    // supervisor-factory -> agent-websocket-bridge (critical) -> websocket-manager
    assert_eq!(entry.highest_risk(), Risk::Critical);
    let path: Vec<&str> = impact
        .path_to(supervisor)
        .iter()
        .map(|&e| graph.node(graph.edge(e).from()).name())
        .collect();
    assert_eq!(path, ["agent-websocket-bridge", "supervisor-factory"]);
}

#[test]
fn startup_order_puts_dependencies_first() {
    let graph = graph();
    let order = graph
        .startup_order()
        .expect("the bridge graph has no cycle");
    let position = |name: &str| {
        order
            .iter()
            .position(|&n| graph.node(n).name() == name)
            .unwrap()
    };
    assert_eq!(position("websocket-manager"), 0);
    assert!(position("bridge-factory") < position("user-websocket-bridge"));
    assert!(position("user-websocket-bridge") < position("execution-engine"));
    assert!(position("agent-websocket-bridge") < position("supervisor-factory"));
}

#[test]
fn effective_risk_is_raised_with_the_reason() {
    // The bridge example declares every contract high or critical; a medium pool with
    // a critical dependant and four consumers shows both rules.
    let pool = ContractBuilder::new(1, "pool").risk(Risk::Medium).build();
    let mut contracts = vec![pool];
    for id in 2..=5 {
        contracts.push(
            ContractBuilder::new(id, format!("repo-{id}"))
                .depends_on(1, "pool")
                .build(),
        );
    }
    contracts.push(
        ContractBuilder::new(6, "auth")
            .risk(Risk::Critical)
            .depends_on(2, "repo-2")
            .build(),
    );
    let graph = ContractGraph::new(&contracts);
    let pool = graph.node(graph.find("pool").unwrap());
    assert_eq!(pool.declared_risk(), Some(Risk::Medium));
    assert_eq!(pool.effective_risk(), Risk::High);
    let reasons: Vec<String> = pool
        .risk()
        .reasons()
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(
        reasons,
        [
            "more than 3 consumers, direct or transitive (including `repo-2`, `repo-3`, `repo-4`, `repo-5`)",
            "the critical `auth` depends on it transitively",
        ]
    );
    let repo3 = graph.node(graph.find("repo-3").unwrap());
    assert_eq!(repo3.effective_risk(), Risk::Low);
    let repo2 = graph.node(graph.find("repo-2").unwrap());
    assert!(matches!(
        repo2.risk().reasons(),
        [RiskReason::CriticalDependant { direct: true, .. }]
    ));
}

#[test]
fn unknown_names_suggest_the_closest() {
    let graph = graph();
    let error = graph.find("bridge-factroy").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown component `bridge-factroy`; did you mean `bridge-factory`?"
    );
    let error = graph.find("completely-different").unwrap_err();
    assert!(error.suggestions().is_empty());
}

/// Whether Graphviz `dot` is installed; says so when it is not (the test then skips).
fn graphviz_available() -> bool {
    let available = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        println!("skipped: Graphviz `dot` is not installed (apt-get install graphviz)");
    }
    available
}

/// Runs `dot -T<format>` on the text: (success, stdout, stderr).
fn run_dot(format: &str, dot: &str) -> (bool, String, String) {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `dot -Tsvg` accepts the DOT export, for the whole graph and a neighbourhood.
#[test]
fn dot_export_is_valid_graphviz() {
    if !graphviz_available() {
        return;
    }
    let graph = graph();
    let legacy = graph.find("agent-websocket-bridge").unwrap();
    // Names that need escaping in DOT, too.
    let odd = ContractBuilder::new(1, "quote\"back\\slash")
        .depends_on(2, "Arc<dyn Sink + \"x\">")
        .build();
    let odd_graph = ContractGraph::new(&[odd]);
    for dot in [
        graph.view().to_dot(),
        graph.neighbourhood(legacy, Some(1)).to_dot(),
        odd_graph.view().to_dot(),
    ] {
        let (success, svg, stderr) = run_dot("svg", &dot);
        assert!(success, "dot rejected:\n{dot}\n{stderr}");
        assert!(stderr.trim().is_empty(), "dot warned: {stderr}\n{dot}");
        assert!(svg.contains("<svg"));
    }
}

/// Graphviz reads character entities in labels: a name containing `&amp;` or `&#65;`
/// must still come out as written (`dot -Tplain` prints each label as rendered).
#[test]
fn dot_labels_show_ampersands_as_written() {
    if !graphviz_available() {
        return;
    }
    let odd = ContractBuilder::new(1, "back&amp;")
        .depends_on(2, "e&#65;f")
        .build();
    let dot = ContractGraph::new(&[odd]).view().to_dot();
    let (success, plain, stderr) = run_dot("plain", &dot);
    assert!(success, "{dot}\n{stderr}");
    assert!(plain.contains("\"back&amp;"), "{plain}\n{dot}");
    assert!(plain.contains("\"e&#65;f"), "{plain}\n{dot}");
}

/// A structural check of Mermaid flowchart syntax: the header, then node definitions,
/// edges between defined nodes with quoted labels, class definitions and
/// assignments; no raw quote, angle bracket or pipe inside a label.
fn check_mermaid(text: &str) -> Result<(), String> {
    let mut lines = text.lines();
    if lines.next() != Some("flowchart LR") {
        return Err("first line must be `flowchart LR`".into());
    }
    let mut defined = BTreeSet::new();
    let mut classes = BTreeSet::new();
    let label_ok = |label: &str| {
        !label.contains('"') && !label.contains('|') && !label.contains("%%") && {
            // Only `<br/>` may appear as markup.
            let without = label.replace("<br/>", "");
            !without.contains('<') && !without.contains('>')
        }
    };
    let id_ok = |id: &str| {
        id.len() > 1 && id.starts_with('n') && id[1..].chars().all(|c| c.is_ascii_digit())
    };
    for line in lines {
        let body = line
            .strip_prefix("  ")
            .ok_or_else(|| format!("not indented: {line}"))?;
        if let Some(rest) = body.strip_prefix("classDef ") {
            let (name, style) = rest
                .split_once(' ')
                .ok_or_else(|| format!("bad classDef: {line}"))?;
            if !style.contains("fill:") {
                return Err(format!("classDef without fill: {line}"));
            }
            classes.insert(name.to_owned());
        } else if let Some(rest) = body.strip_prefix("class ") {
            let (ids, class) = rest
                .split_once(' ')
                .ok_or_else(|| format!("bad class: {line}"))?;
            if !classes.contains(class) {
                return Err(format!("class `{class}` used before classDef: {line}"));
            }
            for id in ids.split(',') {
                if !defined.contains(id) {
                    return Err(format!("class for undefined node `{id}`"));
                }
            }
        } else if let Some(arrow) = ["-->", "-.->", "==>"]
            .into_iter()
            .find(|a| body.contains(&format!(" {a}|\"")))
        {
            let (from, rest) = body
                .split_once(&format!(" {arrow}|\""))
                .ok_or_else(|| format!("bad edge: {line}"))?;
            let (label, to) = rest
                .split_once("\"| ")
                .ok_or_else(|| format!("bad edge label: {line}"))?;
            if !defined.contains(from) || !defined.contains(to) {
                return Err(format!("edge between undefined nodes: {line}"));
            }
            if !label_ok(label) || label.is_empty() {
                return Err(format!("bad edge label `{label}`: {line}"));
            }
        } else {
            let (id, shape) = body
                .split_once(['[', '('])
                .ok_or_else(|| format!("unrecognised line: {line}"))?;
            if !id_ok(id) {
                return Err(format!("bad node id `{id}`"));
            }
            let label =
                if let Some(inner) = shape.strip_prefix("\"").and_then(|s| s.strip_suffix("\"]")) {
                    inner
                } else if let Some(inner) = shape
                    .strip_prefix("[\"")
                    .and_then(|s| s.strip_suffix("\"])"))
                {
                    inner
                } else {
                    return Err(format!("bad node shape: {line}"));
                };
            if !label_ok(label) {
                return Err(format!("bad node label `{label}`"));
            }
            if !defined.insert(id.to_owned()) {
                return Err(format!("node `{id}` defined twice"));
            }
        }
    }
    if defined.is_empty() {
        return Err("no node".into());
    }
    Ok(())
}

#[test]
fn mermaid_export_is_structurally_valid() {
    let graph = graph();
    let text = graph.view().to_mermaid();
    check_mermaid(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(text.contains("n4 ==>|\"replaces\"| n0"), "{text}");
    assert!(
        text.contains("|\"declared_consumer: notify, flush\"|"),
        "{text}"
    );
    assert!(text.contains("class n0,n2,n4 critical"), "{text}");

    // Names with characters Mermaid would misread are escaped.
    let odd = ContractBuilder::new(1, "a \"quoted\" <name> | #1")
        .depends_on_optional(2, "Arc<dyn Sink>")
        .build();
    let odd_graph = ContractGraph::new(&[odd]);
    let text = odd_graph.view().to_mermaid();
    check_mermaid(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(text.contains("#quot;quoted#quot;"), "{text}");
    assert!(text.contains("-.->|\"optional\"|"), "{text}");
    assert!(text.contains("n1([\"Arc#lt;dyn Sink#gt;"), "{text}");

    // A name cannot become a Mermaid directive or comment.
    let directive = ContractBuilder::new(1, "%%{init: {'theme': 'forest'}}%%").build();
    let text = ContractGraph::new(&[directive]).view().to_mermaid();
    check_mermaid(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(!text.contains('%'), "{text}");
    assert!(
        text.contains("#37;#37;{init: {'theme': 'forest'}}#37;#37;"),
        "{text}"
    );

    // The checker itself rejects broken input.
    assert!(check_mermaid("graph TD\n  a --> b").is_err());
    assert!(check_mermaid("flowchart LR\n  n0[\"a\"]\n  n0 -->|\"x\"| n9").is_err());
    assert!(check_mermaid("flowchart LR\n  n0[\"a\"b\"]").is_err());
}

#[test]
fn json_export_parses_and_carries_risk_and_phase() {
    let graph = graph();
    let json: serde_json::Value = serde_json::from_str(&graph.view().to_json()).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 6);
    let bridge = nodes
        .iter()
        .find(|n| n["name"] == "user-websocket-bridge")
        .unwrap();
    assert_eq!(bridge["effective_risk"], "critical");
    assert_eq!(bridge["phase"], "migrating");
    assert_eq!(bridge["replaces"], "agent-websocket-bridge");
    let edges = json["edges"].as_array().unwrap();
    assert!(edges.iter().any(|e| e["kind"] == "declared_consumer"
        && e["from_name"] == "execution-engine"
        && e["methods"] == serde_json::json!(["notify", "flush"])));
}

#[test]
fn a_neighbourhood_keeps_only_related_components() {
    let graph = graph();
    let supervisor = graph.find("supervisor-factory").unwrap();
    let view = graph.neighbourhood(supervisor, None);
    let shown: Vec<&str> = view.nodes().iter().map(|&n| graph.node(n).name()).collect();
    assert_eq!(
        shown,
        [
            "agent-websocket-bridge",
            "supervisor-factory",
            "websocket-manager"
        ]
    );
    let one_hop = graph.neighbourhood(supervisor, Some(1));
    assert_eq!(one_hop.nodes().len(), 2);
    assert!(view
        .edges()
        .all(|e| view.contains(e.from()) && view.contains(e.to())));
}

/// A pool with `users` consumers, one `depends_on` edge each.
fn pool_with_users(users: u64) -> Vec<&'static contracts_core::Contract> {
    let mut contracts = vec![ContractBuilder::new(0, "pool").build()];
    for id in 1..=users {
        contracts.push(
            ContractBuilder::new(id, format!("user-{id}"))
                .depends_on(0, "pool")
                .build(),
        );
    }
    contracts
}

#[test]
fn mermaid_limits_are_reported_past_mermaids_defaults_only() {
    use contracts_core::graph::{MermaidLimit, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE};

    // Exactly at the edge limit: Mermaid draws it.
    let at_limit = ContractGraph::new(&pool_with_users(500));
    let view = at_limit.view();
    assert_eq!(view.edges().count(), MERMAID_MAX_EDGES);
    assert!(view.to_mermaid().len() <= MERMAID_MAX_TEXT_SIZE);
    assert!(view.mermaid_limits_exceeded().is_empty());

    let past = ContractGraph::new(&pool_with_users(501));
    let text = past.view().to_mermaid();
    check_mermaid(&text).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.contains("-->")).count(),
        501,
        "the output is kept whole"
    );
    assert_eq!(
        past.view().mermaid_limits_exceeded(),
        [MermaidLimit::Edges { edges: 501 }]
    );

    // Many components and no edge: the text is too long. Its size is counted as
    // JavaScript counts it, in UTF-16 units: `é` is one, as in the source.
    let contracts: Vec<_> = (0..1_000)
        .map(|id| ContractBuilder::new(id, format!("component-{id}-é-with-a-long-name")).build())
        .collect();
    let graph = ContractGraph::new(&contracts);
    let text = graph.view().to_mermaid();
    let size = text.encode_utf16().count();
    assert!(size > MERMAID_MAX_TEXT_SIZE && size < text.len(), "{size}");
    assert_eq!(
        graph.view().mermaid_limits_exceeded(),
        [MermaidLimit::TextSize { size }]
    );
    assert_eq!(
        graph.view().mermaid_limits_exceeded()[0].to_string(),
        format!("{size} characters, more than the 50000 Mermaid reads by default (\"Maximum text size in diagram exceeded\")")
    );
}

#[test]
fn suggestions_are_close_relative_to_what_was_typed_and_say_what_matched() {
    use contracts_core::graph::LookupError;
    let markdown = ContractBuilder::new(1, "*emph* _u_ # h")
        .type_name("docs::Md")
        .build();
    let pool = ContractBuilder::new(2, "pool").build();
    let graph = ContractGraph::new(&[markdown, pool]);

    // Nothing is named "", whatever its distance to a short name.
    for blank in ["", "  "] {
        let error = graph.find(blank).unwrap_err();
        assert_eq!(error, LookupError::Empty);
        assert_eq!(
            error.to_string(),
            "empty component name: give a contract name or a type name"
        );
    }
    // One or two characters: only a name that differs in case.
    for short in ["x", "M", "pl", "Mx"] {
        let error = graph.find(short).unwrap_err();
        assert!(error.suggestions().is_empty(), "{short}: {error}");
    }
    // Matched by the type name: shown, with the contract it belongs to.
    for (typed, shown) in [("md", "Md"), ("MD", "Md"), ("Mdx", "Md")] {
        let error = graph.find(typed).unwrap_err();
        assert_eq!(error.suggestions(), ["*emph* _u_ # h"], "{typed}");
        assert_eq!(
            error.to_string(),
            format!(
                "unknown component `{typed}`; did you mean `{shown}` (contract `*emph* _u_ # h`)?"
            )
        );
    }
    // Three characters, one edit away; two edits is too far for so short a name.
    assert_eq!(graph.find("pol").unwrap_err().suggestions(), ["pool"]);
    assert!(graph.find("pxx").unwrap_err().suggestions().is_empty());
}
