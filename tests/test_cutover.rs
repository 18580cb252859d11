//! The cutover switch: routing per consumer, one-at-a-time moves, rollbacks, exact
//! counters under concurrent routing while flags flip, async use, and its status in
//! the validation report.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use contracts_core::cutover::{Cutover, CutoverError, Route, Side};
use contracts_core::{ContractBuilder, Phase, Risk};

#[derive(Debug)]
struct Legacy;
#[derive(Debug)]
struct New;

trait Sink: Send + Sync {
    fn name(&self) -> &'static str;
}
impl Sink for Legacy {
    fn name(&self) -> &'static str {
        "legacy"
    }
}
impl Sink for New {
    fn name(&self) -> &'static str {
        "new"
    }
}

fn cutover() -> Cutover<Legacy, New> {
    Cutover::new(Legacy, New)
        .with_labels("agent-websocket-bridge", "user-websocket-bridge")
        .with_consumers(["execution-engine", "supervisor-factory", "tool-dispatcher"])
}

fn serve(cutover: &Cutover<Legacy, New>, consumer: &str) -> &'static str {
    cutover
        .route(consumer)
        .either(|l| l as &dyn Sink, |n| n as &dyn Sink)
        .name()
}

#[test]
fn every_consumer_starts_on_legacy() {
    let cutover = cutover();
    for consumer in ["execution-engine", "supervisor-factory", "tool-dispatcher"] {
        assert_eq!(cutover.side(consumer), Some(Side::Legacy));
        assert_eq!(serve(&cutover, consumer), "legacy");
    }
    assert_eq!(
        cutover.consumer_names(),
        ["execution-engine", "supervisor-factory", "tool-dispatcher"]
    );
}

#[test]
fn consumers_move_one_at_a_time_and_roll_back_alone_or_all_together() {
    let cutover = cutover();
    assert_eq!(cutover.move_to_new("execution-engine"), Ok(Side::Legacy));
    assert_eq!(serve(&cutover, "execution-engine"), "new");
    assert_eq!(
        serve(&cutover, "supervisor-factory"),
        "legacy",
        "others stay"
    );

    assert_eq!(cutover.move_next().as_deref(), Some("supervisor-factory"));
    assert_eq!(cutover.move_next().as_deref(), Some("tool-dispatcher"));
    assert_eq!(cutover.move_next(), None, "everyone moved");
    assert!(cutover.status().is_complete());

    assert_eq!(cutover.rollback("supervisor-factory"), Ok(Side::New));
    assert_eq!(serve(&cutover, "supervisor-factory"), "legacy");
    assert_eq!(serve(&cutover, "tool-dispatcher"), "new");
    assert!(!cutover.status().is_complete());

    assert_eq!(cutover.rollback_all(), 2);
    assert_eq!(cutover.status().on(Side::New), Vec::<&str>::new());
    assert_eq!(cutover.rollback_all(), 0, "idempotent");

    let status = cutover.status();
    assert_eq!(
        cutover.legacy().name(),
        "legacy",
        "direct access, uncounted"
    );
    assert_eq!(cutover.replacement().name(), "new");
    let supervisor = &status.consumers[1];
    assert_eq!(supervisor.consumer, "supervisor-factory");
    assert_eq!((supervisor.moves, supervisor.rollbacks), (1, 1));
}

#[test]
fn unknown_consumers_are_served_by_legacy_counted_and_cannot_be_moved() {
    let cutover = cutover();
    assert_eq!(serve(&cutover, "typo-engine"), "legacy");
    assert_eq!(cutover.status().unregistered_calls, 1);
    let error = cutover.move_to_new("typo-engine").unwrap_err();
    assert!(matches!(error, CutoverError::UnknownConsumer { .. }));
    assert_eq!(
        error.to_string(),
        "consumer `typo-engine` is not registered with the cutover `agent-websocket-bridge -> user-websocket-bridge`; \
         register it first (known consumers: `execution-engine`, `supervisor-factory`, `tool-dispatcher`)"
    );
    assert!(cutover
        .status()
        .to_string()
        .contains("1 call from unregistered consumers served by legacy"));
}

