//! Snapshots of the contract set, the classified [`diff`] between two of them, and the
//! baseline test helper [`assert_baseline`].
//!
//! A [`Snapshot`] is the whole contract set as owned data: one [`ContractEntry`] per
//! contract with everything its descriptor says, sorted, with a schema version, plus
//! the violations the graph rules found in it. It renders as stable, pretty JSON
//! ([`Snapshot::to_json`]), so a snapshot saved before a migration (the *baseline*) can
//! be committed, reviewed, and compared with the contracts of any later build.
//!
//! ```
//! use contracts_core::snapshot::{diff, Snapshot};
//! use contracts_core::ContractBuilder;
//!
//! let pool = ContractBuilder::new(1, "pool")
//!     .requires("get", Some("fn get(&self) -> Conn"))
//!     .consumer(2, "Repository", &["get"])
//!     .build();
//! let repository = ContractBuilder::new(2, "Repository").depends_on(1, "Pool").build();
//! let before = Snapshot::from_contracts([pool, repository]);
//!
//! // The next version drops `get` while the repository still calls it.
//! let pool_v2 = ContractBuilder::new(1, "pool").consumer(2, "Repository", &[]).build();
//! let after = Snapshot::from_contracts([pool_v2, repository]);
//!
//! let changes = diff(&before, &after);
//! assert!(changes.has_breaking());
//! assert!(changes.to_string().contains("`Repository` still expects it"));
//! assert!(diff(&after, &after).is_empty());
//! ```
//!
//! # How components are identified
//!
//! Snapshots hold strings, never `TypeId`s (those differ between builds). A contract is
//! identified by its `name` and its `type_name()` (the full type path). A type that a
//! descriptor *names* (a dependency, a consumer, the replaced type, the factory) is
//! written as in the attribute (`WebSocketManager`), so when the snapshot is taken each
//! such reference is resolved through the registry's
//! [`ComponentId`]s and, when the referenced type has a contract in
//! the snapshotted set, the snapshot records that contract's `name` and `type_name`
//! beside the written name ([`TypeEntry`]). The diff matches references by the resolved
//! `type_name` when there is one and otherwise by the written name, which matches a
//! contract whose `type_name` is that name or ends with `::` and that name.
//!
//! Two snapshots' contracts are paired by `(name, type_name)`, then by `name` alone (the
//! type moved or was renamed), then by `type_name` alone (the contract was renamed).

mod baseline;
mod diff;
mod error;
mod serde_impls;
pub(crate) mod signature;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::descriptor::{ComponentId, Contract, Phase, Risk, TypeRef};
use crate::report::{Report, Violation, Warning};

pub use baseline::{
    assert_baseline, assert_baseline_ratchet, bless_requested, check_baseline, BaselineMode,
    BaselineOutcome, BaselineStatus,
};
pub use diff::{diff, Change, ChangeKind, Diff, Severity};
pub use error::SnapshotError;

/// The snapshot format this version of the crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole contract set as owned, sorted data: what a baseline file holds.
///
/// ```
/// use contracts_core::snapshot::{Snapshot, SCHEMA_VERSION};
///
/// let snapshot = Snapshot::current();
/// assert_eq!(snapshot.schema_version(), SCHEMA_VERSION);
/// assert_eq!(snapshot.contracts().len(), contracts_core::contracts().count());
/// assert!(snapshot.to_json().contains("\"schema_version\": 1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    schema_version: u32,
    contracts: Vec<ContractEntry>,
    #[serde(default)]
    violations: Vec<KnownViolation>,
}

/// One contract in a [`Snapshot`]: everything its descriptor says, as owned strings.
///
/// Lists are sorted (methods, traits, dependencies and consumers by name), so the
/// declaration order in the attribute does not show up as a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractEntry {
    /// `name = ".."`, or the type's own name.
    pub name: String,
    /// The component's full type path.
    pub type_name: String,
    /// The module the type is declared in.
    pub module_path: String,
    /// Source file of the declaration.
    pub file: String,
    /// Line of the declaration.
    pub line: u32,
    /// Declared risk.
    #[serde(with = "serde_impls::risk")]
    pub risk: Risk,
    /// `business_value = ".."`.
    pub business_value: Option<String>,
    /// `requires(..)`, sorted by method name.
    pub requires: Vec<MethodEntry>,
    /// `implements(..)`, sorted.
    pub implements: Vec<String>,
    /// `depends_on(..)` and dependency fields, sorted by the written type.
    pub depends_on: Vec<DependencyEntry>,
    /// `consumers(..)`, sorted by the written type.
    pub consumers: Vec<ConsumerEntry>,
    /// `replaces = .., phase = ..`.
    pub migration: Option<MigrationEntry>,
    /// `factory = ..`.
    pub factory: Option<TypeEntry>,
    /// `required`.
    pub required: bool,
    /// Whether `check = ..` is declared.
    pub check: bool,
}

