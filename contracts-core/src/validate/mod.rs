//! Validation: [`Validator`] runs the graph rules ([`graph_rules`]) on the registered
//! contracts and, given a state, the state rules ([`state_rules`]), then assembles a
//! [`Report`].

mod graph_rules;
mod state_rules;

use crate::descriptor::ComponentId;
use std::collections::HashSet;

use crate::descriptor::Contract;
use crate::registry::{self, ContractSet, Index};
use crate::report::{ContractRef, Report, Violation, Warning};
use crate::state::ComponentSource;

/// Validates the registered contracts alone: the graph rules (unique names, no
/// dependency cycle, migrations consistent with their phase, consumer lists that match
/// dependencies). Use it in a unit test.
///
/// ```
/// // in tests/contracts.rs, under `#[test]`:
/// contracts_core::validate_all().assert_ok();
/// ```
pub fn validate_all() -> Report {
    Validator::new().validate_all()
}

/// Validates the registered contracts against a live state: the graph rules plus every
/// state rule (dependencies present, consumers served, required components active,
/// checks passing, legacy types gone once a migration is complete). Call it at startup,
/// before serving requests.
///
/// ```
/// use contracts_core::{validate_app_state, AppState};
/// let state = AppState::new();
/// let report = validate_app_state(&state);
/// println!("{report}");
/// ```
pub fn validate_app_state<S: ComponentSource + ?Sized>(state: &S) -> Report {
    Validator::new().validate_app_state(state)
}

/// The configurable validation: [`validate_all`] and [`validate_app_state`] are
/// `Validator::new()` with defaults.
///
/// ```
/// use contracts_core::{AppState, Validator};
///
/// struct ConfiguredByTheFramework;
///
/// let report = Validator::new()
///     .ignore::<ConfiguredByTheFramework>() // provided where no state can see it
///     .strict()                             // warnings fail too
///     .validate_app_state(&AppState::new());
/// # let _ = report;
/// ```
#[derive(Clone, Debug, Default)]
pub struct Validator {
    ignored: HashSet<ComponentId>,
    strict: bool,
}

impl Validator {
    /// Default validation: warnings do not fail, nothing ignored.
    pub fn new() -> Self {
        Self::default()
    }

    /// Treats `T` as provided in every state: for components that live outside any
    /// state validation can see (a global, a framework's own extension). Its `check`,
    /// if any, runs only on an instance the validated state does hold; otherwise it is
    /// skipped without a warning, since the user said the component lives elsewhere.
    /// `T` is then active, so its own non-optional dependencies must still be
    /// satisfied; ignore them too if they live outside as well.
    pub fn ignore<T: ?Sized + 'static>(mut self) -> Self {
        self.ignored.insert(ComponentId::of::<T>());
        self
    }

    /// Counts every warning as a violation.
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// The graph rules over every registered contract.
    pub fn validate_all(&self) -> Report {
        self.run(registry::global(), None)
    }

    /// The graph rules and the state rules over every registered contract.
    pub fn validate_app_state<S: ComponentSource + ?Sized>(&self, state: &S) -> Report {
        self.run(registry::global(), Some(&StateView { state }))
    }

    /// Validates an explicit list of contracts instead of the registry, with or without
    /// a state: for tests and tools that build contract sets themselves. It indexes the
    /// list on every call; to validate one list repeatedly, build a [`ContractSet`] once
    /// and use [`validate_set`](Self::validate_set).
    pub fn validate_contracts(
        &self,
        contracts: &[&'static Contract],
        state: Option<&dyn ComponentSource>,
    ) -> Report {
        self.validate_set(&ContractSet::new(contracts), state)
    }

    /// Validates a [`ContractSet`] indexed beforehand, with or without a state: the cost
    /// of a startup validation against the registry, whose index is built once.
    pub fn validate_set(&self, set: &ContractSet, state: Option<&dyn ComponentSource>) -> Report {
        match state {
            Some(state) => self.run(set.index(), Some(&StateView { state })),
            None => self.run(set.index(), None),
        }
    }

    fn run(&self, index: &Index, state: Option<&dyn Provides>) -> Report {
        let graph = Graph { index };
        let mut violations = Vec::new();
        let mut warnings = Vec::new();

        if index.contracts().is_empty() {
            warnings.push(Warning::NoContracts);
        }
        graph_rules::duplicate_names(&graph, &mut violations);
        graph_rules::dependency_cycles(&graph, &mut violations);
        graph_rules::factory_cycles(&graph, &mut violations);
        let on_replacement_cycle = graph_rules::replacement_cycles(&graph, &mut violations);
        graph_rules::migration_phases(
            &graph,
            &on_replacement_cycle,
            &mut violations,
            &mut warnings,
        );
        graph_rules::consumer_mismatch(&graph, &mut warnings);

        if let Some(state) = state {
            let mut live = Live {
                graph: &graph,
                state,
                ignored: &self.ignored,
                active: Vec::new(),
                on_replacement_cycle: &on_replacement_cycle,
            };
            // Each contract's activity, asked of the state once: the rules below look it
            // up by position instead of asking the state again per dependency edge.
            live.active = index.contracts().iter().map(|c| live.active(c)).collect();
            state_rules::missing_components(&live, &mut violations, &mut warnings);
            state_rules::checks(&live, &mut violations, &mut warnings);
            state_rules::legacy_still_provided(&live, &mut violations);
            state_rules::replacement_inactive(&live, &violations, &mut warnings);
        }

        if self.strict {
            violations.extend(warnings.drain(..).map(Violation::Strict));
        }

        let failed: HashSet<ContractRef> =
            violations.iter().flat_map(Violation::contracts).collect();
        let checked = index.contracts().len();
        let passed = if failed.is_empty() {
            checked
        } else {
            index
                .contracts()
                .iter()
                .filter(|contract| !failed.contains(&ContractRef::of(contract)))
                .count()
        };
        Report::new(checked, passed, violations, warnings)
    }
}

