//! Rules over the contract graph alone; `validate_all()` applies only these.

use std::collections::{BTreeMap, HashSet, VecDeque};

use super::Graph;
use crate::descriptor::Phase;
use crate::graph::algo;
use crate::report::{ContractRef, Violation, Warning};

/// Two contracts share a `name`.
pub(super) fn duplicate_names(graph: &Graph<'_>, violations: &mut Vec<Violation>) {
    // Contracts are sorted by name, so equal names are adjacent.
    for group in graph.contracts().chunk_by(|a, b| a.name() == b.name()) {
        if group.len() > 1 {
            violations.push(Violation::DuplicateName {
                name: group[0].name(),
                contracts: group.iter().copied().map(ContractRef::of).collect(),
            });
        }
    }
}

/// A cycle among `depends_on` edges, optional ones included. One violation per
/// strongly connected component, naming a cycle through it in order.
pub(super) fn dependency_cycles(graph: &Graph<'_>, violations: &mut Vec<Violation>) {
    let contracts = graph.contracts();
    let edges = graph.index.edges();

    for component in cyclic_components(edges.len(), |node| edges.successors(node)) {
        let members: HashSet<usize> = component.iter().copied().collect();
        let start = component.iter().copied().min().unwrap_or(component[0]);
        let cycle = shortest_cycle(start, |node| edges.successors(node), &members);
        let on_cycle: HashSet<usize> = cycle.iter().copied().collect();
        let mut entangled: Vec<usize> = component
            .iter()
            .copied()
            .filter(|m| !on_cycle.contains(m))
            .collect();
        entangled.sort_unstable();
        violations.push(Violation::DependencyCycle {
            cycle: cycle
                .iter()
                .map(|&i| ContractRef::of(contracts[i]))
                .collect(),
            entangled: entangled
                .iter()
                .map(|&i| ContractRef::of(contracts[i]))
                .collect(),
        });
    }
}

/// A loop that only closes through a factory: a component made by a factory is needed
/// (directly or not) by that factory. Its users are satisfied by the factory, so they
/// wait on it as on any dependency, and the factory on them: nothing can be built
/// first, as `startup_order` also finds. Only looked for when a contract has a factory
/// with a contract.
pub(super) fn factory_cycles(graph: &Graph<'_>, violations: &mut Vec<Violation>) {
    let contracts = graph.contracts();
    let edges = graph.index.edges();
    let factory_of: Vec<Option<usize>> = contracts
        .iter()
        .map(|c| c.factory().and_then(|f| graph.index.position_of(f.id())))
        .collect();
    if factory_of.iter().all(Option::is_none) {
        return;
    }
    // Each contract's dependencies, and its factory.
    let needs: Vec<Vec<usize>> = (0..contracts.len())
        .map(|node| {
            let mut needs = edges.successors(node).to_vec();
            needs.extend(factory_of[node].filter(|f| !needs.contains(f)));
            needs
        })
        .collect();
    // `node` reaches `next` only as a product reaches its factory (a product that also
    // depends on its factory has a plain dependency there).
    let made_by = |node: usize, next: usize| {
        factory_of[node] == Some(next) && !edges.successors(node).contains(&next)
    };
    for component in cyclic_components(needs.len(), |node| &needs[node]) {
        let members: HashSet<usize> = component.iter().copied().collect();
        // The first product whose factory is in the same knot.
        let Some((product, factory)) = component
            .iter()
            .filter_map(|&product| factory_of[product].map(|f| (product, f)))
            .filter(|&(product, factory)| members.contains(&factory) && made_by(product, factory))
            .min()
        else {
            continue;
        };
        // The loop starts at the product's link to its factory.
        let first_step = [factory];
        let cycle = shortest_cycle(
            product,
            |node| {
                if node == product {
                    &first_step
                } else {
                    &needs[node]
                }
            },
            &members,
        );
        let products = cycle
            .iter()
            .enumerate()
            .filter(|&(i, &node)| made_by(node, cycle[(i + 1) % cycle.len()]))
            .map(|(_, &node)| ContractRef::of(contracts[node]))
            .collect();
        violations.push(Violation::FactoryCycle {
            cycle: cycle
                .iter()
                .map(|&i| ContractRef::of(contracts[i]))
                .collect(),
            made_by: products,
        });
    }
}

/// Contracts that replace each other in a loop. Each contract replaces at most one
/// type, so the `replaces` links form a functional graph: one walk per contract, each
/// node visited once, finds every loop. Returns, by position, whether each contract is
/// on a loop: no side of one is the legacy, so the phase rules skip them.
pub(super) fn replacement_cycles(graph: &Graph<'_>, violations: &mut Vec<Violation>) -> Vec<bool> {
    let contracts = graph.contracts();
    let next: Vec<Option<usize>> = contracts
        .iter()
        .map(|c| {
            c.replaces()
                .and_then(|replaced| graph.index.position_of(replaced.id()))
        })
        .collect();
    // 0: not visited; walk + 1: on the walk in progress; usize::MAX: done.
    let mut state = vec![0usize; contracts.len()];
    let mut on_cycle = vec![false; contracts.len()];
    for start in 0..contracts.len() {
        let walk = start + 1;
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(node) = at {
            if state[node] != 0 {
                if state[node] == walk {
                    // Back on this walk: the loop is the path from `node` on.
                    let from = path.iter().position(|&p| p == node).unwrap_or(0);
                    let mut cycle: Vec<usize> = path[from..].to_vec();
                    // Start at the smallest, so each loop reads the same every run.
                    if let Some(first) = (0..cycle.len()).min_by_key(|&i| cycle[i]) {
                        cycle.rotate_left(first);
                    }
                    for &member in &cycle {
                        on_cycle[member] = true;
                    }
                    violations.push(Violation::ReplacementCycle {
                        cycle: cycle
                            .iter()
                            .map(|&i| ContractRef::of(contracts[i]))
                            .collect(),
                    });
                }
                break;
            }
            state[node] = walk;
            path.push(node);
            at = next[node];
        }
        for node in path {
            state[node] = usize::MAX;
        }
    }
    on_cycle
}