/// A required method, from `requires(..)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodEntry {
    /// The method's name.
    pub name: String,
    /// The rendered signature; `None` for a bare name.
    pub signature: Option<String>,
    /// Declared `async fn`.
    pub is_async: bool,
}

/// A type named by a contract, as written, with the contract it resolved to when the
/// snapshot was taken (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeEntry {
    /// The type as written in the attribute, e.g. `WebSocketManager`.
    pub name: String,
    /// The `name` of the type's contract, when it has one in the snapshot.
    pub contract: Option<String>,
    /// The full `type_name` of that contract.
    pub type_name: Option<String>,
}

/// How a dependency was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DependencyOrigin {
    /// In `depends_on(..)`.
    DependsOn,
    /// On a `#[contract(dependency)]` field.
    Field,
}

/// A dependency of the component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencyEntry {
    /// The type depended on.
    #[serde(rename = "type")]
    pub ty: TypeEntry,
    /// A missing provider is not a violation.
    pub optional: bool,
    /// Where it was declared.
    pub source: DependencyOrigin,
}

/// A declared consumer and the methods it calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerEntry {
    /// The consuming type.
    #[serde(rename = "type")]
    pub ty: TypeEntry,
    /// The methods it calls, sorted; empty when unspecified.
    pub methods: Vec<String>,
}

/// The migration a component is part of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationEntry {
    /// The replaced legacy type.
    pub replaces: TypeEntry,
    /// Where the migration stands.
    #[serde(with = "serde_impls::phase")]
    pub phase: Phase,
}

/// A violation recorded in a snapshot, for the baseline's ratchet mode: its rule
/// `code`, the `name`s of the contracts involved, and its message.
///
/// Two violations are the same when their code and contracts are; the message (which
/// carries file and line) is for people.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownViolation {
    /// The rule, e.g. `incomplete-migration`.
    pub code: String,
    /// The contracts involved, by name, sorted; a type involved without a contract of its
    /// own (a missing one, a declared consumer) as written, in backticks.
    pub contracts: Vec<String>,
    /// The violation as the report displays it.
    pub message: String,
    /// The contract at the root of the violation, when it has one: the missing
    /// component (its contract's name, or the type as written in backticks), the
    /// contract whose migration is incomplete, the contract whose check failed. A
    /// recorded violation with fewer contracts involved now is the same problem only
    /// when its root is the same. Cycles and duplicate names have none: a smaller
    /// cycle among the recorded contracts is the same tangle. A baseline written before
    /// roots were recorded tolerates exact matches only, until it is blessed again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
}

impl KnownViolation {
    /// The record of `violation`.
    pub fn of(violation: &Violation) -> Self {
        let mut contracts: Vec<String> = violation
            .contracts()
            .iter()
            .map(|c| c.name.to_owned())
            .collect();
        // Types involved without a contract of their own, as written, in backticks: a
        // consumer without a contract that joins an incomplete migration makes it worse,
        // which the ratchet must see.
        let without_contract = |name: &str| format!("`{name}`");
        match violation {
            Violation::MissingComponent {
                component,
                contract,
                needed_by,
                ..
            } => {
                if contract.is_none() {
                    contracts.push(without_contract(component));
                }
                contracts.extend(
                    needed_by
                        .iter()
                        .filter(|needer| needer.contract.is_none())
                        .map(|needer| without_contract(needer.component)),
                );
            }
            Violation::IncompleteMigration {
                consumers_without_contract,
                ..
            }
            | Violation::Strict(Warning::MigrationInProgress {
                consumers_without_contract,
                ..
            }) => contracts.extend(
                consumers_without_contract
                    .iter()
                    .map(|c| without_contract(c)),
            ),
            // Contracts that share the name: their types tell them apart, so that a
            // third declaration of the name is seen.
            Violation::DuplicateName {
                contracts: sharing, ..
            } => contracts.extend(sharing.iter().map(|c| without_contract(c.type_name))),
            _ => {}
        }
        let root = match violation {
            Violation::DependencyCycle { .. }
            | Violation::FactoryCycle { .. }
            | Violation::ReplacementCycle { .. }
            | Violation::DuplicateName { .. } => None,
            Violation::MissingComponent {
                component,
                contract: None,
                ..
            } => Some(format!("`{component}`")),
            // `contracts()` lists the root cause first.
            _ => violation.contracts().first().map(|c| c.name.to_owned()),
        };
        contracts.sort();
        contracts.dedup();
        KnownViolation {
            code: violation.code().to_owned(),
            contracts,
            message: violation.to_string(),
            root,
        }
    }

