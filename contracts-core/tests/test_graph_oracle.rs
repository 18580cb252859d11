//! The graph algorithms against brute-force oracles on random graphs: transitive
//! consumers and dependencies, impact, effective risk, topological order and every
//! elementary cycle.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use contracts_core::graph::{ContractGraph, Edge, EdgeKind, Effect, Reach};
use contracts_core::{Contract, ContractBuilder, Phase, Risk};
use proptest::prelude::*;

/// A random graph: `contracts` nodes with contracts (`c0`..), `externals` without
/// (`x0`..), and labelled edges `from -> to`.
#[derive(Clone, Debug)]
struct Spec {
    contracts: usize,
    externals: usize,
    risks: Vec<Risk>,
    edges: Vec<(usize, usize, EdgeKind)>,
}

fn name(spec: &Spec, node: usize) -> String {
    if node < spec.contracts {
        format!("c{node}")
    } else {
        format!("x{}", node - spec.contracts)
    }
}

fn risk_strategy() -> impl Strategy<Value = Risk> {
    prop_oneof![
        Just(Risk::Low),
        Just(Risk::Medium),
        Just(Risk::High),
        Just(Risk::Critical)
    ]
}

fn kind_strategy() -> impl Strategy<Value = EdgeKind> {
    prop_oneof![
        4 => Just(EdgeKind::DependsOn),
        2 => Just(EdgeKind::Optional),
        2 => Just(EdgeKind::DeclaredConsumer),
        1 => Just(EdgeKind::Factory),
        1 => Just(EdgeKind::Replaces),
    ]
}

fn spec_strategy() -> impl Strategy<Value = Spec> {
    (1usize..8, 0usize..3).prop_flat_map(|(contracts, externals)| {
        let total = contracts + externals;
        (
            prop::collection::vec(risk_strategy(), contracts),
            prop::collection::vec((0..total, 0..total, kind_strategy()), 0..(3 * total)),
        )
            .prop_map(move |(risks, raw)| {
                // Only contracts declare edges; a declared consumer edge `u -> v` is
                // declared on `v`, so `v` must have a contract. One factory and one
                // `replaces` per contract at most.
                let mut edges = BTreeSet::new();
                let mut factory = BTreeSet::new();
                let mut replaces = BTreeSet::new();
                for (from, to, kind) in raw {
                    let ok = match kind {
                        EdgeKind::DeclaredConsumer => to < contracts,
                        EdgeKind::Factory => from < contracts && factory.insert(from),
                        EdgeKind::Replaces => from < contracts && replaces.insert(from),
                        _ => from < contracts,
                    };
                    if ok {
                        edges.insert((from, to, kind));
                    }
                }
                // An external node exists only when some contract names it.
                let mut used = vec![false; total];
                for &(from, to, _) in &edges {
                    used[from] = true;
                    used[to] = true;
                }
                let keep: Vec<usize> = (contracts..total).filter(|&x| used[x]).collect();
                let renumber = |n: usize| {
                    if n < contracts {
                        n
                    } else {
                        contracts + keep.iter().position(|&k| k == n).unwrap_or(0)
                    }
                };
                Spec {
                    contracts,
                    externals: keep.len(),
                    risks,
                    edges: edges
                        .into_iter()
                        .map(|(f, t, k)| (renumber(f), renumber(t), k))
                        .collect(),
                }
            })
    })
}

fn build(spec: &Spec) -> Vec<&'static Contract> {
    (0..spec.contracts)
        .map(|c| {
            let mut builder = ContractBuilder::new(c as u64, name(spec, c)).risk(spec.risks[c]);
            for &(from, to, kind) in &spec.edges {
                let to_name = name(spec, to);
                builder = match kind {
                    EdgeKind::DependsOn if from == c => builder.depends_on(to as u64, to_name),
                    EdgeKind::Optional if from == c => {
                        builder.depends_on_optional(to as u64, to_name)
                    }
                    EdgeKind::Factory if from == c => builder.factory(to as u64, to_name),
                    EdgeKind::Replaces if from == c => {
                        builder.replaces(to as u64, to_name, Phase::Migrating)
                    }
                    EdgeKind::DeclaredConsumer if to == c => {
                        builder.consumer(from as u64, name(spec, from), &["m"])
                    }
                    _ => builder,
                };
            }
            builder.build()
        })
        .collect()
}

