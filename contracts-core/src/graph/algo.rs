//! Graph algorithms on plain adjacency lists (`successors[u]`: the nodes `u` uses,
//! sorted, without duplicates). Iterative throughout, so deep graphs cannot overflow
//! the stack; linear or near-linear except cycle enumeration, which is bounded by its
//! output (Johnson's algorithm) and by a limit.

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
    const UNVISITED: usize = usize::MAX;
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut components = Vec::new();
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
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Every elementary cycle (Johnson's algorithm), at most `limit`; each starts at its
/// smallest node and follows the edges; the list is sorted. The flag says whether the
/// limit cut the enumeration short.
pub(crate) fn elementary_cycles(
    successors: &[Vec<usize>],
    limit: usize,
) -> (Vec<Vec<usize>>, bool) {
    let n = successors.len();
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    let mut truncated = false;
    let mut component_of = vec![usize::MAX; n];
    let components = strongly_connected(n, |node| successors[node].as_slice());
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            component_of[m] = c;
        }
    }

    let mut blocked = vec![false; n];
    let mut blocked_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    'starts: for start in 0..n {
        let component = component_of[start];
        let members = &components[component];
        let nontrivial = members.len() > 1 || successors[start].contains(&start);
        if !nontrivial {
            continue;
        }
        // Only nodes >= start in the same component take part.
        let allowed = |v: usize| v >= start && component_of[v] == component;
        for &m in members {
            blocked[m] = false;
            blocked_by[m].clear();
        }
        let mut path: Vec<usize> = vec![start];
        blocked[start] = true;
        // Frames: (node, next edge position, found a cycle below).
        let mut frames: Vec<(usize, usize, bool)> = vec![(start, 0, false)];
        while let Some(frame) = frames.last_mut() {
            let (node, position, _) = *frame;
            if let Some(&next) = successors[node].get(position) {
                frame.1 += 1;
                if !allowed(next) {
                    continue;
                }
                if next == start {
                    frame.2 = true;
                    if cycles.len() >= limit {
                        truncated = true;
                        break 'starts;
                    }
                    cycles.push(path.clone());
                } else if !blocked[next] {
                    path.push(next);
                    blocked[next] = true;
                    frames.push((next, 0, false));
                }
                continue;
            }
            // All edges of `node` done.
            let (node, _, found) = frames.pop().unwrap_or((node, 0, false));
            if found {
                unblock(node, &mut blocked, &mut blocked_by);
            } else {
                for &next in &successors[node] {
                    if allowed(next) && !blocked_by[next].contains(&node) {
                        blocked_by[next].push(node);
                    }
                }
            }
            path.pop();
            if let Some(parent) = frames.last_mut() {
                parent.2 |= found;
            }
        }
        for &m in members {
            blocked[m] = false;
            blocked_by[m].clear();
        }
    }
    cycles.sort();
    (cycles, truncated)
}

fn unblock(node: usize, blocked: &mut [bool], blocked_by: &mut [Vec<usize>]) {
    let mut work = vec![node];
    while let Some(u) = work.pop() {
        if !blocked[u] {
            continue;
        }
        blocked[u] = false;
        work.append(&mut blocked_by[u]);
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
    fn components_come_successors_first() {
        let successors = [vec![1], vec![2], vec![1]];
        assert_eq!(
            strongly_connected(successors.len(), |node| successors[node].as_slice()),
            vec![vec![1, 2], vec![0]]
        );
    }
}