    fn key(&self) -> (&str, &[String], Option<&str>) {
        (&self.code, &self.contracts, self.root.as_deref())
    }
}

impl std::fmt::Display for KnownViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

fn type_entry(ty: &TypeRef, resolve: &HashMap<ComponentId, &Contract>) -> TypeEntry {
    let contract = resolve.get(&ty.id());
    TypeEntry {
        name: ty.name().to_owned(),
        contract: contract.map(|c| c.name().to_owned()),
        type_name: contract.map(|c| c.type_name().to_owned()),
    }
}

impl ContractEntry {
    fn of(contract: &Contract, resolve: &HashMap<ComponentId, &Contract>) -> Self {
        let mut entry = ContractEntry {
            name: contract.name().to_owned(),
            type_name: contract.type_name().to_owned(),
            module_path: contract.module_path().to_owned(),
            file: contract.file().to_owned(),
            line: contract.line(),
            risk: contract.risk(),
            business_value: contract.business_value().map(str::to_owned),
            requires: contract
                .required_methods()
                .iter()
                .map(|m| MethodEntry {
                    name: m.name().to_owned(),
                    signature: m.signature().map(str::to_owned),
                    is_async: m.is_async(),
                })
                .collect(),
            implements: contract.traits().iter().map(|t| (*t).to_owned()).collect(),
            depends_on: contract
                .dependencies()
                .iter()
                .map(|d| DependencyEntry {
                    ty: type_entry(d.ty(), resolve),
                    optional: d.is_optional(),
                    source: match d.source() {
                        crate::descriptor::DependencySource::DependsOn => {
                            DependencyOrigin::DependsOn
                        }
                        crate::descriptor::DependencySource::Field => DependencyOrigin::Field,
                    },
                })
                .collect(),
            consumers: contract
                .consumers()
                .iter()
                .map(|c| ConsumerEntry {
                    ty: type_entry(c.ty(), resolve),
                    methods: c.methods().iter().map(|m| (*m).to_owned()).collect(),
                })
                .collect(),
            migration: contract.migration().map(|m| MigrationEntry {
                replaces: type_entry(m.replaces(), resolve),
                phase: m.phase(),
            }),
            factory: contract.factory().map(|f| type_entry(f, resolve)),
            required: contract.is_required(),
            check: contract.has_check(),
        };
        entry.normalize();
        entry
    }

    /// Sorts every list, so equal contracts give equal entries.
    fn normalize(&mut self) {
        self.requires.sort_by(|a, b| {
            (&a.name, &a.signature, a.is_async).cmp(&(&b.name, &b.signature, b.is_async))
        });
        self.implements.sort();
        self.depends_on.sort_by(|a, b| {
            (&a.ty.name, &a.ty.type_name, a.optional).cmp(&(
                &b.ty.name,
                &b.ty.type_name,
                b.optional,
            ))
        });
        for consumer in &mut self.consumers {
            consumer.methods.sort();
        }
        self.consumers.sort_by(|a, b| {
            (&a.ty.name, &a.ty.type_name, &a.methods).cmp(&(
                &b.ty.name,
                &b.ty.type_name,
                &b.methods,
            ))
        });
    }

    /// `file:line` of the declaration.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

impl Snapshot {
    /// Every contract registered in this binary, with the violations
    /// [`validate_all`](crate::validate_all) finds among them.
    pub fn current() -> Snapshot {
        Snapshot::from_contracts(crate::contracts()).with_violations(&crate::validate_all())
    }

