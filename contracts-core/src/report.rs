//! The outcome of a validation: [`Report`], its [`Violation`]s and [`Warning`]s, and how
//! they render for a person (`Display`) and for a machine (`Serialize`).

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::descriptor::{Contract, Phase, Risk};
use crate::error::ContractError;

/// A contract named in a violation or a warning: enough to find it in the code.
/// Made by [`ContractRef::of`]; more fields may come, so it cannot be built literally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct ContractRef {
    /// The contract's `name`.
    pub name: &'static str,
    /// The component's full type path.
    pub type_name: &'static str,
    /// Source file of the declaration.
    pub file: &'static str,
    /// Line of the declaration.
    pub line: u32,
    /// Declared risk.
    pub risk: Risk,
    /// `business_value = ".."`, shown with the violations it is involved in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_value: Option<&'static str>,
}

impl ContractRef {
    /// The reference to `contract`.
    pub fn of(contract: &'static Contract) -> Self {
        ContractRef {
            name: contract.name(),
            type_name: contract.type_name(),
            file: contract.file(),
            line: contract.line(),
            risk: contract.risk(),
            business_value: contract.business_value(),
        }
    }
}

impl fmt::Display for ContractRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({}:{})", self.name, self.file, self.line)
    }
}

/// How a contract needs a missing component, in [`Violation::MissingComponent`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// It lists the component in `depends_on(..)` or a dependency field.
    DependsOn,
    /// The component lists it in `consumers(..)`, and it is active.
    DeclaredConsumer,
}

/// A component that needs a missing component, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Needer {
    /// The needing component's type, as written in the contract that names it.
    pub component: &'static str,
    /// Its contract; `None` for a declared consumer without a contract of its own.
    pub contract: Option<ContractRef>,
    /// How it needs it.
    pub need: Need,
    /// When the missing component is a factory: the component it makes, which this
    /// contract is the one to need.
    pub via: Option<&'static str>,
    /// The contract of that component, when it has one: it is missing too, so it is
    /// named (with its risk and business value) and counted as failed.
    pub product: Option<ContractRef>,
    /// The methods it calls, as the missing component's `consumers(Y = [m1, m2])`
    /// lists them; empty when that contract does not say.
    pub methods: &'static [&'static str],
}

impl fmt::Display for Needer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.contract {
            Some(contract) => write!(f, "{contract}"),
            None => write!(f, "`{}` (no contract)", self.component),
        }
    }
}

/// The items, comma-separated, each as `write_item` writes it.
fn comma_separated<T>(items: &[T], write_item: impl Fn(&mut String, &T)) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_item(&mut out, item);
    }
    out
}

/// Who is still on a replaced type: contracts, then declared consumers without one.
fn still_on_it(consumers: &[ContractRef], without_contract: &[&str]) -> String {
    if consumers.is_empty() && without_contract.is_empty() {
        "no consumer is left on the replaced type".to_owned()
    } else {
        format!(
            "still on it: {}",
            consumer_list(consumers, without_contract)
        )
    }
}

/// Contracts, then declared consumers without a contract, comma-separated.
fn consumer_list(consumers: &[ContractRef], without_contract: &[&str]) -> String {
    let mut text = list(consumers);
    for name in without_contract {
        if !text.is_empty() {
            text.push_str(", ");
        }
        let _ = write!(text, "`{name}` (no contract)");
    }
    text
}

/// Contracts of one name, told apart by their types.
fn list_with_types(contracts: &[ContractRef]) -> String {
    comma_separated(contracts, |out, contract| {
        let _ = write!(
            out,
            "`{}` on `{}` ({}:{})",
            contract.name, contract.type_name, contract.file, contract.line
        );
    })
}

fn list(contracts: &[ContractRef]) -> String {
    comma_separated(contracts, |out, contract| {
        let _ = write!(out, "{contract}");
    })
}

/// Above this many contracts needing a missing component, the text lists them one per
/// line.
const MANY_NEEDERS: usize = 3;

fn needers(needed_by: &[Needer]) -> String {
    // A contract that needs the component in two ways (directly and through what it
    // makes) is named once, both ways after it.
    let again = |i: usize| {
        i > 0
            && needed_by[i].contract.is_some()
            && needed_by[i - 1].contract == needed_by[i].contract
    };
    let named = (0..needed_by.len()).filter(|&i| !again(i)).count();
    // More than a few: one per line, so that forty consumers stay readable.
    let one_per_line = named > MANY_NEEDERS;
    let mut out = String::new();
    if one_per_line {
        // Declared consumers without a contract are needers too, but not contracts.
        let all_contracts = needed_by.iter().all(|needer| needer.contract.is_some());
        let kind = if all_contracts {
            "contracts"
        } else {
            "components"
        };
        let _ = write!(out, "{named} {kind}:");
    }
    for (i, needer) in needed_by.iter().enumerate() {
        if again(i) {
            out.push_str(", and");
        } else {
            if one_per_line {
                out.push_str("\n    ");
            } else if i > 0 {
                out.push_str("; ");
            }
            let _ = write!(out, "{needer},");
        }
        let _ = match (needer.need, needer.via) {
            (Need::DependsOn, None) => write!(out, " which depends on it"),
            (Need::DeclaredConsumer, None) => write!(out, " its declared consumer"),
            (Need::DependsOn, Some(product)) => write!(
                out,
                " which depends on {}, a product of this factory",
                render_component(product, needer.product.as_ref())
            ),
            (Need::DeclaredConsumer, Some(product)) => write!(
                out,
                " a declared consumer of {}, a product of this factory",
                render_component(product, needer.product.as_ref())
            ),
        };
        if !needer.methods.is_empty() {
            // Named after the methods when they are the product's, not the factory's.
            let _ = match (needer.need, needer.via) {
                (Need::DependsOn, None) => write!(out, " and calls {}", backticked(needer.methods)),
                (Need::DeclaredConsumer, None) => {
                    write!(out, ", which calls {}", backticked(needer.methods))
                }
                (_, Some(product)) => write!(
                    out,
                    ", calling {} on `{product}`",
                    backticked(needer.methods)
                ),
            };
        }
    }
    out
}

/// For a missing `dyn Trait` without both `Send` and `Sync` among its bounds: what to
/// do when the declared type cannot be inserted (the state holds `Send + Sync` values,
/// and `dyn Sink + Send + Sync` is another type than `dyn Sink`).
fn trait_object_hint(component: &str) -> Option<String> {
    let object = component.strip_prefix("dyn ")?;
    // The bounds' last path segments, generics dropped: `a::Sink<u8>` is `Sink`.
    let bounds: Vec<&str> = object
        .split('+')
        .map(|bound| {
            let bound = bound.trim();
            let path = bound.split('<').next().unwrap_or(bound).trim();
            path.rsplit("::").next().unwrap_or(path)
        })
        .collect();
    if bounds.contains(&"Send") && bounds.contains(&"Sync") {
        return None;
    }
    let first = object.split('+').next().unwrap_or(object).trim();
    let missing = ["Send", "Sync"]
        .into_iter()
        .filter(|marker| !bounds.contains(marker))
        .collect::<Vec<_>>()
        .join(" + ");
    Some(format!(
        "; if `insert_arc::<{component}>` does not compile, the state cannot hold that type: give `{first}` the {} `{missing}`, or depend on `{component} + {missing}`",
        if missing.contains('+') { "supertraits" } else { "supertrait" }
    ))
}