/// The steps from `u` along edges that `follow` accepts: `(next node, edge)`. Forwards,
/// each edge out of `u`. Backwards (towards consumers), each edge into `u`, and each
/// usage edge but `factory` into a factory that makes `u` (its users get a `u` from it).
fn steps(
    spec: &Spec,
    u: usize,
    backwards: bool,
    follow: &impl Fn(EdgeKind) -> bool,
) -> Vec<(usize, (usize, usize, EdgeKind))> {
    let mut steps = Vec::new();
    for &(from, to, kind) in &spec.edges {
        if !follow(kind) {
            continue;
        }
        if !backwards && from == u {
            steps.push((to, (from, to, kind)));
        }
        if backwards && to == u {
            steps.push((from, (from, to, kind)));
        }
    }
    if backwards {
        for &(product, factory, kind) in &spec.edges {
            if product != u || kind != EdgeKind::Factory || factory == u {
                continue;
            }
            for &(from, to, kind) in &spec.edges {
                if to == factory && kind != EdgeKind::Factory && follow(kind) && from != u {
                    steps.push((from, (from, to, kind)));
                }
            }
        }
    }
    steps
}

/// Every node `user` uses, transitively, along usage edges, where using a factory (by
/// an edge other than `factory`) is using what it makes.
fn used_by(spec: &Spec, user: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::from([user]);
    let mut queue = VecDeque::from([user]);
    while let Some(u) = queue.pop_front() {
        for &(from, to, kind) in &spec.edges {
            if from != u || !kind.is_usage() {
                continue;
            }
            let mut next = vec![to];
            if kind != EdgeKind::Factory {
                next.extend(spec.edges.iter().filter_map(|&(product, factory, kind)| {
                    (kind == EdgeKind::Factory && factory == to && product != u).then_some(product)
                }));
            }
            for n in next {
                if seen.insert(n) {
                    queue.push_back(n);
                }
            }
        }
    }
    seen
}

/// Shortest distances from `start` along [`steps`].
fn distances(
    spec: &Spec,
    start: usize,
    backwards: bool,
    follow: impl Fn(EdgeKind) -> bool,
) -> BTreeMap<usize, usize> {
    let mut dist = BTreeMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        let next = dist[&u] + 1;
        for (there, _) in steps(spec, u, backwards, &follow) {
            if let std::collections::btree_map::Entry::Vacant(entry) = dist.entry(there) {
                entry.insert(next);
                queue.push_back(there);
            }
        }
    }
    dist
}

/// Related node name -> (depth, edges as (from, to, kind)).
type Related = BTreeMap<String, (usize, BTreeSet<(String, String, EdgeKind)>)>;

fn edge_triple(graph: &ContractGraph, edge: &Edge) -> (String, String, EdgeKind) {
    (
        graph.node(edge.from()).name().to_owned(),
        graph.node(edge.to()).name().to_owned(),
        edge.kind(),
    )
}

fn total(spec: &Spec) -> usize {
    spec.contracts + spec.externals
}

