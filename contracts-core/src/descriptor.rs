//! The `'static` contract descriptor that every `#[derive(MigrationContract)]` builds at
//! compile time, and the small value types it is made of.
//!
//! The derive writes a descriptor in a compact constant form (see `encoding.rs`) that
//! `inventory` collects without running any code; [`Contract`] decodes it on first
//! access into the value types below.

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use crate::encoding::Encoded;

/// How bad it is when a component breaks, from the playbook's risk matrix.
///
/// Ordered: `Low < Medium < High < Critical`.
///
/// ```
/// use contracts_core::Risk;
/// assert!(Risk::Critical > Risk::High);
/// assert_eq!("medium".parse::<Risk>(), Ok(Risk::Medium));
/// assert_eq!(Risk::High.to_string(), "high");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Internal refactoring, no external dependencies: basic validation only.
    #[default]
    Low,
    /// A single service, limited consumers: the core playbook steps.
    Medium,
    /// Cross-service dependencies, factory patterns: the full playbook.
    High,
    /// Event delivery, agent execution, auth flows: the full playbook plus extended
    /// validation.
    Critical,
}

impl Risk {
    /// Every level, lowest first.
    pub const ALL: [Risk; 4] = [Risk::Low, Risk::Medium, Risk::High, Risk::Critical];

    /// The lowercase name used in `risk = ".."`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::Critical => "critical",
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Risk {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Risk::ALL
            .into_iter()
            .find(|risk| risk.as_str() == s)
            .ok_or_else(|| UnknownValue::new("risk", s, &["low", "medium", "high", "critical"]))
    }
}

/// Where a migration declared with `replaces = ..` stands.
///
/// Ordered along the playbook: `Planned < Parallel < Migrating < Complete`.
///
/// ```
/// use contracts_core::Phase;
/// assert!(Phase::Complete > Phase::Parallel);
/// assert_eq!("migrating".parse::<Phase>(), Ok(Phase::Migrating));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// The new component exists on paper; consumers still use the legacy one.
    Planned,
    /// Both implementations run side by side.
    Parallel,
    /// Consumers are being moved one at a time.
    Migrating,
    /// Every consumer moved; the legacy component must be gone.
    Complete,
}

impl Phase {
    /// Every phase, in migration order.
    pub const ALL: [Phase; 4] = [
        Phase::Planned,
        Phase::Parallel,
        Phase::Migrating,
        Phase::Complete,
    ];

    /// The lowercase name used in `phase = ".."`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Phase::Planned => "planned",
            Phase::Parallel => "parallel",
            Phase::Migrating => "migrating",
            Phase::Complete => "complete",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Phase {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|phase| phase.as_str() == s)
            .ok_or_else(|| {
                UnknownValue::new(
                    "phase",
                    s,
                    &["planned", "parallel", "migrating", "complete"],
                )
            })
    }
}

/// The error of parsing a [`Risk`] or a [`Phase`] from a string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`, expected one of: {}", .accepted.join(", "))]
pub struct UnknownValue {
    what: &'static str,
    value: String,
    accepted: &'static [&'static str],
}

impl UnknownValue {
    fn new(what: &'static str, value: &str, accepted: &'static [&'static str]) -> Self {
        UnknownValue {
            what,
            value: value.to_owned(),
            accepted,
        }
    }
}

/// The identity of a component: its `TypeId`, or a number for a synthetic contract
/// built at run time with [`ContractBuilder`](crate::ContractBuilder) (tests, tools,
/// benchmarks).
///
/// ```
/// use contracts_core::ComponentId;
/// struct Pool;
/// assert_eq!(ComponentId::of::<Pool>(), ComponentId::of::<Pool>());
/// assert_ne!(ComponentId::of::<Pool>(), ComponentId::synthetic(1));
/// assert_eq!(ComponentId::synthetic(1).type_id(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentId(Key);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Type(TypeId),
    Synthetic(u64),
}