    /// A snapshot of `contracts` alone. References between them are resolved within
    /// this set only; no violations are recorded (see [`with_violations`](Self::with_violations)
    /// and [`validated`](Self::validated)).
    ///
    /// ```
    /// use contracts_core::snapshot::Snapshot;
    /// use contracts_core::ContractBuilder;
    ///
    /// let pool = ContractBuilder::new(1, "pool").build();
    /// let repo = ContractBuilder::new(2, "repo").depends_on(1, "Pool").build();
    /// let snapshot = Snapshot::from_contracts([repo, pool]);
    /// assert_eq!(snapshot.contracts()[0].name, "pool"); // sorted
    /// let dependency = &snapshot.contracts()[1].depends_on[0].ty;
    /// assert_eq!(dependency.name, "Pool");
    /// assert_eq!(dependency.contract.as_deref(), Some("pool"));
    /// ```
    pub fn from_contracts<'a>(contracts: impl IntoIterator<Item = &'a Contract>) -> Snapshot {
        let contracts: Vec<&Contract> = contracts.into_iter().collect();
        let mut resolve: HashMap<ComponentId, &Contract> = HashMap::with_capacity(contracts.len());
        for contract in &contracts {
            resolve.entry(contract.id()).or_insert(contract);
        }
        let entries = contracts
            .iter()
            .map(|contract| ContractEntry::of(contract, &resolve))
            .collect();
        Snapshot::from_entries(entries)
    }

    /// A snapshot of `contracts` with the violations the graph rules find among them:
    /// [`from_contracts`](Self::from_contracts) plus
    /// [`Validator::validate_contracts`](crate::Validator::validate_contracts).
    pub fn validated(contracts: &[&'static Contract]) -> Snapshot {
        let report = crate::Validator::new().validate_contracts(contracts, None);
        Snapshot::from_contracts(contracts.iter().copied()).with_violations(&report)
    }

    /// Builds a snapshot from entries (sorted and normalized here), with no violations.
    pub fn from_entries(entries: Vec<ContractEntry>) -> Snapshot {
        let mut snapshot = Snapshot {
            schema_version: SCHEMA_VERSION,
            contracts: entries,
            violations: Vec::new(),
        };
        snapshot.normalize();
        snapshot
    }

    /// Records the violations of `report` (replacing any recorded before), for the
    /// baseline's ratchet mode. Use a state's report to ratchet state violations too.
    pub fn with_violations(mut self, report: &Report) -> Snapshot {
        self.violations = report.violations().iter().map(KnownViolation::of).collect();
        self.normalize();
        self
    }

    fn normalize(&mut self) {
        for entry in &mut self.contracts {
            entry.normalize();
        }
        self.contracts.sort_by(|a, b| {
            (&a.name, &a.type_name, &a.file, a.line).cmp(&(&b.name, &b.type_name, &b.file, b.line))
        });
        // By key first, so that `dedup_by` (which compares neighbours) sees every
        // repeat of a key side by side.
        // Each list sorted, as matching against a baseline assumes (a hand edit may
        // have reordered one).
        for violation in &mut self.violations {
            violation.contracts.sort();
            violation.contracts.dedup();
        }
        self.violations.sort_by(|a, b| {
            a.key()
                .cmp(&b.key())
                .then_with(|| a.message.cmp(&b.message))
        });
        self.violations.dedup_by(|a, b| a.key() == b.key());
    }

    /// The format version, [`SCHEMA_VERSION`] for every snapshot this crate makes or
    /// accepts.
    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    /// Every contract, sorted by name.
    pub fn contracts(&self) -> &[ContractEntry] {
        &self.contracts
    }

    /// The contract named `name`.
    pub fn get(&self, name: &str) -> Option<&ContractEntry> {
        self.contracts.iter().find(|entry| entry.name == name)
    }

    /// The recorded violations, sorted.
    pub fn violations(&self) -> &[KnownViolation] {
        &self.violations
    }

    /// The snapshot as pretty JSON: sorted, deterministic, newline-terminated.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
        json.push('\n');
        json
    }