#[test]
fn an_empty_or_blank_consumer_name_is_refused() {
    let cutover = cutover();
    for blank in ["", " ", "\t\n"] {
        let error = cutover.register(blank).unwrap_err();
        assert_eq!(
            error,
            CutoverError::EmptyName {
                consumer: blank.to_owned(),
                cutover: "agent-websocket-bridge -> user-websocket-bridge".to_owned(),
            }
        );
        // Moving or rolling back a blank name says the same, not "register it first".
        assert_eq!(cutover.rollback(blank).unwrap_err(), error);
        assert_eq!(cutover.move_to_new(blank).unwrap_err(), error);
    }
    assert_eq!(
        cutover.register("").unwrap_err().to_string(),
        "the consumer name is empty, which no consumer of the cutover \
         `agent-websocket-bridge -> user-websocket-bridge` can have; name each consumer, e.g. by its contract's name"
    );
    assert_eq!(
        cutover.register("  ").unwrap_err().to_string(),
        "the consumer name is only whitespace, which no consumer of the cutover \
         `agent-websocket-bridge -> user-websocket-bridge` can have; name each consumer, e.g. by its contract's name"
    );
    // `with_consumers` skips blank names: no blank row in the status.
    let cutover = Cutover::new(Legacy, New).with_consumers(["a", "", " "]);
    assert_eq!(cutover.consumer_names(), ["a"]);
    assert_eq!(
        cutover.status().to_string(),
        "cutover `legacy` -> `new`: 0 of 1 consumer on new\n  a  legacy  legacy 0 calls, new 0 calls\n"
    );
}

#[test]
fn surrounding_whitespace_is_not_part_of_a_consumer_name() {
    // Names often come from configuration: `" checkout "` is the consumer `checkout`,
    // wherever it is written so.
    let cutover = Cutover::new(Legacy, New).with_consumers([" checkout ", "refunds\n"]);
    assert_eq!(cutover.consumer_names(), ["checkout", "refunds"]);
    assert_eq!(cutover.move_to_new("checkout"), Ok(Side::Legacy));
    assert_eq!(serve(&cutover, "checkout"), "new");
    assert_eq!(serve(&cutover, "  checkout"), "new");
    assert_eq!(cutover.side("refunds "), Some(Side::Legacy));
    assert_eq!(cutover.register("\trefunds"), cutover.register("refunds"));
    assert_eq!(
        cutover.consumer_key(" refunds"),
        cutover.consumer_key("refunds")
    );
    assert_eq!(cutover.consumer_names(), ["checkout", "refunds"]);
}

#[test]
fn consumers_register_at_run_time_until_the_capacity() {
    let cutover = Cutover::with_capacity(Legacy, New, 2);
    let a = cutover.register("a").unwrap();
    assert_eq!(
        cutover.register("a").unwrap(),
        a,
        "registering twice is a no-op"
    );
    cutover.register("b").unwrap();
    let error = cutover.register("c").unwrap_err();
    assert_eq!(
        error.to_string(),
        "cutover `legacy -> new` already has 2 consumers, its capacity; build it with a larger `with_capacity(..)`"
    );
    cutover.move_to_new("b").unwrap();
    let b = cutover.consumer_key("b").unwrap();
    assert!(cutover.route_key(b).is_new());
    assert_eq!(cutover.route_key(a).side(), Side::Legacy);
}

#[test]
fn with_consumers_grows_the_table_to_hold_every_name() {
    // More than the default table, plus repeats, after one registered already.
    let names: Vec<String> = (0..70).map(|i| format!("consumer-{i}")).collect();
    let cutover = Cutover::with_capacity(Legacy, New, 2)
        .with_consumers(["first"])
        .with_consumers(names.iter().chain(&names));
    assert_eq!(cutover.consumer_names().len(), 71);
    assert_eq!(cutover.consumer_names()[0], "first");
    while cutover.move_next().is_some() {}
    assert!(cutover.status().is_complete());
    for name in &names {
        assert!(cutover.route(name).is_new(), "{name} moved");
    }
    let status = cutover.status().to_string();
    assert!(status.contains("71 of 71 consumers on new"), "{status}");
    // Room is left for consumers that register at run time.
    cutover.register("late").unwrap();
    assert!(
        !cutover.status().is_complete(),
        "the late consumer is on legacy"
    );
}

