//! [`diff`]: the changes between two snapshots, each classified [`Severity::Breaking`],
//! [`Severity::Risky`] or [`Severity::Compatible`] with the reason why.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::signature::{self, SignatureChange};
use super::{ContractEntry, DependencyOrigin, Snapshot, TypeEntry};
use crate::descriptor::{short_type_name, Phase, Risk};

/// How a change affects the components' consumers. Ordered:
/// `Compatible < Risky < Breaking`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing that consumers rely on changed.
    Compatible,
    /// Consumers still work as declared, but the change deserves a review: risk raised,
    /// new consumers of a critical component, a guarantee loosened, a migration rolled
    /// back.
    Risky,
    /// A declared consumer or dependent breaks: a method it expects is gone or changed,
    /// a component it depends on is gone, or a state must now provide more.
    Breaking,
}

impl Severity {
    /// The lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Compatible => "compatible",
            Severity::Risky => "risky",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed. [`code`](Self::code) is the stable kebab-case identifier used in the
/// text and JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A contract appeared.
    ComponentAdded,
    /// A contract disappeared.
    ComponentRemoved,
    /// The same type's contract has another `name`.
    ContractRenamed,
    /// The same contract `name` is on another type path or module.
    TypeChanged,
    /// Only the declaration's file or line changed.
    LocationChanged,
    /// `risk` changed.
    RiskChanged,
    /// `business_value` changed.
    BusinessValueChanged,
    /// `required` was added or dropped.
    RequiredChanged,
    /// `check = ..` was added or dropped.
    CheckChanged,
    /// A method was added to `requires(..)`.
    MethodAdded,
    /// A method was removed from `requires(..)`.
    MethodRemoved,
    /// A required method's declared signature changed.
    SignatureChanged,
    /// A trait was added to `implements(..)`.
    TraitAdded,
    /// A trait was removed from `implements(..)`.
    TraitRemoved,
    /// A dependency was added.
    DependencyAdded,
    /// A dependency was removed.
    DependencyRemoved,
    /// A dependency became optional or non-optional.
    DependencyOptionality,
    /// A dependency moved between `depends_on(..)` and a dependency field.
    DependencySource,
    /// A dependency that resolved to a contract resolves to none: the consumer lost its
    /// provider.
    ProviderLost,
    /// A dependency resolves to another contract, or to one where it resolved to none.
    ProviderChanged,
    /// A consumer was added to `consumers(..)`.
    ConsumerAdded,
    /// A consumer was removed from `consumers(..)`.
    ConsumerRemoved,
    /// The methods a declared consumer calls changed.
    ConsumerMethodsChanged,
    /// `replaces = ..` was added.
    MigrationAdded,
    /// `replaces = ..` was removed.
    MigrationRemoved,
    /// `replaces = ..` names another type.
    ReplacedTypeChanged,
    /// `phase = ..` changed.
    PhaseChanged,
    /// `factory = ..` was added.
    FactoryAdded,
    /// `factory = ..` was removed.
    FactoryRemoved,
    /// `factory = ..` names another type.
    FactoryChanged,
}

impl ChangeKind {
    /// The stable identifier, e.g. `method-removed`.
    pub const fn code(self) -> &'static str {
        match self {
            ChangeKind::ComponentAdded => "component-added",
            ChangeKind::ComponentRemoved => "component-removed",
            ChangeKind::ContractRenamed => "contract-renamed",
            ChangeKind::TypeChanged => "type-changed",
            ChangeKind::LocationChanged => "location-changed",
            ChangeKind::RiskChanged => "risk-changed",
            ChangeKind::BusinessValueChanged => "business-value-changed",
            ChangeKind::RequiredChanged => "required-changed",
            ChangeKind::CheckChanged => "check-changed",
            ChangeKind::MethodAdded => "method-added",
            ChangeKind::MethodRemoved => "method-removed",
            ChangeKind::SignatureChanged => "signature-changed",
            ChangeKind::TraitAdded => "trait-added",
            ChangeKind::TraitRemoved => "trait-removed",
            ChangeKind::DependencyAdded => "dependency-added",
            ChangeKind::DependencyRemoved => "dependency-removed",
            ChangeKind::DependencyOptionality => "dependency-optionality",
            ChangeKind::DependencySource => "dependency-source",
            ChangeKind::ProviderLost => "provider-lost",
            ChangeKind::ProviderChanged => "provider-changed",
            ChangeKind::ConsumerAdded => "consumer-added",
            ChangeKind::ConsumerRemoved => "consumer-removed",
            ChangeKind::ConsumerMethodsChanged => "consumer-methods-changed",
            ChangeKind::MigrationAdded => "migration-added",
            ChangeKind::MigrationRemoved => "migration-removed",
            ChangeKind::ReplacedTypeChanged => "replaced-type-changed",
            ChangeKind::PhaseChanged => "phase-changed",
            ChangeKind::FactoryAdded => "factory-added",
            ChangeKind::FactoryRemoved => "factory-removed",
            ChangeKind::FactoryChanged => "factory-changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// One classified change between two snapshots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    severity: Severity,
    kind: ChangeKind,
    component: String,
    type_name: String,
    subject: Option<String>,
    before: Option<String>,
    after: Option<String>,
    affected: Vec<String>,
    message: String,
    reason: String,
}

impl Change {
    /// Breaking, risky or compatible.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What changed.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The contract's `name` (the new one when it was renamed).
    pub fn component(&self) -> &str {
        &self.component
    }

    /// The contract's type path (the new one when it changed).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The method, trait, dependency or consumer the change is about, if any.
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// The old value, rendered, when there was one.
    pub fn before(&self) -> Option<&str> {
        self.before.as_deref()
    }

    /// The new value, rendered, when there is one.
    pub fn after(&self) -> Option<&str> {
        self.after.as_deref()
    }

    /// Who is affected: the consumers or dependents the classification is about. For a
    /// removed or changed method, whatever the class: the declared consumers that
    /// called it as it was (those it breaks, when it is breaking), then those who may
    /// call it without saying so; for a signature no longer pinned, those declared
    /// against the new one too, as they call it now. Empty when nobody calls it.
    pub fn affected(&self) -> &[String] {
        &self.affected
    }

    /// What changed, in a sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Why the change has its severity.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Change {
    /// `breaking[method-removed] message` and, below, `  = why: reason`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}[{}] {}", self.severity, self.kind, self.message)?;
        write!(f, "  = why: {}", self.reason)
    }
}

/// The classified changes from one snapshot to another, in a stable order (breaking
/// first, then by component).
///
/// `Display` renders text for people; `Serialize` and [`to_json`](Self::to_json) give
/// `{"breaking": n, "risky": n, "compatible": n, "changes": [..]}`.
///
/// ```
/// use contracts_core::snapshot::{diff, Severity, Snapshot};
/// use contracts_core::{ContractBuilder, Risk};
///
/// let old = Snapshot::from_contracts([ContractBuilder::new(1, "bridge").build()]);
/// let new = Snapshot::from_contracts([ContractBuilder::new(1, "bridge").risk(Risk::Critical).build()]);
/// let changes = diff(&old, &new);
/// assert!(!changes.has_breaking());
/// assert_eq!(changes.changes()[0].severity(), Severity::Risky);
/// assert_eq!(changes.changes()[0].kind().code(), "risk-changed");
/// assert!(changes.to_json().contains("\"risky\": 1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    breaking: usize,
    risky: usize,
    compatible: usize,
    changes: Vec<Change>,
}

impl Diff {
    fn from_changes(mut changes: Vec<Change>) -> Diff {
        changes.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.component.cmp(&b.component))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.subject.cmp(&b.subject))
                .then_with(|| a.message.cmp(&b.message))
        });
        changes.dedup();
        let count = |severity| changes.iter().filter(|c| c.severity == severity).count();
        Diff {
            breaking: count(Severity::Breaking),
            risky: count(Severity::Risky),
            compatible: count(Severity::Compatible),
            changes,
        }
    }

    /// No change at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// At least one breaking change: what a CLI turns into exit status 1.
    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }

    /// At least one risky change.
    pub fn has_risky(&self) -> bool {
        self.risky > 0
    }

    /// Every change, breaking first.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Breaking => self.breaking,
            Severity::Risky => self.risky,
            Severity::Compatible => self.compatible,
        }
    }

    /// The changes `keep` accepts, e.g. everything but
    /// [`ChangeKind::LocationChanged`].
    pub fn filter(&self, keep: impl Fn(&Change) -> bool) -> Diff {
        Diff::from_changes(self.changes.iter().filter(|c| keep(c)).cloned().collect())
    }

    /// Pretty JSON: the counts, then every change with its `severity`, `kind`,
    /// `component`, `subject`, `before`, `after`, `affected`, `message` and `reason`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "contract diff: no changes");
        }
        writeln!(
            f,
            "contract diff: {} breaking, {} risky, {} compatible",
            self.breaking, self.risky, self.compatible
        )?;
        for change in &self.changes {
            writeln!(f)?;
            writeln!(f, "{change}")?;
        }
        Ok(())
    }
}