/// The items in backticks, comma-separated: `` `a`, `b`, `c` ``.
pub(crate) fn backticked(items: &[&str]) -> String {
    comma_separated(items, |out, item| {
        let _ = write!(out, "`{item}`");
    })
}

/// `a` (file:line) -> `b` (file:line) -> `a`: each member where it is declared, then
/// back to the first, joined by `link` (`->` for dependencies, `replaces`).
/// `a -> b made by c -> a`: a loop of dependencies where some links are factories.
fn render_factory_loop(members: &[ContractRef], made_by: &[ContractRef]) -> String {
    let mut out = String::new();
    for member in members {
        let link = if made_by.contains(member) {
            "made by"
        } else {
            "->"
        };
        let _ = write!(out, "{member} {link} ");
    }
    if let Some(first) = members.first() {
        let _ = write!(out, "`{}`", first.name);
    }
    out
}

fn render_loop(members: &[ContractRef], link: &str) -> String {
    let mut out = String::new();
    for member in members {
        let _ = write!(out, "{member} {link} ");
    }
    if let Some(first) = members.first() {
        let _ = write!(out, "`{}`", first.name);
    }
    out
}

/// The other contracts of a dependency cycle's knot, which count as failed too: named,
/// so that fixing the cycle shown does not reveal another one as a surprise.
fn render_entangled(entangled: &[ContractRef]) -> String {
    if entangled.is_empty() {
        return String::new();
    }
    // A knot of thousands stays one readable line; the JSON lists every member.
    const SHOWN: usize = 10;
    let names: Vec<String> = entangled
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect();
    let more = match entangled.len().saturating_sub(SHOWN) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    format!(
        "; caught in the same knot of cycles: {}{more}",
        names.join(", ")
    )
}

/// A check's message as the report's block shows it: continuation lines indented under
/// the headline, and something to read when the check gave no message.
fn check_message(message: &str) -> String {
    let message = message.trim();
    if message.is_empty() {
        return "(the check gave no message)".to_owned();
    }
    // A message is the component's text: its control characters (`\r`, a terminal's
    // escape sequences) and the characters that would reorder the report around them
    // (a right-to-left override) are shown escaped rather than acted on.
    let mut shown = String::with_capacity(message.len());
    for c in message.chars() {
        match c {
            '\n' => shown.push_str("\n    "),
            '\t' => shown.push('\t'),
            c if must_escape(c) => shown.extend(c.escape_default()),
            c => shown.push(c),
        }
    }
    shown
}

/// Whether a character of free text is shown escaped: a control character, or one that
/// reorders the text around it or breaks its line.
fn must_escape(c: char) -> bool {
    c.is_control() || crate::synthetic::reorders_or_breaks(c)
}

/// A declared text (a business value) on one line: the derive refuses control
/// characters, but a hand-built contract or a loaded baseline may carry them; shown
/// escaped, they cannot break a report's lines or a plan's Markdown.
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(must_escape) {
        return text.into();
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if must_escape(c) {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown.into()
}

fn render_component(name: &str, contract: Option<&ContractRef>) -> String {
    match contract {
        Some(contract) => format!(
            "`{name}` (contract `{}`, {}:{})",
            contract.name, contract.file, contract.line
        ),
        None => format!("`{name}`"),
    }
}

/// A problem that makes validation fail. Each names the contracts involved and where
/// they are declared; [`help`](Self::help) says what to do.
///
/// Serialized as an object tagged with its [`code`](Self::code), followed by the
/// variant's fields; a [`Strict`](Self::Strict) warning serializes as the warning
/// with `"strict": true`. [`Report::to_json`] adds what the text report shows.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Violation {
    /// Two or more contracts share a `name`.
    #[error("contract name `{name}` is declared {} times: {}", .contracts.len(), list_with_types(.contracts))]
    DuplicateName {
        /// The shared name.
        name: &'static str,
        /// Every contract using it.
        contracts: Vec<ContractRef>,
    },

    /// Contracts depend on each other in a loop, so none can be built first.
    #[error(
        "dependency cycle: {}{}",
        render_loop(.cycle, "->"),
        render_entangled(.entangled)
    )]
    DependencyCycle {
        /// The cycle in order: each depends on the next, the last on the first.
        cycle: Vec<ContractRef>,
        /// Further contracts caught in the same knot of cycles.
        entangled: Vec<ContractRef>,
    },

    /// Contracts need each other in a loop that closes through a factory: a component
    /// made by a factory is needed, directly or not, by that factory. Its users wait on
    /// the factory (which satisfies them), so nothing can be built first.
    #[error("dependency cycle through a factory: {}", render_factory_loop(.cycle, .made_by))]
    FactoryCycle {
        /// The cycle in order: each depends on the next, or is made by it.
        cycle: Vec<ContractRef>,
        /// The members of the cycle made by the next one (their factory).
        made_by: Vec<ContractRef>,
    },

    /// Contracts replace each other in a loop (`a` replaces `b`'s type, `b` replaces
    /// `a`'s): no side is the legacy, so no advice about the migration can be right.
    #[error("replacement cycle: {}", render_loop(.cycle, "replaces"))]
    ReplacementCycle {
        /// The cycle in order: each replaces the next one's type, the last the first's.
        cycle: Vec<ContractRef>,
    },

    /// `phase = "complete"` while contracts still depend on, or consume, the replaced type.
    #[error(
        "migration of {contract} is declared complete but {} still on the replaced {}: {}",
        if .consumers.len() + .consumers_without_contract.len() == 1 { "1 consumer is" } else { "consumers are" },
        render_component(.replaced, .legacy.as_ref()),
        consumer_list(.consumers, .consumers_without_contract)
    )]
    IncompleteMigration {
        /// The contract whose migration is declared complete.
        contract: ContractRef,
        /// The replaced legacy type.
        replaced: &'static str,
        /// The replaced type's contract, when it still has one.
        legacy: Option<ContractRef>,
        /// Contracts still on it.
        consumers: Vec<ContractRef>,
        /// Declared consumers of the replaced type (its contract's `consumers(..)`)
        /// that have no contract of their own, as written: still on it too.
        consumers_without_contract: Vec<&'static str>,
    },

    /// A component that is required, depended on, or consumed is not in the state. One
    /// violation per missing component, however many contracts need it.
    #[error(
        "{} is not in the state{}{}{}",
        render_component(.component, .contract.as_ref()),
        match .empty_field {
            Some(field) => format!(": its field `{field}` is `None`"),
            None => String::new(),
        },
        if *.required { "; it is declared `required`" } else { "" },
        if .needed_by.is_empty() { String::new() } else { format!("; needed by {}", needers(.needed_by)) }
    )]
    MissingComponent {
        /// The missing type, as named where it is needed.
        component: &'static str,
        /// Its contract, when it has one.
        contract: Option<ContractRef>,
        /// Its `factory`, which would also make it active.
        factory: Option<&'static str>,
        /// Whether its contract says `required`.
        required: bool,
        /// The contract that replaces it in a migration, if any: the consumers listed
        /// have not moved yet.
        replaced_by: Option<ContractRef>,
        /// The active contracts that need it.
        needed_by: Vec<Needer>,
        /// The state's field that holds it while `Some`, and is `None` (a state that
        /// derives `ComponentSource` says, through
        /// [`ComponentSource::empty_field`](crate::ComponentSource::empty_field)).
        empty_field: Option<&'static str>,
    },

    /// `check = ..` returned an error or panicked.
    #[error(
        "check of {contract} {}: {}",
        if *.panicked { "panicked" } else { "failed" },
        check_message(.message)
    )]
    CheckFailed {
        /// The checked contract.
        contract: ContractRef,
        /// The error's `Display`, or the panic message. Serialized as `error`, since
        /// the report's JSON gives every problem a `message` (the text report's line).
        #[serde(rename = "error")]
        message: String,
        /// Whether the check panicked.
        panicked: bool,
    },

    /// `phase = "complete"` but the state still provides the replaced type, itself or
    /// through the factory that makes it per request.
    #[error(
        "migration of {contract} is declared complete but the state still provides the replaced {}{}",
        render_component(.replaced, .legacy.as_ref()),
        match .factory {
            Some(factory) => format!(" through its factory `{factory}`"),
            None => String::new(),
        }
    )]
    LegacyStillProvided {
        /// The contract whose migration is declared complete.
        contract: ContractRef,
        /// The replaced legacy type.
        replaced: &'static str,
        /// The replaced type's contract, when it still has one.
        legacy: Option<ContractRef>,
        /// The legacy's factory, when the state provides the legacy only through it.
        factory: Option<&'static str>,
    },

    /// A warning, counted as a violation because the validator is [`strict`](crate::Validator::strict).
    #[error("(strict) {0}")]
    #[serde(untagged, serialize_with = "strict_warning")]
    Strict(Warning),
}