impl ComponentId {
    /// The identity of the type `T`.
    pub fn of<T: ?Sized + 'static>() -> Self {
        ComponentId(Key::Type(TypeId::of::<T>()))
    }

    /// A synthetic identity, for contracts that describe no Rust type.
    pub const fn synthetic(number: u64) -> Self {
        ComponentId(Key::Synthetic(number))
    }

    /// The `TypeId`, unless the identity is synthetic.
    pub fn type_id(&self) -> Option<TypeId> {
        match self.0 {
            Key::Type(type_id) => Some(type_id),
            Key::Synthetic(_) => None,
        }
    }
}

impl From<TypeId> for ComponentId {
    fn from(type_id: TypeId) -> Self {
        ComponentId(Key::Type(type_id))
    }
}

/// How a descriptor names a type in a constant: a `TypeId::of` function pointer (what
/// the derive writes), or a synthetic number.
#[derive(Clone, Copy)]
pub(crate) enum TypeKey {
    Type(fn() -> TypeId),
    Synthetic(u64),
}

impl TypeKey {
    pub(crate) fn id(self) -> ComponentId {
        match self {
            TypeKey::Type(type_id) => ComponentId(Key::Type(type_id())),
            TypeKey::Synthetic(number) => ComponentId::synthetic(number),
        }
    }
}

/// A type named in a contract (a dependency, a consumer, a replaced type, a factory),
/// with its rendered name and its identity.
#[derive(Clone, Copy)]
pub struct TypeRef {
    name: &'static str,
    key: TypeKey,
}

impl TypeRef {
    pub(crate) const fn new(name: &'static str, type_id: fn() -> TypeId) -> Self {
        TypeRef {
            name,
            key: TypeKey::Type(type_id),
        }
    }

    pub(crate) const fn synthetic(name: &'static str, number: u64) -> Self {
        TypeRef {
            name,
            key: TypeKey::Synthetic(number),
        }
    }

    /// The type as written in the attribute, e.g. `WebSocketManager` or `dyn EventSink`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The type's identity.
    pub fn id(&self) -> ComponentId {
        self.key.id()
    }

    /// The type's `TypeId`; `None` for a synthetic type.
    pub fn type_id(&self) -> Option<TypeId> {
        self.id().type_id()
    }
}

impl fmt::Debug for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl Serialize for TypeRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// A method the component's consumers rely on, from `requires(..)`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RequiredMethod {
    name: &'static str,
    signature: Option<&'static str>,
    is_async: bool,
}

impl RequiredMethod {
    pub(crate) const fn new(
        name: &'static str,
        signature: Option<&'static str>,
        is_async: bool,
    ) -> Self {
        RequiredMethod {
            name,
            signature,
            is_async,
        }
    }

    /// The method's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The declared signature, rendered (`fn flush(&self) -> usize`); `None` for a bare
    /// name, which only requires that the method exists.
    pub fn signature(&self) -> Option<&'static str> {
        self.signature
    }

    /// Whether it was declared `async fn`.
    pub fn is_async(&self) -> bool {
        self.is_async
    }
}

/// Where a dependency was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DependencySource {
    /// In `depends_on(..)`.
    DependsOn,
    /// On a field marked `#[contract(dependency)]`.
    Field,
}

/// Something the component needs from the state, from `depends_on(..)` or a
/// `#[contract(dependency)]` field.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Dependency {
    #[serde(rename = "type")]
    ty: TypeRef,
    optional: bool,
    source: DependencySource,
}

impl Dependency {
    pub(crate) const fn new(ty: TypeRef, optional: bool, source: DependencySource) -> Self {
        Dependency {
            ty,
            optional,
            source,
        }
    }

    /// The type depended on.
    pub fn ty(&self) -> &TypeRef {
        &self.ty
    }

    /// `optional(..)` or an `Option<..>` field: a missing provider is not a violation.
    pub fn is_optional(&self) -> bool {
        self.optional
    }

