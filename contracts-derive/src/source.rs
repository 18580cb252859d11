//! `#[derive(ComponentSource)]` for a user's own state struct: each field provides its
//! type (peeled of `Arc`/`Rc`/`Box` and `&`, nested too), an `Option` field only while it is
//! `Some`, `#[contract(skip)]` leaves a field out, `#[contract(flatten)]` delegates to a
//! nested state. `instance` hands out the component itself when it can be shared.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Ident, Index, Member, Type};

use crate::attr::{ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;

enum Provision<'a> {
    /// The field provides `ty`, under `pointers` layers of `Arc`/`Rc`/`Box`/`&`; `optional`
    /// when the field is an `Option` (provided while `Some`).
    Component {
        member: Member,
        ty: &'a Type,
        pointers: usize,
        optional: bool,
    },
    /// The field is a nested state; `optional` when it is an `Option` of one (its
    /// components are provided while it is `Some`).
    Flatten {
        member: Member,
        ty: &'a Type,
        optional: bool,
    },
}

pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    // The struct's own `#[contract(..)]` gives a state only its `crate` key, but it is
    // the helper attribute of both derives: a key this derive would otherwise ignore
    // silently is read as `MigrationContract` reads it, so that a typo is an error
    // whichever derives the struct has. When it has both, each error is the same
    // message at the same place, and the compiler prints it once.
    let attrs = ContainerAttrs::parse(&cx, &input.attrs);
    let krate = attrs.crate_path();
    let (provisions, field_contract_key) = model(&cx, input);
    match cx.check() {
        Ok(()) => {
            let mut expanded = expand(input, &krate, &provisions);
            let contract_key = attrs.contract_key().map(Ident::span);
            expanded.extend(declares_contract(
                input,
                &krate,
                contract_key.or(field_contract_key),
            ));
            expanded
        }
        Err(error) => fallback(input, &krate, error),
    }
}

/// Contract keys on a struct that only derives `ComponentSource` (on the struct, or
/// `#[contract(dependency)]` on a field) would be read by no one: nothing checked, no
/// contract registered, no error. When the struct has such a key (`key`, the first),
/// it must also derive `MigrationContract`, which is asserted with the error on that
/// key (`MigrationContract`'s `on_unimplemented` message says what to do). A generic
/// struct cannot have a contract, and gets no assertion.
fn declares_contract(input: &DeriveInput, krate: &TokenStream, key: Option<Span>) -> TokenStream {
    let Some(key) = key else {
        return TokenStream::new();
    };
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    // The type named with the key's span: the error's primary location is then the key.
    let mut ident = input.ident.clone();
    ident.set_span(key.span());
    let assertion = quote_spanned!(key.span()=> __contract_declares::<#ident>);
    quote! {
        #[doc(hidden)]
        const _: () = {
            fn __contract_declares<T: #krate::__private::MigrationContract>() {}
            let _ = #assertion;
        };
    }
}

/// The errors, and a stub impl providing nothing, so that each
/// `validate_app_state(&state)` does not add "`State: ComponentSource` is not
/// satisfied" to the real errors.
fn fallback(input: &DeriveInput, krate: &TokenStream, error: syn::Error) -> TokenStream {
    crate::fallback::with_stub(input, error, |ident| {
        quote! {
            impl #krate::__private::DerivesComponentSource for #ident {}
            impl #krate::ComponentSource for #ident {
                fn provides(&self, _: ::core::any::TypeId) -> bool {
                    false
                }
            }
        }
    })
}