/// Object-safe view of a state, so rules are compiled once rather than per state type.
trait Provides {
    fn provides(&self, component: ComponentId) -> bool;
    fn instance(&self, component: ComponentId) -> Option<&(dyn std::any::Any + Send + Sync)>;
    fn wrapped(&self, type_name: &str) -> Option<&'static str>;
    fn empty_field(&self, component: ComponentId) -> Option<&'static str>;
}

struct StateView<'a, S: ?Sized> {
    state: &'a S,
}

impl<S: ComponentSource + ?Sized> Provides for StateView<'_, S> {
    fn provides(&self, component: ComponentId) -> bool {
        self.state.provides_id(component)
    }

    fn instance(&self, component: ComponentId) -> Option<&(dyn std::any::Any + Send + Sync)> {
        component
            .type_id()
            .and_then(|type_id| self.state.instance(type_id))
    }

    fn wrapped(&self, type_name: &str) -> Option<&'static str> {
        self.state.wrapped(type_name)
    }

    fn empty_field(&self, component: ComponentId) -> Option<&'static str> {
        component
            .type_id()
            .and_then(|type_id| self.state.empty_field(type_id))
    }
}

/// The contracts being validated, with the questions the graph rules ask of them.
struct Graph<'a> {
    index: &'a Index,
}

impl Graph<'_> {
    fn contracts(&self) -> &[&'static Contract] {
        self.index.contracts()
    }

    fn contract(&self, type_id: ComponentId) -> Option<&'static Contract> {
        self.index.get(type_id)
    }

    /// The contracts still on `legacy`, a replaced type: those that depend on it or
    /// that its contract lists as consumers, and, when a factory makes it and nothing
    /// else, those that use the factory (each gets a `legacy` per request from it). A
    /// replacement that wraps the type it replaces (an adapter over the legacy) is on it
    /// too: the legacy cannot go. A factory that also makes something else (the
    /// replacement, say) tells nothing about which product its users take.
    fn legacy_users(&self, legacy: ComponentId, replacement: &Contract) -> Vec<ContractRef> {
        let users = if self.legacy_factory(legacy, replacement).is_some() {
            self.index.consumers_of(legacy)
        } else {
            self.index
                .direct_users(legacy)
                .into_iter()
                .map(|position| self.index.contracts()[position])
                .filter(|user| user.id() != legacy)
                .collect()
        };
        users.into_iter().map(ContractRef::of).collect()
    }

    /// The factory that makes `legacy` and nothing else, if any, when it is not the
    /// replacement itself: its users get a `legacy` from it, and providing it provides
    /// the legacy.
    fn legacy_factory(
        &self,
        legacy: ComponentId,
        replacement: &Contract,
    ) -> Option<&'static crate::descriptor::TypeRef> {
        let factory = self.contract(legacy)?.factory()?;
        if factory.id() == replacement.id() {
            return None;
        }
        let makes_more = self.contracts().iter().any(|other| {
            other.id() != legacy && other.factory().is_some_and(|f| f.id() == factory.id())
        });
        (!makes_more && factory.id() != legacy).then_some(factory)
    }
}

/// A graph and a live state.
struct Live<'a> {
    graph: &'a Graph<'a>,
    state: &'a dyn Provides,
    ignored: &'a HashSet<ComponentId>,
    /// [`Live::active`] of each contract, by position in the index.
    active: Vec<bool>,
    /// Whether each contract, by position in the index, is on a replacement cycle.
    on_replacement_cycle: &'a [bool],
}

impl Live<'_> {
    /// Whether `contract` is on a replacement cycle: no migration advice fits it.
    fn on_replacement_cycle(&self, contract: &Contract) -> bool {
        self.graph
            .index
            .position_of(contract.id())
            .and_then(|position| self.on_replacement_cycle.get(position))
            .copied()
            .unwrap_or(false)
    }

    fn provided(&self, type_id: ComponentId) -> bool {
        self.ignored.contains(&type_id) || self.state.provides(type_id)
    }

    /// Provided itself, or through its factory.
    fn active(&self, contract: &Contract) -> bool {
        self.provided(contract.id())
            || contract
                .factory()
                .is_some_and(|factory| self.provided(factory.id()))
    }

    /// Provided, or has a contract that is active. A type with a contract is provided
    /// exactly when its contract is active through itself, so the precomputed activity
    /// answers both halves without asking the state.
    fn satisfied(&self, type_id: ComponentId) -> bool {
        match self.graph.index.position_of(type_id) {
            Some(position) => self.active_at(position),
            None => self.provided(type_id),
        }
    }

    /// Whether the contract at `position` in the index is active.
    fn active_at(&self, position: usize) -> bool {
        match self.active.get(position) {
            Some(&active) => active,
            None => self.active(self.graph.contracts()[position]),
        }
    }
}