    /// Parses a snapshot from JSON text; `path` only names the source in errors.
    ///
    /// ```
    /// use contracts_core::snapshot::{Snapshot, SnapshotError};
    ///
    /// let error = Snapshot::parse(b"{\"schema_version\": 99, \"contracts\": []}", "old.json")
    ///     .unwrap_err();
    /// assert!(matches!(error, SnapshotError::UnsupportedVersion { found: 99, .. }));
    /// assert!(error.to_string().starts_with("contract snapshot `old.json` has schema version 99"));
    /// ```
    pub fn parse(bytes: &[u8], path: impl AsRef<Path>) -> Result<Snapshot, SnapshotError> {
        let path = path.as_ref().to_path_buf();
        let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(SnapshotError::Empty { path });
        }
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|error| SnapshotError::from_syntax(path.clone(), &error))?;
        let object = value.as_object().ok_or_else(|| SnapshotError::Shape {
            path: path.clone(),
            message: format!(
                "expected a JSON object with `schema_version` and `contracts`, found {}",
                json_kind(&value)
            ),
        })?;
        match object.get("schema_version") {
            None => return Err(SnapshotError::Shape {
                path,
                message:
                    "missing field `schema_version`; this does not look like a contract snapshot"
                        .to_owned(),
            }),
            Some(version) => match version.as_u64() {
                Some(found) if found == u64::from(SCHEMA_VERSION) => {}
                Some(found) => {
                    return Err(SnapshotError::UnsupportedVersion {
                        path,
                        found,
                        supported: SCHEMA_VERSION,
                    })
                }
                None => {
                    let whole = version.as_f64().filter(|v| v.fract() == 0.0 && *v > -1.0);
                    // `2.0` (or `-0.0`): another version, whatever its spelling.
                    if let Some(found) = whole
                        .filter(|v| *v < 18_446_744_073_709_551_616.0)
                        .map(|v| v.abs() as u64)
                        .filter(|found| *found != u64::from(SCHEMA_VERSION))
                    {
                        return Err(SnapshotError::UnsupportedVersion {
                            path,
                            found,
                            supported: SCHEMA_VERSION,
                        });
                    }
                    return Err(SnapshotError::Shape {
                        path,
                        message: if whole.is_some_and(|v| v >= 18_446_744_073_709_551_616.0) {
                            // Whole, but beyond u64: JSON parsing made it a float.
                            format!(
                                "`schema_version` is far beyond any version (this library reads version {SCHEMA_VERSION})"
                            )
                        } else if whole.is_some() {
                            // `1.0` or `1e0`: a tool that rewrote the file wrote the
                            // number as a float.
                            format!(
                                "`schema_version` must be written as a whole number: `{SCHEMA_VERSION}`"
                            )
                        } else if version.is_number() {
                            format!("`schema_version` must be a whole number, found `{version}`")
                        } else {
                            format!(
                                "`schema_version` must be a whole number, found {}",
                                json_kind(version)
                            )
                        },
                    });
                }
            },
        }
        // Parse the text again, typed, for errors with a line and column.
        let mut snapshot: Snapshot =
            serde_json::from_slice(bytes).map_err(|error| SnapshotError::Shape {
                path: path.clone(),
                message: match entry_in_error(object, &error) {
                    Some(entry) => format!("{error}, in {entry}"),
                    None => error.to_string(),
                },
            })?;
        // No contract can be named "" (the derive and `try_build` refuse it), and every
        // type has a name: a hand edit.
        for (position, contract) in snapshot.contracts.iter().enumerate() {
            let field = if contract.name.trim().is_empty() {
                "name"
            } else if contract.type_name.trim().is_empty() {
                "type_name"
            } else {
                continue;
            };
            return Err(SnapshotError::Invalid {
                path,
                message: format!(
                    "`contracts[{position}]` has an empty `{field}`, which no contract can have; restore the {}",
                    if field == "name" { "name" } else { "type's path" },
                ),
            });
        }
        if let Some(message) = snapshot.unprintable_text() {
            return Err(SnapshotError::Invalid { path, message });
        }
        snapshot.normalize();
        // A registry cannot hold one contract twice; a file can (a merge that kept both
        // sides), and a diff would then report the extra entry as removed.
        if let Some(pair) = snapshot
            .contracts
            .windows(2)
            .find(|pair| pair[0].name == pair[1].name && pair[0].type_name == pair[1].type_name)
        {
            return Err(SnapshotError::Invalid {
                path,
                message: format!(
                    "contract `{}` (`{}`) is listed twice, but each contract appears once: a merge may have kept both copies (remove one), or two types declared inside functions share this name and path (give them distinct `name = ..`; `contracts check` reports them as `duplicate-name`)",
                    pair[0].name, pair[0].type_name
                ),
            });
        }
        if let Some(message) = snapshot.dangling_reference() {
            return Err(SnapshotError::Invalid { path, message });
        }
        if let Some(message) = snapshot.malformed_method() {
            return Err(SnapshotError::Invalid { path, message });
        }
        Ok(snapshot)
    }

    /// Text no build writes (a hand edit, or a forged file): a control character (a
    /// newline, a terminal escape sequence) or a text-direction character in any of a
    /// contract's strings, or a name with whitespace around it. Reports print these
    /// strings as they are, so such a file could rewrite the terminal or add lines that
    /// read as the report's own; the message names the field, never the text.
    fn unprintable_text(&self) -> Option<String> {
        for (position, entry) in self.contracts.iter().enumerate() {
            if entry.name.trim() != entry.name {
                return Some(format!(
                    "`contracts[{position}]` has a `name` with whitespace around it, which no contract can have; restore the name"
                ));
            }
            if let Some((field, c)) = first_unprintable(entry) {
                return Some(format!(
                    "`contracts[{position}].{field}` holds U+{:04X}, a control or text-direction character that no build writes (reports would print it as it is); restore the text",
                    u32::from(c)
                ));
            }
        }
        None
    }

    /// A required method no build writes (a hand edit): a signature that declares
    /// another method or none (the derive writes the name its signature declares, and a
    /// diff would compare the signature under the wrong name) or whose brackets do not
    /// pair up, an `is_async` the signature contradicts (a diff would report a change
    /// between two identical texts), or a method listed twice (a diff would not see
    /// one of them go).
    fn malformed_method(&self) -> Option<String> {
        self.contracts.iter().find_map(|entry| {
            // A contract names each method once (`r#type` is `type`), whatever its
            // signature: two entries of one name are a merge that kept both sides.
            let mut names: Vec<&str> = entry
                .requires
                .iter()
                .map(|method| signature::unraw(&method.name))
                .collect();
            names.sort_unstable();
            if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
                return Some(format!(
                    "contract `{}` lists the required method `{}` twice, as no build does; keep the one the component has and remove the other",
                    entry.name, pair[0]
                ));
            }
            entry.requires.iter().find_map(|method| {
                let signature = method.signature.as_deref();
                // A signature of another method first: `is_async` may well agree with
                // what the derive wrote, and fixing it would not fix the file.
                if let Some(signature) = signature {
                    if let Some(problem) = signature::signature_problem(&method.name, signature) {
                        return Some(format!(
                            "contract `{}` requires the method `{}` with the signature `{signature}`, {problem}; restore the method's name or its signature",
                            entry.name, method.name
                        ));
                    }
                }
                let signature_is_async = signature.is_some_and(signature::is_async);
                if method.is_async == signature_is_async {
                    return None;
                }
                // Quotes the file's own `is_async`; either side may be the edit.
                Some(format!(
                    "contract `{}` requires the method `{}` with `is_async: {}`, but {}; restore the signature or set `is_async` to `{}`",
                    entry.name,
                    method.name,
                    method.is_async,
                    match signature {
                        Some(signature) if signature_is_async => {
                            format!("its signature `{signature}` is `async`")
                        }
                        Some(signature) => format!("its signature `{signature}` is not `async`"),
                        None => "it has no signature".to_owned(),
                    },
                    signature_is_async,
                ))
            })
        })
    }

    /// A reference that names a contract the snapshot does not hold (a hand edit that
    /// removed an entry but kept the references to it): a diff would read it as a
    /// provider that changed.
    fn dangling_reference(&self) -> Option<String> {
        // Several contracts may share a type path (two versions of a crate, or types
        // declared in different functions of one module).
        let mut held: HashMap<&str, Vec<&str>> = HashMap::new();
        for contract in &self.contracts {
            held.entry(contract.type_name.as_str())
                .or_default()
                .push(contract.name.as_str());
        }
        for entry in &self.contracts {
            let references = entry
                .depends_on
                .iter()
                .map(|d| ("depends_on", &d.ty))
                .chain(entry.consumers.iter().map(|c| ("consumers", &c.ty)))
                .chain(entry.migration.iter().map(|m| ("replaces", &m.replaces)))
                .chain(entry.factory.iter().map(|f| ("factory", f)));
            for (field, reference) in references {
                let (Some(type_name), contract) = (&reference.type_name, &reference.contract)
                else {
                    continue;
                };
                let consistent = held.get(type_name.as_str()).is_some_and(|names| {
                    contract
                        .as_deref()
                        .is_none_or(|contract| names.contains(&contract))
                });
                if !consistent {
                    return Some(format!(
                        "contract `{}` refers in `{field}` to `{}` as the contract {}of `{type_name}`, which this file does not hold; restore that contract's entry (or remove the reference's `contract` and `type_name`)",
                        entry.name,
                        reference.name,
                        contract
                            .as_deref()
                            .map_or_else(String::new, |c| format!("`{c}` ")),
                    ));
                }
            }
        }
        None
    }

    /// Reads a snapshot file. Never modifies the file.
    ///
    /// Every error names the file and says what is wrong: missing, unreadable, empty,
    /// truncated, not JSON, another schema version, not the shape of a snapshot, or
    /// invalid (an entry no build writes: see [`SnapshotError::Invalid`]).
    pub fn load(path: impl AsRef<Path>) -> Result<Snapshot, SnapshotError> {
        let path = path.as_ref();
        // The system says only "Is a directory"; say what to give instead.
        if path.is_dir() {
            return Err(SnapshotError::Read {
                path: path.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "it is a directory; give the path of the baseline file in it (`tests/contracts.json`)",
                ),
            });
        }
        let bytes = read_bounded(path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                SnapshotError::Missing {
                    path: path.to_path_buf(),
                }
            } else {
                SnapshotError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        Snapshot::parse(&bytes, path)
    }

    /// Writes [`to_json`](Self::to_json) to `path` atomically (a temporary file beside
    /// it, then a rename): a reader sees the old file or the new one, never half of
    /// one; on error the old file is left as it was. Creates missing parent
    /// directories. As an in-place write would, it writes through a symlink, keeps an
    /// existing file's permissions, and refuses a read-only file. A path that names a
    /// directory (an existing one, or any path ending in `/`) is refused, saying so,
    /// before anything is created.
    ///
    /// ```
    /// use contracts_core::snapshot::Snapshot;
    ///
    /// let dir = std::env::temp_dir().join(format!("contracts-doc-save-{}", std::process::id()));
    /// let path = dir.join("baseline/contracts.json");
    /// let snapshot = Snapshot::current();
    /// snapshot.save(&path).unwrap();
    /// assert_eq!(Snapshot::load(&path).unwrap(), snapshot);
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SnapshotError> {
        let path = path.as_ref();
        let write_error = |source| SnapshotError::Write {
            path: path.to_path_buf(),
            source,
        };
        // Before any directory is created on the way to it.
        crate::atomic_write::names_a_file(path).map_err(write_error)?;
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                fs::create_dir_all(parent).map_err(write_error)?;
            }
        }
        crate::atomic_write::write_atomic(path, self.to_json().as_bytes()).map_err(write_error)
    }

    /// The changes from `self` (the old snapshot) to `new`; see [`diff`].
    pub fn diff(&self, new: &Snapshot) -> Diff {
        diff::diff(self, new)
    }
}