    /// Where the dependency was declared.
    pub fn source(&self) -> DependencySource {
        self.source
    }
}

/// A declared consumer, from `consumers(..)`, with the methods it calls when they were
/// listed (`Consumer = [m1, m2]`).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Consumer {
    #[serde(rename = "type")]
    ty: TypeRef,
    methods: &'static [&'static str],
}

impl Consumer {
    pub(crate) const fn new(ty: TypeRef, methods: &'static [&'static str]) -> Self {
        Consumer { ty, methods }
    }

    /// The consuming type.
    pub fn ty(&self) -> &TypeRef {
        &self.ty
    }

    /// The methods this consumer calls; empty when unspecified.
    pub fn methods(&self) -> &'static [&'static str] {
        self.methods
    }
}

/// `replaces = Legacy, phase = ".."`: the migration this component is part of.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Migration {
    replaces: TypeRef,
    phase: Phase,
}

impl Migration {
    pub(crate) const fn new(replaces: TypeRef, phase: Phase) -> Self {
        Migration { replaces, phase }
    }

    /// The legacy type this component replaces.
    pub fn replaces(&self) -> &TypeRef {
        &self.replaces
    }

    /// Where the migration stands; `planned` when `phase` was not given.
    pub fn phase(&self) -> Phase {
        self.phase
    }
}

/// The generated adapter behind `check = path`: `None` when the instance handed over is
/// not the component, otherwise the check's outcome with the error rendered.
#[doc(hidden)]
pub type CheckFn = fn(&(dyn Any + Send + Sync)) -> Option<Result<(), String>>;

/// Every field of a contract, decoded: what the accessors of [`Contract`] read.
pub(crate) struct ContractParts {
    pub(crate) name: &'static str,
    pub(crate) type_name: &'static str,
    pub(crate) type_id: TypeKey,
    pub(crate) module_path: &'static str,
    pub(crate) file: &'static str,
    pub(crate) line: u32,
    pub(crate) risk: Risk,
    pub(crate) business_value: Option<&'static str>,
    pub(crate) requires: &'static [RequiredMethod],
    pub(crate) implements: &'static [&'static str],
    pub(crate) depends_on: &'static [Dependency],
    pub(crate) consumers: &'static [Consumer],
    pub(crate) migration: Option<Migration>,
    pub(crate) factory: Option<TypeRef>,
    pub(crate) required: bool,
    pub(crate) check: Option<CheckFn>,
}

/// The last segment of a type path: `a::b::Pool` -> `Pool`.
pub(crate) fn short_type_name(type_name: &str) -> &str {
    type_name.rsplit("::").next().unwrap_or(type_name)
}

/// What [`Contract::type_id`] answers for a synthetic contract.
enum SyntheticMarker {}

/// The `'static` descriptor of one component, generated by `#[derive(MigrationContract)]`
/// and registered for [`contracts()`](crate::contracts).
///
/// ```
/// use contracts_core::{contract_of, MigrationContract, Risk};
///
/// #[derive(MigrationContract)]
/// #[contract(name = "thread-registry", risk = "high", requires(fn len(&self) -> usize))]
/// struct ThreadRegistry(Vec<u64>);
///
/// impl ThreadRegistry {
///     fn len(&self) -> usize { self.0.len() }
/// }
///
/// let contract = contract_of::<ThreadRegistry>().unwrap();
/// assert_eq!(contract.name(), "thread-registry");
/// assert_eq!(contract.risk(), Risk::High);
/// assert_eq!(contract.required_methods()[0].signature(), Some("fn len(&self) -> usize"));
/// ```
pub struct Contract {
    /// What the derive wrote; `None` for a contract built at run time.
    encoded: Option<Encoded>,
    /// Decoded from `encoded` on first access, or set when built.
    parts: OnceLock<ContractParts>,
}

