//! The playbook's parallel implementation and adapter with a feature flag, made safe:
//! a [`Cutover`] holds the legacy and the new implementation side by side and routes
//! each consumer to one of them by a flag that changes at run time.
//!
//! - Routing takes no lock: a consumer's side is an atomic flag, its call counters are
//!   atomic counters. Registering a consumer at run time takes a lock (routing never
//!   waits for it).
//! - Consumers move one at a time ([`Cutover::move_to_new`], [`Cutover::move_next`]);
//!   one or all roll back instantly ([`Cutover::rollback`], [`Cutover::rollback_all`]),
//!   without a redeploy.
//! - Calls served by each side are counted per consumer; [`Cutover::status`] reports
//!   which consumer is on which side, for logs, health endpoints, and the validation
//!   report ([`Report::with_cutover`](crate::Report::with_cutover)).
//! - `Cutover<L, N>` is `Send + Sync` when `L` and `N` are, and [`Route`] only borrows
//!   it, so it is safe to hold across `.await`.
//!
//! ```
//! use contracts_core::cutover::{Cutover, Route, Side};
//!
//! struct LegacyBridge;
//! struct UserBridge;
//! impl LegacyBridge { fn send(&self) -> &'static str { "legacy" } }
//! impl UserBridge { fn send(&self) -> &'static str { "new" } }
//!
//! let cutover = Cutover::new(LegacyBridge, UserBridge)
//!     .with_labels("agent-websocket-bridge", "user-websocket-bridge")
//!     .with_consumers(["execution-engine", "supervisor-factory"]);
//!
//! let send = |consumer: &str| match cutover.route(consumer) {
//!     Route::Legacy(bridge) => bridge.send(),
//!     Route::New(bridge) => bridge.send(),
//! };
//! assert_eq!(send("execution-engine"), "legacy"); // everyone starts on legacy
//!
//! cutover.move_to_new("execution-engine").unwrap();
//! assert_eq!(send("execution-engine"), "new");
//! assert_eq!(send("supervisor-factory"), "legacy");
//!
//! cutover.rollback("execution-engine").unwrap(); // instant, no redeploy
//! assert_eq!(cutover.side("execution-engine"), Some(Side::Legacy));
//!
//! let status = cutover.status();
//! assert_eq!(status.consumers[0].legacy_calls, 1);
//! assert_eq!(status.consumers[0].new_calls, 1);
//! println!("{status}");
//! ```

use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::descriptor::Contract;

/// Which implementation serves a consumer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The legacy implementation: where every consumer starts and where rollbacks go.
    Legacy,
    /// The new implementation.
    New,
}

