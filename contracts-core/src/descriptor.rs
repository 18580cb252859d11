//! The `'static` contract descriptor that every `#[derive(MigrationContract)]` builds at
//! compile time, and the small value types it is made of.
//!
//! Everything here is built from `&'static str`, `&'static [..]`, integers, booleans
//! and `fn` pointers, so a descriptor is a constant that `inventory` can collect
//! without running any code, and that is cheap for the compiler to evaluate.

use std::any::{Any, TypeId};
use std::fmt;

use serde::Serialize;

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

/// The identity behind a `TypeId::of` pointer and a synthetic tag (see
/// [`synthetic_tag`]): a tag other than zero is a synthetic number, answered without
/// calling the pointer, which the validation of large synthetic registries showed.
fn identity(type_id: fn() -> TypeId, tag: u64) -> ComponentId {
    if let Some(number) = tag.checked_sub(1) {
        return ComponentId::synthetic(number);
    }
    let type_id = type_id();
    if type_id == TypeId::of::<SyntheticMarker>() {
        // Tag zero with the marker: the one number whose tag wrapped around.
        ComponentId::synthetic(u64::MAX)
    } else {
        ComponentId::from(type_id)
    }
}

/// How a synthetic number is stored next to the marker's `TypeId::of`: plus one, so
/// that zero (what the derive writes) means "a real type". `u64::MAX` wraps to zero
/// and is recognised by the marker instead.
const fn synthetic_tag(number: u64) -> u64 {
    number.wrapping_add(1)
}

/// A type named in a contract (a dependency, a consumer, a replaced type, a factory),
/// with its rendered name and its identity.
///
/// The fields are public (and hidden) only so that the derive can write a descriptor
/// as a plain constant; read them through the methods.
#[derive(Clone, Copy)]
pub struct TypeRef {
    #[doc(hidden)]
    pub __name: &'static str,
    #[doc(hidden)]
    pub __type_id: fn() -> TypeId,
    /// Zero for a real type; a synthetic number plus one.
    #[doc(hidden)]
    pub __synthetic: u64,
}

impl TypeRef {
    pub(crate) const fn synthetic(name: &'static str, number: u64) -> Self {
        TypeRef {
            __name: name,
            __type_id: TypeId::of::<SyntheticMarker>,
            __synthetic: synthetic_tag(number),
        }
    }

    /// The type as written in the attribute, e.g. `WebSocketManager` or `dyn EventSink`.
    pub fn name(&self) -> &'static str {
        self.__name
    }

    /// The type's identity.
    pub fn id(&self) -> ComponentId {
        identity(self.__type_id, self.__synthetic)
    }

    /// The type's `TypeId`; `None` for a synthetic type.
    pub fn type_id(&self) -> Option<TypeId> {
        self.id().type_id()
    }
}

impl fmt::Debug for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.__name)
    }
}

impl Serialize for TypeRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.__name)
    }
}

/// A method the component's consumers rely on, from `requires(..)`.
#[derive(Clone, Copy)]
pub struct RequiredMethod {
    #[doc(hidden)]
    pub __name: &'static str,
    /// Empty for a bare name.
    #[doc(hidden)]
    pub __signature: &'static str,
    #[doc(hidden)]
    pub __is_async: bool,
}

impl RequiredMethod {
    pub(crate) const fn new(
        name: &'static str,
        signature: Option<&'static str>,
        is_async: bool,
    ) -> Self {
        let signature = match signature {
            Some(signature) => signature,
            None => "",
        };
        RequiredMethod {
            __name: name,
            __signature: signature,
            __is_async: is_async,
        }
    }

    /// The method's name.
    pub fn name(&self) -> &'static str {
        self.__name
    }

    /// The declared signature, rendered (`fn flush(&self) -> usize`); `None` for a bare
    /// name, which only requires that the method exists.
    pub fn signature(&self) -> Option<&'static str> {
        (!self.__signature.is_empty()).then_some(self.__signature)
    }

    /// Whether it was declared `async fn`.
    pub fn is_async(&self) -> bool {
        self.__is_async
    }
}

impl fmt::Debug for RequiredMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequiredMethod")
            .field("name", &self.name())
            .field("signature", &self.signature())
            .field("is_async", &self.is_async())
            .finish()
    }
}