impl Contract {
    /// What `#[derive(MigrationContract)]` writes: the compact form described in
    /// `encoding.rs`, decoded on first access.
    #[doc(hidden)]
    pub const fn __derived(
        type_name: &'static str,
        file: &'static str,
        line: u32,
        spec: &'static str,
        types: &'static [fn() -> TypeId],
        check: Option<CheckFn>,
    ) -> Self {
        Contract {
            encoded: Some(Encoded {
                type_name,
                file,
                line,
                spec,
                types,
                check,
            }),
            parts: OnceLock::new(),
        }
    }

    pub(crate) fn from_parts(parts: ContractParts) -> Self {
        Contract {
            encoded: None,
            parts: OnceLock::from(parts),
        }
    }

    /// Decodes every contract not decoded yet, in one pass that shares allocations
    /// (see [`Encoded::decode_all`]); the registry calls it before it first reads them.
    pub(crate) fn decode_all(contracts: &[&Contract]) {
        let mut pending: Vec<(&Contract, &Encoded)> = Vec::with_capacity(contracts.len());
        pending.extend(
            contracts
                .iter()
                .filter(|contract| contract.parts.get().is_none())
                .filter_map(|contract| Some((*contract, contract.encoded.as_ref()?))),
        );
        let decoded = Encoded::decode_all(pending.iter().map(|(_, encoded)| *encoded));
        for ((contract, _), parts) in pending.into_iter().zip(decoded) {
            // Another thread may have decoded it meanwhile: either result is the same.
            let _ = contract.parts.set(parts);
        }
    }

    fn parts(&self) -> &ContractParts {
        self.parts.get_or_init(|| match &self.encoded {
            Some(encoded) => encoded.decode(),
            // A built contract is made with its parts set; this arm is never taken.
            None => Encoded::EMPTY.decode(),
        })
    }

    /// `name = ".."`, or the type's own name.
    pub fn name(&self) -> &'static str {
        self.parts().name
    }

    /// The type's full path, e.g. `my_service::bridge::AgentWebSocketBridge`.
    pub fn type_name(&self) -> &'static str {
        self.parts().type_name
    }

    /// The component's `TypeId`. A synthetic contract (built with
    /// [`ContractBuilder`](crate::ContractBuilder)) has no type of its own and answers
    /// the `TypeId` of a private marker type; use [`id`](Self::id) to tell contracts apart.
    pub fn type_id(&self) -> TypeId {
        self.id()
            .type_id()
            .unwrap_or(TypeId::of::<SyntheticMarker>())
    }

    /// The component's identity: its `TypeId`, or its synthetic number.
    pub fn id(&self) -> ComponentId {
        self.parts().type_id.id()
    }

    /// The type's own name, without its module path: how attributes write it
    /// (`AgentWebSocketBridge` for `my_service::bridge::AgentWebSocketBridge`).
    pub fn short_type_name(&self) -> &'static str {
        short_type_name(self.parts().type_name)
    }

    /// The module the type is declared in.
    pub fn module_path(&self) -> &'static str {
        self.parts().module_path
    }

    /// The source file of the declaration.
    pub fn file(&self) -> &'static str {
        self.parts().file
    }

    /// The line of the type's name in [`file`](Self::file).
    pub fn line(&self) -> u32 {
        self.parts().line
    }

    /// `risk = ".."`; `Low` by default.
    pub fn risk(&self) -> Risk {
        self.parts().risk
    }

    /// `business_value = ".."`.
    pub fn business_value(&self) -> Option<&'static str> {
        self.parts().business_value
    }

    /// `requires(..)`, in declaration order.
    pub fn required_methods(&self) -> &'static [RequiredMethod] {
        self.parts().requires
    }

    /// `implements(..)`: the traits, as written.
    pub fn traits(&self) -> &'static [&'static str] {
        self.parts().implements
    }

    /// `depends_on(..)` followed by the `#[contract(dependency)]` fields.
    pub fn dependencies(&self) -> &'static [Dependency] {
        self.parts().depends_on
    }

    /// `consumers(..)`, in declaration order.
    pub fn consumers(&self) -> &'static [Consumer] {
        self.parts().consumers
    }

    /// `replaces = .., phase = ".."`.
    pub fn migration(&self) -> Option<&Migration> {
        self.parts().migration.as_ref()
    }

    /// The replaced legacy type, when this contract is part of a migration.
    pub fn replaces(&self) -> Option<&TypeRef> {
        self.parts().migration.as_ref().map(Migration::replaces)
    }

    /// The migration's phase, when this contract is part of a migration.
    pub fn phase(&self) -> Option<Phase> {
        self.parts().migration.map(|migration| migration.phase())
    }

    /// `factory = ..`: instances are made per request by this type.
    pub fn factory(&self) -> Option<&TypeRef> {
        self.parts().factory.as_ref()
    }

    /// `required`: the component must be active in every validated state.
    pub fn is_required(&self) -> bool {
        self.parts().required
    }

    /// Whether `check = ..` was declared.
    pub fn has_check(&self) -> bool {
        self.parts().check.is_some()
    }

    /// Runs the `check` function on an instance. `None` when no check is declared or
    /// `instance` is not this component (nor an `Arc` or `Box` of it).
    pub fn run_check(&self, instance: &(dyn Any + Send + Sync)) -> Option<Result<(), String>> {
        self.parts().check.and_then(|check| check(instance))
    }

    /// `file:line` of the declaration.
    pub fn location(&self) -> String {
        format!("{}:{}", self.parts().file, self.parts().line)
    }
}

