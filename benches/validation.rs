//! Validation, graph queries and exports over synthetic registries (issue 6).
//!
//! `cargo bench --bench validation` prints a summary first (medians measured in this
//! run: the ratio to a hand-written baseline, peak heap memory, the scaling series),
//! then divan's table. `cargo test --benches` runs each divan benchmark once and skips
//! the summary.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use common::{baseline, benchmarking, human, median, paired, provided, registry, SetState};
use contracts_core::graph::{ContractGraph, Reach};
use contracts_core::{ComponentId, ComponentSource, Contract, ContractSet, Validator};

// ---------------------------------------------------------------------------------
// Peak heap memory. Bench-only tool code: a global allocator that forwards to the
// system allocator and keeps the number of live bytes and its high-water mark. The
// `unsafe` is the `GlobalAlloc` contract itself; every call is passed through
// unchanged, so the allocator is exactly as sound as `System`.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: forwards every request to `System` with the caller's layout and pointer.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns the heap's high-water mark during it, above what was live
/// before, in bytes.
fn peak_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = f();
    (result, PEAK.load(Ordering::Relaxed) - before)
}

fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Resident set size high-water mark of this process, from `/proc/self/status`.
fn vm_hwm() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}

// ---------------------------------------------------------------------------------
// Fixtures, built once per process.

const N: usize = 10_000;

struct Fixture {
    contracts: Vec<&'static Contract>,
    state: SetState,
    graph: ContractGraph,
    /// The same contracts indexed once, as the registry is for `validate_app_state`.
    set: ContractSet,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let contracts = registry(N);
        let graph = ContractGraph::new(&contracts);
        Fixture {
            state: SetState(provided(N, 0)),
            set: ContractSet::new(&contracts),
            contracts,
            graph,
        }
    })
}

