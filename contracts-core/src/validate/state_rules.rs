//! Rules against a live state; `validate_app_state` applies these after the graph rules.

use crate::descriptor::ComponentId;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::Live;
use crate::descriptor::{Contract, Phase};
use crate::report::{ContractRef, Need, Needer, SkipReason, Violation, Warning};

/// An active contract's non-optional dependency is not satisfied; a declared consumer is
/// active but the component it consumes is not; a `required` contract is not active.
/// All three are "this component is missing", so they are grouped into one violation per
/// missing component: the root cause, with everyone who needs it.
pub(super) fn missing_components(
    live: &Live<'_>,
    violations: &mut Vec<Violation>,
    warnings: &mut Vec<Warning>,
) {
    let mut missing = Missing::default();
    for (position, &contract) in live.graph.contracts().iter().enumerate() {
        let active = live.active_at(position);
        if contract.is_required() && !active {
            if let Violation::MissingComponent { required, .. } =
                missing.entry(live, contract.id(), contract.short_type_name())
            {
                *required = true;
            }
        }
        if active {
            for dependency in contract.dependencies() {
                let type_id = dependency.ty().id();
                if !dependency.is_optional() && !live.satisfied(type_id) {
                    // What it calls, if the missing component's contract says.
                    let methods = live
                        .graph
                        .contract(type_id)
                        .and_then(|needed| {
                            needed
                                .consumers()
                                .iter()
                                .find(|consumer| consumer.ty().id() == contract.id())
                        })
                        .map_or(&[][..], |consumer| consumer.methods());
                    missing.need(
                        live,
                        (type_id, dependency.ty().name()),
                        needer(
                            contract.short_type_name(),
                            Some(contract),
                            Need::DependsOn,
                            methods,
                        ),
                    );
                }
            }
        } else {
            for consumer in contract.consumers() {
                let type_id = consumer.ty().id();
                let consumer_contract = live.graph.contract(type_id);
                let consumer_active = match live.graph.index.position_of(type_id) {
                    Some(consumer_position) => live.active_at(consumer_position),
                    None => live.provided(type_id),
                };
                if consumer_active {
                    missing.need(
                        live,
                        (contract.id(), contract.short_type_name()),
                        needer(
                            consumer.ty().name(),
                            consumer_contract,
                            Need::DeclaredConsumer,
                            consumer.methods(),
                        ),
                    );
                }
            }
        }
    }

    missing.fold_products_into_factories(live);

    let mut found: Vec<Violation> = missing.violations.into_values().collect();
    for violation in &mut found {
        if let Violation::MissingComponent { needed_by, .. } = violation {
            needed_by.sort_by_key(|n| {
                (
                    n.contract.map(|c| c.name),
                    n.component,
                    n.via,
                    n.product.map(|p| (p.name, p.type_name)),
                )
            });
        }
    }
    // Collected from a hash map: the sort alone fixes the order, so it must tell every
    // violation apart. Two types may be written alike (`m1::Twin`, `m2::Twin`); then
    // their contracts and their needers decide.
    found.sort_by_cached_key(|v| match v {
        Violation::MissingComponent {
            component,
            contract,
            needed_by,
            ..
        } => (
            *component,
            contract.map(|c| (c.name, c.type_name)),
            needed_by
                .iter()
                .map(|n| (n.contract.map(|c| c.name), n.component))
                .collect::<Vec<_>>(),
        ),
        _ => ("", None, Vec::new()),
    });
    // A missing component the state holds wrapped (`insert(Arc::new(..))`): say so,
    // or the help's "insert `Pool`" reads as wrong to someone who did.
    for violation in &found {
        if let Violation::MissingComponent {
            contract: Some(component),
            ..
        } = violation
        {
            if let Some(held) = live.state.wrapped(component.type_name) {
                warnings.push(Warning::WrappedComponent {
                    component: *component,
                    held,
                });
            }
        }
    }
    violations.extend(found);
}

/// A direct need (not through a product) of the component a contract names.
fn needer(
    component: &'static str,
    contract: Option<&'static Contract>,
    need: Need,
    methods: &'static [&'static str],
) -> Needer {
    Needer {
        component,
        contract: contract.map(ContractRef::of),
        need,
        via: None,
        product: None,
        methods,
    }
}

/// The missing components found so far, with an index of each one's needers: a
/// component that thousands of others need is grouped in linear time.
#[derive(Default)]
struct Missing {
    violations: HashMap<ComponentId, Violation>,
    needers: HashMap<(ComponentId, NeederKey), usize>,
}

/// What makes two needs of one missing component the same need: see [`Missing::push`].
type NeederKey = (
    Option<&'static str>,
    Option<ContractRef>,
    Option<ContractRef>,
    Option<&'static str>,
);

