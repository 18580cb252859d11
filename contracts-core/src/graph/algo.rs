//! Graph algorithms on plain adjacency lists (`successors[u]`: the nodes `u` uses,
//! sorted, without duplicates). Iterative throughout, so deep graphs cannot overflow
//! the stack; linear or near-linear except cycle enumeration, which is linear per cycle
//! listed (Johnson's algorithm) and stops at a limit.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Kahn's algorithm, dependencies first: `v` comes before `u` whenever `u` uses `v`.
/// Among ready nodes the smallest goes first. `None` when there is a cycle.
pub(crate) fn topological_order(successors: &[Vec<usize>]) -> Option<Vec<usize>> {
    let keys: Vec<usize> = (0..successors.len()).collect();
    let order = prioritized_order(successors, &keys);
    (order.len() == successors.len()).then_some(order)
}

/// Kahn's algorithm where, among ready nodes, the smallest `key` (then the smallest
/// node) goes first. Nodes on or behind a cycle are left out.
pub(crate) fn prioritized_order<K: Ord + Copy>(
    successors: &[Vec<usize>],
    keys: &[K],
) -> Vec<usize> {
    let n = successors.len();
    let mut waiting: Vec<usize> = successors.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (user, used) in successors.iter().enumerate() {
        for &target in used {
            if let Some(list) = users.get_mut(target) {
                list.push(user);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(K, usize)>> = (0..n)
        .filter(|&u| waiting[u] == 0)
        .map(|u| Reverse((keys[u], u)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, node))) = ready.pop() {
        order.push(node);
        for &user in &users[node] {
            waiting[user] -= 1;
            if waiting[user] == 0 {
                ready.push(Reverse((keys[user], user)));
            }
        }
    }
    order
}

/// Tarjan's strongly connected components of the nodes `0..n`, iterative so deep
/// graphs cannot overflow the stack. `successors(node)` lists a node's out-edges (the
/// graph and the validation index keep them in different shapes). Each component's
/// members are sorted; the components come in reverse topological order of the
/// condensation (a component's successors come before it).
pub(crate) fn strongly_connected<'a>(
    n: usize,
    successors: impl Fn(usize) -> &'a [usize],
) -> Vec<Vec<usize>> {
    let mut components = Vec::new();
    visit_strongly_connected(n, successors, |members| {
        let mut component = members.to_vec();
        component.sort_unstable();
        components.push(component);
    });
    components
}

/// [`strongly_connected`], handing each component's members (in no order) to `visit`
/// instead of collecting them: a caller that keeps only some components allocates
/// nothing for the others.
pub(crate) fn visit_strongly_connected<'a>(
    n: usize,
    successors: impl Fn(usize) -> &'a [usize],
    mut visit: impl FnMut(&[usize]),
) {
    const UNVISITED: usize = usize::MAX;
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut work: Vec<(usize, usize)> = Vec::new();

    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNVISITED {
                index[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = successors(node).get(*edge) {
                *edge += 1;
                if index[target] == UNVISITED {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                // The component is the stack down to `node`, which is on it.
                let start = stack
                    .iter()
                    .rposition(|&member| member == node)
                    .unwrap_or(0);
                for &member in &stack[start..] {
                    on_stack[member] = false;
                }
                visit(&stack[start..]);
                stack.truncate(start);
            }
        }
    }
}

/// Every elementary cycle (Johnson's algorithm), at most `limit`; each starts at its
/// smallest node and follows the edges; the list is sorted. The flag says whether the
/// limit cut the enumeration short.
///
/// As in Johnson's algorithm, the search from a start node stays inside the strongly
/// connected component the start forms with the larger nodes; once the start is done,
/// that component is split again without it. A node whose component became trivial is
/// never a start, so one large cycle costs one search, not one per node. The cost is
/// Johnson's, O((n + e) * (c + 1)) for c cycles listed: each search finds at least one.
/// So with the limit of 1,000 a graph of 100,000 nodes in which each search finds only
/// one or two cycles (a path with edges both ways) still takes seconds.
pub(crate) fn elementary_cycles(
    successors: &[Vec<usize>],
    limit: usize,
) -> (Vec<Vec<usize>>, bool) {
    let n = successors.len();
    let has_cycle = |members: &[usize]| {
        members.len() > 1 || successors[members[0]].binary_search(&members[0]).is_ok()
    };
    let mut search = CircuitSearch {
        successors,
        // `member_of[v] == round`: `v` is in the component searched in this round.
        member_of: vec![0; n],
        blocked: vec![false; n],
        blocked_by: vec![Vec::new(); n],
        cycles: Vec::new(),
        limit,
    };
    let mut local_of = vec![0; n];
    // Components waiting for their search, smallest start first (Johnson's order, so
    // that a truncated list keeps the cycles of the smallest starts).
    let mut pending: BinaryHeap<Reverse<Vec<usize>>> =
        strongly_connected(n, |node| successors[node].as_slice())
            .into_iter()
            .filter(|members| has_cycle(members))
            .map(Reverse)
            .collect();
    let mut round = 0;
    let mut truncated = false;
    while let Some(Reverse(members)) = pending.pop() {
        round += 1;
        for &m in &members {
            search.member_of[m] = round;
        }
        if !search.from(&members, round) {
            truncated = true;
            break;
        }
        // The rest of the component without its start, split again.
        let rest = &members[1..];
        for (local, &m) in rest.iter().enumerate() {
            local_of[m] = local;
        }
        let local_successors: Vec<Vec<usize>> = rest
            .iter()
            .map(|&m| {
                successors[m]
                    .iter()
                    .filter(|&&v| v != members[0] && search.member_of[v] == round)
                    .map(|&v| local_of[v])
                    .collect()
            })
            .collect();
        for component in strongly_connected(rest.len(), |node| local_successors[node].as_slice()) {
            let component: Vec<usize> = component.into_iter().map(|local| rest[local]).collect();
            if has_cycle(&component) {
                pending.push(Reverse(component));
            }
        }
    }
    let mut cycles = search.cycles;
    cycles.sort();
    (cycles, truncated)
}

/// Johnson's circuit search from one start inside one component.
struct CircuitSearch<'a> {
    successors: &'a [Vec<usize>],
    member_of: Vec<usize>,
    blocked: Vec<bool>,
    blocked_by: Vec<Vec<usize>>,
    cycles: Vec<Vec<usize>>,
    limit: usize,
}