impl Serialize for RequiredMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("RequiredMethod", 3)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("signature", &self.signature())?;
        s.serialize_field("is_async", &self.is_async())?;
        s.end()
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
#[derive(Clone, Copy)]
pub struct Dependency {
    #[doc(hidden)]
    pub __ty: TypeRef,
    #[doc(hidden)]
    pub __optional: bool,
    /// Declared on a field rather than in `depends_on(..)`.
    #[doc(hidden)]
    pub __field: bool,
}

impl Dependency {
    pub(crate) const fn new(ty: TypeRef, optional: bool, source: DependencySource) -> Self {
        Dependency {
            __ty: ty,
            __optional: optional,
            __field: matches!(source, DependencySource::Field),
        }
    }

    /// The type depended on.
    pub fn ty(&self) -> &TypeRef {
        &self.__ty
    }

    /// `optional(..)` or an `Option<..>` field: a missing provider is not a violation.
    pub fn is_optional(&self) -> bool {
        self.__optional
    }

    /// Where the dependency was declared.
    pub fn source(&self) -> DependencySource {
        if self.__field {
            DependencySource::Field
        } else {
            DependencySource::DependsOn
        }
    }
}

impl fmt::Debug for Dependency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dependency")
            .field("ty", self.ty())
            .field("optional", &self.is_optional())
            .field("source", &self.source())
            .finish()
    }
}

impl Serialize for Dependency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Dependency", 3)?;
        s.serialize_field("type", self.ty())?;
        s.serialize_field("optional", &self.is_optional())?;
        s.serialize_field("source", &self.source())?;
        s.end()
    }
}

/// A declared consumer, from `consumers(..)`, with the methods it calls when they were
/// listed (`Consumer = [m1, m2]`).
#[derive(Clone, Copy)]
pub struct Consumer {
    #[doc(hidden)]
    pub __ty: TypeRef,
    #[doc(hidden)]
    pub __methods: &'static [&'static str],
}

impl Consumer {
    pub(crate) const fn new(ty: TypeRef, methods: &'static [&'static str]) -> Self {
        Consumer {
            __ty: ty,
            __methods: methods,
        }
    }

    /// The consuming type.
    pub fn ty(&self) -> &TypeRef {
        &self.__ty
    }

    /// The methods this consumer calls; empty when unspecified.
    pub fn methods(&self) -> &'static [&'static str] {
        self.__methods
    }
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("ty", self.ty())
            .field("methods", &self.methods())
            .finish()
    }
}

impl Serialize for Consumer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Consumer", 2)?;
        s.serialize_field("type", self.ty())?;
        s.serialize_field("methods", self.methods())?;
        s.end()
    }
}

/// `replaces = Legacy, phase = ".."`: the migration this component is part of.
#[derive(Clone, Copy)]
pub struct Migration {
    #[doc(hidden)]
    pub __replaces: TypeRef,
    /// The index in [`Phase::ALL`].
    #[doc(hidden)]
    pub __phase: u8,
}

impl Migration {
    pub(crate) const fn new(replaces: TypeRef, phase: Phase) -> Self {
        Migration {
            __replaces: replaces,
            __phase: phase as u8,
        }
    }

    /// The legacy type this component replaces.
    pub fn replaces(&self) -> &TypeRef {
        &self.__replaces
    }

    /// Where the migration stands; `planned` when `phase` was not given.
    pub fn phase(&self) -> Phase {
        Phase::ALL
            .get(usize::from(self.__phase))
            .copied()
            .unwrap_or(Phase::Planned)
    }
}

impl fmt::Debug for Migration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Migration")
            .field("replaces", self.replaces())
            .field("phase", &self.phase())
            .finish()
    }
}

impl Serialize for Migration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Migration", 2)?;
        s.serialize_field("replaces", self.replaces())?;
        s.serialize_field("phase", &self.phase())?;
        s.end()
    }
}

/// The generated adapter behind `check = path`: `None` when the instance handed over is
/// not the component, otherwise the check's outcome with the error rendered.
#[doc(hidden)]
pub type CheckFn = fn(&(dyn Any + Send + Sync)) -> Option<Result<(), String>>;