#[test]
fn status_displays_and_serializes_which_consumer_is_on_which_side() {
    let cutover = cutover();
    cutover.move_to_new("execution-engine").unwrap();
    for _ in 0..3 {
        serve(&cutover, "execution-engine");
    }
    serve(&cutover, "supervisor-factory");
    cutover.move_to_new("tool-dispatcher").unwrap();
    cutover.rollback("tool-dispatcher").unwrap();

    let status = cutover.status();
    assert_eq!(
        status.to_string(),
        "cutover `agent-websocket-bridge` -> `user-websocket-bridge`: 1 of 3 consumers on new\n\
         \x20 execution-engine    new     legacy 0 calls, new 3 calls\n\
         \x20 supervisor-factory  legacy  legacy 1 call, new 0 calls\n\
         \x20 tool-dispatcher     legacy  legacy 0 calls, new 0 calls, rolled back 1 time\n"
    );
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(json["legacy"], "agent-websocket-bridge");
    assert_eq!(json["consumers"][0]["consumer"], "execution-engine");
    assert_eq!(json["consumers"][0]["side"], "new");
    assert_eq!(json["consumers"][0]["new_calls"], 3);
    assert_eq!(json["consumers"][2]["rollbacks"], 1);
    assert_eq!(json["unregistered_calls"], 0);
}

