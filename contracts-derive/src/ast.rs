//! A small model of the derive input, borrowing the original syntax for spans.

use proc_macro2::Delimiter;
use syn::parse::ParseStream;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, Path, PathArguments, Type, TypePath};

use crate::attr::{self, ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::render::type_name_of;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: &'a Ident,
    pub attrs: ContainerAttrs,
    /// Fields marked `#[contract(dependency)]`, in any struct or variant.
    pub field_dependencies: Vec<FieldDependency<'a>>,
    /// For an enum, how many variants it has.
    pub variants: Option<usize>,
    /// The first field key of `ComponentSource` (`skip`, `flatten`), which only that
    /// derive reads.
    pub state_key: Option<proc_macro2::Span>,
    /// The names of [`all_dependencies`](Self::all_dependencies), in its order: rendered
    /// once, since the rules and the descriptor all need them.
    dependency_names: Vec<String>,
}

/// A dependency as the descriptor records it.
#[derive(Clone, Copy)]
pub struct Dependency<'a> {
    pub ty: &'a Type,
    pub optional: bool,
    /// Declared by a `#[contract(dependency)]` field rather than in `depends_on(..)`.
    pub field: bool,
    /// For a field of an enum, its variant's index: variants exclude each other.
    pub variant: Option<usize>,
}

pub struct FieldDependency<'a> {
    /// The field's type with `Option`, `Arc`, `Rc`, `Box` and `&` peeled off.
    pub ty: &'a Type,
    pub optional: bool,
    /// The enum variant it is in (`None` in a struct).
    pub variant: Option<usize>,
}

impl<'a> Input<'a> {
    /// Every dependency, `depends_on(..)` first, then the fields, each with the name the
    /// descriptor gives it. Contradictions are for `valid` to report.
    pub fn all_dependencies(&self) -> Vec<(&str, Dependency<'_>)> {
        let names = self.dependency_names.iter().map(String::as_str);
        names.zip(self.unnamed_dependencies()).collect()
    }

    fn unnamed_dependencies(&self) -> impl Iterator<Item = Dependency<'_>> {
        let declared = self.attrs.depends_on.get().into_iter().flatten();
        let declared = declared.map(|dependency| Dependency {
            ty: &dependency.ty,
            optional: dependency.optional,
            field: false,
            variant: None,
        });
        let fields = self.field_dependencies.iter().map(|field| Dependency {
            ty: field.ty,
            optional: field.optional,
            field: true,
            variant: field.variant,
        });
        declared.chain(fields)
    }

    /// The dependencies the descriptor records: [`all_dependencies`](Self::all_dependencies)
    /// without a field that repeats a type already named (DESIGN.md's own example declares
    /// `ws: Arc<WebSocketManager>` and `depends_on(WebSocketManager)`).
    ///
    /// In an enum, a type that only dependency fields name is required only when every
    /// variant holds it (not as an `Option`): the live value is one variant, and a
    /// `Memory` variant does not need the client of a `Redis` one. `depends_on(..)`
    /// states the requirement for every variant.
    pub fn dependencies(&self) -> Vec<(&str, Dependency<'_>)> {
        let mut named: Vec<&str> = Vec::new();
        let mut recorded: Vec<Dependency<'_>> = Vec::new();
        // Per recorded dependency, the variants whose field requires it.
        let mut required_in: Vec<Vec<usize>> = Vec::new();
        for (name, dependency) in self.all_dependencies() {
            // `depends_on` duplicates are errors already; fields repeating a type are not.
            let repeated = if dependency.field {
                named.iter().position(|seen| *seen == name)
            } else {
                None
            };
            let at = match repeated {
                Some(at) => {
                    recorded[at].optional &= dependency.optional;
                    at
                }
                None => {
                    named.push(name);
                    recorded.push(dependency);
                    required_in.push(Vec::new());
                    recorded.len() - 1
                }
            };
            if let (Some(variant), false) = (dependency.variant, dependency.optional) {
                required_in[at].push(variant);
            }
        }
        if let Some(variants) = self.variants {
            for (dependency, required_in) in recorded.iter_mut().zip(&mut required_in) {
                // Recorded from a field: no `depends_on(..)` names the type.
                if dependency.field {
                    required_in.sort_unstable();
                    required_in.dedup();
                    dependency.optional = required_in.len() < variants;
                }
            }
        }
        named.into_iter().zip(recorded).collect()
    }

    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let attrs = ContainerAttrs::parse(cx, &input.attrs);
        let mut field_dependencies = Vec::new();
        let mut state_key = None;
        let mut visit = |fields: &'a Fields, variant: Option<usize>| {
            for field in fields {
                let field_attrs = FieldAttrs::parse(cx, &field.attrs);
                let key = field_attrs.skip.or(field_attrs.flatten);
                match (key, variant) {
                    // No state is an enum: nothing could ever read the key.
                    (Some(key), Some(_)) => cx.syn_error(syn::Error::new(
                        key,
                        "`skip` and `flatten` are keys of `#[derive(ComponentSource)]`, which derives only for structs: remove it from this enum's field",
                    )),
                    (Some(_), None) => state_key = state_key.or(key),
                    (None, _) => {}
                }
                if field_attrs.dependency.is_some() {
                    let (ty, optional) = peel(&field.ty);
                    field_dependencies.push(FieldDependency {
                        ty,
                        optional,
                        variant,
                    });
                }
            }
        };
        match &input.data {
            Data::Struct(data) => visit(&data.fields, None),
            Data::Enum(data) => {
                for (index, variant) in data.variants.iter().enumerate() {
                    attr::reject(cx, &variant.attrs, "enum variants");
                    visit(&variant.fields, Some(index));
                }
            }
            // Rejected in `valid`; there is nothing to read.
            Data::Union(_) => {}
        }
        let variants = match &input.data {
            Data::Enum(data) => Some(data.variants.len()),
            _ => None,
        };
        let mut input = Input {
            original: input,
            ident: &input.ident,
            attrs,
            field_dependencies,
            variants,
            state_key,
            dependency_names: Vec::new(),
        };
        input.dependency_names = input
            .unnamed_dependencies()
            .map(|dependency| type_name_of(dependency.ty, input.ident))
            .collect();
        input
    }
}