/// Every field of a contract, as the derive writes it: a plain constant of strings,
/// slices, integers, booleans and `fn` pointers.
///
/// Why no `Option` or enum: constant-evaluating descriptors full of them (and of
/// `const fn` constructor calls) cost more compile time per derived type than all of
/// `#[derive(serde::Serialize)]`; this shape costs a fraction (see BENCHMARKS.md). An
/// optional value is a slice of zero or one element, an enum an index into its `ALL`.
#[doc(hidden)]
pub struct ContractParts {
    pub name: &'static str,
    pub type_name: &'static str,
    /// `TypeId::of::<Self>`, or the synthetic marker's for a built contract.
    pub type_id: fn() -> TypeId,
    /// Zero for a real type; a built contract's number plus one.
    pub synthetic: u64,
    pub module_path: &'static str,
    pub file: &'static str,
    pub line: u32,
    /// The index in [`Risk::ALL`].
    pub risk: u8,
    pub business_value: &'static [&'static str],
    pub requires: &'static [RequiredMethod],
    pub implements: &'static [&'static str],
    pub depends_on: &'static [Dependency],
    pub consumers: &'static [Consumer],
    pub migration: &'static [Migration],
    pub factory: &'static [TypeRef],
    pub required: bool,
    pub check: &'static [CheckFn],
}

/// The last segment of a type path: `a::b::Pool` -> `Pool`.
pub(crate) fn short_type_name(type_name: &str) -> &str {
    type_name.rsplit("::").next().unwrap_or(type_name)
}

/// The last path segment of a trait or type as written, without generic arguments or
/// further bounds: `payments::Port<T> + Send` gives `Port`.
pub(crate) fn bare_name(written: &str) -> &str {
    let written = written
        .split(['<', '+', '('])
        .next()
        .unwrap_or(written)
        .trim();
    written.rsplit("::").next().unwrap_or(written).trim()
}

/// A type name as `std::any::type_name` writes it, without module paths:
/// `std::sync::poison::mutex::Mutex<app::Cache>` becomes `Mutex<Cache>`.
pub(crate) fn without_paths(type_name: &str) -> String {
    let mut out = String::with_capacity(type_name.len());
    let mut segment = String::new();
    let mut chars = type_name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            segment.push(c);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            segment.clear(); // a module, not the type
        } else {
            out.push_str(&segment);
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(&segment);
    out
}

/// A port trait as written, for comparing a trait of `implements(..)` with the trait of
/// a `dyn ..` dependency: its first bound, without module paths or spaces, and without
/// its generic arguments unless `with_arguments`. `dyn pay::Store<crate::Order> + Send`
/// gives `Store<Order>`.
pub(crate) fn port_key(written: &str, with_arguments: bool) -> String {
    let first = written.split('+').next().unwrap_or(written);
    let mut key = without_paths(first);
    key.retain(|c| !c.is_whitespace());
    if !with_arguments {
        key.truncate(key.find(['<', '(']).unwrap_or(key.len()));
    }
    key
}

/// The traits of an `implements(..)` list that consumers may reach the component through
/// as a trait object: all but `Send`, `Clone` and the like (a trait of the user's own,
/// `db::Write`, stays one whatever its name).
pub(crate) fn port_traits<'a>(
    traits: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = &'a str> {
    traits.filter(|t| !bare_name(t).is_empty() && !t.starts_with("for<") && !standard_trait(t))
}

/// The roots a standard trait is written from: the standard crates and their modules
/// imported on their own (`fmt::Debug`, `io::Write`), and the crates whose traits say
/// what a type is (`serde::Serialize`).
const STANDARD_ROOTS: &[&str] = &[
    "alloc", "any", "borrow", "clone", "cmp", "convert", "core", "default", "error", "fmt",
    "future", "futures", "hash", "io", "iter", "marker", "ops", "panic", "serde", "std", "str",
];

/// Whether `written` (a bound, or a trait object's trait) is one of [`NOT_PORTS`] as the
/// standard library names it: unqualified (`Write`), or from a standard root
/// (`std::io::Write`, `io::Write`). A trait of the user's own is one whatever its name
/// (`cqrs::Write`).
pub(crate) fn standard_trait(written: &str) -> bool {
    let first_bound = written.split('+').next().unwrap_or(written).trim();
    let path = first_bound.split('<').next().unwrap_or(first_bound).trim();
    let path = path.trim_start_matches("::");
    let standard_path = match path.split_once("::") {
        None => true,
        Some((root, _)) => STANDARD_ROOTS.contains(&root.trim()),
    };
    standard_path && NOT_PORTS.contains(&bare_name(written))
}