/// Something worth a look that does not fail validation, unless the validator is
/// [`strict`](crate::Validator::strict).
///
/// Serialized as an object tagged with its [`code`](Self::code), followed by the
/// variant's fields.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Warning {
    /// No contract is registered in this binary.
    #[error("no migration contract is registered in this binary")]
    NoContracts,

    /// `phase = "complete"` but the replaced type still has a contract.
    #[error(
        "migration of {contract} is declared complete but the legacy {legacy} still has a contract"
    )]
    LegacyNotRemoved {
        /// The contract whose migration is declared complete.
        contract: ContractRef,
        /// The legacy type's contract.
        legacy: ContractRef,
    },

    /// A migration before `complete`; lists who is still on the replaced type.
    #[error(
        "migration of {contract} from {} is in phase `{phase}`; {}",
        render_component(.replaced, .legacy.as_ref()),
        still_on_it(.consumers, .consumers_without_contract)
    )]
    MigrationInProgress {
        /// The migrating contract.
        contract: ContractRef,
        /// The replaced legacy type.
        replaced: &'static str,
        /// The replaced type's contract, when it still has one.
        legacy: Option<ContractRef>,
        /// The current phase.
        phase: Phase,
        /// Contracts that still depend on, or consume, the replaced type.
        consumers: Vec<ContractRef>,
        /// Declared consumers of the replaced type (its contract's `consumers(..)`)
        /// that have no contract of their own, as written: still on it too.
        consumers_without_contract: Vec<&'static str>,
    },

    /// A contract lists consumers that do not depend on it (nor on its factory).
    #[error(
        "{component} lists {} in `consumers` but {} not depend on it",
        list(.consumers),
        if .consumers.len() == 1 { "it does" } else { "they do" }
    )]
    ConsumerMismatch {
        /// The contract with the `consumers(..)` list. Serialized as `contract`, as
        /// every problem's one blamed contract is.
        #[serde(rename = "contract")]
        component: ContractRef,
        /// Listed consumers that have a contract but no dependency on the component.
        consumers: Vec<ContractRef>,
    },

    /// `check = ..` could not run: the component is active but the state has no instance
    /// of it to check; [`reason`](SkipReason) says why.
    #[error("check of {contract} was skipped: {reason}")]
    CheckSkipped {
        /// The contract whose check did not run.
        contract: ContractRef,
        /// Why there was no instance to check.
        reason: SkipReason,
    },

    /// A missing component is in the state, wrapped: `insert(Arc::new(x))` stores the
    /// `Arc` itself, under another type. Given with the `missing-component` violation;
    /// found by type name, so a hint, not a proof.
    #[error(
        "the state holds `{}` where {component} is needed as `{}`: a component stored inside a wrapper is stored under the wrapper's type",
        crate::descriptor::without_paths(.held),
        crate::descriptor::short_type_name(.component.type_name)
    )]
    WrappedComponent {
        /// The missing component's contract. Serialized as `contract`, as every
        /// problem's one blamed contract is.
        #[serde(rename = "contract")]
        component: ContractRef,
        /// The wrapping type the state holds, as `std::any::type_name` writes it.
        held: &'static str,
    },

    /// A migration in phase `parallel` or `migrating`, but the state provides neither
    /// the replacement nor its factory: the phase says both run side by side, and
    /// only the legacy does.
    #[error(
        "migration of {contract} is in phase `{phase}`, but the state does not provide `{}`{}: the replacement is not running beside the legacy",
        crate::descriptor::short_type_name(.contract.type_name),
        match .factory {
            Some(factory) => format!(" nor its factory `{factory}`"),
            None => String::new(),
        }
    )]
    ReplacementInactive {
        /// The replacement's contract.
        contract: ContractRef,
        /// Its declared phase.
        phase: Phase,
        /// Its `factory`, which would also make it active.
        factory: Option<&'static str>,
        /// A trait of its `implements(..)` that consumers may reach it through, as an
        /// adapter's are (`dyn PaymentPort`): no contract depends on it yet, so whether
        /// the state holds one cannot be seen.
        port: Option<&'static str>,
    },
}

/// Why a `check = ..` did not run, in [`Warning::CheckSkipped`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// The state provides the component (`provide::<T>()`, a `ComponentSource`
    /// without `instance`, or a derived state's field of a component that is not
    /// `Send + Sync`) but hands over no instance.
    NoInstance,
    /// `ComponentSource::instance` returned something, but not the component (nor an
    /// `Arc` or a `Box` of it).
    WrongInstance,
    /// The component is active through its factory: instances are made per request,
    /// and the state holds none.
    MadeByFactory,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::NoInstance => {
                "the state provides the component but hands over no instance of it (it was only declared with `provide::<T>()`, the state's `ComponentSource::instance` does not return it, or it is not `Send + Sync`)"
            }
            SkipReason::WrongInstance => {
                "the state's instance of it is not the component, nor an `Arc` or `Box` of it"
            }
            SkipReason::MadeByFactory => {
                "it is made per request by its factory, so the state holds no instance of it"
            }
        })
    }
}

/// The code of [`Violation::ReplacementCycle`], which the compliance report also reads
/// (a ring's migrations have no plan to point to).
pub(crate) const REPLACEMENT_CYCLE: &str = "replacement-cycle";