#[test]
fn the_status_goes_into_the_validation_report() {
    let cutover = cutover();
    cutover.move_to_new("execution-engine").unwrap();
    let report = contracts_core::validate_all().with_cutover(cutover.status());
    assert_eq!(report.cutovers(), [cutover.status()]);
    let text = report.to_string();
    assert!(
        text.ends_with(&cutover.status().to_string()),
        "the cutover section ends the report:\n{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["cutovers"][0]["consumers"][0]["side"], "new");
    // A report without a cutover has no `cutovers` key: its JSON is unchanged.
    let plain: serde_json::Value =
        serde_json::from_str(&contracts_core::validate_all().to_json()).unwrap();
    assert!(plain.get("cutovers").is_none());
}

#[test]
fn a_cutover_for_a_migration_registers_the_declared_consumers_and_those_still_on_legacy() {
    let engine = ContractBuilder::new(3, "execution-engine")
        .depends_on(4, "BridgeFactory")
        .build();
    let supervisor = ContractBuilder::new(5, "supervisor-factory")
        .depends_on(1, "AgentBridge")
        .build();
    let legacy = ContractBuilder::new(1, "agent-bridge").build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .replaces(1, "AgentBridge", Phase::Parallel)
        .consumer(3, "ExecutionEngine", &[])
        .consumer(6, "Unannotated", &[])
        .build();
    let cutover = Cutover::for_migration(bridge, [engine, supervisor, legacy, bridge], Legacy, New);
    // In the plan's order (moved ones first, they are done).
    assert_eq!(
        cutover.consumer_names(),
        ["execution-engine", "Unannotated", "supervisor-factory"]
    );
    let status = cutover.status();
    assert_eq!(
        (status.legacy.as_str(), status.new.as_str()),
        ("agent-bridge", "user-bridge"),
        "the replaced type is labelled by its contract's name"
    );
}

#[test]
fn a_cutover_counts_the_legacys_declared_consumers_as_validation_does() {
    // The legacy lists `Ghost` (no contract) and `panel` as its consumers; neither
    // depends on it. Validation counts both as still on the legacy, so the cutover
    // cannot be complete before they have moved.
    let legacy = ContractBuilder::new(1, "agent-bridge")
        .consumer(7, "Ghost", &[])
        .consumer(8, "Panel", &["notify"])
        .build();
    let panel = ContractBuilder::new(8, "panel").build();
    let engine = ContractBuilder::new(3, "engine")
        .depends_on(1, "AgentBridge")
        .build();
    let bridge = ContractBuilder::new(2, "user-bridge")
        .replaces(1, "AgentBridge", Phase::Parallel)
        .build();
    let contracts = [legacy, panel, engine, bridge];
    let report = contracts_core::Validator::new().validate_contracts(&contracts, None);
    assert!(
        report.to_string().contains(
            "still on it: `engine` (<synthetic>:0), `panel` (<synthetic>:0), `Ghost` (no contract)"
        ),
        "{report}"
    );
    let cutover = Cutover::for_migration(bridge, contracts, Legacy, New);
    assert_eq!(cutover.consumer_names(), ["engine", "panel", "Ghost"]);
    assert!(cutover.move_next().is_some());
    assert!(!cutover.status().is_complete());
}

#[test]
fn a_cutover_for_a_migration_moves_consumers_in_the_plans_order() {
    // The plan moves the least risky first: `move_next` follows it, not the alphabet.
    let legacy = ContractBuilder::new(1, "gateway").build();
    let adapter = ContractBuilder::new(2, "adapter")
        .replaces(1, "Gateway", Phase::Migrating)
        .build();
    let consumer = |id: u64, name: &str, risk: Risk| {
        ContractBuilder::new(id, name)
            .risk(risk)
            .depends_on(1, "Gateway")
            .build()
    };
    let contracts = [
        legacy,
        adapter,
        consumer(3, "checkout", Risk::Critical),
        consumer(4, "refunds", Risk::Medium),
        consumer(5, "audit", Risk::Low),
    ];
    let graph = contracts_core::graph::ContractGraph::new(&contracts);
    let plan = contracts_core::analysis::MigrationPlan::new(&graph, graph.find("gateway").unwrap())
        .unwrap();
    let planned: Vec<&str> = plan.phases[2]
        .steps
        .iter()
        .filter_map(|s| s.consumer)
        .collect();
    assert_eq!(planned, ["audit", "refunds", "checkout"]);
    let cutover = Cutover::for_migration(adapter, contracts, Legacy, New);
    assert_eq!(cutover.consumer_names(), planned);
    assert_eq!(cutover.move_next().as_deref(), Some("audit"));
    assert_eq!(cutover.move_next().as_deref(), Some("refunds"));
}

#[test]
fn for_migration_leaves_room_to_register_as_many_consumers_again() {
    // 40 contracts still on the legacy type: more than the default table's half.
    let legacy = ContractBuilder::new(1, "legacy").build();
    let users: Vec<_> = (0..40)
        .map(|i| {
            ContractBuilder::new(100 + i, format!("user-{i}"))
                .depends_on(1, "Legacy")
                .build()
        })
        .collect();
    let bridge = ContractBuilder::new(2, "bridge")
        .replaces(1, "Legacy", Phase::Parallel)
        .build();
    let mut contracts = vec![legacy, bridge];
    contracts.extend(&users);
    let cutover = Cutover::for_migration(bridge, contracts, Legacy, New);
    assert_eq!(cutover.consumer_names().len(), 40);
    for i in 0..40 {
        cutover.register(&format!("late-{i}")).unwrap();
    }
    assert_eq!(cutover.consumer_names().len(), 80);
}

#[test]
fn cutover_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Cutover<Legacy, New>>();
    assert_send_sync::<Route<'static, Legacy, New>>();
}