/// Whether `written` is a trait object of one of the [`port_traits`] of `traits`; see
/// [`Contract::is_port`].
pub(crate) fn is_port_of<'a>(traits: impl Iterator<Item = &'a str>, written: &str) -> bool {
    // `dyn std::io::Write` (or `dyn Write`) is the standard trait, never a port, even
    // beside a user's own `cqrs::Write`.
    written.strip_prefix("dyn ").is_some_and(|object| {
        if standard_trait(object) {
            return false;
        }
        let object_generic = port_key(object, true).contains('<');
        port_traits(traits).any(|t| {
            let with_arguments = object_generic && port_key(t, true).contains('<');
            port_key(t, with_arguments) == port_key(object, with_arguments)
        })
    })
}

/// Traits that say what a type is, not a port its consumers reach it through.
const NOT_PORTS: &[&str] = &[
    "Any",
    "AsMut",
    "AsRef",
    "Borrow",
    "BorrowMut",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deref",
    "DerefMut",
    "Deserialize",
    "Display",
    "Drop",
    "Eq",
    "Error",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromStr",
    "Future",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Read",
    "RefUnwindSafe",
    "Seek",
    "Send",
    "Serialize",
    "Sized",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "UnwindSafe",
    "Write",
];

/// The identity of synthetic types, and what [`Contract::type_id`] answers for a
/// synthetic contract.
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
    /// Public (and hidden) only so that the derive can write the descriptor as a plain
    /// constant; read it through the accessors.
    #[doc(hidden)]
    pub __parts: ContractParts,
}