impl Violation {
    /// A short stable identifier of the rule, e.g. `missing-component`.
    pub fn code(&self) -> &'static str {
        match self {
            Violation::DuplicateName { .. } => "duplicate-name",
            Violation::DependencyCycle { .. } => "dependency-cycle",
            Violation::FactoryCycle { .. } => "factory-cycle",
            Violation::ReplacementCycle { .. } => REPLACEMENT_CYCLE,
            Violation::IncompleteMigration { .. } => "incomplete-migration",
            Violation::MissingComponent { .. } => "missing-component",
            Violation::CheckFailed { .. } => "check-failed",
            Violation::LegacyStillProvided { .. } => "legacy-still-provided",
            Violation::Strict(warning) => warning.code(),
        }
    }

    /// Every contract involved, the root cause first; all of them count as failed.
    pub fn contracts(&self) -> Vec<ContractRef> {
        match self {
            Violation::DuplicateName { contracts, .. } => contracts.clone(),
            Violation::DependencyCycle { cycle, entangled } => {
                cycle.iter().chain(entangled).copied().collect()
            }
            Violation::ReplacementCycle { cycle } | Violation::FactoryCycle { cycle, .. } => {
                cycle.clone()
            }
            Violation::IncompleteMigration {
                contract,
                consumers,
                ..
            } => std::iter::once(*contract)
                .chain(consumers.iter().copied())
                .collect(),
            Violation::MissingComponent {
                contract,
                needed_by,
                ..
            } => {
                // The missing component, then what it makes that is needed (missing
                // with it), then who needs them.
                let mut involved: Vec<ContractRef> = contract.iter().copied().collect();
                for product in needed_by.iter().filter_map(|n| n.product) {
                    if !involved.contains(&product) {
                        involved.push(product);
                    }
                }
                involved.extend(needed_by.iter().filter_map(|n| n.contract));
                involved
            }
            Violation::CheckFailed { contract, .. }
            | Violation::LegacyStillProvided { contract, .. } => vec![*contract],
            Violation::Strict(warning) => warning.contracts(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Violation::DuplicateName { .. } => {
                "give each contract its own `name = \"..\"` (names must be unique per binary)".to_owned()
            }
            Violation::ReplacementCycle { .. } => {
                "a migration goes one way: keep `replaces = ..` and `phase = ..` only on the new component of each pair, and remove them from the one being replaced".to_owned()
            }
            Violation::FactoryCycle { made_by, .. } => {
                let products = made_by
                    .iter()
                    .map(|p| format!("`{}`", p.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("break the cycle: a factory cannot need, at construction, what it makes ({products}) or anything that needs it; let the factory take that dependency per request instead (and drop it from its `depends_on`), or move the shared part into a component of its own")
            }
            Violation::DependencyCycle { .. } => {
                "break the cycle: remove one of these dependencies (an `optional(..)` one counts too, since startup is ordered by every edge), e.g. look the component up after startup instead of declaring it, or move the shared part into a component of its own".to_owned()
            }
            Violation::IncompleteMigration {
                replaced, legacy, ..
            } => {
                let mut help = format!(
                    "move each listed consumer off `{replaced}`, or set the phase back to `migrating`"
                );
                // The link may come from the legacy's own list, which can be stale.
                if let Some(legacy) = legacy {
                    let _ = write!(
                        help,
                        "; a consumer that already moved but is still listed in `{}`'s `consumers(..)`: remove it from that list",
                        legacy.name
                    );
                }
                help
            }
            Violation::MissingComponent {
                component,
                factory,
                replaced_by: Some(replacement),
                needed_by,
                ..
            } => {
                let keep = match factory {
                    Some(factory) => format!("`{component}` (or its factory `{factory}`)"),
                    None => format!("`{component}`"),
                };
                let mut help = format!(
                    "move the consumers listed to its replacement `{}`, or keep {keep} in the state until they have (with the migration in a phase before `complete`)",
                    replacement.name
                );
                // An adapter over the legacy cannot move to itself.
                if needed_by.iter().any(|n| n.contract == Some(*replacement)) {
                    let _ = write!(
                        help,
                        "; `{}` itself still needs `{component}`: it replaces it only once it no longer does",
                        replacement.name
                    );
                }
                help
            }
            Violation::MissingComponent {
                component,
                empty_field: Some(field),
                ..
            } => format!(
                "set the state's field `{field}` to `Some(..)` before serving requests (or `Validator::ignore::<{component}>()` if `{component}` is provided elsewhere)"
            ),
            Violation::MissingComponent {
                component, factory, ..
            } => {
                let mut help = match factory {
                    // Made per request: see below.
                    Some(factory) => format!(
                        "insert its factory `{factory}` into the state before serving requests (`{component}` is made per request by it)"
                    ),
                    // A trait object is only ever held behind a pointer, and `insert`
                    // would store the pointer itself, under its own type.
                    None if component.starts_with("dyn ") => format!(
                        "insert it before serving requests: `insert_arc(port)`, `port` an `Arc<{component}>` (`insert(port)` stores the `Arc` itself, under another type; a `ComponentSource` of your own must answer `provides` for `TypeId::of::<{component}>()`), or `Validator::ignore::<{component}>()` if it is provided elsewhere"
                    ),
                    None => format!("insert `{component}` into the state before serving requests (or `Validator::ignore::<{component}>()` if it is provided elsewhere)"),
                };
                // A missing factory is reported for what it makes. Inserting a product
                // itself would satisfy validation too, but `factory = ..` says it is made
                // per request: one shared instance is the singleton a migration to a
                // factory removes, so the help does not offer it.
                // The state holds `Send + Sync` values, and `dyn Sink + Send + Sync` is
                // another type than `dyn Sink`: without those supertraits, the type as
                // declared cannot be inserted at all.
                if let Some(hint) = trait_object_hint(component) {
                    help.push_str(&hint);
                }
                help
            }
            Violation::CheckFailed { panicked: true, .. } => {
                "fix the component's invariant; a check should return an error rather than panic".to_owned()
            }
            Violation::CheckFailed { .. } => "fix the invariant the check reports".to_owned(),
            Violation::LegacyStillProvided {
                factory: Some(factory),
                replaced,
                ..
            } => format!(
                "remove `{factory}` from the state (and its insertion at startup): it still makes `{replaced}` per request; or set the phase back to `migrating`"
            ),
            Violation::LegacyStillProvided { replaced, .. } => {
                format!("remove `{replaced}` from the state (and its insertion at startup), or set the phase back to `migrating`")
            }
            Violation::Strict(warning) => warning.help(),
        }
    }
}

impl Warning {
    /// A short stable identifier of the rule, e.g. `migration-in-progress`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::NoContracts => "no-contracts",
            Warning::LegacyNotRemoved { .. } => "legacy-not-removed",
            Warning::MigrationInProgress { .. } => "migration-in-progress",
            Warning::ConsumerMismatch { .. } => "consumer-mismatch",
            Warning::CheckSkipped { .. } => "check-skipped",
            Warning::WrappedComponent { .. } => "wrapped-component",
            Warning::ReplacementInactive { .. } => "replacement-inactive",
        }
    }

    /// Every contract this warning is about.
    pub fn contracts(&self) -> Vec<ContractRef> {
        match self {
            Warning::NoContracts => Vec::new(),
            Warning::LegacyNotRemoved { contract, legacy } => vec![*contract, *legacy],
            Warning::MigrationInProgress {
                contract,
                consumers,
                ..
            } => std::iter::once(*contract)
                .chain(consumers.iter().copied())
                .collect(),
            Warning::ConsumerMismatch {
                component,
                consumers,
            } => std::iter::once(*component)
                .chain(consumers.iter().copied())
                .collect(),
            Warning::CheckSkipped { contract, .. }
            | Warning::ReplacementInactive { contract, .. }
            | Warning::WrappedComponent {
                component: contract,
                ..
            } => vec![*contract],
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Warning::NoContracts => "make sure the crates that declare contracts are linked into this binary (see the README's linking note)".to_owned(),
            Warning::LegacyNotRemoved { contract, legacy } => format!(
                "once nothing uses it any more, delete the legacy type `{}` and its contract `{}`, then `replaces = ..` and `phase = ..` from `{}` (the migration is over; `replaces` names the deleted type)",
                crate::descriptor::short_type_name(legacy.type_name),
                legacy.name,
                contract.name
            ),
            // Not started: the next step is to run the replacement beside the legacy.
            Warning::MigrationInProgress {
                contract,
                replaced,
                phase: Phase::Planned,
                consumers,
                consumers_without_contract,
                ..
            } => {
                let next = format!(
                    "the migration has not started: once `{}` is ready, run it beside `{replaced}` (`phase = \"parallel\"`)",
                    contract.name
                );
                if consumers.is_empty() && consumers_without_contract.is_empty() {
                    format!("{next}; no consumer is on `{replaced}`, so none will have to move")
                } else {
                    format!("{next}, then move the listed consumers one at a time, validating after each")
                }
            }
            // The legacy type goes last: `replaces = ..` names it, so deleting it first
            // breaks the build.
            Warning::MigrationInProgress {
                contract,
                consumers,
                consumers_without_contract,
                ..
            } if consumers.is_empty() && consumers_without_contract.is_empty() => format!(
                "set `phase = \"complete\"` on `{}`; once validation passes, remove the legacy type, and with it `replaces = ..` and `phase = ..` (they name it)",
                contract.name
            ),
            Warning::MigrationInProgress { .. } => {
                "move the listed consumers one at a time, validating after each".to_owned()
            }
            Warning::ConsumerMismatch { component, .. } => {
                let short = crate::descriptor::short_type_name(component.type_name);
                // A consumer that moved to a replacement is the common case in a
                // migration: the legacy's list is what is out of date.
                format!(
                    "remove from `{}`'s `consumers(..)` each listed consumer that no longer uses `{short}` (one that moved to a replacement, say); to each that does, add `depends_on({short})` (or, for a component made per request, its factory)",
                    component.name
                )
            }
            Warning::CheckSkipped { contract, reason } => match reason {
                SkipReason::WrongInstance => format!(
                    "make `ComponentSource::instance` return the `{}` itself, an `Arc` or a `Box` of it (not a reference to a wrapper, or another component)",
                    crate::descriptor::short_type_name(contract.type_name)
                ),
                SkipReason::MadeByFactory => "run the check on the instances the factory makes (in its own tests), or insert one instance as well".to_owned(),
                SkipReason::NoInstance => "insert an instance (not only `provide::<T>()`), or implement `ComponentSource::instance`; a derived state hands over only components that are `Send + Sync` (a `Cell` or an `Rc` inside makes it neither)".to_owned(),
            },
            Warning::WrappedComponent { component, held } => {
                let short = crate::descriptor::short_type_name(component.type_name);
                // Only pointers are fixed by `insert_arc`: `Arc<Mutex<T>>` would then
                // store a `Mutex<T>`.
                match pointer_layers(held, component.type_name) {
                    Some((1, _)) => format!(
                        "store the `{short}` itself: `insert_arc(arc)` for an `Arc<{short}>` (it is stored as a `{short}`), `insert(value)` for a value, `provide::<{short}>()` to declare it"
                    ),
                    // `insert(Arc::new(arc))`: the inner `Arc` is what `insert_arc` takes.
                    Some((_, "Arc")) => format!(
                        "store the `{short}` itself: a pointer is wrapped in another; pass the inner `Arc<{short}>` to `insert_arc(arc)` (it is stored as a `{short}`), or `insert(value)` for a value"
                    ),
                    // `Box<Box<T>>`, `Arc<Box<T>>`: no `Arc<T>` to hand over.
                    Some(_) => format!(
                        "store the `{short}` itself: a pointer is wrapped in another; take the `{short}` out and `insert(value)` it, or `insert_arc(Arc::new(value))` to share it"
                    ),
                    None => {
                        // A lock or a collection: what the consumers use is the wrapper.
                        format!(
                            "the state provides `{}`, not `{short}`: depend on that type where it is what the consumers use, or hold the `{short}` itself in the state",
                            crate::descriptor::without_paths(held)
                        )
                    }
                }
            }
            Warning::ReplacementInactive {
                contract,
                factory,
                port,
                ..
            } => {
                let short = crate::descriptor::short_type_name(contract.type_name);
                let mut insert = match factory {
                    Some(factory) => format!("its factory `{factory}`"),
                    None => format!("`{short}`"),
                };
                if let Some(port) = port {
                    // As written, generic arguments included: `Store<Order>`.
                    let port = crate::descriptor::port_key(port, true);
                    let _ = write!(
                        insert,
                        " (or, for consumers that reach it through `dyn {port}`, an `Arc<dyn {port}>` with `insert_arc`, and `depends_on(dyn {port})` on those consumers, so that validation sees it)"
                    );
                }
                format!(
                    "insert {insert} into the state at startup, beside the legacy; or, until it is ready, set `phase = \"planned\"` on `{}`",
                    contract.name
                )
            }
        }
    }
}