impl CircuitSearch<'_> {
    /// Records every cycle through the first (smallest) of `members`, a component whose
    /// nodes are marked with this `round`. `false` when the limit was reached.
    fn from(&mut self, members: &[usize], round: usize) -> bool {
        let successors = self.successors;
        let start = members[0];
        let mut path: Vec<usize> = vec![start];
        self.blocked[start] = true;
        // Frames: (node, next edge position, found a cycle below).
        let mut frames: Vec<(usize, usize, bool)> = vec![(start, 0, false)];
        let mut within_limit = true;
        while let Some(frame) = frames.last_mut() {
            let (node, position, _) = *frame;
            if let Some(&next) = successors[node].get(position) {
                frame.1 += 1;
                if self.member_of[next] != round {
                    continue;
                }
                if next == start {
                    frame.2 = true;
                    if self.cycles.len() >= self.limit {
                        within_limit = false;
                        break;
                    }
                    self.cycles.push(path.clone());
                } else if !self.blocked[next] {
                    path.push(next);
                    self.blocked[next] = true;
                    frames.push((next, 0, false));
                }
                continue;
            }
            // All edges of `node` done.
            let (node, _, found) = frames.pop().unwrap_or((node, 0, false));
            if found {
                self.unblock(node);
            } else {
                // Duplicates in a list only repeat an unblocking that is then a no-op;
                // checking for them would cost a scan per edge.
                for &next in &successors[node] {
                    if self.member_of[next] == round {
                        self.blocked_by[next].push(node);
                    }
                }
            }
            path.pop();
            if let Some(parent) = frames.last_mut() {
                parent.2 |= found;
            }
        }
        // Only nodes of this component were touched.
        for &node in members {
            self.blocked[node] = false;
            self.blocked_by[node].clear();
        }
        within_limit
    }

    fn unblock(&mut self, node: usize) {
        let mut work = vec![node];
        while let Some(u) = work.pop() {
            if !self.blocked[u] {
                continue;
            }
            self.blocked[u] = false;
            work.append(&mut self.blocked_by[u]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_puts_dependencies_first_and_breaks_ties_by_node() {
        // 0 uses 2, 1 uses nothing, 2 uses 1
        let successors = vec![vec![2], vec![], vec![1]];
        assert_eq!(topological_order(&successors), Some(vec![1, 2, 0]));
    }

    #[test]
    fn a_self_loop_and_a_triangle_are_both_found() {
        let successors = vec![vec![1], vec![2], vec![0], vec![3]];
        assert_eq!(topological_order(&successors), None);
        let (cycles, truncated) = elementary_cycles(&successors, 10);
        assert_eq!(cycles, vec![vec![0, 1, 2], vec![3]]);
        assert!(!truncated);
    }

    #[test]
    fn the_limit_truncates() {
        // complete graph on 4 nodes: 20 elementary cycles
        let successors: Vec<Vec<usize>> = (0..4)
            .map(|u| (0..4).filter(|&v| v != u).collect())
            .collect();
        let (all, truncated) = elementary_cycles(&successors, 1000);
        assert_eq!(all.len(), 20);
        assert!(!truncated);
        let (some, truncated) = elementary_cycles(&successors, 5);
        assert_eq!(some.len(), 5);
        assert!(truncated);
    }

    #[test]
    fn one_large_cycle_is_found_once() {
        // A ring: each node uses the next. One cycle, from its smallest node.
        let n = 100_000;
        let ring: Vec<Vec<usize>> = (0..n).map(|u| vec![(u + 1) % n]).collect();
        let (cycles, truncated) = elementary_cycles(&ring, 1000);
        assert_eq!(cycles, vec![(0..n).collect::<Vec<_>>()]);
        assert!(!truncated);
    }

    #[test]
    fn cycles_inside_a_component_that_splits_are_all_found() {
        // A two-way path 0 <-> 1 <-> 2 <-> 3 closed by 3 -> 0: besides the ring, each
        // pair is a cycle, found after the start before it is removed.
        let successors = vec![vec![1], vec![0, 2], vec![1, 3], vec![0, 2]];
        let (cycles, truncated) = elementary_cycles(&successors, 1000);
        assert_eq!(
            cycles,
            vec![vec![0, 1], vec![0, 1, 2, 3], vec![1, 2], vec![2, 3]]
        );
        assert!(!truncated);
        // Truncated, the cycles of the smallest starts are kept.
        let (first, truncated) = elementary_cycles(&successors, 2);
        assert_eq!(first, vec![vec![0, 1], vec![0, 1, 2, 3]]);
        assert!(truncated);
    }

    #[test]
    fn components_come_successors_first() {
        let successors = [vec![1], vec![2], vec![1]];
        assert_eq!(
            strongly_connected(successors.len(), |node| successors[node].as_slice()),
            vec![vec![1, 2], vec![0]]
        );
    }
}