/// What each field provides, and where the first field says `#[contract(dependency)]`
/// (a key of `MigrationContract`).
fn model<'a>(cx: &Ctxt, input: &'a DeriveInput) -> (Vec<Provision<'a>>, Option<Span>) {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &input.generics,
            "ComponentSource cannot be derived for a generic state struct: validation looks components up by `TypeId`, which needs concrete `'static` field types; implement `ComponentSource` by hand, or derive it on a concrete state",
        );
    }
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => {
            cx.error_spanned_by(
                data.enum_token,
                "ComponentSource can be derived for a state struct only: each field provides a component",
            );
            return (Vec::new(), None);
        }
        Data::Union(data) => {
            cx.error_spanned_by(
                data.union_token,
                "ComponentSource can be derived for a state struct only: each field provides a component",
            );
            return (Vec::new(), None);
        }
    };
    let mut provisions = Vec::new();
    let mut contract_key = None;
    for (position, field) in fields.iter().enumerate() {
        let attrs = FieldAttrs::parse(cx, &field.attrs);
        contract_key = contract_key.or(attrs.dependency);
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(Index {
                index: u32::try_from(position).unwrap_or(u32::MAX),
                span: field.ty.span(),
            }),
        };
        if let (Some(skip), Some(_)) = (attrs.skip, attrs.flatten) {
            cx.syn_error(syn::Error::new(
                skip,
                "a field is either `skip`ped or `flatten`ed, not both",
            ));
            continue;
        }
        if attrs.skip.is_some() {
            continue;
        }
        // A component or a nested state behind an `Option` is there while `Some`.
        let (inner, optional) = match wrapped(&field.ty, "Option") {
            Some(inner) => (inner, true),
            None => (&field.ty, false),
        };
        if attrs.flatten.is_some() {
            provisions.push(Provision::Flatten {
                member,
                ty: inner,
                optional,
            });
            continue;
        }
        let (ty, pointers) = peel_pointers(inner);
        provisions.push(Provision::Component {
            member,
            ty,
            pointers,
            optional,
        });
    }
    (provisions, contract_key)
}

/// `Wrapper<T>` -> `T` for a single-argument standard wrapper named `name`, written
/// alone (`Arc<T>`) or from `std`/`core`/`alloc`: a user's `my::Arc<T>` is another
/// type, which may not dereference to `T`.
fn wrapped<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    crate::ast::std_wrapper(ty)
        .filter(|(wrapper, _)| *wrapper == name)
        .map(|(_, inner)| inner)
}

/// Peels `Arc`, `Rc`, `Box` and references, nested too (`Box<Arc<Pool>>` and
/// `&'static Pool` provide `Pool`, as a dependency field of those types needs it), and
/// counts the layers.
fn peel_pointers(mut ty: &Type) -> (&Type, usize) {
    let mut pointers = 0;
    loop {
        let inner = match crate::ast::ungrouped(ty) {
            Type::Reference(reference) => Some(&*reference.elem),
            _ => wrapped(ty, "Arc")
                .or_else(|| wrapped(ty, "Box"))
                .or_else(|| wrapped(ty, "Rc")),
        };
        let Some(inner) = inner else {
            return (ty, pointers);
        };
        ty = inner;
        pointers += 1;
    }
}

