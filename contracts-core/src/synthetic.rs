//! Contracts built at run time rather than by the derive: for tests that need a graph
//! the registry does not hold, for tools that load contracts from elsewhere, and for
//! benchmarks with thousands of components.

use crate::descriptor::{
    ComponentId, Consumer, Contract, ContractParts, Dependency, DependencySource, Migration, Phase,
    RequiredMethod, Risk, TypeRef,
};

/// Builds a synthetic [`Contract`], identified by a number instead of a Rust type.
///
/// The finished contract is leaked to get the `'static` lifetime every descriptor has:
/// build them once per process (a test, a tool run, a benchmark setup), not per request.
///
/// ```
/// use contracts_core::{ContractBuilder, Phase, Risk, Validator};
///
/// let pool = ContractBuilder::new(1, "pool").risk(Risk::High).build();
/// let repo = ContractBuilder::new(2, "repository").depends_on(1, "pool").build();
/// let new_repo = ContractBuilder::new(3, "repository-v2")
///     .depends_on(1, "pool")
///     .replaces(2, "repository", Phase::Complete)
///     .build();
///
/// let report = Validator::new().validate_contracts(&[pool, repo, new_repo], None);
/// assert_eq!(report.checked(), 3);
/// assert!(report.is_ok()); // nothing depends on the replaced repository
/// assert_eq!(report.warnings()[0].code(), "legacy-not-removed");
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build()`"]
pub struct ContractBuilder {
    id: u64,
    name: String,
    type_name: String,
    file: String,
    line: u32,
    risk: Risk,
    business_value: Option<String>,
    requires: Vec<(String, Option<String>, bool)>,
    implements: Vec<String>,
    depends_on: Vec<(u64, String, bool)>,
    consumers: Vec<(u64, String, Vec<String>)>,
    migration: Option<(u64, String, Phase)>,
    factory: Option<(u64, String)>,
    required: bool,
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

impl ContractBuilder {
    /// A contract named `name` for the synthetic component number `id`
    /// ([`ComponentId::synthetic`]); its type name is `name` too.
    pub fn new(id: u64, name: impl Into<String>) -> Self {
        let name = name.into();
        ContractBuilder {
            id,
            type_name: name.clone(),
            name,
            file: "<synthetic>".to_owned(),
            line: 0,
            risk: Risk::Low,
            business_value: None,
            requires: Vec::new(),
            implements: Vec::new(),
            depends_on: Vec::new(),
            consumers: Vec::new(),
            migration: None,
            factory: None,
            required: false,
        }
    }

    /// The component's identity, as other contracts name it.
    pub fn id(&self) -> ComponentId {
        ComponentId::synthetic(self.id)
    }

    /// The type name shown in reports; defaults to the contract's name.
    pub fn type_name(mut self, type_name: impl Into<String>) -> Self {
        self.type_name = type_name.into();
        self
    }

    /// Where the contract is declared; defaults to `<synthetic>:0`.
    pub fn location(mut self, file: impl Into<String>, line: u32) -> Self {
        self.file = file.into();
        self.line = line;
        self
    }

    /// `risk = ..`.
    pub fn risk(mut self, risk: Risk) -> Self {
        self.risk = risk;
        self
    }

    /// `business_value = ..`.
    pub fn business_value(mut self, value: impl Into<String>) -> Self {
        self.business_value = Some(value.into());
        self
    }

    /// A required method: its name and, unless it is a bare name, its rendered
    /// signature (`fn name(..) -> T` or `async fn name(..)`, declaring that name, as
    /// [`try_build`](Self::try_build) checks and a loaded snapshot must).
    /// `is_async` when the signature starts with `async`.
    pub fn requires(mut self, name: impl Into<String>, signature: Option<&str>) -> Self {
        let is_async = signature.is_some_and(crate::snapshot::signature::is_async);
        self.requires
            .push((name.into(), signature.map(str::to_owned), is_async));
        self
    }

    /// A trait in `implements(..)`.
    pub fn implements(mut self, trait_name: impl Into<String>) -> Self {
        self.implements.push(trait_name.into());
        self
    }

    /// `depends_on(..)` the synthetic component `id`, shown as `type_name`.
    pub fn depends_on(mut self, id: u64, type_name: impl Into<String>) -> Self {
        self.depends_on.push((id, type_name.into(), false));
        self
    }

    /// `depends_on(optional(..))` the synthetic component `id`.
    pub fn depends_on_optional(mut self, id: u64, type_name: impl Into<String>) -> Self {
        self.depends_on.push((id, type_name.into(), true));
        self
    }

    /// `consumers(..)`: the synthetic component `id` consumes this one, calling `methods`
    /// (empty: unspecified).
    pub fn consumer(mut self, id: u64, type_name: impl Into<String>, methods: &[&str]) -> Self {
        self.consumers.push((
            id,
            type_name.into(),
            methods.iter().map(|m| (*m).to_owned()).collect(),
        ));
        self
    }

    /// `replaces = .., phase = ..`.
    pub fn replaces(mut self, id: u64, type_name: impl Into<String>, phase: Phase) -> Self {
        self.migration = Some((id, type_name.into(), phase));
        self
    }

    /// `factory = ..`.
    pub fn factory(mut self, id: u64, type_name: impl Into<String>) -> Self {
        self.factory = Some((id, type_name.into()));
        self
    }

    /// `required`.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The finished contract, after the checks the derive makes at compile time: a
    /// name that reports can show (not empty, one line, no backtick, no surrounding
    /// whitespace), a one-line business value, no component that depends on, consumes,
    /// replaces or makes itself, no method, dependency or consumer listed twice, and
    /// no method signature that declares another method. Every problem is reported.
    ///
    /// ```
    /// use contracts_core::ContractBuilder;
    ///
    /// let error = ContractBuilder::new(7, " pool")
    ///     .depends_on(7, "Pool")
    ///     .try_build()
    ///     .unwrap_err();
    /// assert_eq!(error.problems().len(), 2);
    /// assert!(error.to_string().starts_with("contract ` pool` (synthetic 7) is invalid: "));
    /// ```
    pub fn try_build(self) -> Result<&'static Contract, BuildError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(self.build())
        } else {
            Err(BuildError {
                contract: self.name,
                id: self.id,
                problems,
            })
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let name = &self.name;
        if name.trim().is_empty() {
            problems.push("the name is empty".to_owned());
        } else if name.chars().any(|c| c.is_control() || c == '`') {
            problems.push(
                "the name must be one line without backticks or control characters".to_owned(),
            );
        } else if name.trim() != name {
            problems.push("the name must not start or end with whitespace".to_owned());
        } else if let Some(c) = name.chars().find(|&c| is_invisible(c)) {
            problems.push(format!(
                "the name must not contain invisible or text-direction characters (found U+{:04X})",
                u32::from(c)
            ));
        }
        // A snapshot refuses it, so that such a contract could not be loaded back (said
        // once when the type name is the empty name's default).
        if self.type_name.trim().is_empty() && self.type_name != self.name {
            problems.push("the type name is empty".to_owned());
        }
        if let Some(value) = self.business_value.as_deref() {
            if value.trim().is_empty() {
                // As the derive: an empty business value says nothing a report could show.
                problems.push("the business value is empty".to_owned());
            } else if value.chars().any(char::is_control) {
                problems.push(
                    "the business value must be one line without control characters".to_owned(),
                );
            } else if let Some(c) = value.chars().find(|&c| reorders_or_breaks(c)) {
                problems.push(format!(
                    "the business value must not contain text-direction characters or line separators (found U+{:04X})",
                    u32::from(c)
                ));
            }
        }
        let own = self.id;
        if self.depends_on.iter().any(|(id, _, _)| *id == own) {
            problems.push("it depends on itself".to_owned());
        }
        if self.consumers.iter().any(|(id, _, _)| *id == own) {
            problems.push("it lists itself as a consumer".to_owned());
        }
        if self.migration.as_ref().is_some_and(|(id, _, _)| *id == own) {
            problems.push("it replaces itself".to_owned());
        }
        if self.factory.as_ref().is_some_and(|(id, _)| *id == own) {
            problems.push("it is its own factory".to_owned());
        }
        // Listed twice: a method by name, a dependency or consumer by its identity.
        let mut methods = std::collections::BTreeSet::new();
        for (method, signature, _) in &self.requires {
            if !methods.insert(method) {
                problems.push(format!("method `{method}` is listed twice"));
            }
            // A snapshot refuses it, so that one of these could not be loaded back.
            if let Some(signature) = signature {
                if let Some(problem) =
                    crate::snapshot::signature::signature_problem(method, signature)
                {
                    problems.push(format!(
                        "method `{method}` has the signature `{signature}`, {problem}"
                    ));
                }
            }
        }
        let mut dependencies = std::collections::BTreeSet::new();
        for (id, written, _) in &self.depends_on {
            if !dependencies.insert(id) {
                problems.push(format!("dependency `{written}` (#{id}) is listed twice"));
            }
        }
        let mut consumers = std::collections::BTreeSet::new();
        for (id, written, _) in &self.consumers {
            if !consumers.insert(id) {
                problems.push(format!("consumer `{written}` (#{id}) is listed twice"));
            }
        }
        problems
    }

    /// The finished `'static` contract (leaked; see the type's documentation), as
    /// given: [`try_build`](Self::try_build) checks it first.
    pub fn build(self) -> &'static Contract {
        let type_ref = |id: u64, name: String| TypeRef::synthetic(leak(name), id);
        let requires = self
            .requires
            .into_iter()
            .map(|(name, signature, is_async)| {
                RequiredMethod::new(leak(name), signature.map(leak), is_async)
            })
            .collect();
        let depends_on = self
            .depends_on
            .into_iter()
            .map(|(id, name, optional)| {
                Dependency::new(type_ref(id, name), optional, DependencySource::DependsOn)
            })
            .collect();
        let consumers = self
            .consumers
            .into_iter()
            .map(|(id, name, methods)| {
                let methods = leak_slice(methods.into_iter().map(leak).collect());
                Consumer::new(type_ref(id, name), methods)
            })
            .collect();
        // The contract's own identity is stored as a type's is: marker plus tag.
        let identity = TypeRef::synthetic("", self.id);
        let parts = ContractParts {
            name: leak(self.name),
            type_name: leak(self.type_name),
            type_id: identity.__type_id,
            synthetic: identity.__synthetic,
            module_path: "<synthetic>",
            file: leak(self.file),
            line: self.line,
            risk: self.risk as u8,
            business_value: leak_slice(self.business_value.map(leak).into_iter().collect()),
            requires: leak_slice(requires),
            implements: leak_slice(self.implements.into_iter().map(leak).collect()),
            depends_on: leak_slice(depends_on),
            consumers: leak_slice(consumers),
            migration: leak_slice(
                self.migration
                    .map(|(id, name, phase)| Migration::new(type_ref(id, name), phase))
                    .into_iter()
                    .collect(),
            ),
            factory: leak_slice(
                self.factory
                    .map(|(id, name)| type_ref(id, name))
                    .into_iter()
                    .collect(),
            ),
            required: self.required,
            check: &[],
        };
        Box::leak(Box::new(Contract { __parts: parts }))
    }
}

/// What [`ContractBuilder::try_build`] refused: every problem of one contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    contract: String,
    id: u64,
    problems: Vec<String>,
}

impl BuildError {
    /// Each problem, in words.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "contract `{}` (synthetic {}) is invalid: {}",
            self.contract,
            self.id,
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for BuildError {}

/// Characters that show as nothing, break the line, or reorder the text around them
/// (zero-width spaces and joiners, the soft hyphen, the combining grapheme joiner,
/// fillers, variation selectors, tags, the line and paragraph separators,
/// bidirectional embeddings, overrides, isolates and marks, the BOM): the derive
/// refuses them in names for the same reason.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Characters that reorder the text around them or break its line (bidirectional
/// embeddings, overrides, isolates and marks; the line and paragraph separators): what
/// free text such as a business value must not hold. Emoji, joiners and variation
/// selectors are text there.
pub(crate) fn reorders_or_breaks(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}
