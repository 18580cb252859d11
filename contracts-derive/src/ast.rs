//! A small model of the derive input, borrowing the original syntax for spans.

use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use crate::attr::{self, ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: &'a Ident,
    pub attrs: ContainerAttrs,
    /// Fields marked `#[contract(dependency)]`, in any struct or variant.
    pub field_dependencies: Vec<FieldDependency<'a>>,
}

pub struct FieldDependency<'a> {
    /// The field's type with `Option`, `Arc`, `Rc`, `Box` and `&` peeled off.
    pub ty: &'a Type,
    pub optional: bool,
}

impl<'a> Input<'a> {
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let attrs = ContainerAttrs::parse(cx, &input.attrs);
        let mut field_dependencies = Vec::new();
        let mut visit = |fields: &'a Fields| {
            for field in fields {
                let field_attrs = FieldAttrs::parse(cx, &field.attrs);
                if field_attrs.dependency.is_some() {
                    let (ty, optional) = peel(&field.ty);
                    field_dependencies.push(FieldDependency { ty, optional });
                }
            }
        };
        match &input.data {
            Data::Struct(data) => visit(&data.fields),
            Data::Enum(data) => {
                for variant in &data.variants {
                    attr::reject(cx, &variant.attrs, "enum variants");
                    visit(&variant.fields);
                }
            }
            // Rejected in `valid`; there is nothing to read.
            Data::Union(_) => {}
        }
        Input {
            original: input,
            ident: &input.ident,
            attrs,
            field_dependencies,
        }
    }
}

/// `Option<Arc<T>>` -> (`T`, optional): the component a field holds, and whether it
/// may be absent.
fn peel(mut ty: &Type) -> (&Type, bool) {
    let mut optional = false;
    loop {
        match ty {
            Type::Reference(reference) => ty = &reference.elem,
            Type::Paren(paren) => ty = &paren.elem,
            Type::Group(group) => ty = &group.elem,
            Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return (ty, optional);
                };
                let wrapper = last.ident.to_string();
                if !matches!(wrapper.as_str(), "Option" | "Arc" | "Rc" | "Box") {
                    return (ty, optional);
                }
                let PathArguments::AngleBracketed(args) = &last.arguments else {
                    return (ty, optional);
                };
                let mut types = args.args.iter().filter_map(|arg| match arg {
                    GenericArgument::Type(inner) => Some(inner),
                    _ => None,
                });
                match (types.next(), types.next()) {
                    (Some(inner), None) => {
                        optional |= wrapper == "Option";
                        ty = inner;
                    }
                    _ => return (ty, optional),
                }
            }
            _ => return (ty, optional),
        }
    }
}