/// Every elementary cycle along usage edges, naively: from each start, every simple
/// path through larger nodes that returns to the start.
fn brute_cycles(spec: &Spec) -> BTreeSet<Vec<String>> {
    let n = total(spec);
    let mut adjacency = vec![BTreeSet::new(); n];
    for &(from, to, kind) in &spec.edges {
        if kind.is_usage() {
            adjacency[from].insert(to);
        }
    }
    let mut cycles = BTreeSet::new();
    for start in 0..n {
        let mut stack = vec![(vec![start], 0usize)];
        while let Some((path, _)) = stack.pop() {
            let last = path[path.len() - 1];
            for &next in &adjacency[last] {
                if next == start {
                    cycles.insert(path.iter().map(|&p| name(spec, p)).collect());
                } else if next > start && !path.contains(&next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((longer, 0));
                }
            }
        }
    }
    cycles
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn edges_are_exactly_the_declared_ones(spec in spec_strategy()) {
        let graph = ContractGraph::new(&build(&spec));
        prop_assert_eq!(graph.nodes().len(), total(&spec));
        let expected: BTreeSet<(String, String, EdgeKind)> = spec
            .edges
            .iter()
            .map(|&(f, t, k)| (name(&spec, f), name(&spec, t), k))
            .collect();
        let actual: BTreeSet<_> = graph.edges().iter().map(|e| edge_triple(&graph, e)).collect();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn consumers_and_dependencies_match_the_oracle(spec in spec_strategy()) {
        let graph = ContractGraph::new(&build(&spec));
        for v in 0..total(&spec) {
            let node = graph.find(&name(&spec, v)).unwrap();
            for backwards in [true, false] {
                let dist = distances(&spec, v, backwards, EdgeKind::is_usage);
                // expected: node -> (depth, edges)
                let mut expected: Related =
                    BTreeMap::new();
                for (&w, &d) in &dist {
                    if w == v {
                        continue;
                    }
                    let edges = dist
                        .iter()
                        .filter(|&(_, &near_depth)| near_depth + 1 == d)
                        .flat_map(|(&near, _)| steps(&spec, near, backwards, &EdgeKind::is_usage))
                        .filter(|&(there, _)| there == w)
                        .map(|(_, (f, t, k))| (name(&spec, f), name(&spec, t), k))
                        .collect();
                    expected.insert(name(&spec, w), (d, edges));
                }
                // A `replaces` edge makes neither a consumer nor a dependency.
                let relations = if backwards {
                    graph.consumers_of(node, Reach::Transitive)
                } else {
                    graph.dependencies_of(node, Reach::Transitive)
                };
                let actual: Related = relations
                    .iter()
                    .map(|r| {
                        let edges = r.edges().iter().map(|&e| edge_triple(&graph, graph.edge(e))).collect();
                        (graph.node(r.node()).name().to_owned(), (r.depth(), edges))
                    })
                    .collect();
                prop_assert_eq!(&actual, &expected, "node {} backwards {}", name(&spec, v), backwards);

                // Direct: exactly the depth-1 entries.
                let direct = if backwards {
                    graph.consumers_of(node, Reach::Direct)
                } else {
                    graph.dependencies_of(node, Reach::Direct)
                };
                let direct: BTreeSet<String> = direct.iter().map(|r| graph.node(r.node()).name().to_owned()).collect();
                let expected_direct: BTreeSet<String> = steps(&spec, v, backwards, &EdgeKind::is_usage)
                    .into_iter()
                    .filter(|&(far, _)| far != v)
                    .map(|(far, _)| name(&spec, far))
                    .collect();
                prop_assert_eq!(direct, expected_direct);
            }
        }
    }

    #[test]
    fn effective_risk_follows_the_matrix(spec in spec_strategy()) {
        let graph = ContractGraph::new(&build(&spec));
        for v in 0..total(&spec) {
            let node = graph.node(graph.find(&name(&spec, v)).unwrap());
            let declared = if v < spec.contracts { spec.risks[v] } else { Risk::Low };
            let consumers = distances(&spec, v, true, EdgeKind::is_usage).len() - 1;
            let critical_dependant = (0..spec.contracts).any(|c| {
                c != v && spec.risks[c] == Risk::Critical && used_by(&spec, c).contains(&v)
            });
            let raised = declared < Risk::High && (consumers > 3 || critical_dependant);
            let expected = if raised { Risk::High } else { declared };
            prop_assert_eq!(node.effective_risk(), expected, "node {}", name(&spec, v));
            prop_assert_eq!(node.risk().reasons().is_empty(), !raised);
        }
    }

    #[test]
    fn impact_matches_the_oracle(spec in spec_strategy()) {
        let graph = ContractGraph::new(&build(&spec));
        for v in 0..total(&spec) {
            let node = graph.find(&name(&spec, v)).unwrap();
            let impact = graph.impact_of(node);
            let breaking = distances(&spec, v, true, EdgeKind::breaks);
            let usage = distances(&spec, v, true, EdgeKind::is_usage);
            let mut expected: BTreeMap<String, (Effect, usize)> = BTreeMap::new();
            for (&w, &d) in &usage {
                if w == v {
                    continue;
                }
                match breaking.get(&w) {
                    Some(&bd) => expected.insert(name(&spec, w), (Effect::Breaks, bd)),
                    None => expected.insert(name(&spec, w), (Effect::Degrades, d)),
                };
            }
            let actual: BTreeMap<String, (Effect, usize)> = impact
                .entries()
                .iter()
                .map(|e| (graph.node(e.node()).name().to_owned(), (e.effect(), e.depth())))
                .collect();
            prop_assert_eq!(&actual, &expected, "impact of {}", name(&spec, v));

            // Every path is real, starts at the component, ends at the entry, has the
            // entry's length and effect, and its highest risk is the entry's.
            for entry in impact.entries() {
                let path = impact.path_to(entry.node());
                prop_assert_eq!(path.len(), entry.depth());
                // The hops are the path's edges, each naming the two nodes it joins.
                let hops = impact.last_hops_to(entry.node(), usize::MAX);
                prop_assert_eq!(hops.iter().map(|h| h.edge()).collect::<Vec<_>>(), path.clone());
                let mut at = node;
                let mut highest = graph.node(node).effective_risk();
                for (&e, hop) in path.iter().zip(&hops) {
                    prop_assert_eq!(hop.to(), at);
                    prop_assert_eq!(hop.from(), graph.edge(e).from());
                    let edge = graph.edge(e);
                    // Into `at`, or into the factory that makes `at`.
                    let makes_at = graph.edges().iter().any(|f| {
                        f.kind() == EdgeKind::Factory && f.from() == at && f.to() == edge.to()
                    });
                    prop_assert!(edge.to() == at || makes_at);
                    prop_assert!(edge.kind().is_usage());
                    if entry.effect() == Effect::Breaks {
                        prop_assert!(edge.kind().breaks());
                    }
                    at = edge.from();
                    highest = highest.max(graph.node(at).effective_risk());
                }
                prop_assert_eq!(at, entry.node());
                prop_assert_eq!(highest, entry.highest_risk());
                // A cut-off path starts where the whole one is at that point.
                for at_most in 0..=hops.len() {
                    let last = impact.last_hops_to(entry.node(), at_most);
                    prop_assert_eq!(&last[..], &hops[hops.len() - at_most..]);
                }
            }
        }
    }

    #[test]
    fn startup_order_is_topological_or_every_cycle_is_listed(spec in spec_strategy()) {
        let graph = ContractGraph::new(&build(&spec));
        let cycles = brute_cycles(&spec);
        match graph.startup_order() {
            Ok(order) => {
                prop_assert!(cycles.is_empty(), "missed cycles {:?}", cycles);
                prop_assert_eq!(order.len(), total(&spec));
                let position: BTreeMap<String, usize> = order
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| (graph.node(n).name().to_owned(), i))
                    .collect();
                prop_assert_eq!(position.len(), total(&spec));
                for &(from, to, kind) in &spec.edges {
                    if kind.is_usage() {
                        prop_assert!(position[&name(&spec, to)] < position[&name(&spec, from)]);
                    }
                }
            }
            Err(found) => {
                prop_assert!(!found.truncated());
                let found: BTreeSet<Vec<String>> = found
                    .cycles()
                    .iter()
                    .map(|c| c.iter().map(|&n| graph.node(n).name().to_owned()).collect())
                    .collect();
                prop_assert_eq!(found, cycles);
            }
        }
    }
}