#[test]
fn concurrent_routing_while_flags_flip_counts_every_call_exactly() {
    const THREADS: usize = 8;
    const CALLS: u64 = 20_000;
    let consumers = ["a", "b", "c", "d"];
    let cutover = Arc::new(Cutover::new(Legacy, New).with_consumers(consumers));
    let stop = Arc::new(AtomicBool::new(false));

    // One thread flips flags as fast as it can: moves, rollbacks, rollback_all.
    let flipper = {
        let cutover = Arc::clone(&cutover);
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut flips = 0_u64;
            while !stop.load(Ordering::Relaxed) {
                let consumer = consumers[(flips % 4) as usize];
                match flips % 3 {
                    0 => drop(cutover.move_to_new(consumer)),
                    1 => drop(cutover.rollback(consumer)),
                    _ => {
                        cutover.move_next();
                        if flips % 7 == 0 {
                            cutover.rollback_all();
                        }
                    }
                }
                flips += 1;
            }
            flips
        })
    };

    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let cutover = Arc::clone(&cutover);
            std::thread::spawn(move || {
                // What this thread saw, per consumer: (legacy, new).
                let mut seen = [(0_u64, 0_u64); 4];
                let mut unregistered = 0;
                for i in 0..CALLS {
                    let index = (i as usize + t) % 5;
                    let consumer = consumers.get(index).copied().unwrap_or("stranger");
                    let route = cutover.route(consumer);
                    match (consumers.get(index), route) {
                        (Some(_), Route::Legacy(_)) => seen[index].0 += 1,
                        (Some(_), Route::New(_)) => seen[index].1 += 1,
                        (None, Route::Legacy(_)) => unregistered += 1,
                        (None, Route::New(_)) => panic!("an unregistered consumer reached new"),
                    }
                }
                (seen, unregistered)
            })
        })
        .collect();

    let mut expected = [(0_u64, 0_u64); 4];
    let mut unregistered = 0;
    for worker in workers {
        let (seen, strangers) = worker.join().unwrap();
        for (total, part) in expected.iter_mut().zip(seen) {
            total.0 += part.0;
            total.1 += part.1;
        }
        unregistered += strangers;
    }
    stop.store(true, Ordering::Relaxed);
    let flips = flipper.join().unwrap();
    assert!(flips > 0);

    let status = cutover.status();
    let mut total = 0;
    for (consumer, (legacy, new)) in consumers.iter().zip(expected) {
        let counted = status
            .consumers
            .iter()
            .find(|c| c.consumer == *consumer)
            .unwrap();
        assert_eq!(
            (counted.legacy_calls, counted.new_calls),
            (legacy, new),
            "the counters match the calls each side served for `{consumer}`"
        );
        total += legacy + new;
    }
    assert_eq!(status.unregistered_calls, unregistered);
    assert_eq!(total + unregistered, THREADS as u64 * CALLS, "no call lost");
}

#[test]
fn registering_while_routing_never_blocks_or_loses_a_call() {
    let cutover = Arc::new(Cutover::with_capacity(Legacy, New, 256));
    let registrar = {
        let cutover = Arc::clone(&cutover);
        std::thread::spawn(move || {
            for i in 0..200 {
                cutover.register(&format!("consumer-{i}")).unwrap();
                cutover.move_to_new(&format!("consumer-{i}")).unwrap();
            }
        })
    };
    let router = {
        let cutover = Arc::clone(&cutover);
        std::thread::spawn(move || {
            for i in 0..20_000 {
                let _ = cutover.route(&format!("consumer-{}", i % 200));
            }
        })
    };
    registrar.join().unwrap();
    router.join().unwrap();
    let status = cutover.status();
    assert_eq!(status.consumers.len(), 200);
    assert!(status.is_complete());
    let served: u64 = status
        .consumers
        .iter()
        .map(|c| c.legacy_calls + c.new_calls)
        .sum::<u64>()
        + status.unregistered_calls;
    assert_eq!(served, 20_000);
}

/// Polls a future to completion on this thread (the futures here never wait).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|context| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            context.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await
}

impl Legacy {
    async fn deliver(&self, events: usize) -> usize {
        yield_once().await;
        events
    }
}

impl New {
    async fn deliver(&self, events: usize) -> usize {
        yield_once().await;
        events * 10
    }
}

#[test]
fn routing_works_across_awaits_and_the_future_is_send() {
    let cutover = Arc::new(cutover());

    async fn deliver(cutover: Arc<Cutover<Legacy, New>>, consumer: &'static str) -> usize {
        // The route borrows the cutover across the await; no lock is held.
        match cutover.route(consumer) {
            Route::Legacy(bridge) => bridge.deliver(5).await,
            Route::New(bridge) => bridge.deliver(5).await,
        }
    }

    fn assert_send<F: Future + Send>(future: F) -> F {
        future
    }

    assert_eq!(
        block_on(assert_send(deliver(
            Arc::clone(&cutover),
            "execution-engine"
        ))),
        5
    );
    cutover.move_to_new("execution-engine").unwrap();
    assert_eq!(
        block_on(assert_send(deliver(
            Arc::clone(&cutover),
            "execution-engine"
        ))),
        50
    );
    // From another thread too.
    let remote = Arc::clone(&cutover);
    let answer = std::thread::spawn(move || block_on(deliver(remote, "execution-engine")))
        .join()
        .unwrap();
    assert_eq!(answer, 50);
    assert_eq!(cutover.status().consumers[0].new_calls, 2);
}