/// The strongly connected components of `n` nodes that hold a cycle (two members or
/// more, or one that needs itself), each sorted, ordered by their smallest member.
/// Only these are copied out: in a graph without cycles, the usual one, this allocates
/// nothing per node, which the first `validate_all()` of a large registry notices.
fn cyclic_components<'a>(n: usize, successors: impl Fn(usize) -> &'a [usize]) -> Vec<Vec<usize>> {
    let mut components = Vec::new();
    algo::visit_strongly_connected(n, &successors, |members| {
        let cyclic = match members {
            [only] => successors(*only).contains(only),
            _ => true,
        };
        if cyclic {
            let mut component = members.to_vec();
            component.sort_unstable();
            components.push(component);
        }
    });
    components.sort_by_key(|c| c.first().copied());
    components
}

/// The shortest path from `start` back to itself inside `members` (breadth first).
fn shortest_cycle<'a>(
    start: usize,
    successors: impl Fn(usize) -> &'a [usize],
    members: &HashSet<usize>,
) -> Vec<usize> {
    let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &target in successors(node) {
            if !members.contains(&target) {
                continue;
            }
            if target == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    let Some(&previous) = parent.get(&at) else {
                        break;
                    };
                    at = previous;
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(entry) = parent.entry(target) {
                entry.insert(node);
                queue.push_back(target);
            }
        }
    }
    vec![start]
}

/// Migrations against their phase: a `complete` migration must have no consumer left on
/// the replaced type (violation) and no legacy contract (warning); an unfinished one
/// lists who is still on the replaced type (warning). A contract on a replacement
/// cycle (`on_cycle`, by position) has no migration to judge: which side is the legacy
/// is what the cycle leaves open, and its violation says so.
pub(super) fn migration_phases(
    graph: &Graph<'_>,
    on_cycle: &[bool],
    violations: &mut Vec<Violation>,
    warnings: &mut Vec<Warning>,
) {
    for (position, &contract) in graph.contracts().iter().enumerate() {
        let Some(migration) = contract.migration() else {
            continue;
        };
        if on_cycle.get(position).copied().unwrap_or(false) {
            continue;
        }
        let replaced = migration.replaces();
        let users = graph.legacy_users(replaced.id(), contract);
        let this = ContractRef::of(contract);
        let legacy = graph.contract(replaced.id()).map(ContractRef::of);
        // Declared by the legacy contract but without a contract of their own: the team
        // wrote them down, so they are on the list of who still has to move.
        let mut consumers_without_contract: Vec<&'static str> = graph
            .contract(replaced.id())
            .map(|legacy| legacy.consumers())
            .unwrap_or_default()
            .iter()
            .filter(|consumer| graph.contract(consumer.ty().id()).is_none())
            .map(|consumer| consumer.ty().name())
            .collect();
        consumers_without_contract.sort_unstable();
        consumers_without_contract.dedup();
        if migration.phase() == Phase::Complete {
            if !users.is_empty() || !consumers_without_contract.is_empty() {
                violations.push(Violation::IncompleteMigration {
                    contract: this,
                    replaced: replaced.name(),
                    legacy,
                    consumers: users,
                    consumers_without_contract,
                });
            }
            if let Some(legacy) = legacy {
                warnings.push(Warning::LegacyNotRemoved {
                    contract: this,
                    legacy,
                });
            }
        } else {
            warnings.push(Warning::MigrationInProgress {
                contract: this,
                replaced: replaced.name(),
                legacy,
                phase: migration.phase(),
                consumers: users,
                consumers_without_contract,
            });
        }
    }
}

/// X lists Y in `consumers`, Y has a contract, and Y depends neither on X nor on X's
/// factory: the consumer analysis and the code disagree.
pub(super) fn consumer_mismatch(graph: &Graph<'_>, warnings: &mut Vec<Warning>) {
    for &contract in graph.contracts() {
        let provided_as = [Some(contract.id()), contract.factory().map(|f| f.id())];
        let mismatched: Vec<ContractRef> = contract
            .consumers()
            .iter()
            .filter_map(|consumer| graph.contract(consumer.ty().id()))
            .filter(|consumer| {
                !consumer
                    .dependencies()
                    .iter()
                    .any(|d| provided_as.contains(&Some(d.ty().id())))
            })
            .map(ContractRef::of)
            .collect();
        if !mismatched.is_empty() {
            warnings.push(Warning::ConsumerMismatch {
                component: ContractRef::of(contract),
                consumers: mismatched,
            });
        }
    }
}