impl fmt::Debug for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contract")
            .field("name", &self.name())
            .field("type_name", &self.type_name())
            .field("location", &self.location())
            .field("risk", &self.risk())
            .field("business_value", &self.business_value())
            .field("required_methods", &self.required_methods())
            .field("traits", &self.traits())
            .field("dependencies", &self.dependencies())
            .field("consumers", &self.consumers())
            .field("migration", &self.migration())
            .field("factory", &self.factory())
            .field("required", &self.is_required())
            .field("check", &self.has_check())
            .finish()
    }
}

impl fmt::Display for Contract {
    /// `` `name` (path::Type, file.rs:12) ``
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` ({}, {}:{})",
            self.name(),
            self.type_name(),
            self.file(),
            self.line()
        )
    }
}

impl Serialize for Contract {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Contract", 15)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("type_name", self.type_name())?;
        s.serialize_field("module_path", self.module_path())?;
        s.serialize_field("file", self.file())?;
        s.serialize_field("line", &self.line())?;
        s.serialize_field("risk", &self.risk())?;
        s.serialize_field("business_value", &self.business_value())?;
        s.serialize_field("requires", self.required_methods())?;
        s.serialize_field("implements", self.traits())?;
        s.serialize_field("depends_on", self.dependencies())?;
        s.serialize_field("consumers", self.consumers())?;
        s.serialize_field("migration", &self.migration())?;
        s.serialize_field("factory", &self.factory())?;
        s.serialize_field("required", &self.is_required())?;
        s.serialize_field("check", &self.has_check())?;
        s.end()
    }
}

/// Implemented by `#[derive(MigrationContract)]`: the type's own contract.
///
/// ```
/// use contracts_core::MigrationContract;
///
/// #[derive(MigrationContract)]
/// #[contract(risk = "medium")]
/// struct ToolDispatcher;
///
/// assert_eq!(ToolDispatcher::contract().name(), "ToolDispatcher");
/// ```
pub trait MigrationContract: 'static {
    /// The descriptor; an associated constant rather than a function body, so that a
    /// derive generates no code to compile for it.
    #[doc(hidden)]
    const __CONTRACT: &'static Contract;

    /// The descriptor the derive registered for this type.
    fn contract() -> &'static Contract {
        Self::__CONTRACT
    }
}
