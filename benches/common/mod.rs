//! Shared by the benchmarks: synthetic registries built through `ContractBuilder`, the
//! states that serve them, and a small median timer for the figures printed beside
//! divan's table.

#![allow(dead_code)]

use std::collections::HashSet;
use std::time::{Duration, Instant};

use contracts_core::{ComponentId, ComponentSource, Contract, ContractBuilder, Phase};

/// Synthetic identities of the components that have no contract but are provided by the
/// state (the first contracts' dependencies, the legacy types of migrations).
const EXTERNAL: u64 = 1_000_000_000;
const LEGACY: u64 = 2_000_000_000;

/// Dependencies per contract.
pub const DEPENDENCIES: usize = 4;

/// A synthetic registry of `n` contracts with exactly `4 * n` dependency edges, acyclic:
/// contract `i` depends on four distinct earlier contracts chosen pseudo-randomly (the
/// first four contracts fill up with external components). One contract in 100 is in
/// the middle of a migration (`replaces = legacy, phase = "parallel"`), so the
/// migration rules have work to do.
pub fn registry(n: usize) -> Vec<&'static Contract> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: deterministic, no dependency.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    (0..n as u64)
        .map(|i| {
            let mut builder = ContractBuilder::new(i, format!("component-{i:06}"))
                .location("benches/synthetic.rs", 1 + i as u32);
            let mut chosen: Vec<u64> = Vec::with_capacity(DEPENDENCIES);
            while chosen.len() < DEPENDENCIES {
                let target = if (chosen.len() as u64) < i {
                    // Mostly near neighbours, sometimes far away: deep and wide.
                    let span = if next() % 4 == 0 { i } else { i.min(64) };
                    i - 1 - next() % span
                } else {
                    EXTERNAL + chosen.len() as u64
                };
                if !chosen.contains(&target) {
                    chosen.push(target);
                }
            }
            for &target in &chosen {
                builder = if target >= EXTERNAL {
                    builder.depends_on(target, format!("External{}", target - EXTERNAL))
                } else {
                    builder.depends_on(target, format!("component-{target:06}"))
                };
            }
            if i % 100 == 50 {
                builder = builder.replaces(LEGACY + i, format!("Legacy{i}"), Phase::Parallel);
            }
            builder.build()
        })
        .collect()
}

/// Every component the registry of `n` contracts mentions, minus every `missing_every`-th
/// contract (0: none missing).
pub fn provided(n: usize, missing_every: usize) -> HashSet<ComponentId> {
    let mut ids: HashSet<ComponentId> = (0..n as u64)
        .filter(|i| missing_every == 0 || (*i as usize) % missing_every != 7 % missing_every)
        .map(ComponentId::synthetic)
        .collect();
    ids.extend((0..DEPENDENCIES as u64).map(|k| ComponentId::synthetic(EXTERNAL + k)));
    ids
}

/// A `ComponentSource` that answers from a set of identities.
pub struct SetState(pub HashSet<ComponentId>);

impl ComponentSource for SetState {
    fn provides(&self, component: std::any::TypeId) -> bool {
        self.0.contains(&ComponentId::from(component))
    }

    fn provides_id(&self, component: ComponentId) -> bool {
        self.0.contains(&component)
    }
}