impl Contract {
    /// `name = ".."`, or the type's own name.
    pub fn name(&self) -> &'static str {
        self.__parts.name
    }

    /// The type's path: its module's path and its name, e.g.
    /// `my_service::bridge::AgentWebSocketBridge`. A type declared inside a function is
    /// named after the function's module (`my_service::Local`), where
    /// `std::any::type_name` would add the function.
    pub fn type_name(&self) -> &'static str {
        self.__parts.type_name
    }

    /// The component's `TypeId`. A synthetic contract (built with
    /// [`ContractBuilder`](crate::ContractBuilder)) has no type of its own and answers
    /// the `TypeId` of a private marker type; use [`id`](Self::id) to tell contracts apart.
    pub fn type_id(&self) -> TypeId {
        (self.__parts.type_id)()
    }

    /// The component's identity: its `TypeId`, or its synthetic number.
    pub fn id(&self) -> ComponentId {
        identity(self.__parts.type_id, self.__parts.synthetic)
    }

    /// The type's own name, without its module path: how attributes write it
    /// (`AgentWebSocketBridge` for `my_service::bridge::AgentWebSocketBridge`).
    pub fn short_type_name(&self) -> &'static str {
        short_type_name(self.__parts.type_name)
    }

    /// The module the type is declared in.
    pub fn module_path(&self) -> &'static str {
        self.__parts.module_path
    }

    /// The source file of the declaration.
    pub fn file(&self) -> &'static str {
        self.__parts.file
    }

    /// The line of the type's name in [`file`](Self::file).
    pub fn line(&self) -> u32 {
        self.__parts.line
    }

    /// `risk = ".."`; `Low` by default.
    pub fn risk(&self) -> Risk {
        Risk::ALL
            .get(usize::from(self.__parts.risk))
            .copied()
            .unwrap_or(Risk::Low)
    }

    /// `business_value = ".."`.
    pub fn business_value(&self) -> Option<&'static str> {
        self.__parts.business_value.first().copied()
    }

    /// `requires(..)`, in declaration order.
    #[doc(alias = "requires")]
    pub fn required_methods(&self) -> &'static [RequiredMethod] {
        self.__parts.requires
    }

    /// `implements(..)`: the traits, as written.
    #[doc(alias = "implements")]
    pub fn traits(&self) -> &'static [&'static str] {
        self.__parts.implements
    }

    /// The traits of `implements(..)` that consumers may reach the component through as
    /// a trait object (`Arc<dyn PaymentPort>`): all but `Send`, `Clone` and the like,
    /// as written.
    pub(crate) fn port_traits(&self) -> impl Iterator<Item = &'static str> {
        port_traits(self.traits().iter().copied())
    }

    /// Whether `written`, a type as a contract names it, is a trait object of one of
    /// [`port_traits`](Self::port_traits): `dyn PaymentPort`, `dyn pay::PaymentPort + Send`.
    ///
    /// Generic arguments count when both sides write them (`dyn Store<User>` is not a
    /// port of `implements(Store<Order>)`); module paths do not (`dyn pay::Port` is
    /// `Port`), since the two may be written from different modules.
    pub(crate) fn is_port(&self, written: &str) -> bool {
        is_port_of(self.traits().iter().copied(), written)
    }

    /// `depends_on(..)` followed by the `#[contract(dependency)]` fields (a field that
    /// repeats a `depends_on` type is recorded once).
    #[doc(alias = "depends_on")]
    pub fn dependencies(&self) -> &'static [Dependency] {
        self.__parts.depends_on
    }

    /// `consumers(..)`, in declaration order.
    pub fn consumers(&self) -> &'static [Consumer] {
        self.__parts.consumers
    }

    /// `replaces = .., phase = ".."`.
    pub fn migration(&self) -> Option<&Migration> {
        self.__parts.migration.first()
    }

    /// The replaced legacy type, when this contract is part of a migration.
    pub fn replaces(&self) -> Option<&TypeRef> {
        self.migration().map(Migration::replaces)
    }

    /// The migration's phase, when this contract is part of a migration.
    pub fn phase(&self) -> Option<Phase> {
        self.migration().map(Migration::phase)
    }

    /// `factory = ..`: instances are made per request by this type.
    pub fn factory(&self) -> Option<&TypeRef> {
        self.__parts.factory.first()
    }

    /// `required`: the component must be active in every validated state.
    pub fn is_required(&self) -> bool {
        self.__parts.required
    }

    /// Whether `check = ..` was declared.
    pub fn has_check(&self) -> bool {
        !self.__parts.check.is_empty()
    }

    /// Runs the `check` function on an instance. `None` when no check is declared or
    /// `instance` is not this component (nor an `Arc` or `Box` of it).
    pub fn run_check(&self, instance: &(dyn Any + Send + Sync)) -> Option<Result<(), String>> {
        self.__parts.check.first().and_then(|check| check(instance))
    }

    /// `file:line` of the declaration.
    pub fn location(&self) -> String {
        format!("{}:{}", self.__parts.file, self.__parts.line)
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
#[diagnostic::on_unimplemented(
    message = "`{Self}` declares a contract but does not derive `MigrationContract`",
    label = "a contract key, which only `#[derive(MigrationContract)]` reads",
    note = "`#[derive(ComponentSource)]` reads only `crate` from the type's `#[contract(..)]`, and only `skip` and `flatten` on a field: add `MigrationContract` to the derive list, or remove the contract keys"
)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_identities_survive_the_tag_for_every_number() {
        for number in [0, 1, 41, u64::MAX - 1, u64::MAX] {
            let type_ref = TypeRef::synthetic("Legacy", number);
            assert_eq!(type_ref.id(), ComponentId::synthetic(number), "{number}");
            assert_eq!(type_ref.type_id(), None, "{number}");
        }
        struct Real;
        let real = TypeRef {
            __name: "Real",
            __type_id: TypeId::of::<Real>,
            __synthetic: 0,
        };
        assert_eq!(real.id(), ComponentId::of::<Real>());
    }

    #[test]
    fn a_port_is_a_trait_of_implements_reached_as_a_trait_object() {
        let adapter = crate::synthetic::ContractBuilder::new(1, "adapter")
            .implements("Send")
            .implements("std::io::Write")
            .implements("std::panic::UnwindSafe")
            .implements("payments::PaymentPort")
            .implements("store::Store<crate::orders::Order>")
            .implements("::core::fmt::Debug")
            .implements("fmt::Display")
            .implements("io::Write")
            .implements("cqrs::Read")
            .build();
        let ports: Vec<_> = adapter.port_traits().collect();
        assert_eq!(
            ports,
            [
                "payments::PaymentPort",
                "store::Store<crate::orders::Order>",
                "cqrs::Read"
            ]
        );
        for port in [
            "dyn PaymentPort",
            "dyn payments::PaymentPort + Send + Sync",
            "dyn Store<Order>",
            "dyn store::Store < orders::Order > + Send",
            // The user's own trait named like a standard one.
            "dyn cqrs::Read",
            // Written without arguments, as a trait with defaults may be: its name decides.
            "dyn Store",
        ] {
            assert!(adapter.is_port(port), "{port}");
        }
        for not_port in [
            "PaymentPort",
            "dyn Store<User>",
            "dyn Write",
            "dyn UnwindSafe",
            "dyn Send",
            "dyn PaymentPortV2",
            // The standard trait, not the user's own of that name.
            "dyn std::io::Read",
            "dyn Read + Send",
            "dyn fmt::Display",
        ] {
            assert!(!adapter.is_port(not_port), "{not_port}");
        }
    }
}