/// How many `Arc`, `Box` or `Rc` layers `held` (as `std::any::type_name` writes it)
/// has around `component`; `None` when something else is among them, or it is not
/// `component` inside.
fn pointer_layers(held: &str, component: &str) -> Option<(usize, &'static str)> {
    let mut rest = held;
    let mut layers = 0;
    let mut innermost = "";
    while rest != component {
        let (name, inner) = [
            ("Arc", "alloc::sync::Arc<"),
            ("Box", "alloc::boxed::Box<"),
            ("Rc", "alloc::rc::Rc<"),
        ]
        .iter()
        .find_map(|&(name, wrapper)| {
            Some((name, rest.strip_prefix(wrapper)?.strip_suffix('>')?))
        })?;
        rest = inner;
        layers += 1;
        innermost = name;
    }
    (layers > 0).then_some((layers, innermost))
}

/// The result of a validation: what was checked, every violation, every warning.
///
/// `Display` is for people (a summary line, then each problem with where it is
/// declared and what to do); `Serialize`/[`to_json`](Self::to_json) for machines.
///
/// ```
/// let report = contracts_core::Validator::new().validate_contracts(&[], None);
/// assert!(report.is_ok());
/// assert_eq!(report.checked(), 0);
/// assert_eq!(report.pass_rate(), 1.0);
/// assert!(report.to_string().starts_with("migration contracts: 0 checked"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Report {
    checked: usize,
    passed: usize,
    pass_rate: f64,
    violations: Vec<Violation>,
    warnings: Vec<Warning>,
    cutovers: Vec<crate::cutover::CutoverStatus>,
}