/// The last segment of a path that may name a standard type: a lone name (`Option<T>`,
/// as the prelude or a `use` brings it) or a path from `std`, `core` or `alloc`. A
/// user's `wrappers::Option<T>` is another type, and is left alone.
pub fn std_name(path: &syn::Path) -> Option<&syn::PathSegment> {
    let first = path.segments.first()?;
    let from_std = ["std", "core", "alloc"]
        .iter()
        .any(|krate| first.ident == krate);
    if path.segments.len() == 1 || from_std {
        path.segments.last()
    } else {
        None
    }
}

/// `Wrapper<T>` -> (`Wrapper`, `T`) for a standard type with one type argument, written
/// alone or from `std`/`core`/`alloc` (see [`std_name`]): the shape of `Option<T>`,
/// `Arc<T>`, `Rc<T>` and `Box<T>`, which both derives look through.
pub fn std_wrapper(ty: &Type) -> Option<(&Ident, &Type)> {
    let Type::Path(path) = ungrouped(ty) else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let last = std_name(&path.path)?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|arg| match arg {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    });
    match (types.next(), types.next()) {
        (Some(inner), None) => Some((&last.ident, inner)),
        _ => None,
    }
}

/// A type, as `Type::parse` reads it. A lone name followed by `,`, `=` or the end
/// (`Pool`, `u32`: most types in an attribute) is read directly: syn's parser tries
/// each kind of type in turn, asking the compiler for the name's text at every keyword
/// it peeks for. An invisible group (a `$t:ty` of a `macro_rules!`) is left to syn,
/// which keeps it as `Type::Group`.
pub fn parse_type(input: ParseStream) -> syn::Result<Type> {
    let cursor = input.cursor();
    let lone = cursor.group(Delimiter::None).is_none()
        && cursor.ident().is_some_and(|(_, rest)| {
            rest.eof()
                || rest
                    .punct()
                    .is_some_and(|(p, _)| matches!(p.as_char(), ',' | '='))
        });
    // `peek(Ident)` refuses keywords (`dyn`, `impl`, `Self`), which syn reads otherwise.
    if lone && input.peek(Ident) {
        let ident = input.step(|cursor| {
            cursor
                .ident()
                .ok_or_else(|| cursor.error("expected a type"))
        })?;
        return Ok(Type::Path(TypePath {
            attrs: Vec::new(),
            qself: None,
            path: Path::from(ident),
        }));
    }
    input.parse()
}

/// The type inside any parentheses and invisible groups: a `$t:ty` of a
/// `macro_rules!` reaches a derive wrapped in an invisible group, which `Arc<Pool>`
/// written out is not.
pub fn ungrouped(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Paren(paren) => ty = &paren.elem,
            Type::Group(group) => ty = &group.elem,
            _ => return ty,
        }
    }
}

/// `Option<Arc<T>>` -> (`T`, optional): the component a field holds, and whether it
/// may be absent.
fn peel(ty: &Type) -> (&Type, bool) {
    let (layers, inner) = wrapper_layers(ty, false);
    (inner, layers.contains(&"Option"))
}

/// The references (`&`), standard wrappers (`Option`, `Arc`, `Rc`, `Box`) and, with
/// `raw_pointers`, raw pointers (`*`) around a type, outermost first, and the type
/// inside them all. A dependency field is peeled of them (without raw pointers, which
/// no field of a state is read through); `depends_on(..)` refuses them all.
pub fn wrapper_layers(mut ty: &Type, raw_pointers: bool) -> (Vec<&'static str>, &Type) {
    let mut layers = Vec::new();
    loop {
        match ungrouped(ty) {
            Type::Reference(reference) => {
                layers.push("&");
                ty = &reference.elem;
            }
            Type::Ptr(pointer) if raw_pointers => {
                layers.push("*");
                ty = &pointer.elem;
            }
            unwrapped => {
                let wrapper = std_wrapper(unwrapped).and_then(|(wrapper, inner)| {
                    let name = ["Option", "Arc", "Rc", "Box"]
                        .into_iter()
                        .find(|name| wrapper == name)?;
                    Some((name, inner))
                });
                match wrapper {
                    Some((name, inner)) => {
                        layers.push(name);
                        ty = inner;
                    }
                    None => return (layers, unwrapped),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use syn::parse::Parser;

    #[test]
    fn lone_names_parse_as_syn_parses_them() {
        let both = |input: syn::parse::ParseStream| {
            let fork = input.fork();
            let fast = super::parse_type(input)?;
            let full: syn::Type = fork.parse()?;
            let _ = input.parse::<proc_macro2::TokenStream>();
            Ok((fast, full))
        };
        for written in [
            "Pool",
            "Pool, B",
            "u32 = [m0]",
            "Self",
            "dyn Sink",
            "a::B",
            "Vec<u8>",
        ] {
            let (fast, full) = both.parse_str(written).unwrap();
            assert_eq!(
                fast.to_token_stream().to_string(),
                full.to_token_stream().to_string(),
                "{written}"
            );
            assert_eq!(
                matches!(fast, syn::Type::Path(_)),
                matches!(full, syn::Type::Path(_)),
                "{written}"
            );
        }
    }
}