impl Missing {
    /// The violation for the missing component `id` (written `written` where it is
    /// needed), created on first need.
    fn entry(&mut self, live: &Live<'_>, id: ComponentId, written: &'static str) -> &mut Violation {
        self.violations.entry(id).or_insert_with(|| {
            let contract = live.graph.contract(id);
            Violation::MissingComponent {
                component: contract.map_or(written, Contract::short_type_name),
                contract: contract.map(ContractRef::of),
                factory: contract.and_then(|c| c.factory()).map(|f| f.name()),
                required: false,
                replaced_by: migration_target(live, id).map(ContractRef::of),
                needed_by: Vec::new(),
                // A field that would hold it, when the state can say (`None` now).
                empty_field: live.state.empty_field(id),
            }
        })
    }

    /// `needer` needs the missing component (`id`, as written there).
    fn need(
        &mut self,
        live: &Live<'_>,
        (id, written): (ComponentId, &'static str),
        needer: Needer,
    ) {
        self.entry(live, id, written);
        self.push(id, needer);
    }

    /// Adds a needer to the violation of `id`, merged with the same need already there.
    fn push(&mut self, id: ComponentId, needer: Needer) {
        let Some(Violation::MissingComponent { needed_by, .. }) = self.violations.get_mut(&id)
        else {
            return;
        };
        // A contract that needs the component in several ways (it depends on it and is
        // its declared consumer, under another written name) is listed once, with the
        // methods either way says it calls. Needing it directly and needing it through a
        // product it makes are two needs (the methods are the product's), and so are two
        // products, even written alike (`a::Twin`, `b::Twin`). A needer without a
        // contract is told apart by its written name.
        let key: NeederKey = (
            needer.via,
            needer.product,
            needer.contract,
            needer.contract.is_none().then_some(needer.component),
        );
        match self.needers.get(&(id, key)) {
            Some(&at) => {
                let existing = &mut needed_by[at];
                if existing.methods.is_empty() {
                    existing.methods = needer.methods;
                }
                // Depending on it says more than being listed as its consumer, whichever
                // of the two contracts was visited first.
                if needer.need == Need::DependsOn {
                    existing.need = Need::DependsOn;
                }
            }
            None => {
                self.needers.insert((id, key), needed_by.len());
                needed_by.push(needer);
            }
        }
    }

    /// A component made by a factory is missing only because its factory is: report
    /// the factory, the root cause, with the product's needers listed through the
    /// product (and its contract). A `required` product keeps its own violation, since
    /// it says more than its needers; so does a legacy product being replaced, whose
    /// needers should move to its replacement rather than bring its factory back.
    fn fold_products_into_factories(&mut self, live: &Live<'_>) {
        let mut products: Vec<(ComponentId, ComponentId, &'static str, (&str, &str))> = self
            .violations
            .iter()
            .filter_map(|(id, violation)| match violation {
                Violation::MissingComponent {
                    required: false,
                    replaced_by: None,
                    ..
                } => live.graph.contract(*id).and_then(|contract| {
                    let factory = contract.factory()?;
                    let key = (contract.name(), contract.type_name());
                    Some((*id, factory.id(), factory.name(), key))
                }),
                _ => None,
            })
            .collect();
        // Collected from a hash map: sorted by factory, then by product, so that the
        // needers' order (and so the report) is the same on every run.
        products.sort_by_key(|&(_, _, factory, product)| (factory, product));
        for (product, factory, factory_name, _) in products {
            let Some(Violation::MissingComponent {
                component,
                contract,
                needed_by,
                ..
            }) = self.violations.remove(&product)
            else {
                continue;
            };
            self.entry(live, factory, factory_name);
            for needer in needed_by {
                self.push(
                    factory,
                    Needer {
                        via: Some(component),
                        product: contract,
                        ..needer
                    },
                );
            }
        }
    }
}

/// `check = ..` on every active component with an instance; an error or a panic is a
/// violation, a missing instance a warning. Validation always goes on.
pub(super) fn checks(
    live: &Live<'_>,
    violations: &mut Vec<Violation>,
    warnings: &mut Vec<Warning>,
) {
    for &contract in live.graph.contracts() {
        if !contract.has_check() || !live.active(contract) {
            continue;
        }
        // An ignored component lives where validation cannot see it: nothing to warn
        // about, since the user said so. But an instance the state does hold is
        // checked: ignoring it is about where it lives, not whether it works.
        if live.ignored.contains(&contract.id()) {
            let instance = live
                .state
                .provides(contract.id())
                .then(|| live.state.instance(contract.id()))
                .flatten();
            if let Some(Ran::Failed { message, panicked }) =
                instance.map(|i| run_check(contract, i))
            {
                violations.push(Violation::CheckFailed {
                    contract: ContractRef::of(contract),
                    message,
                    panicked,
                });
            }
            continue;
        }
        let this = ContractRef::of(contract);
        if !live.state.provides(contract.id()) {
            warnings.push(Warning::CheckSkipped {
                contract: this,
                reason: SkipReason::MadeByFactory,
            });
            continue;
        }
        match live.state.instance(contract.id()) {
            None => warnings.push(Warning::CheckSkipped {
                contract: this,
                reason: SkipReason::NoInstance,
            }),
            Some(instance) => match run_check(contract, instance) {
                Ran::Failed { message, panicked } => violations.push(Violation::CheckFailed {
                    contract: this,
                    message,
                    panicked,
                }),
                Ran::NotTheComponent => warnings.push(Warning::CheckSkipped {
                    contract: this,
                    reason: SkipReason::WrongInstance,
                }),
                Ran::Passed => {}
            },
        }
    }
}

/// What running a `check = ..` on an instance gave.
enum Ran {
    Passed,
    /// It returned an error (its message) or panicked: a `check-failed` violation.
    Failed {
        message: String,
        panicked: bool,
    },
    /// The instance is not the component (nor an `Arc` or `Box` of it).
    NotTheComponent,
}

/// Runs `contract`'s check on `instance`, catching a panic.
fn run_check(contract: &'static Contract, instance: &(dyn std::any::Any + Send + Sync)) -> Ran {
    match catch_unwind(AssertUnwindSafe(|| contract.run_check(instance))) {
        Ok(None) => Ran::NotTheComponent,
        Ok(Some(Ok(()))) => Ran::Passed,
        Ok(Some(Err(message))) => Ran::Failed {
            message,
            panicked: false,
        },
        Err(payload) => Ran::Failed {
            message: panic_message(payload.as_ref()),
            panicked: true,
        },
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// The contract that replaces `replaced`, to move its users to: the first one in
/// registry order, or, when that one is on a replacement cycle (no migration target),
/// the first other one that is not (looked for only then: such loops are rare).
fn migration_target(live: &Live<'_>, replaced: ComponentId) -> Option<&'static Contract> {
    let first = live.graph.index.replacement_of(replaced)?;
    if !live.on_replacement_cycle(first) {
        return Some(first);
    }
    live.graph.contracts().iter().copied().find(|contract| {
        contract.replaces().is_some_and(|r| r.id() == replaced)
            && !live.on_replacement_cycle(contract)
    })
}

/// `phase = "complete"` while the state still provides the replaced type, whether or not
/// the new component is active; or, for a legacy made per request, its factory (when
/// the factory makes nothing else). Not for a contract on a replacement
/// cycle, where no side is the legacy.
pub(super) fn legacy_still_provided(live: &Live<'_>, violations: &mut Vec<Violation>) {
    for &contract in live.graph.contracts() {
        let Some(migration) = contract.migration() else {
            continue;
        };
        if migration.phase() != Phase::Complete || live.on_replacement_cycle(contract) {
            continue;
        }
        let replaced = migration.replaces();
        // Provided itself, or else through its own factory (named then).
        let factory = if live.state.provides(replaced.id()) {
            None
        } else {
            match live.graph.legacy_factory(replaced.id(), contract) {
                Some(factory) if live.state.provides(factory.id()) => Some(factory.name()),
                _ => continue,
            }
        };
        violations.push(Violation::LegacyStillProvided {
            contract: ContractRef::of(contract),
            replaced: replaced.name(),
            legacy: live.graph.contract(replaced.id()).map(ContractRef::of),
            factory,
        });
    }
}

/// A migration in phase `parallel` or `migrating` whose replacement is not active (the
/// state provides neither it nor its factory, nor a trait object of its ports that a
/// contract depends on): the phase promises both side by side.
/// Not for a contract on a replacement cycle, where no side is the replacement, nor for
/// one reported missing.
pub(super) fn replacement_inactive(
    live: &Live<'_>,
    violations: &[Violation],
    warnings: &mut Vec<Warning>,
) {
    for &contract in live.graph.contracts() {
        let Some(migration) = contract.migration() else {
            continue;
        };
        if !matches!(migration.phase(), Phase::Parallel | Phase::Migrating)
            || live.on_replacement_cycle(contract)
            || live.active(contract)
        {
            continue;
        }
        // An adapter the state holds only as a trait object (`Arc<dyn Port>`, Port in
        // its `implements(..)`), which consumers depend on: it runs.
        // One pass over every dependency: `is_port` reads the written type.
        let port_dependencies: Vec<&crate::descriptor::Dependency> = live
            .graph
            .contracts()
            .iter()
            .flat_map(|user| user.dependencies())
            .filter(|d| contract.is_port(d.ty().name()))
            .collect();
        let behind_port = port_dependencies.iter().any(|d| live.provided(d.ty().id()));
        let reached_through_port = !port_dependencies.is_empty();
        // Needed by someone, it (or its port) is reported missing already, with who
        // needs it.
        let reported = violations.iter().any(|v| match v {
            Violation::MissingComponent {
                contract: Some(missing),
                ..
            } => *missing == ContractRef::of(contract),
            Violation::MissingComponent { component, .. } => contract.is_port(component),
            _ => false,
        });
        if behind_port || reported {
            continue;
        }
        warnings.push(Warning::ReplacementInactive {
            contract: ContractRef::of(contract),
            phase: migration.phase(),
            factory: contract.factory().map(|factory| factory.name()),
            // Offered only when no contract depends on one of its ports: then whether
            // the state holds one cannot be seen.
            port: contract
                .port_traits()
                .next()
                .filter(|_| !reached_through_port),
        });
    }
}