impl Report {
    /// The version of the report's JSON layout, written first as `schema_version`. It
    /// goes up when a field is renamed or removed, or changes meaning; new fields may
    /// come without it.
    pub const SCHEMA_VERSION: u32 = 1;

    pub(crate) fn new(
        checked: usize,
        passed: usize,
        violations: Vec<Violation>,
        warnings: Vec<Warning>,
    ) -> Self {
        let pass_rate = if checked == 0 {
            1.0
        } else {
            passed as f64 / checked as f64
        };
        Report {
            checked,
            passed,
            pass_rate,
            violations,
            warnings,
            cutovers: Vec::new(),
        }
    }

    /// Adds the state of a [`Cutover`](crate::cutover::Cutover) (which consumer is on
    /// which side), shown at the end of the report and in its JSON under `cutovers`.
    /// Does not change [`is_ok`](Self::is_ok).
    ///
    /// ```
    /// use contracts_core::cutover::Cutover;
    ///
    /// let cutover = Cutover::new((), ()).with_consumers(["supervisor-factory"]);
    /// let report = contracts_core::validate_all().with_cutover(cutover.status());
    /// assert_eq!(report.cutovers().len(), 1);
    /// assert!(report.to_string().contains("0 of 1 consumer on new"));
    /// ```
    pub fn with_cutover(mut self, status: crate::cutover::CutoverStatus) -> Report {
        self.cutovers.push(status);
        self
    }

    /// The cutover states added with [`with_cutover`](Self::with_cutover).
    pub fn cutovers(&self) -> &[crate::cutover::CutoverStatus] {
        &self.cutovers
    }

    /// No violations (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// Every violation, in a stable order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Every warning, in a stable order.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// How many contracts were examined.
    pub fn checked(&self) -> usize {
        self.checked
    }

    /// How many contracts are involved in no violation.
    pub fn passed(&self) -> usize {
        self.passed
    }

    /// `passed / checked`; `1.0` when nothing was checked.
    pub fn pass_rate(&self) -> f64 {
        self.pass_rate
    }

    /// The report as pretty JSON: `schema_version` ([`SCHEMA_VERSION`](Self::SCHEMA_VERSION)),
    /// `ok` (as [`is_ok`](Self::is_ok)), `checked`, `passed`, `pass_rate`, `violations`,
    /// `warnings`. Each problem is an object with its `code` (as in the text report,
    /// e.g. `missing-component`), its fields, and then what the text report shows:
    /// `strict` (only when a warning counts as a violation), `risk` (the highest of the
    /// contracts involved, absent when none is), `message` and `help`. For one line per
    /// report (a log pipeline), serialize it yourself: `serde_json::to_string(&report)`
    /// gives the same content without the indentation.
    ///
    /// ```
    /// let report = contracts_core::Validator::new()
    ///     .strict()
    ///     .validate_contracts(&[], None);
    /// let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    /// let problem = &json["violations"][0];
    /// assert_eq!(problem["code"], "no-contracts");
    /// assert_eq!(problem["strict"], true);
    /// assert!(problem["help"].as_str().unwrap().contains("linked"));
    /// ```
    pub fn to_json(&self) -> String {
        // Serializing plain data into a String cannot fail; keep a fallback anyway
        // rather than a panic.
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }

    /// Panics with the whole report when there is a violation. For unit tests.
    ///
    /// ```
    /// contracts_core::validate_all().assert_ok();
    /// ```
    #[track_caller]
    pub fn assert_ok(&self) {
        if !self.is_ok() {
            panic!("migration contracts violated\n{self}");
        }
    }

    /// `Ok(self)` when there is no violation, so startup can use `?`; the error
    /// displays the whole report.
    ///
    /// ```
    /// fn main() -> Result<(), contracts_core::ContractError> {
    ///     let state = contracts_core::AppState::new();
    ///     let report = state.validate().into_result()?;
    ///     assert!(report.is_ok());
    ///     Ok(())
    /// }
    /// ```
    pub fn into_result(self) -> Result<Report, ContractError> {
        if self.is_ok() {
            Ok(self)
        } else {
            Err(ContractError::Violated(Box::new(self)))
        }
    }
}

/// A violation or a warning, as both of the report's forms show it (and the
/// compliance report, which lists them too).
pub(crate) trait Problem: Serialize + fmt::Display {
    fn code(&self) -> &'static str;
    /// Every contract the problem names, for its risk and business values: the ones it
    /// blames (`contracts()`), and a replaced type's contract, named for context only.
    fn named_contracts(&self) -> Vec<ContractRef>;
    fn help(&self) -> String;
}

/// The legacy contract a migration problem names without blaming it.
fn legacy_of_warning(warning: &Warning) -> Option<ContractRef> {
    match warning {
        Warning::MigrationInProgress { legacy, .. } => *legacy,
        _ => None,
    }
}

impl Problem for Violation {
    fn code(&self) -> &'static str {
        Violation::code(self)
    }
    fn named_contracts(&self) -> Vec<ContractRef> {
        let legacy = match self {
            Violation::IncompleteMigration { legacy, .. }
            | Violation::LegacyStillProvided { legacy, .. } => *legacy,
            Violation::Strict(warning) => legacy_of_warning(warning),
            _ => None,
        };
        let mut named = self.contracts();
        named.extend(legacy);
        named
    }
    fn help(&self) -> String {
        Violation::help(self)
    }
}

impl Problem for Warning {
    fn code(&self) -> &'static str {
        Warning::code(self)
    }
    fn named_contracts(&self) -> Vec<ContractRef> {
        let mut named = self.contracts();
        named.extend(legacy_of_warning(self));
        named
    }
    fn help(&self) -> String {
        Warning::help(self)
    }
}

/// A strict warning as a violation: the warning's own fields, marked `strict`.
fn strict_warning<S: serde::Serializer>(
    warning: &Warning,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Strict<'a> {
        #[serde(flatten)]
        warning: &'a Warning,
        strict: bool,
    }
    Strict {
        warning,
        strict: true,
    }
    .serialize(serializer)
}

/// One problem in the report's JSON: its own fields (led by `code`), then the text
/// report's risk, message and help. No variant has a field of those names.
#[derive(Serialize)]
struct Entry<'a, P: Problem> {
    #[serde(flatten)]
    problem: &'a P,
    #[serde(skip_serializing_if = "Option::is_none")]
    risk: Option<Risk>,
    message: String,
    help: String,
}

/// A list of problems in the report's JSON, each as an [`Entry`].
struct Entries<'a, P>(&'a [P]);

impl<P: Problem> Serialize for Entries<'_, P> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|problem| Entry {
            problem,
            risk: risk_of(problem),
            message: problem.to_string(),
            help: problem.help(),
        }))
    }
}