/// The changes from `old` to `new`, each classified.
///
/// **Breaking**: a required method removed, or its signature changed, while a declared
/// consumer expects it (the old contract lists the method for it, or, for a removed
/// method, the new one does); a component removed while a contract still depends on
/// it; a new non-optional dependency (or one that stopped being optional); a
/// dependency whose provider contract is gone (the consumer lost its provider).
///
/// **Risky**: risk raised; a migration phase moved backwards (a rollback: it breaks no
/// running code, but the legacy type must stay until the migration is complete
/// again); a new consumer of a critical component (declared in its `consumers(..)`,
/// or a new component or optional dependency that depends on it); a signature whose
/// types differ only in how their paths are written (`Result` and
/// `std::result::Result`) while a consumer expects it; a removed or changed method
/// that someone may call without saying so (a declared consumer without a method
/// list, unless the old contract listed its methods without this one; a contract that
/// depends on the component without being a declared consumer; or a consumer that
/// lists methods now but listed none before); a signature no longer
/// pinned while a consumer calls the method or may call it; `required` added; a trait
/// guarantee dropped; a factory removed or changed; a dependency now provided by
/// another contract; a component removed while only optional dependencies name it; an
/// added `required` component; a consumer that moved from a dependency to its
/// replacement (the contract that `replaces` it, that contract's factory, or a trait
/// object of its `implements(..)`, an adapter's port): a new
/// non-optional dependency, but the playbook's intended step rather than an accident.
///
/// **Compatible**: everything else, each with its reason (a removed or changed method
/// is compatible only when every consumer and dependant lists the methods it calls,
/// or listed them in the old contract, and none lists this one as it was, or nothing
/// consumes the component; so is a signature in which only the names of parameters
/// changed). A signature that differs only in spacing is no change.
///
/// A removed or changed method names in [`Change::affected`] everyone who may call it
/// as it was, whatever the class (a renamed parameter too): the declared consumers
/// that call it, then those who may call it without saying so; a signature no longer
/// pinned names those declared against the new one too, as they call it now.
///
/// The old contract says who called a method as it was, the new one who calls it
/// now; a consumer's old method list decides first, so one that listed other methods
/// only did not call this one as it was, whatever it lists now (nothing included). A
/// consumer "expects" a method when the old contract lists the method for it (or, for
/// a removed method, the new one does), and it still consumes the component: the new
/// contract still declares it, or its contract still depends on the component, or it
/// has no contract whose dependencies could show it moved off. A type written the
/// same way in both that names a contract in each, the one not being the other's new
/// version, declares another consumer: the old one left, a new one came. The derive
/// removes a method from every consumer's list when it leaves `requires(..)`, so the
/// old list is what says who called it. To remove a method safely, first take it off
/// the consumer's list (once the consumer no longer calls it) and bless the baseline.
/// A consumer that lists a changed method only in the new contract, having listed
/// other methods before (or not having been a consumer), was declared against the new
/// signature: it is named in the reason, and does not make the change risky or
/// breaking (only a signature that is no longer pinned counts it as a caller).
pub fn diff(old: &Snapshot, new: &Snapshot) -> Diff {
    let ctx = Ctx::new(old, new);
    let mut out = Vec::new();
    for &(o, n) in &ctx.pairing.pairs {
        ctx.compare(&old.contracts[o], n, &mut out);
    }
    for (o, entry) in old.contracts.iter().enumerate() {
        if ctx.pairing.old_to_new[o].is_none() {
            ctx.removed(o, entry, &mut out);
        }
    }
    for (n, entry) in new.contracts.iter().enumerate() {
        if ctx.pairing.new_to_old[n].is_none() {
            ctx.added(entry, &mut out);
        }
    }
    Diff::from_changes(out)
}

/// Which old contract is which new one.
struct Pairing {
    pairs: Vec<(usize, usize)>,
    old_to_new: Vec<Option<usize>>,
    new_to_old: Vec<Option<usize>>,
}

impl Pairing {
    fn new(old: &Snapshot, new: &Snapshot) -> Self {
        let mut pairing = Pairing {
            pairs: Vec::new(),
            old_to_new: vec![None; old.contracts.len()],
            new_to_old: vec![None; new.contracts.len()],
        };
        type Key<'a> = fn(&'a ContractEntry) -> (&'a str, &'a str);
        let stages: [Key; 3] = [
            |e| (e.name.as_str(), e.type_name.as_str()),
            |e| (e.name.as_str(), ""),
            |e| ("", e.type_name.as_str()),
        ];
        for key in stages {
            let mut available: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
            for (n, entry) in new.contracts.iter().enumerate().rev() {
                if pairing.new_to_old[n].is_none() {
                    available.entry(key(entry)).or_default().push(n);
                }
            }
            for (o, entry) in old.contracts.iter().enumerate() {
                if pairing.old_to_new[o].is_some() {
                    continue;
                }
                if let Some(n) = available.get_mut(&key(entry)).and_then(Vec::pop) {
                    pairing.old_to_new[o] = Some(n);
                    pairing.new_to_old[n] = Some(o);
                    pairing.pairs.push((o, n));
                }
            }
        }
        pairing
    }
}

/// Who may call a removed or changed method, each set by the name reports use (a
/// contract's name, or the type as written): everything that still consumes the
/// component, declared or depending, is in one of the sets, and in one only.
#[derive(Default)]
struct Callers {
    /// Declared consumers that call the method as it was: the old contract lists it
    /// for them (or, for a removed method, the new one does).
    explicit: BTreeSet<String>,
    /// Declared consumers without a method list ("methods unspecified"), that did not
    /// list methods before either.
    unlisted_consumers: BTreeSet<String>,
    /// Contracts that depend on the component without being declared consumers.
    unlisted_dependants: BTreeSet<String>,
    /// Declared consumers that list methods now but listed none before (declared
    /// without a method list, or depending without being declared): they may have
    /// called the method as it was.
    unlisted_before: BTreeSet<String>,
    /// Declared consumers that list a changed method only in the new contract, and
    /// called other methods only before: they were declared against the new signature.
    updated: BTreeSet<String>,
    /// Declared consumers that list other methods only, in the new contract and, if
    /// the old one declared them, in the old one too.
    lists_other: BTreeSet<String>,
    /// Consumers that the old contract declared with other methods only, and that list
    /// none now (declared without a method list, or depending without being declared).
    listed_other_before: BTreeSet<String>,
}

impl Callers {
    /// Those who may call the method without saying so, in the order
    /// [`unlisted_clause`](Self::unlisted_clause) names them.
    fn unlisted(&self) -> Vec<String> {
        self.unlisted_consumers
            .iter()
            .chain(&self.unlisted_dependants)
            .chain(&self.unlisted_before)
            .cloned()
            .collect()
    }

    /// Who may call it without saying so, as a clause: "`a` consumes `hub` without
    /// listing the methods it calls; `b` depends on `hub` without listing the methods
    /// it calls; `c` listed no methods of `hub` before".
    fn unlisted_clause(&self, component: &str) -> String {
        let clause = |names: &BTreeSet<String>, one: &str, many: &str| {
            let names: Vec<String> = names.iter().cloned().collect();
            let (verb, pronoun) = if names.len() == 1 {
                (one, "it calls")
            } else {
                (many, "they call")
            };
            format!(
                "{} {verb} `{component}` without listing the methods {pronoun}",
                quoted(&names)
            )
        };
        let mut parts = Vec::new();
        if !self.unlisted_consumers.is_empty() {
            parts.push(clause(&self.unlisted_consumers, "consumes", "consume"));
        }
        if !self.unlisted_dependants.is_empty() {
            parts.push(clause(&self.unlisted_dependants, "depends on", "depend on"));
        }
        if !self.unlisted_before.is_empty() {
            let names: Vec<String> = self.unlisted_before.iter().cloned().collect();
            parts.push(format!(
                "{} listed no methods of `{component}` before",
                quoted(&names)
            ));
        }
        parts.join("; ")
    }

    /// Why a removed `method` is risky for those who may call it without saying so:
    /// alone, after the message that names them; or `beside` the reason of those it
    /// breaks, naming them.
    fn removed_reason(&self, method: &str, beside: bool) -> String {
        let unlisted = self.unlisted();
        let (pronoun, check) = if unlisted.len() == 1 {
            ("it", "it does")
        } else {
            ("they", "they do")
        };
        let reason = if beside {
            format!(
                "{} may call `{method}` too: check {check} not",
                quoted(&unlisted)
            )
        } else {
            format!("{pronoun} may call `{method}`: check {check} not")
        };
        // Those that list their methods now have nothing more to declare.
        let undeclared: Vec<String> = self
            .unlisted_consumers
            .iter()
            .chain(&self.unlisted_dependants)
            .cloned()
            .collect();
        if undeclared.is_empty() {
            reason
        } else if self.unlisted_before.is_empty() {
            let calls = if undeclared.len() == 1 {
                "it calls"
            } else {
                "they call"
            };
            format!("{reason}, then declare the methods {calls} in `consumers(..)`")
        } else {
            let calls = if undeclared.len() == 1 {
                "calls"
            } else {
                "call"
            };
            format!(
                "{reason}, then declare the methods {} {calls} in `consumers(..)`",
                quoted(&undeclared)
            )
        }
    }

    /// Why a changed `method` is risky for those who may call it without saying so.
    fn changed_reason(&self, component: &str, method: &str) -> String {
        let check = if self.unlisted().len() == 1 {
            "it does"
        } else {
            "they do"
        };
        // Those that list their methods now may list this one: what matters is that
        // they no longer call it as it was.
        let what = if self.unlisted_before.is_empty() {
            format!("`{method}`")
        } else {
            format!("the old `{method}`")
        };
        format!(
            "{}: check {check} not call {what}",
            self.unlisted_clause(component)
        )
    }

    /// Why nobody is affected: those declared against the new signature, then those
    /// whose old list left the method out, then those that list other methods.
    fn nobody(&self, component: &str, method: &str) -> String {
        let names = |set: &BTreeSet<String>| -> (String, bool) {
            let names: Vec<String> = set.iter().cloned().collect();
            (quoted(&names), names.len() == 1)
        };
        let mut parts = Vec::new();
        if !self.updated.is_empty() {
            let (updated, one) = names(&self.updated);
            let (verb, pronoun) = if one {
                ("lists", "it was")
            } else {
                ("list", "they were")
            };
            parts.push(format!(
                "{updated} {verb} `{method}` only in the new contract, so {pronoun} declared against the new signature"
            ));
        }
        if !self.listed_other_before.is_empty() {
            let (before, one) = names(&self.listed_other_before);
            let pronoun = if one { "it" } else { "they" };
            parts.push(format!(
                "{before} listed only other methods of `{component}` before, so {pronoun} did not call `{method}` as it was"
            ));
        }
        if !self.lists_other.is_empty() {
            let every = if parts.is_empty() {
                "every"
            } else {
                "every other"
            };
            parts.push(format!(
                "{every} consumer of `{component}` lists the methods it calls, and none lists `{method}`"
            ));
        }
        if parts.is_empty() {
            return format!("no contract declares or depends on `{component}`");
        }
        parts.join("; ")
    }
}

/// What [`Ctx::callers`] looks up for every removed or changed method of one new
/// contract: built once per contract, not once per method.
struct Consumers<'e> {
    /// The first new declaration of each written type: looked up for every old
    /// declaration, so that a component with thousands of consumers is not compared
    /// pair by pair.
    by_written: HashMap<&'e str, usize>,
    /// The first new declaration of each resolved type.
    by_resolved: HashMap<&'e str, usize>,
    /// The new contracts the new declarations name: a dependant among them is declared.
    declared: HashSet<usize>,
    /// The new contracts that depend on it; see [`Ctx::dependants_of`].
    dependants: Vec<usize>,
}