/// The hand-written baseline: look every dependency up in a set, count the missing ones.
pub fn baseline(contracts: &[&'static Contract], provided: &HashSet<ComponentId>) -> usize {
    contracts
        .iter()
        .flat_map(|c| c.dependencies())
        .filter(|d| !d.is_optional() && !provided.contains(&d.ty().id()))
        .count()
}

/// The median of `runs` timings of `f` (after one warm-up call).
pub fn median<R>(runs: usize, mut f: impl FnMut() -> R) -> Duration {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// Medians of `a` and `b` over `runs` back-to-back pairs, and the median of each
/// pair's ratio `a / b`. On a machine whose speed drifts (a shared VM), the two halves
/// of a pair see the same machine, so the ratio holds where separate medians of `a` and
/// of `b`, taken minutes apart, would not.
pub fn paired<R, S>(
    runs: usize,
    mut a: impl FnMut() -> R,
    mut b: impl FnMut() -> S,
) -> (Duration, Duration, f64) {
    std::hint::black_box(a());
    std::hint::black_box(b());
    let mut a_times = Vec::with_capacity(runs.max(1));
    let mut b_times = Vec::with_capacity(runs.max(1));
    let mut ratios = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        std::hint::black_box(a());
        let a_time = start.elapsed();
        let start = Instant::now();
        std::hint::black_box(b());
        let b_time = start.elapsed();
        ratios.push(a_time.as_secs_f64() / b_time.as_secs_f64().max(f64::MIN_POSITIVE));
        a_times.push(a_time);
        b_times.push(b_time);
    }
    a_times.sort_unstable();
    b_times.sort_unstable();
    ratios.sort_unstable_by(f64::total_cmp);
    let middle = ratios.len() / 2;
    (a_times[middle], b_times[middle], ratios[middle])
}

/// `1.23 ms`-style rendering.
pub fn human(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.3} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `cargo bench` passes `--bench`; `cargo test --benches` does not. The summary, which
/// takes a while, runs only under `cargo bench`.
pub fn benchmarking() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// The shapes that make a careless algorithm quadratic, each of `n` contracts.
pub mod worst {
    use contracts_core::{Contract, ContractBuilder, Phase};

    fn name(i: u64) -> String {
        format!("c{i:06}")
    }

    /// One cycle through every contract: `c(i)` depends on `c(i + 1)`, the last on the
    /// first. One elementary cycle, one strongly connected component of `n` nodes.
    pub fn ring(n: usize) -> Vec<&'static Contract> {
        let n = n as u64;
        (0..n)
            .map(|i| {
                ContractBuilder::new(i, name(i))
                    .depends_on((i + 1) % n, name((i + 1) % n))
                    .build()
            })
            .collect()
    }

    /// `c(i)` depends on `c(i - 1)`: removing `c(0)` breaks everything, along paths
    /// of every length up to `n - 1`.
    pub fn chain(n: usize) -> Vec<&'static Contract> {
        (0..n as u64)
            .map(|i| {
                let builder = ContractBuilder::new(i, name(i));
                match i.checked_sub(1) {
                    Some(before) => builder.depends_on(before, name(before)),
                    None => builder,
                }
                .build()
            })
            .collect()
    }

    /// A legacy hub with `n - 2` consumers and a replacement in phase `migrating`:
    /// a migration plan with `n - 2` consumers to move.
    pub fn hub_migration(n: usize) -> Vec<&'static Contract> {
        let n = n as u64;
        let mut contracts = vec![
            ContractBuilder::new(0, "legacy").build(),
            ContractBuilder::new(1, "replacement")
                .replaces(0, "legacy", Phase::Migrating)
                .build(),
        ];
        contracts.extend((2..n).map(|i| {
            ContractBuilder::new(i, name(i))
                .depends_on(0, "legacy")
                .build()
        }));
        contracts
    }

    /// `n` contracts, each requiring `fn m(&self) -> {output}`, used by the next one
    /// (which depends on it and is its declared consumer of `m`): two of these with
    /// different outputs make a diff in which every signature changed, each with a caller.
    pub fn signatures(n: usize, output: &str) -> Vec<&'static Contract> {
        let n = n as u64;
        let signature = format!("fn m(&self) -> {output}");
        (0..n)
            .map(|i| {
                let mut builder =
                    ContractBuilder::new(i, name(i)).requires("m", Some(signature.as_str()));
                if i + 1 < n {
                    builder = builder.consumer(i + 1, name(i + 1), &["m"]);
                }
                if i > 0 {
                    builder = builder.depends_on(i - 1, name(i - 1));
                }
                builder.build()
            })
            .collect()
    }

    /// A legacy made per request by `sessions`, which `n - 3` critical contracts use, and
    /// its replacement in phase `migrating`: every user is still on the legacy, through
    /// its factory (the shape that once made the compliance report quadratic).
    pub fn factory_users(n: usize) -> Vec<&'static Contract> {
        let n = n as u64;
        let mut contracts = vec![
            ContractBuilder::new(0, "sessions").build(),
            ContractBuilder::new(1, "legacy")
                .factory(0, "sessions")
                .build(),
            ContractBuilder::new(2, "replacement")
                .replaces(1, "legacy", Phase::Migrating)
                .build(),
        ];
        contracts.extend((3..n).map(|i| {
            ContractBuilder::new(i, name(i))
                .risk(contracts_core::Risk::Critical)
                .depends_on(0, "sessions")
                .build()
        }));
        contracts
    }
}