/// The UTF-8 byte-order mark, which some editors save before the JSON and which a
/// snapshot may start with.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// The most a snapshot file may hold: a thousand times a 100,000-contract snapshot
/// would still fit. More is not a snapshot (`/dev/zero`, a log, a device), and reading
/// it whole could exhaust memory.
const MAX_SNAPSHOT_BYTES: u64 = 1 << 30;

/// Reads a file, but stops early on what cannot be a snapshot: a first character that
/// starts no JSON value (the parser then says what it found), or more than
/// [`MAX_SNAPSHOT_BYTES`].
fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    // Bytes before `scanned` are whitespace or the byte-order mark: each byte is
    // looked at once until the first other one decides.
    let mut scanned = 0;
    let mut start_judged = false;
    loop {
        let read = match file.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        bytes.extend_from_slice(&chunk[..read]);
        if !start_judged {
            // The mark is three bytes, which a read may cut.
            if bytes.len() < BYTE_ORDER_MARK.len() && BYTE_ORDER_MARK.starts_with(&bytes) {
                continue;
            }
            if scanned == 0 && bytes.starts_with(BYTE_ORDER_MARK) {
                scanned = BYTE_ORDER_MARK.len();
            }
            match bytes[scanned..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
            {
                Some(at) if !b"{[\"-0123456789tfn".contains(&bytes[scanned + at]) => {
                    return Ok(bytes);
                }
                Some(_) => start_judged = true,
                None => scanned = bytes.len(),
            }
        }
        if bytes.len() as u64 > MAX_SNAPSHOT_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "it holds more than 1 GiB, far more than any contract snapshot",
            ));
        }
    }
}