impl<'e> Consumers<'e> {
    /// The lookups for the new contract number `at`.
    fn new(ctx: &Ctx<'e>, at: usize) -> Self {
        let n = &ctx.new.contracts[at];
        let mut by_written = HashMap::new();
        let mut by_resolved = HashMap::new();
        for (i, nc) in n.consumers.iter().enumerate() {
            by_written.entry(nc.ty.name.as_str()).or_insert(i);
            if let Some(type_name) = &nc.ty.type_name {
                by_resolved.entry(type_name.as_str()).or_insert(i);
            }
        }
        let declared = n
            .consumers
            .iter()
            .flat_map(|nc| ctx.new_index.referred(&nc.ty))
            .collect();
        Consumers {
            by_written,
            by_resolved,
            declared,
            dependants: ctx.dependants_of(at),
        }
    }
}

struct Ctx<'a> {
    new: &'a Snapshot,
    pairing: Pairing,
    old_index: Index<'a>,
    new_index: Index<'a>,
    /// For each new contract, the new contracts with a dependency that names it, in
    /// snapshot order: built once, the first time a method is removed or changed, so
    /// that finding who may call it does not scan every contract for every change.
    dependants: OnceCell<Vec<Vec<usize>>>,
    /// For each new contract, the new contracts whose `factory` names it, in snapshot
    /// order: built once, the first time a dependency is added.
    products: OnceCell<Vec<Vec<usize>>>,
    /// The new contracts that declare a migration, by the name of each port trait of
    /// their `implements(..)`, in snapshot order: built once, the first time a
    /// dependency on a trait object is added (a consumer moving to an adapter's port).
    port_migrations: OnceCell<HashMap<String, Vec<usize>>>,
    dependents_of_removed: DependentsOfRemoved,
}

/// One snapshot's contracts indexed for the references a diff resolves many times: by
/// type path, by name, and by the last segment of the type path, which every written
/// type that [`written_names`] matches to a path ends with.
struct Index<'a> {
    contracts: &'a [ContractEntry],
    by_type: HashMap<&'a str, Vec<usize>>,
    by_name: HashMap<&'a str, Vec<usize>>,
    by_last_segment: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(snapshot: &'a Snapshot) -> Self {
        let mut index = Index {
            contracts: &snapshot.contracts,
            by_type: HashMap::with_capacity(snapshot.contracts.len()),
            by_name: HashMap::with_capacity(snapshot.contracts.len()),
            by_last_segment: HashMap::with_capacity(snapshot.contracts.len()),
        };
        for (i, entry) in snapshot.contracts.iter().enumerate() {
            index.by_type.entry(&entry.type_name).or_default().push(i);
            index.by_name.entry(&entry.name).or_default().push(i);
            index
                .by_last_segment
                .entry(last_segment(&entry.type_name))
                .or_default()
                .push(i);
        }
        index
    }

    /// The first contract with the type path `type_name`.
    fn first_of_type(&self, type_name: &str) -> Option<usize> {
        self.by_type.get(type_name)?.first().copied()
    }

    /// Every contract the reference `r` names (see [`refers_to`]), in snapshot order.
    fn referred(&self, r: &TypeEntry) -> Vec<usize> {
        let mut found: Vec<usize> = match &r.type_name {
            Some(type_name) => lookup(&self.by_type, type_name).collect(),
            // The candidates share the written type's last segment or its name; the
            // written type is then matched against each as `refers_to` does.
            None => lookup(&self.by_last_segment, last_segment(&r.name))
                .chain(lookup(&self.by_name, &r.name))
                .filter(|&i| refers_to(r, &self.contracts[i]))
                .collect(),
        };
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The number of the contract the reference `r` names: the first of its resolved
    /// type, or the only contract its written type names (none when it names several).
    fn find_at(&self, r: &TypeEntry) -> Option<usize> {
        match &r.type_name {
            Some(type_name) => self.first_of_type(type_name),
            None => match self.referred(r)[..] {
                [only] => Some(only),
                _ => None,
            },
        }
    }

    /// The contract the reference `r` names; see [`find_at`](Self::find_at).
    fn find(&self, r: &TypeEntry) -> Option<&'a ContractEntry> {
        self.find_at(r).map(|at| &self.contracts[at])
    }

    /// Whether the contract `consumer` depends on `component` (both of this
    /// snapshot), directly or through the factory that makes it.
    fn depends_on(&self, consumer: &ContractEntry, component: &ContractEntry) -> bool {
        let names =
            |target: &ContractEntry| consumer.depends_on.iter().any(|d| refers_to(&d.ty, target));
        names(component)
            || component
                .factory
                .as_ref()
                .and_then(|factory| self.find(factory))
                .is_some_and(names)
    }
}

/// For each removed old contract, the new contracts that still depend on it:
/// (non-optional, optional) names. Found in one pass over the new dependencies through
/// the old snapshot's [`Index`], so that removing half of a large graph does not
/// compare every removed contract with every dependency.
struct DependentsOfRemoved(HashMap<usize, (BTreeSet<String>, BTreeSet<String>)>);

impl DependentsOfRemoved {
    fn new(old: &Index<'_>, new: &Snapshot, pairing: &Pairing) -> Self {
        let Index {
            by_type,
            by_name,
            by_last_segment,
            ..
        } = old;
        let mut found: HashMap<usize, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
        if pairing.old_to_new.iter().all(Option::is_some) {
            return DependentsOfRemoved(found);
        }
        for (n, entry) in new.contracts.iter().enumerate() {
            // What the previous version of this contract resolved each written
            // dependency to: a reference written the same way still means that type.
            let mut resolved_before: HashMap<&str, Vec<&str>> = HashMap::new();
            if let Some(previous) = pairing.new_to_old[n].map(|o| &old.contracts[o]) {
                for pd in &previous.depends_on {
                    if let Some(type_name) = &pd.ty.type_name {
                        resolved_before
                            .entry(pd.ty.name.as_str())
                            .or_default()
                            .push(type_name.as_str());
                    }
                }
            }
            for d in &entry.depends_on {
                let mut candidates: Vec<usize> = match &d.ty.type_name {
                    Some(type_name) => lookup(by_type, type_name).collect(),
                    None => {
                        let mut all: Vec<usize> = lookup(by_last_segment, last_segment(&d.ty.name))
                            .chain(lookup(by_name, &d.ty.name))
                            .collect();
                        for type_name in resolved_before
                            .get(d.ty.name.as_str())
                            .into_iter()
                            .flatten()
                        {
                            all.extend(lookup(by_type, type_name));
                        }
                        all
                    }
                };
                candidates.sort_unstable();
                candidates.dedup();
                // Only the removed ones.
                candidates.retain(|&o| pairing.old_to_new[o].is_none());
                for o in candidates {
                    let gone = &old.contracts[o];
                    let hits = refers_to(&d.ty, gone)
                        || (d.ty.type_name.is_none()
                            && resolved_before
                                .get(d.ty.name.as_str())
                                .is_some_and(|types| types.contains(&gone.type_name.as_str())));
                    if hits {
                        let (required, optional) = found.entry(o).or_default();
                        if d.optional {
                            optional.insert(entry.name.clone());
                        } else {
                            required.insert(entry.name.clone());
                        }
                    }
                }
            }
        }
        DependentsOfRemoved(found)
    }
}

/// The contract numbers an index (of [`Index`] or [`DependentsOfRemoved`]) holds under
/// `key`.
fn lookup<'m>(map: &'m HashMap<&str, Vec<usize>>, key: &str) -> impl Iterator<Item = usize> + 'm {
    map.get(key).into_iter().flatten().copied()
}

/// A type as written in an attribute, without spacing and `dyn `: what
/// [`written_names`] compares with a type path.
fn as_written(written: &str) -> &str {
    let written = written.trim();
    written.strip_prefix("dyn ").unwrap_or(written).trim()
}

/// The last `::` segment of a type path or of a written type (`Pool` of `crate::db::Pool`
/// and of `db::Pool`): a written type that names a path ends with it.
fn last_segment(type_name: &str) -> &str {
    short_type_name(as_written(type_name))
}

/// A written type name names `type_name` when it is that path or its last segments.
fn written_names(written: &str, type_name: &str) -> bool {
    let written = as_written(written);
    !written.is_empty()
        && (type_name == written
            || type_name
                .strip_suffix(written)
                .is_some_and(|head| head.ends_with("::")))
}

/// Whether the reference `r` names the contract `target` (of the same snapshot).
fn refers_to(r: &TypeEntry, target: &ContractEntry) -> bool {
    match &r.type_name {
        Some(type_name) => *type_name == target.type_name,
        None => written_names(&r.name, &target.type_name) || r.name == target.name,
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a component that starts to depend on the critical contracts `critical` (by name)
/// is risky, whether or not they list it in `consumers(..)`.
fn new_critical_consumer(critical: &[&str]) -> String {
    let names: Vec<String> = critical.iter().map(|name| format!("`{name}`")).collect();
    format!(
        "a new consumer of the critical {}: one more path where a break costs the most",
        names.join(", ")
    )
}

/// Dependencies of one contract by written type, duplicates merged.
struct Dep<'a> {
    optional: bool,
    sources: BTreeSet<DependencyOrigin>,
    resolved: Option<&'a str>,
}

fn deps_of(entry: &ContractEntry) -> BTreeMap<&str, Dep<'_>> {
    let mut deps: BTreeMap<&str, Dep<'_>> = BTreeMap::new();
    for d in &entry.depends_on {
        let dep = deps.entry(d.ty.name.as_str()).or_insert(Dep {
            optional: true,
            sources: BTreeSet::new(),
            resolved: None,
        });
        dep.optional &= d.optional;
        dep.sources.insert(d.source);
        if dep.resolved.is_none() {
            dep.resolved = d.ty.type_name.as_deref();
        }
    }
    deps
}

/// A declared consumer, keyed by its type as written: the name it is shown by (its
/// contract's, as in every other report, or the type as written), and the methods it
/// calls.
struct DeclaredConsumer<'a> {
    shown: &'a str,
    /// Its first declaration's type: what it resolves to.
    ty: &'a TypeEntry,
    methods: BTreeSet<&'a str>,
}