/// The report's JSON: a log pipeline reads `ok` without counting violations, and
/// `schema_version` before anything else.
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            schema_version: u32,
            ok: bool,
            checked: usize,
            passed: usize,
            pass_rate: f64,
            violations: Entries<'a, Violation>,
            warnings: Entries<'a, Warning>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            cutovers: &'a [crate::cutover::CutoverStatus],
        }
        Json {
            schema_version: Report::SCHEMA_VERSION,
            ok: self.is_ok(),
            checked: self.checked,
            passed: self.passed,
            pass_rate: self.pass_rate,
            violations: Entries(&self.violations),
            warnings: Entries(&self.warnings),
            cutovers: &self.cutovers,
        }
        .serialize(serializer)
    }
}

/// The risk a problem is shown with (text, JSON and `tracing` alike): the highest of
/// the contracts involved.
pub(crate) fn risk_of(problem: &impl Problem) -> Option<Risk> {
    problem.named_contracts().iter().map(|c| c.risk).max()
}

fn write_block(
    f: &mut fmt::Formatter<'_>,
    label: &str,
    problem: &impl Problem,
    note: Option<&str>,
) -> fmt::Result {
    let code = problem.code();
    match risk_of(problem) {
        Some(risk) => writeln!(f, "{label}[{code}] (risk {risk}): {problem}")?,
        None => writeln!(f, "{label}[{code}]: {problem}")?,
    }
    // What is at stake, so that the reader knows how urgent it is.
    let mut seen = Vec::new();
    for contract in problem.named_contracts() {
        if let Some(value) = contract.business_value {
            if !seen.contains(&contract) {
                seen.push(contract);
                writeln!(
                    f,
                    "  = business value of `{}`: {}",
                    contract.name,
                    one_line(value)
                )?;
            }
        }
    }
    if let Some(note) = note {
        writeln!(f, "  = note: {note}")?;
    }
    writeln!(f, "  = help: {}", problem.help())
}

impl Report {
    /// For each missing component the state holds inside a wrapper: where it went, so
    /// that the help's "insert `Pool`" does not read as wrong to someone who did (the
    /// `wrapped-component` entry, further down, has the fix). Collected once, so that
    /// writing the report stays linear in its problems.
    fn wrapped_notes(&self) -> HashMap<ContractRef, String> {
        let strict = self.violations.iter().filter_map(|v| match v {
            Violation::Strict(warning) => Some((warning, "error")),
            _ => None,
        });
        let warnings = self.warnings.iter().map(|warning| (warning, "warning"));
        warnings
            .chain(strict)
            .filter_map(|(warning, label)| match warning {
                Warning::WrappedComponent { component, held } => Some((
                    *component,
                    format!(
                        "the state holds `{}`, which is stored under the wrapper's type (see {label}[wrapped-component])",
                        crate::descriptor::without_paths(held)
                    ),
                )),
                _ => None,
            })
            .collect()
    }

    /// How many contracts failed: involved in a violation.
    pub(crate) fn failed(&self) -> usize {
        self.checked - self.passed.min(self.checked)
    }