impl Side {
    /// `legacy` or `new`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Side::Legacy => "legacy",
            Side::New => "new",
        }
    }

    const fn to_bits(self) -> u8 {
        match self {
            Side::Legacy => 0,
            Side::New => 1,
        }
    }

    const fn from_bits(bits: u8) -> Side {
        if bits == 1 {
            Side::New
        } else {
            Side::Legacy
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where one call goes: a borrow of the implementation that serves it.
#[derive(Debug)]
pub enum Route<'a, L, N> {
    /// The legacy implementation.
    Legacy(&'a L),
    /// The new implementation.
    New(&'a N),
}

impl<L, N> Clone for Route<'_, L, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L, N> Copy for Route<'_, L, N> {}

impl<'a, L, N> Route<'a, L, N> {
    /// The side serving the call.
    pub fn side(&self) -> Side {
        match self {
            Route::Legacy(_) => Side::Legacy,
            Route::New(_) => Side::New,
        }
    }

    /// Whether the new implementation serves the call.
    pub fn is_new(&self) -> bool {
        matches!(self, Route::New(_))
    }

    /// Applies `legacy` or `new` to the implementation, e.g. to get a common
    /// `&dyn Trait`:
    ///
    /// ```
    /// use contracts_core::cutover::Cutover;
    /// use std::fmt::Display;
    ///
    /// let cutover = Cutover::new(1_u8, "two").with_consumers(["a"]);
    /// let shown: &dyn Display = cutover.route("a").either(|l| l as &dyn Display, |n| n as &dyn Display);
    /// assert_eq!(shown.to_string(), "1");
    /// ```
    pub fn either<T>(self, legacy: impl FnOnce(&'a L) -> T, new: impl FnOnce(&'a N) -> T) -> T {
        match self {
            Route::Legacy(l) => legacy(l),
            Route::New(n) => new(n),
        }
    }
}

/// Moving or registering a consumer failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CutoverError {
    /// The consumer was never registered.
    #[error("consumer `{consumer}` is not registered with the cutover `{cutover}`; register it first (known consumers: {known})")]
    UnknownConsumer {
        /// The name asked for.
        consumer: String,
        /// The cutover's label.
        cutover: String,
        /// The registered names, comma separated.
        known: String,
    },
    /// The consumer name is empty or only whitespace: no consumer can be told apart by
    /// it, and the status would show a blank row.
    #[error(
        "the consumer name is {}, which no consumer of the cutover `{cutover}` can have; name each consumer, e.g. by its contract's name",
        if .consumer.is_empty() { "empty" } else { "only whitespace" }
    )]
    EmptyName {
        /// The name given (empty or only whitespace).
        consumer: String,
        /// The cutover's label.
        cutover: String,
    },
    /// The consumer table is full.
    #[error("cutover `{cutover}` already has {capacity} consumers, its capacity; build it with a larger `with_capacity(..)`")]
    Full {
        /// The cutover's label.
        cutover: String,
        /// Its capacity.
        capacity: usize,
    },
}

/// One consumer's flag and counters.
#[derive(Debug)]
struct Slot {
    name: Box<str>,
    side: AtomicU8,
    legacy_calls: AtomicU64,
    new_calls: AtomicU64,
    moves: AtomicU64,
    rollbacks: AtomicU64,
}

impl Slot {
    fn new(name: &str) -> Self {
        Slot {
            name: name.into(),
            side: AtomicU8::new(Side::Legacy.to_bits()),
            legacy_calls: AtomicU64::new(0),
            new_calls: AtomicU64::new(0),
            moves: AtomicU64::new(0),
            rollbacks: AtomicU64::new(0),
        }
    }

    fn side(&self) -> Side {
        Side::from_bits(self.side.load(Ordering::Acquire))
    }

    /// Sets the side; returns the previous one.
    fn set(&self, side: Side) -> Side {
        let previous = Side::from_bits(self.side.swap(side.to_bits(), Ordering::AcqRel));
        if previous != side {
            match side {
                Side::New => self.moves.fetch_add(1, Ordering::Relaxed),
                Side::Legacy => self.rollbacks.fetch_add(1, Ordering::Relaxed),
            };
        }
        previous
    }
}

/// A consumer's position in a [`Cutover`]'s table, for routing without the name lookup
/// ([`Cutover::route_key`]). Only meaningful for the cutover that issued it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsumerKey(usize);

/// The smallest consumer table [`Cutover::new`] makes; room to register consumers at
/// run time.
const DEFAULT_CAPACITY: usize = 64;

/// The legacy and the new implementation side by side, each consumer routed by its
/// own flag. See the [module documentation](self).
pub struct Cutover<L, N> {
    legacy: L,
    new: N,
    legacy_label: String,
    new_label: String,
    /// Append-only: filled in order under `register`, read without locks.
    slots: Box<[OnceLock<Slot>]>,
    register: Mutex<()>,
    unregistered_calls: AtomicU64,
}