/// The list entry at fault, as `violations[2]` (with the contract's name where it has
/// one): serde's own message names only the line, and "missing field `contracts`"
/// inside a violation reads like the top-level list missing. An entry is named only
/// when its own error is the one serde reported.
fn entry_in_error(
    object: &serde_json::Map<String, serde_json::Value>,
    error: &serde_json::Error,
) -> Option<String> {
    // The message without serde's " at line L column C".
    fn what(error: &serde_json::Error) -> String {
        let text = error.to_string();
        match text.rfind(" at line ") {
            Some(at) => text[..at].to_owned(),
            None => text,
        }
    }
    let reported = what(error);
    let first_bad = |list: &str, value: Option<&serde_json::Value>| -> Option<String> {
        fn error_of<T: serde::de::DeserializeOwned>(
            entry: &serde_json::Value,
        ) -> Option<serde_json::Error> {
            serde_json::from_value::<T>(entry.clone()).err()
        }
        let entries = value?.as_array()?;
        entries.iter().enumerate().find_map(|(index, entry)| {
            let own = if list == "contracts" {
                error_of::<ContractEntry>(entry)
            } else {
                error_of::<KnownViolation>(entry)
            }?;
            if what(&own) != reported {
                return None;
            }
            Some(
                match entry.get("name").and_then(serde_json::Value::as_str) {
                    Some(name) => format!("`{list}[{index}]` (`{name}`)"),
                    None => format!("`{list}[{index}]`"),
                },
            )
        })
    };
    first_bad("contracts", object.get("contracts"))
        .or_else(|| first_bad("violations", object.get("violations")))
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The first field of `entry` with a control or text-direction character, as its path
/// (`requires[0].signature`) and the character. The path is built only for that field:
/// loading a valid baseline allocates nothing here.
fn first_unprintable(entry: &ContractEntry) -> Option<(String, char)> {
    let bad = |text: &str| {
        text.chars()
            .find(|&c| c.is_control() || crate::synthetic::reorders_or_breaks(c))
    };
    let found = |text: &str, path: &dyn Fn() -> String| bad(text).map(|c| (path(), c));
    let plain = [
        ("name", entry.name.as_str()),
        ("type_name", &entry.type_name),
        ("module_path", &entry.module_path),
        ("file", &entry.file),
    ];
    for (field, text) in plain {
        if let Some(hit) = found(text, &|| field.to_owned()) {
            return Some(hit);
        }
    }
    if let Some(hit) = entry
        .business_value
        .as_deref()
        .and_then(|value| found(value, &|| "business_value".to_owned()))
    {
        return Some(hit);
    }
    for (i, method) in entry.requires.iter().enumerate() {
        let name = found(&method.name, &|| format!("requires[{i}].name"));
        let signature = method
            .signature
            .as_deref()
            .and_then(|signature| found(signature, &|| format!("requires[{i}].signature")));
        if let Some(hit) = name.or(signature) {
            return Some(hit);
        }
    }
    for (i, bound) in entry.implements.iter().enumerate() {
        if let Some(hit) = found(bound, &|| format!("implements[{i}]")) {
            return Some(hit);
        }
    }
    let type_entry = |ty: &TypeEntry, path: &dyn Fn() -> String| {
        found(&ty.name, &|| format!("{}.name", path()))
            .or_else(|| {
                let contract = ty.contract.as_deref()?;
                found(contract, &|| format!("{}.contract", path()))
            })
            .or_else(|| {
                let type_name = ty.type_name.as_deref()?;
                found(type_name, &|| format!("{}.type_name", path()))
            })
    };
    for (i, dependency) in entry.depends_on.iter().enumerate() {
        if let Some(hit) = type_entry(&dependency.ty, &|| format!("depends_on[{i}]")) {
            return Some(hit);
        }
    }
    for (i, consumer) in entry.consumers.iter().enumerate() {
        if let Some(hit) = type_entry(&consumer.ty, &|| format!("consumers[{i}]")) {
            return Some(hit);
        }
        for (j, method) in consumer.methods.iter().enumerate() {
            if let Some(hit) = found(method, &|| format!("consumers[{i}].methods[{j}]")) {
                return Some(hit);
            }
        }
    }
    let migration = entry
        .migration
        .iter()
        .find_map(|m| type_entry(&m.replaces, &|| "migration.replaces".to_owned()));
    migration.or_else(|| {
        entry
            .factory
            .iter()
            .find_map(|f| type_entry(f, &|| "factory".to_owned()))
    })
}