fn consumers_of(entry: &ContractEntry) -> BTreeMap<&str, DeclaredConsumer<'_>> {
    let mut consumers: BTreeMap<&str, DeclaredConsumer<'_>> = BTreeMap::new();
    for c in &entry.consumers {
        let slot = consumers
            .entry(c.ty.name.as_str())
            .or_insert(DeclaredConsumer {
                shown: c.ty.contract.as_deref().unwrap_or(&c.ty.name),
                ty: &c.ty,
                methods: BTreeSet::new(),
            });
        slot.methods.extend(c.methods.iter().map(String::as_str));
    }
    consumers
}

fn origin_name(origin: &BTreeSet<DependencyOrigin>) -> String {
    origin
        .iter()
        .map(|o| match o {
            DependencyOrigin::DependsOn => "depends_on",
            DependencyOrigin::Field => "field",
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The parts of a change, before it is tied to its component.
struct Draft {
    severity: Severity,
    kind: ChangeKind,
    subject: Option<String>,
    before: Option<String>,
    after: Option<String>,
    affected: Vec<String>,
    message: String,
    reason: String,
}

impl Draft {
    fn new(severity: Severity, kind: ChangeKind, message: String, reason: &str) -> Self {
        Draft {
            severity,
            kind,
            subject: None,
            before: None,
            after: None,
            affected: Vec::new(),
            message,
            reason: reason.to_owned(),
        }
    }

    fn subject(mut self, subject: &str) -> Self {
        self.subject = Some(subject.to_owned());
        self
    }

    fn values(mut self, before: Option<String>, after: Option<String>) -> Self {
        self.before = before;
        self.after = after;
        self
    }

    fn affected(mut self, affected: Vec<String>) -> Self {
        self.affected = affected;
        self
    }

    fn reason(mut self, reason: String) -> Self {
        self.reason = reason;
        self
    }

    fn on(self, entry: &ContractEntry) -> Change {
        Change {
            severity: self.severity,
            kind: self.kind,
            component: entry.name.clone(),
            type_name: entry.type_name.clone(),
            subject: self.subject,
            before: self.before,
            after: self.after,
            affected: self.affected,
            message: self.message,
            reason: self.reason,
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(old: &'a Snapshot, new: &'a Snapshot) -> Self {
        let pairing = Pairing::new(old, new);
        let old_index = Index::new(old);
        let dependents_of_removed = DependentsOfRemoved::new(&old_index, new, &pairing);
        Ctx {
            new,
            pairing,
            old_index,
            new_index: Index::new(new),
            dependants: OnceCell::new(),
            products: OnceCell::new(),
            port_migrations: OnceCell::new(),
            dependents_of_removed,
        }
    }

    /// The new contract a type path of the old snapshot belongs to, if it survived.
    fn old_type_in_new(&self, old_type_name: &str) -> Option<&ContractEntry> {
        let o = self.old_index.first_of_type(old_type_name)?;
        self.pairing.old_to_new[o].map(|n| &self.new.contracts[n])
    }

    /// Whether a type path of the old snapshot had a contract that is gone.
    fn old_type_removed(&self, old_type_name: &str) -> bool {
        self.old_index
            .first_of_type(old_type_name)
            .is_some_and(|o| self.pairing.old_to_new[o].is_none())
    }

    /// Whether the consumer declared as `before` in the old snapshot and as `now` in
    /// the new one, under the same written type, is the same consumer: not when both
    /// resolve to contracts that the pairing does not link (the written name now names
    /// another contract, the one it named being gone or elsewhere).
    fn same_consumer(&self, before: &TypeEntry, now: &TypeEntry) -> bool {
        match (&before.type_name, &now.type_name) {
            (Some(was), Some(is)) => self
                .old_type_in_new(was)
                .is_some_and(|e| e.type_name == *is),
            _ => true,
        }
    }

    /// The new contract the reference `r` (of the new snapshot) names.
    fn find_in_new(&self, r: &TypeEntry) -> Option<&ContractEntry> {
        self.new_index.find(r)
    }

    /// The contracts of the new snapshot that depend on the removed old contract
    /// number `o`: (non-optional, optional) names.
    fn dependents_of_removed(&self, o: usize) -> (Vec<String>, Vec<String>) {
        let Some((required, optional)) = self.dependents_of_removed.0.get(&o) else {
            return (Vec::new(), Vec::new());
        };
        let optional = optional.difference(required).cloned().collect();
        (required.iter().cloned().collect(), optional)
    }

    /// Whether the contract `consumer` (new snapshot) depends on `component` (new).
    fn depends_on(&self, consumer: &ContractEntry, component: &ContractEntry) -> bool {
        self.new_index.depends_on(consumer, component)
    }

    /// The numbers of the contracts of the new snapshot that depend on the new
    /// contract number `n` (directly or through its factory), other than `n` itself, in
    /// snapshot order.
    fn dependants_of(&self, n: usize) -> Vec<usize> {
        let direct = self.dependants.get_or_init(|| {
            let mut direct = vec![Vec::new(); self.new.contracts.len()];
            for (c, entry) in self.new.contracts.iter().enumerate() {
                for d in &entry.depends_on {
                    for target in self.new_index.referred(&d.ty) {
                        direct[target].push(c);
                    }
                }
            }
            // Pushed in snapshot order: a contract that names a target twice is
            // listed twice in a row.
            for dependants in &mut direct {
                dependants.dedup();
            }
            direct
        });
        let component = &self.new.contracts[n];
        let mut found = direct[n].clone();
        if let Some(factory) = component
            .factory
            .as_ref()
            .and_then(|factory| self.new_index.find_at(factory))
        {
            found.extend(&direct[factory]);
            found.sort_unstable();
            found.dedup();
        }
        found.retain(|&c| self.new.contracts[c].type_name != component.type_name);
        found
    }

    /// The new contracts whose `factory` names the new contract number `factory`, in
    /// snapshot order.
    fn products_of(&self, factory: usize) -> &[usize] {
        let products = self.products.get_or_init(|| {
            let mut products = vec![Vec::new(); self.new.contracts.len()];
            for (p, entry) in self.new.contracts.iter().enumerate() {
                for made_by in entry
                    .factory
                    .iter()
                    .flat_map(|f| self.new_index.referred(f))
                {
                    products[made_by].push(p);
                }
            }
            products
        });
        &products[factory]
    }

    /// Who may call `method` of the component (`o` before, `n` after, with its
    /// `consumers`, from [`Consumers::new`]), which was removed
    /// (`removed`) or whose signature changed; see [`Callers`].
    ///
    /// The old contract says who called the method as it was: a consumer it lists the
    /// method for called it; one it declares without a method list, or one that
    /// depended on the component without being declared, may have. The new contract
    /// says who calls it now: a consumer that lists a changed method only there was
    /// declared against the new signature.
    ///
    /// A consumer the old contract declared is still a consumer when the new contract
    /// declares it too (under a written type that still names it, see
    /// [`same_consumer`](Self::same_consumer)), or when its contract still depends on
    /// the component; one whose
    /// contract is gone, or no longer depends on the component, has moved off it. One
    /// without a contract that is no longer declared may still call the component:
    /// nothing shows it stopped.
    fn callers(
        &self,
        o: &ContractEntry,
        n: &ContractEntry,
        method: &str,
        removed: bool,
        consumers: &Consumers<'_>,
    ) -> Callers {
        let mut callers = Callers::default();
        let lists = |methods: &[String]| methods.iter().any(|m| m == method);
        let shown = |ty: &TypeEntry| ty.contract.clone().unwrap_or_else(|| ty.name.clone());
        // The new declarations already accounted for, and the new contracts of the
        // consumers seen (a dependant among them is not reported twice).
        let mut matched_new = vec![false; n.consumers.len()];
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let Consumers {
            by_written,
            by_resolved,
            declared,
            dependants,
        } = consumers;
        for c in &o.consumers {
            let moved_to =
                c.ty.type_name
                    .as_deref()
                    .and_then(|t| self.old_type_in_new(t));
            // Declared again under the same written type (when that still names the
            // same contract), or under any that resolves to the contract its old type
            // became.
            let now = by_written
                .get(c.ty.name.as_str())
                .filter(|&&at| self.same_consumer(&c.ty, &n.consumers[at].ty))
                .into_iter()
                .chain(moved_to.and_then(|e| by_resolved.get(e.type_name.as_str())))
                .min()
                .copied();
            let contract = moved_to.or_else(|| self.find_in_new(&c.ty));
            if let Some(at) = now {
                matched_new[at] = true;
            }
            if let Some(contract) = contract {
                seen.insert(&contract.type_name);
            }
            let still = now.is_some()
                || match contract {
                    Some(contract) => self.depends_on(contract, n),
                    // Its contract is gone: so is the consumer.
                    None => !c
                        .ty
                        .type_name
                        .as_deref()
                        .is_some_and(|t| self.old_type_removed(t)),
                };
            if !still {
                continue;
            }
            let now = now.map(|at| &n.consumers[at]);
            // Named as every other report names it: by its contract, when it has one,
            // and otherwise as the new contract declares it (never by a contract that
            // is gone).
            let name = match (contract, now) {
                (Some(contract), _) => contract.name.clone(),
                (None, Some(nc)) => shown(&nc.ty),
                (None, None) => shown(&c.ty),
            };
            let listed_now = now.is_some_and(|nc| lists(&nc.methods));
            // The old list decides first: it says whether the consumer called the
            // method as it was, whatever the new one lists.
            let set = if lists(&c.methods) || (removed && listed_now) {
                // The old list says it called the method as it was.
                &mut callers.explicit
            } else if !c.methods.is_empty() {
                // It called other methods only.
                match now {
                    // And lists the changed one now.
                    _ if listed_now => &mut callers.updated,
                    Some(nc) if !nc.methods.is_empty() => &mut callers.lists_other,
                    _ => &mut callers.listed_other_before,
                }
            } else if now.is_none_or(|nc| nc.methods.is_empty()) {
                // It listed no methods before, and lists none now.
                &mut callers.unlisted_consumers
            } else {
                // It lists methods now, and listed none before, when it may have
                // called this one.
                &mut callers.unlisted_before
            };
            set.insert(name);
        }
        // Consumers the old contract did not declare. One that lists a changed method
        // was declared against the new signature, unless it depended on the component
        // without a method list before; one that lists a removed method expects what
        // is gone.
        for (at, nc) in n.consumers.iter().enumerate() {
            if matched_new[at] {
                continue;
            }
            let contract = self.new_index.find_at(&nc.ty);
            if let Some(contract) = contract {
                seen.insert(&self.new.contracts[contract].type_name);
            }
            let name = contract.map_or_else(
                || shown(&nc.ty),
                |contract| self.new.contracts[contract].name.clone(),
            );
            let depended_before = contract
                .and_then(|contract| self.pairing.new_to_old[contract])
                .is_some_and(|before| {
                    self.old_index
                        .depends_on(&self.old_index.contracts[before], o)
                });
            let set = if nc.methods.is_empty() {
                &mut callers.unlisted_consumers
            } else if removed && lists(&nc.methods) {
                &mut callers.explicit
            } else if depended_before {
                &mut callers.unlisted_before
            } else if lists(&nc.methods) {
                &mut callers.updated
            } else {
                &mut callers.lists_other
            };
            set.insert(name);
        }
        for &at in dependants {
            let dependant = &self.new.contracts[at];
            if !seen.contains(dependant.type_name.as_str()) && !declared.contains(&at) {
                callers.unlisted_dependants.insert(dependant.name.clone());
            }
        }
        // Named once, by what says the most about it.
        let mut named: BTreeSet<String> = BTreeSet::new();
        for set in [
            &mut callers.explicit,
            &mut callers.unlisted_before,
            &mut callers.unlisted_consumers,
            &mut callers.unlisted_dependants,
            &mut callers.updated,
            &mut callers.lists_other,
            &mut callers.listed_other_before,
        ] {
            set.retain(|name| !named.contains(name));
            named.extend(set.iter().cloned());
        }
        callers
    }

    /// Compares the old contract `o` with the new contract number `at`.
    fn compare(&self, o: &ContractEntry, at: usize, out: &mut Vec<Change>) {
        let n = &self.new.contracts[at];
        let mut drafts = Vec::new();
        self.compare_identity(o, n, &mut drafts);
        self.compare_methods(o, at, &mut drafts);
        // The methods removed or changed: a consumer change beside them points to them.
        let touched: BTreeSet<String> = drafts
            .iter()
            .filter(|d| {
                matches!(
                    d.kind,
                    ChangeKind::MethodRemoved | ChangeKind::SignatureChanged
                )
            })
            .filter_map(|d| d.subject.clone())
            .collect();
        compare_traits(o, n, &mut drafts);
        self.compare_dependencies(o, n, &mut drafts);
        self.compare_consumers(o, n, &touched, &mut drafts);
        self.compare_migration(o, n, &mut drafts);
        self.compare_factory(o, n, &mut drafts);
        out.extend(drafts.into_iter().map(|d| d.on(n)));
    }

    fn compare_identity(&self, o: &ContractEntry, n: &ContractEntry, out: &mut Vec<Draft>) {
        use ChangeKind as K;
        use Severity::*;
        if o.name != n.name {
            out.push(
                Draft::new(
                    Compatible,
                    K::ContractRenamed,
                    format!("contract `{}` renamed to `{}`", o.name, n.name),
                    "only the contract's name changed; dependents name the type, not the contract",
                )
                .values(Some(o.name.clone()), Some(n.name.clone())),
            );
        }
        if o.type_name != n.type_name || o.module_path != n.module_path {
            out.push(
                Draft::new(
                    Compatible,
                    K::TypeChanged,
                    format!(
                        "`{}` is now on type `{}` (was `{}`)",
                        n.name, n.type_name, o.type_name
                    ),
                    "the contract itself is unchanged; a dependency on the type, however it is written now, is matched to it by contract",
                )
                .values(
                    Some(format!("{} in {}", o.type_name, o.module_path)),
                    Some(format!("{} in {}", n.type_name, n.module_path)),
                ),
            );
        }
        if o.file != n.file || o.line != n.line {
            out.push(
                Draft::new(
                    Compatible,
                    K::LocationChanged,
                    format!(
                        "`{}` is now declared at {} (was {})",
                        n.name,
                        n.location(),
                        o.location()
                    ),
                    "only where it is declared moved",
                )
                .values(Some(o.location()), Some(n.location())),
            );
        }
        if o.risk != n.risk {
            let raised = n.risk > o.risk;
            out.push(
                Draft::new(
                    if raised { Risky } else { Compatible },
                    K::RiskChanged,
                    format!(
                        "risk of `{}` {} from {} to {}",
                        n.name,
                        if raised { "raised" } else { "lowered" },
                        o.risk,
                        n.risk
                    ),
                    if raised {
                        "a higher risk asks for more of the playbook: review the migration plan and its validation"
                    } else {
                        "a lower risk asks for less validation; nothing a consumer relies on changed"
                    },
                )
                .values(Some(o.risk.to_string()), Some(n.risk.to_string())),
            );
        }
        if o.business_value != n.business_value {
            out.push(
                Draft::new(
                    Compatible,
                    K::BusinessValueChanged,
                    format!("business value of `{}` changed", n.name),
                    "documentation only",
                )
                .values(o.business_value.clone(), n.business_value.clone()),
            );
        }
        if o.required != n.required {
            out.push(
                Draft::new(
                    if n.required { Risky } else { Compatible },
                    K::RequiredChanged,
                    format!(
                        "`{}` is {} `required`",
                        n.name,
                        if n.required { "now" } else { "no longer" }
                    ),
                    if n.required {
                        "every validated state must now provide it, or startup validation fails"
                    } else {
                        "states may now leave it out"
                    },
                )
                .values(Some(o.required.to_string()), Some(n.required.to_string())),
            );
        }
        if o.check != n.check {
            out.push(
                Draft::new(
                    Compatible,
                    K::CheckChanged,
                    format!(
                        "`{}` {} a `check`",
                        n.name,
                        if n.check { "now declares" } else { "no longer declares" }
                    ),
                    "a check validates the instance at startup; consumers' expectations are unchanged",
                )
                .values(Some(o.check.to_string()), Some(n.check.to_string())),
            );
        }
    }

    fn compare_methods(&self, o: &ContractEntry, at: usize, out: &mut Vec<Draft>) {
        use ChangeKind as K;
        use Severity::*;
        let n = &self.new.contracts[at];
        let old: BTreeMap<&str, _> = o.requires.iter().map(|m| (m.name.as_str(), m)).collect();
        let new: BTreeMap<&str, _> = n.requires.iter().map(|m| (m.name.as_str(), m)).collect();
        let render = |m: &super::MethodEntry| match &m.signature {
            Some(signature) => signature.clone(),
            None => m.name.clone(),
        };
        // Found once, and only when a method was removed or changed.
        let consumers = OnceCell::new();
        let consumers = || consumers.get_or_init(|| Consumers::new(self, at));
        for (name, before) in &old {
            match new.get(name) {
                None => {
                    let callers = self.callers(o, n, name, true, consumers());
                    let explicit: Vec<String> = callers.explicit.iter().cloned().collect();
                    let unlisted = callers.unlisted();
                    let draft = if !explicit.is_empty() {
                        let mut message = format!(
                            "required method `{name}` of `{}` removed while {} still {} it",
                            n.name,
                            quoted(&explicit),
                            if explicit.len() == 1 {
                                "expects"
                            } else {
                                "expect"
                            }
                        );
                        let mut reason = "a declared consumer calls it: restore the method, or first take it off the consumer's method list once the consumer no longer calls it, and bless".to_owned();
                        // Those who may call it without saying so are named too: the
                        // fix for the others does not cover them.
                        if !unlisted.is_empty() {
                            message = format!("{message}; {}", callers.unlisted_clause(&n.name));
                            reason = format!("{reason}; {}", callers.removed_reason(name, true));
                        }
                        Draft::new(Breaking, K::MethodRemoved, message, "")
                            .reason(reason)
                            .affected(explicit.into_iter().chain(unlisted).collect())
                    } else if !unlisted.is_empty() {
                        Draft::new(
                            Risky,
                            K::MethodRemoved,
                            format!(
                                "required method `{name}` of `{}` removed; {}",
                                n.name,
                                callers.unlisted_clause(&n.name)
                            ),
                            "",
                        )
                        .reason(callers.removed_reason(name, false))
                        .affected(unlisted)
                    } else {
                        Draft::new(
                            Compatible,
                            K::MethodRemoved,
                            format!(
                                "required method `{name}` of `{}` removed; no declared consumer expects it",
                                n.name
                            ),
                            "",
                        )
                        .reason(callers.nobody(&n.name, name))
                    };
                    out.push(draft.subject(name).values(Some(render(before)), None));
                }
                Some(after)
                    if before.signature != after.signature || before.is_async != after.is_async =>
                {
                    let change = match (&before.signature, &after.signature) {
                        (Some(b), Some(a)) if before.is_async == after.is_async => {
                            signature::change(b, a)
                        }
                        _ => SignatureChange::Types,
                    };
                    if change == SignatureChange::Spacing {
                        continue;
                    }
                    let callers = self.callers(o, n, name, false, consumers());
                    let explicit: Vec<String> = callers.explicit.iter().cloned().collect();
                    let unlisted = callers.unlisted();
                    // Who may call the method as it was, those who break first.
                    let everyone: Vec<String> = explicit.iter().chain(&unlisted).cloned().collect();
                    // Who calls it, as it was or as it is now.
                    let calling: Vec<String> =
                        callers.explicit.union(&callers.updated).cloned().collect();
                    let pinned_before = before.signature.is_some();
                    let pinned_after = after.signature.is_some();
                    let (severity, reason, affected) = match (pinned_before, pinned_after) {
                        // Compatible, but those who call it are named all the same.
                        _ if change == SignatureChange::ParameterNames => (
                            Compatible,
                            "only the names of parameters or lifetimes changed: every call still compiles".to_owned(),
                            everyone,
                        ),
                        _ if change == SignatureChange::ElidedLifetimes => (
                            Compatible,
                            "only lifetimes that elision implies were written out or left out: every call still compiles".to_owned(),
                            everyone,
                        ),
                        (true, true)
                            if change == SignatureChange::PathQualifiers && !everyone.is_empty() =>
                        {
                            (
                                Risky,
                                format!(
                                    "the types differ only in how their paths are written: if they name the same types, {} can still call it; check, then bless the baseline",
                                    quoted(&everyone)
                                ),
                                everyone,
                            )
                        }
                        (false, true) => (
                            Compatible,
                            "the signature is now pinned; the compiler checks it against the method".to_owned(),
                            everyone,
                        ),
                        (true, false)
                            if calling.is_empty()
                                && unlisted.is_empty()
                                && callers.listed_other_before.is_empty() =>
                        {
                            (
                                Compatible,
                                "the signature is no longer pinned; no declared consumer expects the method".to_owned(),
                                Vec::new(),
                            )
                        }
                        (true, false) => {
                            // Who calls it from now on: a consumer that lists no
                            // methods now may, whatever it listed before.
                            let unlisted_now: Vec<String> =
                                callers.listed_other_before.iter().cloned().collect();
                            let mut who = Vec::new();
                            if !calling.is_empty() {
                                who.push(format!(
                                    "{} {} it",
                                    quoted(&calling),
                                    if calling.len() == 1 { "calls" } else { "call" }
                                ));
                            }
                            if !unlisted.is_empty() {
                                who.push(callers.unlisted_clause(&n.name));
                            }
                            if !unlisted_now.is_empty() {
                                who.push(format!(
                                    "{} {} no methods of `{}` now, so may call it",
                                    quoted(&unlisted_now),
                                    if unlisted_now.len() == 1 { "lists" } else { "list" },
                                    n.name
                                ));
                            }
                            let unlisted: Vec<String> =
                                unlisted.into_iter().chain(unlisted_now).collect();
                            (
                                Risky,
                                format!(
                                    "the signature is no longer pinned, so a change to it would go unnoticed by those who call it: {}",
                                    who.join("; ")
                                ),
                                calling.into_iter().chain(unlisted).collect(),
                            )
                        }
                        _ if !explicit.is_empty() => {
                            let mut reason = format!(
                                "{} still {} the old signature: update {} first, or keep the old method beside the new one",
                                quoted(&explicit),
                                if explicit.len() == 1 { "expects" } else { "expect" },
                                if explicit.len() == 1 { "it" } else { "them" }
                            );
                            if !unlisted.is_empty() {
                                reason = format!(
                                    "{reason}; {}",
                                    callers.changed_reason(&n.name, name)
                                );
                            }
                            (Breaking, reason, everyone)
                        }
                        _ if !unlisted.is_empty() => {
                            (Risky, callers.changed_reason(&n.name, name), unlisted)
                        }
                        _ => (Compatible, callers.nobody(&n.name, name), Vec::new()),
                    };
                    out.push(
                        Draft::new(
                            severity,
                            K::SignatureChanged,
                            format!(
                                "signature of required method `{name}` of `{}` changed from `{}` to `{}`",
                                n.name,
                                render(before),
                                render(after)
                            ),
                            "",
                        )
                        .reason(reason)
                        .subject(name)
                        .affected(affected)
                        .values(Some(render(before)), Some(render(after))),
                    );
                }
                Some(_) => {}
            }
        }
        for (name, after) in &new {
            if !old.contains_key(name) {
                out.push(
                    Draft::new(
                        Compatible,
                        K::MethodAdded,
                        format!("`{}` now requires method `{}`", n.name, render(after)),
                        "a new guarantee; the compiler checks the component provides it",
                    )
                    .subject(name)
                    .values(None, Some(render(after))),
                );
            }
        }
    }

    fn compare_dependencies<'e>(
        &self,
        o: &'e ContractEntry,
        n: &'e ContractEntry,
        out: &mut Vec<Draft>,
    ) {
        use ChangeKind as K;
        use Severity::*;
        let old = deps_of(o);
        let mut new = deps_of(n);
        // One dependency written two ways (`Mover`, then `moved::Mover` after the type
        // moved to another module) is one dependency when both resolve to the same
        // contract: matched under its old name, so the move is not "removed + added".
        let rewritten: Vec<(&str, &str)> = old
            .iter()
            .filter(|(name, _)| !new.contains_key(*name))
            .filter_map(|(&old_name, before)| {
                let now = self.old_type_in_new(before.resolved?)?.type_name.as_str();
                new.iter()
                    .find(|(name, after)| !old.contains_key(*name) && after.resolved == Some(now))
                    .map(|(&new_name, _)| (old_name, new_name))
            })
            .collect();
        for (old_name, new_name) in rewritten {
            if let Some(dep) = new.remove(new_name) {
                new.insert(old_name, dep);
            }
        }
        let needs = |optional: bool| if optional { "optional" } else { "non-optional" };
        for (name, before) in &old {
            let Some(after) = new.get(name) else {
                out.push(
                    Draft::new(
                        Compatible,
                        K::DependencyRemoved,
                        format!("`{}` no longer depends on `{name}`", n.name),
                        "a state needs to provide less",
                    )
                    .subject(name)
                    .values(Some(needs(before.optional).to_owned()), None),
                );
                continue;
            };
            if before.optional != after.optional {
                let now_required = !after.optional;
                out.push(
                    Draft::new(
                        if now_required { Breaking } else { Compatible },
                        K::DependencyOptionality,
                        format!(
                            "dependency of `{}` on `{name}` is now {}",
                            n.name,
                            needs(after.optional)
                        ),
                        if now_required {
                            "a new non-optional dependency: every state where the component is active must now provide it, or startup validation fails"
                        } else {
                            "a missing provider is no longer a violation"
                        },
                    )
                    .subject(name)
                    .values(
                        Some(needs(before.optional).to_owned()),
                        Some(needs(after.optional).to_owned()),
                    ),
                );
            }
            if before.sources != after.sources {
                out.push(
                    Draft::new(
                        Compatible,
                        K::DependencySource,
                        format!(
                            "dependency of `{}` on `{name}` is now declared by {}",
                            n.name,
                            origin_name(&after.sources)
                        ),
                        "where it is declared does not change what it needs",
                    )
                    .subject(name)
                    .values(
                        Some(origin_name(&before.sources)),
                        Some(origin_name(&after.sources)),
                    ),
                );
            }
            match (before.resolved, after.resolved) {
                (Some(was), None) if !self.old_type_removed(was) => {
                    // The provider contract still exists but no longer describes the
                    // type this component depends on.
                    let severity = if after.optional { Risky } else { Breaking };
                    out.push(
                        Draft::new(
                            severity,
                            K::ProviderLost,
                            format!(
                                "`{}` depends on `{name}`, which had the contract of `{was}` and now has no contract: the consumer lost its provider",
                                n.name
                            ),
                            if after.optional {
                                "an optional dependency without a provider contract: nothing checks what it provides any more"
                            } else {
                                "nothing provides what this dependency expects any more: move the consumer to the new provider, or restore the contract"
                            },
                        )
                        .subject(name)
                        .affected(vec![n.name.clone()])
                        .values(Some(was.to_owned()), None),
                    );
                }
                (Some(was), Some(now)) => {
                    let same = self
                        .old_type_in_new(was)
                        .is_some_and(|e| e.type_name == now);
                    if !same {
                        out.push(
                            Draft::new(
                                Risky,
                                K::ProviderChanged,
                                format!(
                                    "dependency of `{}` on `{name}` is now provided by the contract of `{now}` (was `{was}`)",
                                    n.name
                                ),
                                "another contract now stands behind this dependency: check it offers what the consumer uses",
                            )
                            .subject(name)
                            .values(Some(was.to_owned()), Some(now.to_owned())),
                        );
                    }
                }
                (None, Some(now)) => out.push(
                    Draft::new(
                        Compatible,
                        K::ProviderChanged,
                        format!(
                            "dependency of `{}` on `{name}` now has a contract (`{now}`)",
                            n.name
                        ),
                        "more of the graph is checked",
                    )
                    .subject(name)
                    .values(None, Some(now.to_owned())),
                ),
                _ => {}
            }
        }
        for (name, after) in &new {
            if old.contains_key(name) {
                continue;
            }
            let moved_from = if after.optional {
                None
            } else {
                self.moved_off(name, after, &old, &new)
            };
            let draft = if after.optional {
                let message = format!("`{}` now optionally depends on `{name}`", n.name);
                match self.critical_provider(after) {
                    Some(critical) => Draft::new(Risky, K::DependencyAdded, message, "")
                        .reason(new_critical_consumer(&[critical]))
                        .affected(vec![n.name.clone()]),
                    None => Draft::new(
                        Compatible,
                        K::DependencyAdded,
                        message,
                        "optional: a state without it still validates",
                    ),
                }
            } else if let Some((legacy, replacement)) = moved_from {
                let port = name.starts_with("dyn ");
                let what = if replacement == *name {
                    "its replacement".to_owned()
                } else if port {
                    format!("the trait object its replacement `{replacement}` implements")
                } else {
                    format!("the factory of its replacement `{replacement}`")
                };
                let why = if port {
                    format!("a consumer moved to the replacement through its port, one step of the migration: every state where it is active must now provide an `Arc<{name}>` (keep the legacy too during the parallel phase)")
                } else {
                    "a consumer moved to the replacement, one step of the migration: every state where it is active must now provide the replacement (keep both during the parallel phase)".to_owned()
                };
                Draft::new(
                    Risky,
                    K::DependencyAdded,
                    format!("`{}` moved from `{legacy}` to `{name}`, {what}", n.name),
                    &why,
                )
                .affected(vec![n.name.clone()])
            } else {
                Draft::new(
                    Breaking,
                    K::DependencyAdded,
                    format!("`{}` now depends on `{name}` (non-optional)", n.name),
                    "a new non-optional dependency: every state where the component is active must now provide it, or startup validation fails",
                )
            };
            out.push(
                draft
                    .subject(name)
                    .values(None, Some(needs(after.optional).to_owned())),
            );
        }
    }

    /// When the added dependency `name` is the replacement of a dependency the consumer
    /// dropped (or that replacement's factory), the dropped one's written name: the
    /// consumer moved, as the playbook's one-consumer-at-a-time step does.
    fn moved_off<'d>(
        &self,
        name: &str,
        added: &Dep<'_>,
        old: &'d BTreeMap<&str, Dep<'_>>,
        new: &BTreeMap<&str, Dep<'_>>,
    ) -> Option<(&'d str, String)> {
        let target = TypeEntry {
            name: name.to_owned(),
            contract: None,
            type_name: added.resolved.map(str::to_owned),
        };
        let dropped: Vec<(&&str, &Dep<'_>)> =
            old.iter().filter(|(k, _)| !new.contains_key(**k)).collect();
        let replaces = |replacement: &ContractEntry| {
            let migration = replacement.migration.as_ref()?;
            dropped
                .iter()
                .find(|(written, dep)| {
                    migration.replaces.name == ***written
                        || (migration.replaces.type_name.is_some()
                            && migration.replaces.type_name.as_deref() == dep.resolved)
                })
                .map(|(written, _)| **written)
        };
        // A trait object no contract is, which a replacement implements: the consumer
        // moved to an adapter's port.
        if name.starts_with("dyn ") && !dropped.is_empty() {
            let object = name.trim_start_matches("dyn ");
            let candidates = self
                .port_migrations()
                .get(crate::descriptor::bare_name(object));
            let port_of = candidates.into_iter().flatten().find_map(|&m| {
                let replacement = &self.new.contracts[m];
                let traits = replacement.implements.iter().map(String::as_str);
                if !crate::descriptor::is_port_of(traits, name) {
                    return None;
                }
                replaces(replacement).map(|legacy| (legacy, replacement.name.clone()))
            });
            if port_of.is_some() {
                return port_of;
            }
        }
        let at = self.new_index.find_at(&target)?;
        let target = &self.new.contracts[at];
        // The dependency is the replacement itself, or the factory that makes it.
        if let Some(legacy) = replaces(target) {
            return Some((legacy, name.to_owned()));
        }
        self.products_of(at).iter().find_map(|&replacement| {
            let replacement = &self.new.contracts[replacement];
            replaces(replacement).map(|legacy| (legacy, replacement.name.clone()))
        })
    }

    /// The new contracts that declare a migration, by the name of each port trait of
    /// their `implements(..)`, in snapshot order: built the first time it is asked for.
    fn port_migrations(&self) -> &HashMap<String, Vec<usize>> {
        self.port_migrations.get_or_init(|| {
            let mut by_port: HashMap<String, Vec<usize>> = HashMap::new();
            for (position, entry) in self.new.contracts.iter().enumerate() {
                if entry.migration.is_none() {
                    continue;
                }
                let traits = entry.implements.iter().map(String::as_str);
                for port in crate::descriptor::port_traits(traits) {
                    let list = by_port
                        .entry(crate::descriptor::bare_name(port).to_owned())
                        .or_default();
                    if list.last() != Some(&position) {
                        list.push(position);
                    }
                }
            }
            by_port
        })
    }

    fn compare_migration(&self, o: &ContractEntry, n: &ContractEntry, out: &mut Vec<Draft>) {
        use ChangeKind as K;
        use Severity::*;
        match (&o.migration, &n.migration) {
            (None, Some(m)) => out.push(
                Draft::new(
                    Compatible,
                    K::MigrationAdded,
                    format!(
                        "`{}` now replaces `{}` (phase {})",
                        n.name, m.replaces.name, m.phase
                    ),
                    "a migration is declared; validation now tracks who is still on the replaced type",
                )
                .subject(&m.replaces.name)
                .values(None, Some(m.phase.to_string())),
            ),
            (Some(m), None) => out.push(
                Draft::new(
                    Compatible,
                    K::MigrationRemoved,
                    format!(
                        "`{}` no longer declares that it replaces `{}` (was in phase {})",
                        n.name, m.replaces.name, m.phase
                    ),
                    "the migration is no longer tracked by this contract",
                )
                .subject(&m.replaces.name)
                .values(Some(m.phase.to_string()), None),
            ),
            (Some(before), Some(after)) => {
                let same_target = before.replaces.name == after.replaces.name
                    || match (&before.replaces.type_name, &after.replaces.type_name) {
                        (Some(was), Some(now)) => self
                            .old_type_in_new(was)
                            .is_some_and(|e| e.type_name == *now),
                        _ => false,
                    };
                if !same_target {
                    out.push(
                        Draft::new(
                            Compatible,
                            K::ReplacedTypeChanged,
                            format!(
                                "`{}` now replaces `{}` (was `{}`)",
                                n.name, after.replaces.name, before.replaces.name
                            ),
                            "a different migration is declared; its phase starts afresh",
                        )
                        .subject(&after.replaces.name)
                        .values(
                            Some(before.replaces.name.clone()),
                            Some(after.replaces.name.clone()),
                        ),
                    );
                } else if before.phase != after.phase {
                    let backwards = after.phase < before.phase;
                    let draft = if backwards {
                        // A rollback: the label moved back, no running code changed. It
                        // is the fix the `incomplete-migration` help offers, so a
                        // ratchet must let it through.
                        Draft::new(
                            Risky,
                            K::PhaseChanged,
                            format!(
                                "migration of `{}` from `{}` moved backwards from {} to {}: a rollback",
                                n.name, after.replaces.name, before.phase, after.phase
                            ),
                            "",
                        )
                        .reason(format!(
                            "no running code breaks, but the migration is not done: keep `{}` until every consumer has moved and the phase {} `complete`",
                            after.replaces.name,
                            if before.phase == Phase::Complete { "is again" } else { "reaches" }
                        ))
                    } else {
                        Draft::new(
                            Compatible,
                            K::PhaseChanged,
                            format!(
                                "migration of `{}` from `{}` moved forward from {} to {}",
                                n.name, after.replaces.name, before.phase, after.phase
                            ),
                            "the migration progressed",
                        )
                    };
                    out.push(draft.subject(&after.replaces.name).values(
                        Some(before.phase.to_string()),
                        Some(after.phase.to_string()),
                    ));
                }
            }
            (None, None) => {}
        }
    }

    fn compare_consumers(
        &self,
        o: &ContractEntry,
        n: &ContractEntry,
        touched: &BTreeSet<String>,
        out: &mut Vec<Draft>,
    ) {
        let same = |before: &TypeEntry, now: &TypeEntry| self.same_consumer(before, now);
        compare_consumers(o, n, same, touched, out);
    }

    fn compare_factory(&self, o: &ContractEntry, n: &ContractEntry, out: &mut Vec<Draft>) {
        use ChangeKind as K;
        use Severity::*;
        match (&o.factory, &n.factory) {
            (None, Some(f)) => out.push(
                Draft::new(
                    Compatible,
                    K::FactoryAdded,
                    format!("`{}` is now made by the factory `{}`", n.name, f.name),
                    "the factory also makes the component active",
                )
                .subject(&f.name)
                .values(None, Some(f.name.clone())),
            ),
            (Some(f), None) => out.push(
                Draft::new(
                    Risky,
                    K::FactoryRemoved,
                    format!("`{}` is no longer made by the factory `{}`", n.name, f.name),
                    "states that provided only the factory no longer make the component active: its dependents may now be unsatisfied",
                )
                .subject(&f.name)
                .values(Some(f.name.clone()), None),
            ),
            (Some(before), Some(after)) if before.name != after.name => {
                let same = match (&before.type_name, &after.type_name) {
                    (Some(was), Some(now)) => self
                        .old_type_in_new(was)
                        .is_some_and(|e| e.type_name == *now),
                    _ => false,
                };
                if !same {
                    out.push(
                        Draft::new(
                            Risky,
                            K::FactoryChanged,
                            format!(
                                "`{}` is now made by the factory `{}` (was `{}`)",
                                n.name, after.name, before.name
                            ),
                            "states that provided only the old factory no longer make the component active",
                        )
                        .subject(&after.name)
                        .values(Some(before.name.clone()), Some(after.name.clone())),
                    );
                }
            }
            _ => {}
        }
    }

    fn removed(&self, o: usize, gone: &ContractEntry, out: &mut Vec<Change>) {
        let (required, optional) = self.dependents_of_removed(o);
        let draft = if !required.is_empty() {
            Draft::new(
                Severity::Breaking,
                ChangeKind::ComponentRemoved,
                format!(
                    "component `{}` ({}) removed while {} still {} on it",
                    gone.name,
                    gone.type_name,
                    quoted(&required),
                    if required.len() == 1 { "depends" } else { "depend" }
                ),
                "its dependents lost their provider: move them off it first, or keep it until they have moved",
            )
            .affected(required)
        } else if !optional.is_empty() {
            Draft::new(
                Severity::Risky,
                ChangeKind::ComponentRemoved,
                format!(
                    "component `{}` ({}) removed; {} still optionally {} on it",
                    gone.name,
                    gone.type_name,
                    quoted(&optional),
                    if optional.len() == 1 {
                        "depends"
                    } else {
                        "depend"
                    }
                ),
                "only optional dependencies name it: they will run without it",
            )
            .affected(optional)
        } else if gone.required {
            // Its contract said every state must provide it: losing that guarantee is
            // worth a look even when no other contract names it.
            Draft::new(
                Severity::Risky,
                ChangeKind::ComponentRemoved,
                format!(
                    "component `{}` ({}) removed, declared `required`",
                    gone.name, gone.type_name
                ),
                "no contract depends on it, but startup validation no longer insists on it: make sure the service really runs without it",
            )
        } else {
            Draft::new(
                Severity::Compatible,
                ChangeKind::ComponentRemoved,
                format!("component `{}` ({}) removed", gone.name, gone.type_name),
                "no contract depends on it any more",
            )
        };
        out.push(draft.values(Some(gone.location()), None).on(gone));
    }

    /// The name of the critical contract that provides `dep` in the new snapshot, if
    /// it is one: a component that starts to depend on it is a new consumer of a
    /// critical component, whether or not the component declares it in `consumers(..)`.
    fn critical_provider(&self, dep: &Dep<'_>) -> Option<&str> {
        let provider = &self.new.contracts[self.new_index.first_of_type(dep.resolved?)?];
        (provider.risk == Risk::Critical).then_some(provider.name.as_str())
    }

    fn added(&self, entry: &ContractEntry, out: &mut Vec<Change>) {
        let critical: BTreeSet<&str> = deps_of(entry)
            .values()
            .filter_map(|dep| self.critical_provider(dep))
            .collect();
        let draft = if entry.required {
            Draft::new(
                Severity::Risky,
                ChangeKind::ComponentAdded,
                format!(
                    "component `{}` ({}) added, declared `required`",
                    entry.name, entry.type_name
                ),
                "every validated state must now provide it, or startup validation fails",
            )
        } else if !critical.is_empty() {
            let critical: Vec<&str> = critical.into_iter().collect();
            Draft::new(
                Severity::Risky,
                ChangeKind::ComponentAdded,
                format!("component `{}` ({}) added", entry.name, entry.type_name),
                "",
            )
            .reason(new_critical_consumer(&critical))
            .affected(vec![entry.name.clone()])
        } else {
            Draft::new(
                Severity::Compatible,
                ChangeKind::ComponentAdded,
                format!("component `{}` ({}) added", entry.name, entry.type_name),
                "a new contract; nothing existing relies on it",
            )
        };
        out.push(draft.values(None, Some(entry.location())).on(entry));
    }
}

fn compare_traits(o: &ContractEntry, n: &ContractEntry, out: &mut Vec<Draft>) {
    let old: BTreeSet<&str> = o.implements.iter().map(String::as_str).collect();
    let new: BTreeSet<&str> = n.implements.iter().map(String::as_str).collect();
    for gone in old.difference(&new) {
        out.push(
            Draft::new(
                Severity::Risky,
                ChangeKind::TraitRemoved,
                format!("`{}` no longer guarantees `{gone}`", n.name),
                "consumers that use the component through this trait are no longer covered by the contract",
            )
            .subject(gone)
            .values(Some((*gone).to_owned()), None),
        );
    }
    for added in new.difference(&old) {
        out.push(
            Draft::new(
                Severity::Compatible,
                ChangeKind::TraitAdded,
                format!("`{}` now guarantees `{added}`", n.name),
                "a new guarantee; the compiler checks it",
            )
            .subject(added)
            .values(None, Some((*added).to_owned())),
        );
    }
}

/// The changes to the declared consumers of `o` (old) and `n` (new); `same` tells
/// whether two declarations under one written type are one consumer, and `touched`
/// holds the methods this diff removes or changes.
fn compare_consumers(
    o: &ContractEntry,
    n: &ContractEntry,
    same: impl Fn(&TypeEntry, &TypeEntry) -> bool,
    touched: &BTreeSet<String>,
    out: &mut Vec<Draft>,
) {
    let old = consumers_of(o);
    let new = consumers_of(n);
    let render = |methods: &BTreeSet<&str>| {
        if methods.is_empty() {
            "methods it does not list".to_owned()
        } else {
            methods
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    for (written, before) in &old {
        // The same written type naming another contract now is another consumer.
        let now = new.get(written).filter(|now| same(before.ty, now.ty));
        // Named as the new contract names it, when it still declares it.
        let name = now.map_or(before.shown, |now| now.shown);
        match now {
            None => out.push(
                Draft::new(
                    Severity::Compatible,
                    ChangeKind::ConsumerRemoved,
                    format!("`{name}` is no longer a declared consumer of `{}`", n.name),
                    "fewer declared expectations",
                )
                .subject(written)
                .values(Some(render(&before.methods)), None),
            ),
            Some(now) if now.methods != before.methods => {
                let listed = |methods: &BTreeSet<&str>| {
                    let names: Vec<String> = methods.iter().map(|m| (*m).to_owned()).collect();
                    quoted(&names)
                };
                // What it listed that this diff removes or changes: the change to that
                // method says what it means for this consumer.
                let affected_by: BTreeSet<&str> = before
                    .methods
                    .iter()
                    .copied()
                    .filter(|m| touched.contains(*m))
                    .collect();
                let pointer = (!affected_by.is_empty()).then(|| {
                    format!(
                        "it listed {}, which this diff removes or changes (see {})",
                        listed(&affected_by),
                        if affected_by.len() == 1 {
                            "that change"
                        } else {
                            "those changes"
                        }
                    )
                });
                let (message, reason) = if now.methods.is_empty() {
                    let unknown = "the diff can no longer tell which methods it calls: a method removed or changed later is risky for it, not breaking";
                    (
                        format!(
                            "declared consumer `{name}` of `{}` no longer lists the methods it calls (before: {})",
                            n.name,
                            listed(&before.methods)
                        ),
                        match &pointer {
                            Some(pointer) => format!("{pointer}; {unknown}"),
                            None => format!("nothing it relies on changed, but {unknown}"),
                        },
                    )
                } else {
                    let message = if before.methods.is_empty() {
                        format!(
                            "declared consumer `{name}` of `{}` now lists the methods it calls: {} (before: none listed)",
                            n.name,
                            listed(&now.methods)
                        )
                    } else {
                        format!(
                            "declared consumer `{name}` of `{}` now lists {} (before: {})",
                            n.name,
                            listed(&now.methods),
                            listed(&before.methods)
                        )
                    };
                    let reason = match &pointer {
                        Some(pointer) => {
                            format!("every method it lists is still required; {pointer}")
                        }
                        None => "every listed method is still required, so the consumer is served"
                            .to_owned(),
                    };
                    (message, reason)
                };
                out.push(
                    Draft::new(
                        Severity::Compatible,
                        ChangeKind::ConsumerMethodsChanged,
                        message,
                        &reason,
                    )
                    .subject(written)
                    .values(Some(render(&before.methods)), Some(render(&now.methods))),
                );
            }
            Some(_) => {}
        }
    }
    for (written, added) in &new {
        if old
            .get(written)
            .is_some_and(|before| same(before.ty, added.ty))
        {
            continue;
        }
        let name = added.shown;
        let critical = n.risk == Risk::Critical;
        out.push(
            Draft::new(
                if critical {
                    Severity::Risky
                } else {
                    Severity::Compatible
                },
                ChangeKind::ConsumerAdded,
                format!("`{name}` is now a declared consumer of `{}`", n.name),
                if critical {
                    "a new consumer of a critical component: one more path where a break costs the most"
                } else {
                    "one more declared expectation; the compiler checks the methods it lists"
                },
            )
            .subject(written)
            .affected(vec![name.to_owned()])
            .values(None, Some(render(&added.methods))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractBuilder;

    /// Contracts whose type paths share last segments, names and generic arguments,
    /// each depending on every written type of `written` (none of which resolves), and
    /// on `app::db::Pool`'s contract by id (which resolves); `made` is made by that
    /// pool, and `plain` depends on the pool alone.
    fn tangle(written: &[&str]) -> Snapshot {
        let types = [
            ("pool", "app::db::Pool"),
            ("other-pool", "other::Pool"),
            ("Pool", "Pool"),
            ("store", "app::Store<x::User>"),
            ("user", "x::User"),
            ("port", "dyn app::Port"),
            ("made", "app::Made"),
        ];
        let mut contracts = Vec::new();
        for (i, (name, type_name)) in (0u64..).zip(types) {
            let mut builder = ContractBuilder::new(i, name).type_name(type_name);
            for (j, written) in (1000u64..).zip(written) {
                builder = builder.depends_on(j, *written);
            }
            if i != 0 {
                builder = builder.depends_on(0, "Pool");
            }
            if name == "made" {
                builder = builder.factory(2000, "db::Pool");
            }
            contracts.push(builder.build());
        }
        // Reaches `made` only through its factory.
        contracts.push(
            ContractBuilder::new(100, "plain")
                .type_name("app::Plain")
                .depends_on(0, "Pool")
                .build(),
        );
        Snapshot::from_contracts(contracts)
    }

    const WRITTEN: &[&str] = &[
        "Pool",
        "db::Pool",
        "dyn db::Pool",
        "app::db::Pool",
        "b::Pool",
        "::app::db::Pool",
        "pool",
        "other-pool",
        "Store<x::User>",
        "User>",
        "x::User",
        "User",
        "app::Port",
        "dyn app::Port",
        "Made",
    ];

    #[test]
    fn the_index_finds_what_refers_to_finds() {
        let snapshot = tangle(WRITTEN);
        let index = Index::new(&snapshot);
        let contracts = &snapshot.contracts;
        let mut unresolved = 0;
        for entry in contracts {
            for d in &entry.depends_on {
                unresolved += usize::from(d.ty.type_name.is_none());
                let everyone: Vec<usize> = (0..contracts.len())
                    .filter(|&i| refers_to(&d.ty, &contracts[i]))
                    .collect();
                assert_eq!(index.referred(&d.ty), everyone, "{:?}", d.ty);
                let only = match (&d.ty.type_name, &everyone[..]) {
                    (Some(type_name), _) => {
                        contracts.iter().position(|c| c.type_name == *type_name)
                    }
                    (None, [only]) => Some(*only),
                    (None, _) => None,
                };
                assert_eq!(index.find_at(&d.ty), only, "{:?}", d.ty);
            }
        }
        assert!(
            unresolved >= WRITTEN.len(),
            "the written types stay unresolved"
        );
    }

    #[test]
    fn dependants_are_what_a_scan_of_every_contract_finds() {
        let snapshot = tangle(WRITTEN);
        let ctx = Ctx::new(&snapshot, &snapshot);
        let contracts = &snapshot.contracts;
        // Without the index: the factory is the only contract its written type names.
        let factory_of = |component: &ContractEntry| {
            let factory = component.factory.as_ref()?;
            let mut named = contracts.iter().filter(|c| refers_to(factory, c));
            let first = named.next();
            named.next().is_none().then_some(first).flatten()
        };
        let names = |c: &ContractEntry, target: &ContractEntry| {
            c.depends_on.iter().any(|d| refers_to(&d.ty, target))
        };
        let mut through_factory = false;
        for (n, component) in contracts.iter().enumerate() {
            let factory = factory_of(component);
            let scanned: Vec<&str> = contracts
                .iter()
                .filter(|c| {
                    c.type_name != component.type_name
                        && (names(c, component) || factory.is_some_and(|f| names(c, f)))
                })
                .map(|c| c.name.as_str())
                .collect();
            let indexed: Vec<&str> = ctx
                .dependants_of(n)
                .into_iter()
                .map(|c| contracts[c].name.as_str())
                .collect();
            assert_eq!(indexed, scanned, "dependants of {}", component.name);
            through_factory |= factory.is_some()
                && contracts
                    .iter()
                    .any(|c| scanned.contains(&c.name.as_str()) && !names(c, component));
        }
        assert!(
            through_factory,
            "a component reached only through its factory"
        );
    }
}