fn validate(contracts: &[&'static Contract], state: &dyn ComponentSource) -> usize {
    let report = Validator::new().validate_contracts(contracts, Some(state));
    report.checked() + report.violations().len()
}

/// Validation of an index built beforehand: what `validate_app_state` costs on the
/// registry, whose index is built once per process.
fn validate_indexed(set: &ContractSet, state: &dyn ComponentSource) -> usize {
    let report = Validator::new().validate_set(set, Some(state));
    report.checked() + report.violations().len()
}

// ---------------------------------------------------------------------------------
// The summary: figures that need more than one measurement (ratios, memory, series).

fn summary() {
    let f = fixture();
    let edges: usize = f.contracts.iter().map(|c| c.dependencies().len()).sum();
    println!("== validation summary (medians of this run) ==");
    println!(
        "registry: {} contracts, {} dependency edges",
        f.contracts.len(),
        edges
    );

    let report = Validator::new().validate_contracts(&f.contracts, Some(&f.state));
    assert!(
        report.is_ok(),
        "the benchmark state must provide everything"
    );
    // Each run of ours is paired with a run of the baseline, back to back: see `paired`.
    let (ours, base, ratio) = paired(
        31,
        || validate_indexed(&f.set, &f.state),
        || baseline(&f.contracts, &f.state.0),
    );
    let with_index = median(31, || validate(&f.contracts, &f.state));
    println!(
        "validate_set (indexed once, like validate_app_state), fully provided: {}  (goal <= 5 ms)",
        human(ours)
    );
    println!(
        "validate_contracts (indexes the list on every call):                  {}",
        human(with_index)
    );
    println!("hand-written HashSet baseline:           {}", human(base));
    println!(
        "ratio validate_set / baseline:           {ratio:.2}x  (goal <= 3x; median of 31 back-to-back pairs)"
    );

    let (_, validate_peak) = peak_during(|| validate(&f.contracts, &f.state));
    let (_, build_peak) = peak_during(|| {
        let contracts = registry(N);
        let state = SetState(provided(N, 0));
        validate(&contracts, &state)
    });
    println!(
        "peak heap during one validation run:     {}  (goal <= 32 MiB)",
        mib(validate_peak)
    );
    println!(
        "peak heap building the 10,000 contracts and the state, then validating: {}",
        mib(build_peak)
    );
    if let Some(hwm) = vm_hwm() {
        println!("process peak RSS so far (VmHWM, includes the fixtures): {hwm}");
    }

    println!();
    println!("scaling: time per contract (ns), medians");
    println!(
        "{:>9} {:>14} {:>22} {:>22}",
        "contracts", "validate", "validate+render 1%miss", "graph+order+dot"
    );
    for n in [100, 1_000, 10_000, 100_000] {
        let contracts = registry(n);
        let full = SetState(provided(n, 0));
        let partial = SetState(provided(n, 100));
        let runs = if n >= 100_000 { 5 } else { 15 };
        let per = |d: std::time::Duration| d.as_nanos() as f64 / n as f64;
        let v = median(runs, || validate(&contracts, &full));
        let r = median(runs, || {
            Validator::new()
                .validate_contracts(&contracts, Some(&partial))
                .to_string()
                .len()
        });
        let g = median(runs, || {
            let graph = ContractGraph::new(&contracts);
            let order = graph.startup_order().map(|o| o.len()).unwrap_or(0);
            order + graph.view().to_dot().len()
        });
        println!("{n:>9} {:>14.0} {:>22.0} {:>22.0}", per(v), per(r), per(g));
    }
    println!();
    worst_shapes();
}

/// The shapes that would expose a quadratic corner: time per contract must stay flat.
fn worst_shapes() {
    use common::worst;
    use contracts_core::analysis::{ComplianceReport, MigrationPlan};
    use contracts_core::snapshot::{diff, Snapshot};

    println!("worst shapes: time per contract (ns), medians");
    println!(
        "{:>9} {:>14} {:>21} {:>20} {:>16} {:>22} {:>27} {:>22}",
        "contracts",
        "ring: order",
        "chain: impact+paths",
        "diff: half removed",
        "hub: plan+json",
        "hub missing: validate",
        "factory users: compliance",
        "diff: every signature"
    );
    for n in [1_000, 10_000, 100_000] {
        let runs = if n >= 100_000 { 3 } else { 9 };
        let per = |d: std::time::Duration| d.as_nanos() as f64 / n as f64;

        let ring = ContractGraph::new(&worst::ring(n));
        let order = median(runs, || {
            ring.startup_order().err().map_or(0, |c| c.cycles().len())
        });

        let chain = ContractGraph::new(&worst::chain(n));
        let first = chain.find("c000000").expect("the chain starts at c000000");
        // What `contracts impact` prints: every component with the last edges of its path.
        let impact = median(runs, || {
            let impact = chain.impact_of(first);
            impact
                .entries()
                .iter()
                .map(|e| impact.last_edges_to(e.node(), 6).len())
                .sum::<usize>()
        });

        let registry = registry(n);
        let before = Snapshot::from_contracts(registry.iter().copied());
        let after = Snapshot::from_contracts(registry.iter().copied().step_by(2));
        let diffed = median(runs, || diff(&before, &after).changes().len());

        let hub = ContractGraph::new(&worst::hub_migration(n));
        let legacy = hub.find("legacy").expect("the hub is named legacy");
        // The legacy hub missing: one violation listing every consumer, rendered.
        let hub_contracts = worst::hub_migration(n);
        let consumers_only = SetState((2..n as u64).map(ComponentId::synthetic).collect());
        let grouped = median(runs, || {
            Validator::new()
                .validate_contracts(&hub_contracts, Some(&consumers_only))
                .to_string()
                .len()
        });

        let plan = median(runs, || {
            MigrationPlan::new(&hub, legacy).map_or(0, |p| p.to_json().len())
        });

        // Every user of the legacy's factory still on the legacy: the compliance
        // report, as Markdown.
        let users = worst::factory_users(n);
        let users_graph = ContractGraph::new(&users);
        let users_report = Validator::new().validate_contracts(&users, None);
        let compliance = median(runs, || {
            ComplianceReport::new(&users_graph, &users_report)
                .to_markdown()
                .len()
        });

        // Every required method's signature changed, each with a declared caller.
        let old = Snapshot::from_contracts(worst::signatures(n, "u32"));
        let new = Snapshot::from_contracts(worst::signatures(n, "u64"));
        let resigned = median(runs, || diff(&old, &new).changes().len());

        println!(
            "{n:>9} {:>14.0} {:>21.0} {:>20.0} {:>16.0} {:>22.0} {:>27.0} {:>22.0}",
            per(order),
            per(impact),
            per(diffed),
            per(plan),
            per(grouped),
            per(compliance),
            per(resigned)
        );
    }
    println!();
}

fn main() {
    // `BENCH_PROFILE=1 valgrind --tool=callgrind <this binary>`: ten validations of the
    // 10,000 registry and nothing else, for a profile.
    if std::env::var_os("BENCH_PROFILE").is_some() {
        let f = fixture();
        let total: usize = (0..10).map(|_| validate(&f.contracts, &f.state)).sum();
        println!("{total}");
        return;
    }
    if benchmarking() {
        summary();
    }
    divan::main();
}

// ---------------------------------------------------------------------------------
// divan benchmarks over the 10,000-contract registry.

#[divan::bench(sample_count = 30)]
fn validate_set_10k(bencher: divan::Bencher) {
    let f = fixture();
    bencher.bench(|| validate_indexed(&f.set, &f.state));
}

#[divan::bench(sample_count = 30)]
fn validate_contracts_10k(bencher: divan::Bencher) {
    let f = fixture();
    bencher.bench(|| validate(&f.contracts, &f.state));
}

#[divan::bench(sample_count = 30)]
fn baseline_hashset_10k(bencher: divan::Bencher) {
    let f = fixture();
    bencher.bench(|| baseline(&f.contracts, &f.state.0));
}

#[divan::bench(sample_count = 30)]
fn graph_build_10k(bencher: divan::Bencher) {
    let f = fixture();
    bencher.bench(|| ContractGraph::new(&f.contracts).nodes().len());
}

/// The component everybody ends up using: contract 0, at the bottom of the graph.
fn bottom(graph: &ContractGraph) -> contracts_core::graph::NodeId {
    graph.find("component-000000").expect("contract 0 exists")
}

#[divan::bench(sample_count = 30)]
fn transitive_consumers_10k(bencher: divan::Bencher) {
    let graph = &fixture().graph;
    let node = bottom(graph);
    bencher.bench(|| graph.consumers_of(node, Reach::Transitive).len());
}

#[divan::bench(sample_count = 30)]
fn impact_10k(bencher: divan::Bencher) {
    let graph = &fixture().graph;
    let node = bottom(graph);
    bencher.bench(|| graph.impact_of(node).entries().len());
}

#[divan::bench(sample_count = 30)]
fn startup_order_10k(bencher: divan::Bencher) {
    let graph = &fixture().graph;
    bencher.bench(|| graph.startup_order().map(|o| o.len()).unwrap_or(0));
}

#[divan::bench(sample_count = 20)]
fn export_dot_10k(bencher: divan::Bencher) {
    let graph = &fixture().graph;
    bencher.bench(|| graph.view().to_dot().len());
}

#[divan::bench(sample_count = 20)]
fn export_mermaid_10k(bencher: divan::Bencher) {
    let graph = &fixture().graph;
    bencher.bench(|| graph.view().to_mermaid().len());
}

#[divan::bench(sample_count = 20)]
fn export_json_10k(bencher: divan::Bencher) {
    let graph = &fixture().graph;
    bencher.bench(|| graph.view().to_json().len());
}