impl<L, N> fmt::Debug for Cutover<L, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cutover")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl<L, N> Cutover<L, N> {
    /// A cutover with no consumer yet, labelled `legacy` and `new`, with room for 64
    /// consumers.
    pub fn new(legacy: L, new: N) -> Self {
        Cutover::with_capacity(legacy, new, DEFAULT_CAPACITY)
    }

    /// A cutover with room for `capacity` consumers.
    pub fn with_capacity(legacy: L, new: N, capacity: usize) -> Self {
        Cutover {
            legacy,
            new,
            legacy_label: "legacy".to_owned(),
            new_label: "new".to_owned(),
            slots: (0..capacity).map(|_| OnceLock::new()).collect(),
            register: Mutex::new(()),
            unregistered_calls: AtomicU64::new(0),
        }
    }

    /// A cutover for the migration `contract` declares (`replaces = ..`): labelled with
    /// the replaced type (its contract's name when it has one in `contracts`, else as
    /// written) and the contract's name, with one consumer per declared
    /// consumer of `contract` and per component still on the replaced type: contracts
    /// that depend on it and, when it has a contract in `contracts`, the consumers that
    /// contract declares (named by their contract's name when they have one, else as
    /// written), all on legacy. `contract` itself is never one: an adapter over the
    /// legacy has no calls to route, which validation still counts against `complete`.
    /// They are registered in the order of the migration's plan
    /// ([`MigrationPlan`](crate::analysis::MigrationPlan): least risky first,
    /// dependencies before their dependants), so that [`move_next`](Self::move_next)
    /// follows it; any other after them, by name.
    ///
    /// ```
    /// use contracts_core::cutover::Cutover;
    /// use contracts_core::{ContractBuilder, Phase};
    ///
    /// let engine = ContractBuilder::new(3, "execution-engine").build();
    /// let bridge = ContractBuilder::new(2, "user-bridge")
    ///     .replaces(1, "AgentBridge", Phase::Parallel)
    ///     .consumer(3, "ExecutionEngine", &[])
    ///     .build();
    /// let cutover = Cutover::for_migration(bridge, [engine, bridge], "old", "new");
    /// assert_eq!(cutover.status().legacy, "AgentBridge"); // no contract: as written
    /// assert_eq!(cutover.consumer_names(), ["execution-engine"]);
    /// ```
    pub fn for_migration(
        contract: &Contract,
        contracts: impl IntoIterator<Item = &'static Contract>,
        legacy: L,
        new: N,
    ) -> Self {
        let contracts: Vec<&'static Contract> = contracts.into_iter().collect();
        let name_of = |id: crate::ComponentId, written: &str| {
            contracts
                .iter()
                .find(|c| c.id() == id)
                .map_or_else(|| written.to_owned(), |c| c.name().to_owned())
        };
        let mut names: Vec<String> = contract
            .consumers()
            .iter()
            .map(|c| name_of(c.ty().id(), c.ty().name()))
            .collect();
        if let Some(replaced) = contract.replaces() {
            for other in &contracts {
                if other.id() != contract.id()
                    && other
                        .dependencies()
                        .iter()
                        .any(|d| d.ty().id() == replaced.id())
                {
                    names.push(other.name().to_owned());
                }
            }
            // The legacy's own `consumers(..)` list counts too, as validation counts it
            // (a consumer without a contract included): the migration is complete only
            // once they have moved.
            if let Some(legacy) = contracts.iter().find(|c| c.id() == replaced.id()) {
                for consumer in legacy.consumers() {
                    if consumer.ty().id() != contract.id() {
                        names.push(name_of(consumer.ty().id(), consumer.ty().name()));
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        // The plan's order, where there is a plan.
        let planned: std::collections::HashMap<&str, usize> = contract
            .replaces()
            .and_then(|replaced| {
                let graph = crate::graph::ContractGraph::new(&contracts);
                let legacy = graph.node_of(replaced.id())?;
                let replacement = graph.node_of(contract.id())?;
                let order =
                    crate::analysis::plan::consumers_in_plan_order(&graph, legacy, replacement);
                Some(
                    order
                        .into_iter()
                        .enumerate()
                        .map(|(position, consumer)| (consumer, position))
                        .collect(),
                )
            })
            .unwrap_or_default();
        names.sort_by_cached_key(|name| {
            let position = planned.get(name.as_str()).copied();
            (position.unwrap_or(usize::MAX), name.clone())
        });
        let legacy_label = contract
            .replaces()
            .map_or_else(|| "legacy".to_owned(), |r| name_of(r.id(), r.name()));
        // As much room again as the migration's consumers take, for registration at
        // run time.
        let capacity = DEFAULT_CAPACITY.max(names.len().saturating_mul(2));
        Cutover::with_capacity(legacy, new, capacity)
            .with_labels(legacy_label, contract.name())
            .with_consumers(names)
    }

    /// Names the two sides in the status and in error messages.
    pub fn with_labels(mut self, legacy: impl Into<String>, new: impl Into<String>) -> Self {
        self.legacy_label = legacy.into();
        self.new_label = new.into();
        self
    }

    /// Registers consumers, each on legacy. A table too small for them all grows to
    /// twice what they need, leaving room for [`register`](Self::register) at run time
    /// (which cannot grow it: routing reads the table without a lock). An empty or
    /// whitespace-only name is skipped, as `register` refuses it.
    ///
    /// ```
    /// use contracts_core::cutover::Cutover;
    ///
    /// let names: Vec<String> = (0..100).map(|i| format!("consumer-{i}")).collect();
    /// let cutover = Cutover::new((), ()).with_consumers(&names);
    /// assert_eq!(cutover.consumer_names().len(), 100);
    /// ```
    pub fn with_consumers<I, S>(mut self, consumers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let consumers: Vec<S> = consumers.into_iter().collect();
        let needed = self.registered().count() + consumers.len();
        if needed > self.slots.len() {
            // `self` is owned: no route can be reading the table while it is replaced.
            let mut slots = std::mem::take(&mut self.slots).into_vec();
            slots.resize_with(needed.saturating_mul(2), OnceLock::new);
            self.slots = slots.into_boxed_slice();
        }
        for consumer in consumers {
            // Fails only on a blank name, which is skipped: the table has room for
            // every name (repeats take none).
            let _ = self.register(consumer.as_ref());
        }
        self
    }

    fn label(&self) -> String {
        format!("{} -> {}", self.legacy_label, self.new_label)
    }

    /// The registered slots, in registration order. Lock-free: slots are filled in
    /// order, so the first empty one ends the table.
    fn registered(&self) -> impl Iterator<Item = (usize, &Slot)> {
        self.slots.iter().map_while(OnceLock::get).enumerate()
    }

    /// Names are compared without surrounding whitespace (a name read from
    /// configuration, `" checkout "`, is the consumer `checkout`), as they are stored.
    fn find(&self, consumer: &str) -> Option<(usize, &Slot)> {
        let consumer = consumer.trim();
        self.registered().find(|(_, slot)| &*slot.name == consumer)
    }

    /// Refuses an empty or whitespace-only name, which no consumer can have.
    fn named(&self, consumer: &str) -> Result<(), CutoverError> {
        if consumer.trim().is_empty() {
            return Err(CutoverError::EmptyName {
                consumer: consumer.to_owned(),
                cutover: self.label(),
            });
        }
        Ok(())
    }

    fn slot(&self, consumer: &str) -> Result<&Slot, CutoverError> {
        self.named(consumer)?;
        self.find(consumer)
            .map(|(_, slot)| slot)
            .ok_or_else(|| CutoverError::UnknownConsumer {
                consumer: consumer.to_owned(),
                cutover: self.label(),
                known: self
                    .registered()
                    .map(|(_, slot)| format!("`{}`", slot.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Registers `consumer` on legacy (a no-op when it is registered already) and
    /// returns its key. Takes a lock; routing never waits for it. Surrounding
    /// whitespace is not part of a name, here or anywhere a name is looked up. An
    /// empty or whitespace-only name is refused ([`CutoverError::EmptyName`]), as is one more
    /// consumer than the capacity ([`CutoverError::Full`]).
    ///
    /// ```
    /// use contracts_core::cutover::{Cutover, CutoverError};
    ///
    /// let cutover = Cutover::new((), ());
    /// assert!(cutover.register("execution-engine").is_ok());
    /// assert!(matches!(cutover.register(" "), Err(CutoverError::EmptyName { .. })));
    /// assert_eq!(cutover.consumer_names(), ["execution-engine"]);
    /// ```
    pub fn register(&self, consumer: &str) -> Result<ConsumerKey, CutoverError> {
        self.named(consumer)?;
        let _guard = self
            .register
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((index, _)) = self.find(consumer) {
            return Ok(ConsumerKey(index));
        }
        let index = self.registered().count();
        match self.slots.get(index) {
            Some(cell) => {
                // Only this thread (holding the lock) fills cells, in order.
                let _ = cell.set(Slot::new(consumer.trim()));
                Ok(ConsumerKey(index))
            }
            None => Err(CutoverError::Full {
                cutover: self.label(),
                capacity: self.slots.len(),
            }),
        }
    }

    /// The key of a registered consumer.
    pub fn consumer_key(&self, consumer: &str) -> Option<ConsumerKey> {
        self.find(consumer).map(|(index, _)| ConsumerKey(index))
    }

    /// Every registered consumer, in registration order.
    pub fn consumer_names(&self) -> Vec<&str> {
        self.registered().map(|(_, slot)| &*slot.name).collect()
    }

    fn serve<'a>(&'a self, slot: Option<&Slot>) -> Route<'a, L, N> {
        match slot {
            Some(slot) => match slot.side() {
                Side::New => {
                    slot.new_calls.fetch_add(1, Ordering::Relaxed);
                    Route::New(&self.new)
                }
                Side::Legacy => {
                    slot.legacy_calls.fetch_add(1, Ordering::Relaxed);
                    Route::Legacy(&self.legacy)
                }
            },
            None => {
                self.unregistered_calls.fetch_add(1, Ordering::Relaxed);
                Route::Legacy(&self.legacy)
            }
        }
    }

    /// The implementation that serves `consumer`'s call, counted for that side. No
    /// lock: one atomic load and one atomic increment after the name lookup (a scan of
    /// the registered names). A consumer that was never registered is served by legacy
    /// and counted in [`CutoverStatus::unregistered_calls`].
    pub fn route(&self, consumer: &str) -> Route<'_, L, N> {
        self.serve(self.find(consumer).map(|(_, slot)| slot))
    }

    /// [`route`](Self::route) by key, without the name lookup.
    pub fn route_key(&self, key: ConsumerKey) -> Route<'_, L, N> {
        self.serve(self.slots.get(key.0).and_then(OnceLock::get))
    }

    /// The side `consumer` is on, without counting a call.
    pub fn side(&self, consumer: &str) -> Option<Side> {
        self.find(consumer).map(|(_, slot)| slot.side())
    }

    /// Sets `consumer`'s side; returns the previous one. Calls routed after this
    /// returns go to `side`.
    pub fn set_side(&self, consumer: &str, side: Side) -> Result<Side, CutoverError> {
        Ok(self.slot(consumer)?.set(side))
    }

    /// Moves `consumer` to the new implementation; returns its previous side.
    pub fn move_to_new(&self, consumer: &str) -> Result<Side, CutoverError> {
        self.set_side(consumer, Side::New)
    }

    /// Moves the first consumer (in registration order) still on legacy to new, and
    /// returns its name; `None` when every consumer is on new. One at a time, as the
    /// playbook asks.
    pub fn move_next(&self) -> Option<String> {
        self.registered().find_map(|(_, slot)| {
            (slot.side() == Side::Legacy && slot.set(Side::New) == Side::Legacy)
                .then(|| slot.name.to_string())
        })
    }

    /// Sends `consumer` back to legacy; returns its previous side.
    pub fn rollback(&self, consumer: &str) -> Result<Side, CutoverError> {
        self.set_side(consumer, Side::Legacy)
    }

    /// Sends every consumer back to legacy; returns how many were on new. Each
    /// consumer switches with one atomic store; no call is held up.
    pub fn rollback_all(&self) -> usize {
        self.registered()
            .filter(|(_, slot)| slot.set(Side::Legacy) == Side::New)
            .count()
    }

    /// The legacy implementation, unrouted and uncounted.
    pub fn legacy(&self) -> &L {
        &self.legacy
    }

    /// The new implementation, unrouted and uncounted.
    pub fn replacement(&self) -> &N {
        &self.new
    }

    /// Which consumer is on which side, and the calls each side served. Each number
    /// is exact; taken while calls are routed, the numbers are read one after the
    /// other, not as one atomic picture.
    pub fn status(&self) -> CutoverStatus {
        let mut consumers: Vec<ConsumerStatus> = self
            .registered()
            .map(|(_, slot)| ConsumerStatus {
                consumer: slot.name.to_string(),
                side: slot.side(),
                legacy_calls: slot.legacy_calls.load(Ordering::Relaxed),
                new_calls: slot.new_calls.load(Ordering::Relaxed),
                moves: slot.moves.load(Ordering::Relaxed),
                rollbacks: slot.rollbacks.load(Ordering::Relaxed),
            })
            .collect();
        consumers.sort_by(|a, b| a.consumer.cmp(&b.consumer));
        CutoverStatus {
            legacy: self.legacy_label.clone(),
            new: self.new_label.clone(),
            consumers,
            unregistered_calls: self.unregistered_calls.load(Ordering::Relaxed),
        }
    }
}

/// One consumer in a [`CutoverStatus`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerStatus {
    /// The consumer's name.
    pub consumer: String,
    /// The side serving it now.
    pub side: Side,
    /// Calls the legacy implementation served for it.
    pub legacy_calls: u64,
    /// Calls the new implementation served for it.
    pub new_calls: u64,
    /// Times it was moved to new.
    pub moves: u64,
    /// Times it was rolled back to legacy.
    pub rollbacks: u64,
}

/// The state of a [`Cutover`]: which consumer is on which side and the calls each side
/// served. `Display` for logs and reports, `Serialize` for JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CutoverStatus {
    /// The legacy side's label.
    pub legacy: String,
    /// The new side's label.
    pub new: String,
    /// Every registered consumer, sorted by name.
    pub consumers: Vec<ConsumerStatus>,
    /// Calls from consumers never registered (served by legacy).
    pub unregistered_calls: u64,
}

impl CutoverStatus {
    /// The consumers on `side`, sorted by name.
    pub fn on(&self, side: Side) -> Vec<&str> {
        self.consumers
            .iter()
            .filter(|c| c.side == side)
            .map(|c| c.consumer.as_str())
            .collect()
    }

    /// Every registered consumer is on new (and there is at least one): the legacy
    /// implementation serves no registered consumer, and the migration can be declared
    /// `complete` once the legacy is removed.
    pub fn is_complete(&self) -> bool {
        !self.consumers.is_empty() && self.consumers.iter().all(|c| c.side == Side::New)
    }
}

impl fmt::Display for CutoverStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on_new = self.on(Side::New).len();
        writeln!(
            f,
            "cutover `{}` -> `{}`: {} of {} consumer{} on new",
            self.legacy,
            self.new,
            on_new,
            self.consumers.len(),
            if self.consumers.len() == 1 { "" } else { "s" }
        )?;
        let width = self
            .consumers
            .iter()
            .map(|c| c.consumer.len())
            .max()
            .unwrap_or(0);
        for c in &self.consumers {
            write!(
                f,
                "  {:width$}  {:6}  legacy {} call{}, new {} call{}",
                c.consumer,
                c.side.as_str(),
                c.legacy_calls,
                if c.legacy_calls == 1 { "" } else { "s" },
                c.new_calls,
                if c.new_calls == 1 { "" } else { "s" },
            )?;
            if c.rollbacks > 0 {
                write!(
                    f,
                    ", rolled back {} time{}",
                    c.rollbacks,
                    if c.rollbacks == 1 { "" } else { "s" }
                )?;
            }
            writeln!(f)?;
        }
        if self.unregistered_calls > 0 {
            writeln!(
                f,
                "  {} call{} from unregistered consumers served by legacy",
                self.unregistered_calls,
                if self.unregistered_calls == 1 {
                    ""
                } else {
                    "s"
                }
            )?;
        }
        Ok(())
    }
}