#[test]
fn ten_thousand_contracts_are_analysed_consistently() {
    // 10,000 contracts, about 40,000 edges, layered so there is no cycle.
    let n: u64 = 10_000;
    let contracts: Vec<&'static Contract> = (0..n)
        .map(|i| {
            let mut builder = ContractBuilder::new(i, format!("c{i}"));
            if i % 97 == 0 {
                builder = builder.risk(Risk::Critical);
            }
            for k in 1..=4u64 {
                let target = i.wrapping_mul(7).wrapping_add(k * 13) % n;
                if target < i {
                    builder = builder.depends_on(target, format!("c{target}"));
                }
            }
            builder.build()
        })
        .collect();
    // Speed is measured by `cargo bench --bench validation`, never asserted here; this
    // checks that a 10,000-contract graph answers consistently.
    let graph = ContractGraph::new(&contracts);
    let order = graph.startup_order().expect("layered graph has no cycle");
    assert_eq!(order.len(), n as usize);
    let first = graph.find("c0").unwrap();
    let impact = graph.impact_of(first);
    let consumers = graph.consumers_of(first, Reach::Transitive);
    assert_eq!(impact.entries().len(), consumers.len());
    let json: serde_json::Value = serde_json::from_str(&graph.view().to_json()).unwrap();
    assert_eq!(json["nodes"].as_array().map(Vec::len), Some(n as usize));
}