    /// The report's first line, as the text report and the `tracing` summary write it.
    pub(crate) fn summary_line(&self) -> String {
        // With nothing checked, a pass rate (100%, by definition) next to a strict
        // `no-contracts` violation would contradict it: leave it out.
        let counts = if self.checked == 0 {
            "0 checked".to_owned()
        } else {
            format!(
                "{} checked, {} passed, {} failed ({:.1}% pass rate)",
                self.checked,
                self.passed,
                self.failed(),
                self.pass_rate * 100.0
            )
        };
        format!(
            "migration contracts: {counts}; {} violation{}, {} warning{}",
            self.violations.len(),
            if self.violations.len() == 1 { "" } else { "s" },
            self.warnings.len(),
            if self.warnings.len() == 1 { "" } else { "s" },
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.summary_line())?;
        let notes = self.wrapped_notes();
        for violation in &self.violations {
            writeln!(f)?;
            let note = match violation {
                Violation::MissingComponent {
                    contract: Some(missing),
                    ..
                } => notes.get(missing),
                _ => None,
            };
            write_block(f, "error", violation, note.map(String::as_str))?;
        }
        for warning in &self.warnings {
            writeln!(f)?;
            write_block(f, "warning", warning, None)?;
        }
        for cutover in &self.cutovers {
            writeln!(f)?;
            write!(f, "{cutover}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(name: &'static str) -> ContractRef {
        ContractRef {
            name,
            type_name: "app::Component",
            file: "src/app.rs",
            line: 1,
            risk: Risk::Medium,
            business_value: Some("keeps the lights on"),
        }
    }

    /// One of every warning; the match makes a new variant fail to compile here.
    fn every_warning() -> Vec<Warning> {
        let (a, b) = (reference("a"), reference("b"));
        let all = vec![
            Warning::NoContracts,
            Warning::LegacyNotRemoved {
                contract: a,
                legacy: b,
            },
            Warning::MigrationInProgress {
                contract: a,
                replaced: "Legacy",
                legacy: Some(b),
                phase: Phase::Migrating,
                consumers: vec![b],
                consumers_without_contract: vec!["Sup"],
            },
            Warning::ConsumerMismatch {
                component: a,
                consumers: vec![b],
            },
            Warning::CheckSkipped {
                contract: a,
                reason: SkipReason::WrongInstance,
            },
            Warning::WrappedComponent {
                component: a,
                held: "alloc::sync::Arc<app::A>",
            },
            Warning::ReplacementInactive {
                contract: a,
                phase: Phase::Parallel,
                factory: Some("AFactory"),
                port: Some("pay::PaymentPort"),
            },
        ];
        for warning in &all {
            match warning {
                Warning::NoContracts
                | Warning::LegacyNotRemoved { .. }
                | Warning::MigrationInProgress { .. }
                | Warning::ConsumerMismatch { .. }
                | Warning::CheckSkipped { .. }
                | Warning::WrappedComponent { .. }
                | Warning::ReplacementInactive { .. } => {}
            }
        }
        all
    }

    /// One of every violation, a strict form of every warning included.
    fn every_violation() -> Vec<Violation> {
        let (a, b) = (reference("a"), reference("b"));
        let mut all = vec![
            Violation::DuplicateName {
                name: "a",
                contracts: vec![a, a],
            },
            Violation::DependencyCycle {
                cycle: vec![a, b],
                entangled: vec![b],
            },
            Violation::IncompleteMigration {
                contract: a,
                replaced: "Legacy",
                legacy: Some(b),
                consumers: vec![b],
                consumers_without_contract: vec!["Sup"],
            },
            Violation::MissingComponent {
                component: "Pool",
                contract: Some(a),
                factory: Some("PoolFactory"),
                required: true,
                replaced_by: Some(b),
                needed_by: vec![Needer {
                    component: "Engine",
                    contract: Some(b),
                    need: Need::DependsOn,
                    via: Some("Pool"),
                    product: None,
                    methods: &["get"],
                }],
                empty_field: Some("pool"),
            },
            Violation::CheckFailed {
                contract: a,
                message: "exhausted".into(),
                panicked: false,
            },
            Violation::LegacyStillProvided {
                contract: a,
                replaced: "Legacy",
                legacy: None,
                factory: None,
            },
            Violation::LegacyStillProvided {
                contract: a,
                replaced: "Legacy",
                legacy: None,
                factory: Some("LegacyFactory"),
            },
            Violation::ReplacementCycle { cycle: vec![a, b] },
            Violation::FactoryCycle {
                cycle: vec![a, b],
                made_by: vec![a],
            },
        ];
        all.extend(every_warning().into_iter().map(Violation::Strict));
        for violation in &all {
            match violation {
                Violation::DuplicateName { .. }
                | Violation::DependencyCycle { .. }
                | Violation::ReplacementCycle { .. }
                | Violation::FactoryCycle { .. }
                | Violation::IncompleteMigration { .. }
                | Violation::MissingComponent { .. }
                | Violation::CheckFailed { .. }
                | Violation::LegacyStillProvided { .. }
                | Violation::Strict(_) => {}
            }
        }
        all
    }

    /// Any JSON value, refusing an object that repeats a key (which `serde_json::Value`
    /// would silently collapse).
    struct NoDuplicateKeys;

    impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = NoDuplicateKeys;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(NoDuplicateKeys)
                }
                fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(NoDuplicateKeys)
                }
                fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(NoDuplicateKeys)
                }
                fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(NoDuplicateKeys)
                }
                fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                    Ok(NoDuplicateKeys)
                }
                fn visit_unit<E>(self) -> Result<Self::Value, E> {
                    Ok(NoDuplicateKeys)
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<Self::Value, A::Error> {
                    while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
                    Ok(NoDuplicateKeys)
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Self::Value, A::Error> {
                    let mut keys = std::collections::HashSet::new();
                    while let Some(key) = map.next_key::<String>()? {
                        map.next_value::<NoDuplicateKeys>()?;
                        if !keys.insert(key.clone()) {
                            return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                        }
                    }
                    Ok(NoDuplicateKeys)
                }
            }
            deserializer.deserialize_any(Visitor)
        }
    }

    #[test]
    fn every_problem_serializes_without_a_repeated_key() {
        let report = Report::new(2, 0, every_violation(), every_warning());
        let json = report.to_json();
        if let Err(error) = serde_json::from_str::<NoDuplicateKeys>(&json) {
            panic!("{error} in\n{json}");
        }
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for (problem, listed) in report
            .violations()
            .iter()
            .zip(value["violations"].as_array().unwrap())
        {
            assert_eq!(listed["code"], problem.code());
            assert_eq!(listed["message"], problem.to_string());
            assert_eq!(listed["help"], problem.help());
            assert_eq!(
                listed["strict"].as_bool(),
                matches!(problem, Violation::Strict(_)).then_some(true)
            );
        }
        assert_eq!(value["violations"][4]["error"], "exhausted");
        // Serialized alone (not through the report), a problem has its code and fields.
        for violation in every_violation() {
            let alone = serde_json::to_string(&violation).unwrap();
            serde_json::from_str::<NoDuplicateKeys>(&alone).unwrap();
            let alone: serde_json::Value = serde_json::from_str(&alone).unwrap();
            assert_eq!(alone["code"], violation.code());
        }
    }

    #[test]
    fn a_trait_object_without_send_and_sync_gets_a_hint() {
        let hint = |component| trait_object_hint(component).unwrap_or_default();
        assert_eq!(
            hint("dyn EventSender"),
            "; if `insert_arc::<dyn EventSender>` does not compile, the state cannot hold that type: give `EventSender` the supertraits `Send + Sync`, or depend on `dyn EventSender + Send + Sync`"
        );
        assert!(hint("dyn Sink + Send")
            .contains("the supertrait `Sync`, or depend on `dyn Sink + Send + Sync`"));
        assert!(hint("dyn a::Sink<u8>").contains("give `a::Sink<u8>` the supertraits"));
        assert_eq!(hint("dyn Sink + Send + Sync"), "");
        assert_eq!(
            hint("dyn Sink + std::marker::Sync + core::marker::Send"),
            ""
        );
        assert_eq!(hint("Pool"), "");
    }

    #[test]
    fn a_migration_problem_shows_the_legacy_contracts_risk_without_blaming_it() {
        let mut contract = reference("new-db");
        contract.risk = Risk::Low;
        contract.business_value = None;
        let mut legacy = reference("old-db");
        legacy.risk = Risk::High;
        legacy.business_value = Some("stores every order");
        let incomplete = Violation::IncompleteMigration {
            contract,
            replaced: "OldDb",
            legacy: Some(legacy),
            consumers: vec![reference("orders")],
            consumers_without_contract: Vec::new(),
        };
        assert!(!incomplete.contracts().contains(&legacy), "not blamed");
        let text = Report::new(3, 1, vec![incomplete], Vec::new()).to_string();
        assert!(
            text.contains("error[incomplete-migration] (risk high): "),
            "{text}"
        );
        assert!(
            text.contains("  = business value of `old-db`: stores every order\n"),
            "{text}"
        );
    }

    #[test]
    fn two_contracts_of_one_name_each_show_their_business_value() {
        let mut other = reference("a");
        other.file = "src/other.rs";
        other.business_value = Some("bills the customers");
        let duplicate = Violation::DuplicateName {
            name: "a",
            contracts: vec![reference("a"), other],
        };
        let text = Report::new(2, 0, vec![duplicate], Vec::new()).to_string();
        assert!(
            text.contains("  = business value of `a`: keeps the lights on\n"),
            "{text}"
        );
        assert!(
            text.contains("  = business value of `a`: bills the customers\n"),
            "{text}"
        );
    }

    fn failed_check(message: &str) -> Report {
        let contract = ContractRef {
            name: "pool",
            type_name: "app::Pool",
            file: "src/pool.rs",
            line: 3,
            risk: Risk::High,
            business_value: Some("serves every query"),
        };
        let violation = Violation::CheckFailed {
            contract,
            message: message.to_owned(),
            panicked: false,
        };
        Report::new(1, 0, vec![violation], Vec::new())
    }

    #[test]
    fn a_multi_line_check_message_stays_inside_its_block() {
        let text = failed_check("pool exhausted\nwaiters: 12\n").to_string();
        assert!(
            text.contains(
                "error[check-failed] (risk high): check of `pool` (src/pool.rs:3) failed: pool exhausted\n    waiters: 12\n  = business value of `pool`: serves every query\n  = help: "
            ),
            "{text}"
        );
    }

    #[test]
    fn control_characters_in_a_check_message_are_shown_escaped() {
        let text = failed_check("\nbad\r\u{1b}[31mred").to_string();
        assert!(text.contains("failed: bad\\r\\u{1b}[31mred\n"), "{text:?}");
    }

    #[test]
    fn text_direction_characters_in_a_check_message_are_shown_escaped() {
        // A right-to-left override would show the rest of the report reordered; names
        // and business values refuse it for that reason.
        let text = failed_check("line two\u{202e}evil\u{2028}next").to_string();
        assert!(
            text.contains("failed: line two\\u{202e}evil\\u{2028}next\n"),
            "{text:?}"
        );
        assert!(!text.contains('\u{202e}') && !text.contains('\u{2028}'));
    }

    #[test]
    fn an_empty_check_message_says_so() {
        let text = failed_check(" ").to_string();
        assert!(
            text.contains("failed: (the check gave no message)\n"),
            "{text}"
        );
    }
}
