//! Writes a contract in the compact form `contracts_core` decodes on first access: one
//! string of tagged items and the list of types it names, in order. The format is
//! documented, and read, in `contracts-core/src/encoding.rs`; the two crates are
//! released together.
//!
//! The compact form is what keeps the derive cheap to compile: a descriptor written as
//! nested constants cost more constant evaluation and type checking than all of
//! `#[derive(serde::Serialize)]` (see BENCHMARKS.md).

use syn::Type;

use crate::ast::Input;
use crate::attr::Spanned as Valued;
use crate::render::render;
use crate::sig::Required;

/// The encoded string and the types it names (the component's own type comes first
/// and is not listed here).
pub struct Encoded<'a> {
    pub spec: String,
    pub types: Vec<&'a Type>,
}

pub fn encode<'a>(input: &'a Input<'a>) -> Encoded<'a> {
    let attrs = &input.attrs;
    let mut out = Writer {
        spec: String::new(),
        types: Vec::new(),
    };
    if let Some(name) = attrs.name.get() {
        out.item('n', &[&name.value()]);
    }
    if let Some(risk) = attrs.risk.get() {
        out.item('r', &[&index(risk, RISKS)]);
    }
    if let Some(value) = attrs.business_value.get() {
        out.item('v', &[&value.value()]);
    }
    for required in attrs.requires.get().into_iter().flatten() {
        match required {
            Required::Signature(sig) => {
                let tag = if sig.asyncness.is_some() { 'a' } else { 's' };
                out.item(tag, &[&sig.ident.to_string(), &sig.rendered]);
            }
            Required::Bare(method) => out.item('b', &[&method.to_string()]),
        }
    }
    for path in attrs.implements.get().into_iter().flatten() {
        out.item('t', &[&render(path)]);
    }
    for dependency in attrs.depends_on.get().into_iter().flatten() {
        let tag = if dependency.optional { 'o' } else { 'd' };
        out.type_item(tag, &[], &dependency.ty);
    }
    for field in &input.field_dependencies {
        let tag = if field.optional { 'g' } else { 'f' };
        out.type_item(tag, &[], field.ty);
    }
    for consumer in attrs.consumers.get().into_iter().flatten() {
        out.type_item('c', &[], &consumer.ty);
        for method in consumer.methods.iter().flatten() {
            out.item('e', &[&method.to_string()]);
        }
    }
    if let Some(replaced) = attrs.replaces.get() {
        let phase = attrs
            .phase
            .get()
            .map_or_else(|| "0".to_owned(), |phase| index(phase, PHASES));
        out.type_item('p', &[&phase], replaced);
    }
    if let Some(factory) = attrs.factory.get() {
        out.type_item('y', &[], factory);
    }
    if attrs.required.get().is_some() {
        out.item('q', &[]);
    }
    // The header goes first: the runtime sizes its lists from it (see `counts` in
    // `encoding.rs`).
    let requires = attrs.requires.get().map_or(0, Vec::len);
    let implements = attrs.implements.get().map_or(0, Vec::len);
    let dependencies = attrs.depends_on.get().map_or(0, Vec::len) + input.field_dependencies.len();
    let consumers = attrs.consumers.get().map_or(0, Vec::len);
    let methods: usize = attrs
        .consumers
        .get()
        .into_iter()
        .flatten()
        .map(|consumer| consumer.methods.as_ref().map_or(0, Vec::len))
        .sum();
    let mut header = Writer {
        spec: String::new(),
        types: Vec::new(),
    };
    let counts = [requires, implements, dependencies, consumers, methods].map(|n| n.to_string());
    header.item('h', &counts.each_ref().map(String::as_str));
    Encoded {
        spec: header.spec + &out.spec,
        types: out.types,
    }
}

/// In the order of `Risk::ALL` and `Phase::ALL`; `attr` accepted only these values.
const RISKS: &[&str] = &["low", "medium", "high", "critical"];
const PHASES: &[&str] = &["planned", "parallel", "migrating", "complete"];

fn index(value: &Valued<&'static str>, values: &[&str]) -> String {
    values
        .iter()
        .position(|v| *v == value.value)
        .unwrap_or(0)
        .to_string()
}

struct Writer<'a> {
    spec: String,
    types: Vec<&'a Type>,
}

impl<'a> Writer<'a> {
    fn item(&mut self, tag: char, strings: &[&str]) {
        self.spec.push(tag);
        for string in strings {
            self.spec.push_str(&string.len().to_string());
            self.spec.push(':');
            self.spec.push_str(string);
        }
    }

    /// An item that names a type: its strings, then the type as written; the type's
    /// identity goes to the list, in the same order.
    fn type_item(&mut self, tag: char, strings: &[&str], ty: &'a Type) {
        let name = render(ty);
        let mut all = strings.to_vec();
        all.push(&name);
        self.item(tag, &all);
        self.types.push(ty);
    }
}