/// `krate`: the path of `contracts_core` (`::contracts_core`, or the `crate` key's).
fn expand(input: &DeriveInput, krate: &TokenStream, provisions: &[Provision]) -> TokenStream {
    let ident = &input.ident;
    let type_id = quote!(::core::any::TypeId);
    let any = quote!(dyn ::core::any::Any + ::core::marker::Send + ::core::marker::Sync);
    let mut provides = Vec::new();
    let mut instances = Vec::new();
    let mut wrapping = Vec::new();
    let mut empty_fields = Vec::new();
    // The parameters, spanned at the call site wherever they are used: a span taken
    // from a field's type (for errors) may come from a `macro_rules!`, whose hygiene
    // would not see them. Prefixed so that no constant of the user's can be taken for
    // them (`const component` would make a parameter named `component` a pattern).
    let component = quote!(__contract_component);
    let type_name = quote!(__contract_type_name);
    for (position, provision) in provisions.iter().enumerate() {
        match provision {
            Provision::Component {
                member,
                ty,
                pointers,
                optional,
            } => {
                let matches = quote_spanned!(ty.span()=> #component == #type_id::of::<#ty>());
                let present = if *optional {
                    // Named for the hint when the component is missing.
                    let field = match member {
                        Member::Named(ident) => crate::render::name_of(ident),
                        Member::Unnamed(index) => index.index.to_string(),
                    };
                    empty_fields.push(quote! {
                        if #matches && self.#member.is_none() {
                            return ::core::option::Option::Some(#field);
                        }
                    });
                    quote!(self.#member.is_some())
                } else {
                    quote!(true)
                };
                provides.push(quote!((#matches && #present)));
                // The component itself, through every pointer (dereferenced explicitly:
                // a coercion to `&dyn Trait` would try the pointer as the trait object),
                // handed out only if it can be shared: see `FieldInstance`.
                let value = format_ident!("__contract_field_{}", position);
                let private = quote!(#krate::__private);
                let derefs = quote!(*).into_iter().cycle().take(*pointers + 1);
                let share = quote! {
                    let #value: &(#ty) = &#(#derefs)* #value;
                    if let ::core::option::Option::Some(__contract_found) =
                        (&#private::FieldInstance(#value)).__contract_instance()
                    {
                        return ::core::option::Option::Some(__contract_found);
                    }
                };
                let access = if *optional {
                    quote!(if let ::core::option::Option::Some(#value) = &self.#member { #share })
                } else {
                    quote!({ let #value = &self.#member; #share })
                };
                instances.push(quote! {
                    if #matches {
                        #access
                    }
                });
                // A field that holds the component inside a lock or a collection
                // provides the wrapper, not the component: named for the hint.
                wrapping.push(quote! {
                    let __contract_held = ::core::any::type_name::<#ty>();
                    if #krate::__private::wraps_component(__contract_held, #type_name) {
                        return ::core::option::Option::Some(__contract_held);
                    }
                });
            }
            Provision::Flatten {
                member,
                ty,
                optional,
            } => {
                // Spanned on the field's type: a nested state that is not a
                // `ComponentSource` is reported on that field.
                let nested = format_ident!("__contract_nested_{}", position, span = ty.span());
                // The crate's path at the call site (`::contracts_core` on a user's
                // token would resolve from the crate's own root in edition 2015).
                let trait_name = quote_spanned!(ty.span()=> ComponentSource);
                let source = quote!(#krate::#trait_name);
                // `body` with the nested state bound, or `absent` while an optional
                // one is `None`.
                let with_nested = |body: TokenStream, absent: TokenStream| {
                    if *optional {
                        quote! {
                            if let ::core::option::Option::Some(#nested) = &self.#member {
                                #body
                            } else {
                                #absent
                            }
                        }
                    } else {
                        quote!({ let #nested = &self.#member; #body })
                    }
                };
                let provides_call =
                    quote_spanned!(ty.span()=> #source::provides(#nested, #component));
                let instance_call =
                    quote_spanned!(ty.span()=> #source::instance(#nested, #component));
                let wrapped_call =
                    quote_spanned!(ty.span()=> #source::wrapped(#nested, #type_name));
                let empty_field_call =
                    quote_spanned!(ty.span()=> #source::empty_field(#nested, #component));
                let provided = with_nested(provides_call, quote!(false));
                provides.push(quote!((#provided)));
                instances.push(with_nested(
                    quote! {
                        if let ::core::option::Option::Some(__contract_found) = #instance_call {
                            return ::core::option::Option::Some(__contract_found);
                        }
                    },
                    quote!({}),
                ));
                wrapping.push(with_nested(
                    quote! {
                        if let ::core::option::Option::Some(__contract_held) = #wrapped_call {
                            return ::core::option::Option::Some(__contract_held);
                        }
                    },
                    quote!({}),
                ));
                empty_fields.push(with_nested(
                    quote! {
                        if let ::core::option::Option::Some(__contract_field) = #empty_field_call {
                            return ::core::option::Option::Some(__contract_field);
                        }
                    },
                    quote!({}),
                ));
            }
        }
    }
    let provides = if provides.is_empty() {
        quote!(false)
    } else {
        quote!(#(#provides)||*)
    };
    // Imported only where a field uses it: an unused import would need an `allow`,
    // which a crate that forbids the lint rejects.
    let shares = provisions
        .iter()
        .any(|provision| matches!(provision, Provision::Component { .. }));
    let share_import = shares.then(|| {
        quote!(
            use #krate::__private::FieldShare as _;
        )
    });
    quote! {
        #[automatically_derived]
        impl #krate::__private::DerivesComponentSource for #ident {}

        #[automatically_derived]
        impl #krate::ComponentSource for #ident {
            fn provides(&self, #component: #type_id) -> bool {
                let _ = &#component;
                #provides
            }

            fn instance(&self, #component: #type_id) -> ::core::option::Option<&(#any)> {
                #share_import
                let _ = &#component;
                #(#instances)*
                ::core::option::Option::None
            }

            fn wrapped(&self, #type_name: &str) -> ::core::option::Option<&'static str> {
                let _ = &#type_name;
                #(#wrapping)*
                ::core::option::Option::None
            }

            fn empty_field(&self, #component: #type_id) -> ::core::option::Option<&'static str> {
                let _ = &#component;
                #(#empty_fields)*
                ::core::option::Option::None
            }
        }
    }
}
