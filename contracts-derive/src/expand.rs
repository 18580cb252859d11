//! Generates, for one annotated type: the compile-time checks of `requires`,
//! `implements` and `check`, the `'static` descriptor, its `inventory` registration, and
//! the `MigrationContract` impl. Everything sits in one `const _: () = { .. };` and
//! reaches the runtime through `::contracts_core::__private` only (aliased `__contracts`).

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, GenericParam, Ident, Path, Type, TypeParam};

use crate::ast::Input;
use crate::attr::Spanned as Valued;
use crate::ctxt::Ctxt;
use crate::render::render;
use crate::sig::{MethodSig, Required};
use crate::{fallback, valid};

pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    valid::check(&cx, &model);
    match cx.check() {
        Ok(()) => expand(&model),
        Err(error) => fallback::expand(input, error),
    }
}

/// The runtime's hidden module, through the alias every expansion declares first: one
/// token instead of six at each of the descriptor's dozens of paths, and the derive's
/// run time grows with the tokens it hands back to the compiler.
fn private() -> Ident {
    Ident::new("__contracts", Span::call_site())
}

fn expand(input: &Input) -> TokenStream {
    let private = private();
    let ident = input.ident;
    let checks = expand_checks(input);
    let (check_fn, check_value) = expand_check(input);
    let descriptor = expand_descriptor(input, check_value);

    quote! {
        #[allow(
            non_upper_case_globals,
            non_camel_case_types,
            non_snake_case,
            dead_code,
            unused_variables,
            unused_qualifications,
            clippy::all,
            clippy::pedantic,
            clippy::nursery
        )]
        #[doc(hidden)]
        const _: () = {
            use ::contracts_core::__private as __contracts;

            #checks
            #check_fn

            static __CONTRACT: #private::Contract = #descriptor;

            #private::inventory::submit! {
                #private::Registration(&__CONTRACT)
            }

            #[automatically_derived]
            impl #private::MigrationContract for #ident {
                const __CONTRACT: &'static #private::Contract = &__CONTRACT;
            }
        };
    }
}

/// `requires(..)` and `implements(..)`: statements in generic functions of a hidden
/// inherent impl, where `Self` means what it means in the attribute.
///
/// Each signature calls the real method with parameters of the declared types and
/// binds the result to the declared output, so that a missing method, other argument
/// types, another receiver or another return type fail to compile with the error on
/// the signature in the attribute; `async fn` checks the awaited output through
/// `__private::awaited`. Bare names only need to resolve; a trait is asserted with the
/// error on its path.
///
/// Why this shape: every function is generic over a parameter nothing names, so the
/// checks are type-checked but never code-generated, and the signatures without
/// generics of their own share one function. A trait with an `async fn` per signature
/// (the first design) and `.await` in an `async` body cost several times more to
/// compile than the descriptor and the registration together (see BENCHMARKS.md).
fn expand_checks(input: &Input) -> TokenStream {
    let ident = input.ident;
    let check = check_param();
    let never = never_param();
    let mut shared_params = Vec::new();
    let mut shared = Vec::new();
    let mut own = Vec::new();
    for (position, required) in input.attrs.requires.get().into_iter().flatten().enumerate() {
        match required {
            Required::Signature(sig) => {
                let method = MethodCheck::new(ident, sig, position);
                if method.needs_own_function() {
                    own.push(method.own_function());
                } else {
                    shared.push(method.bound_to_output());
                    shared_params.extend(method.params);
                }
            }
            Required::Bare(method) => {
                shared.push(quote_spanned!(method.span()=> let _ = <#ident>::#method;));
            }
        }
    }
    for (i, path) in input
        .attrs
        .implements
        .get()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let assert = format_ident!("__contract_implements_{}", i);
        // The type is named with the trait's span so that the error's primary location
        // is the trait in the attribute.
        let subject = Ident::new(&ident.to_string(), path.span());
        shared.push(quote_spanned! {path.span()=>
            fn #assert<T: ?::core::marker::Sized + #path>() {}
            #assert::<#subject>();
        });
    }
    if shared.is_empty() && own.is_empty() {
        return TokenStream::new();
    }
    let shared = (!shared.is_empty()).then(|| {
        quote! {
            fn __contract_checks<#check>(
                #never: ::core::convert::Infallible,
                #(#shared_params),*
            ) {
                #(#shared)*
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #ident {
            #shared
            #(#own)*
        }
    }
}

/// One signature of `requires(..)` as a call of the real method.
struct MethodCheck<'a> {
    sig: &'a MethodSig,
    position: usize,
    /// `name: Type` for the receiver and each argument, spanned on the user's tokens.
    params: Vec<TokenStream>,
    /// `<Type>::method(args)`, or its awaited output for an `async fn`.
    call: TokenStream,
}

impl<'a> MethodCheck<'a> {
    fn new(ident: &Ident, sig: &'a MethodSig, position: usize) -> Self {
        let method = &sig.ident;
        let mut params = Vec::new();
        let mut args = Vec::new();
        if let Some(receiver) = &sig.receiver {
            // Named on `self`, so that a receiver mismatch is reported there.
            let name = format_ident!(
                "__contract_self{}",
                position,
                span = receiver.self_token.span
            );
            let ty = receiver.as_type();
            params.push(quote!(#name: #ty));
            args.push(name);
        }
        for (i, arg) in sig.args.iter().enumerate() {
            // Each argument is named on the user's argument, so a mismatch lands there.
            let name = Ident::new(&format!("__contract_arg{position}_{i}"), arg.span());
            let ty = &arg.ty;
            params.push(quote!(#name: #ty));
            args.push(name);
        }
        let call = quote_spanned!(method.span()=> <#ident>::#method(#(#args),*));
        let call = match sig.asyncness {
            // Spelled out rather than `private()` so that the whole expression carries
            // the method's span: errors about the output then land on the signature.
            Some(_) => {
                let never = never_param();
                quote_spanned!(method.span()=> ::contracts_core::__private::awaited(#call, #never))
            }
            None => call,
        };
        MethodCheck {
            sig,
            position,
            params,
            call,
        }
    }

    /// Generics, a `where` clause or an `impl Trait` output cannot share a function
    /// with the other signatures: such a signature gets its own, with the output as
    /// its return type.
    fn needs_own_function(&self) -> bool {
        !self.sig.generics.params.is_empty()
            || self.sig.generics.where_clause.is_some()
            || self
                .sig
                .output
                .as_ref()
                .is_some_and(|ty| mentions_impl(ty.to_token_stream()))
    }

    /// The variable the output is bound to, spanned on the declared output (or the
    /// method's name when there is none), so that a mismatch is reported there.
    fn result(&self) -> Ident {
        let span = self
            .sig
            .output
            .as_ref()
            .map_or_else(|| self.sig.ident.span(), |ty| ty.span());
        Ident::new("__contract_result", span)
    }

    /// `let result = call; let _: Output = result;` (`()` without an output).
    fn bound_to_output(&self) -> TokenStream {
        let call = &self.call;
        let result = self.result();
        let output = match &self.sig.output {
            Some(ty) => ty.to_token_stream(),
            None => quote_spanned!(self.sig.ident.span()=> ()),
        };
        quote! {
            let #result = #call;
            let _: #output = #result;
        }
    }

    fn own_function(&self) -> TokenStream {
        let name = format_ident!("__contract_require_{}", self.position);
        let mut generics = self.sig.generics.clone();
        generics
            .params
            .push(GenericParam::Type(TypeParam::from(check_param())));
        let where_clause = &self.sig.generics.where_clause;
        let params = &self.params;
        let never = never_param();
        let output = self.sig.output.as_ref().map(|ty| quote!(-> #ty));
        let call = &self.call;
        let result = self.result();
        quote! {
            fn #name #generics (
                #never: ::core::convert::Infallible,
                #(#params),*
            ) #output #where_clause {
                let #result = #call;
                #result
            }
        }
    }
}

/// Whether the tokens contain `impl` (an `impl Trait` type).
fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => mentions_impl(group.stream()),
        _ => false,
    })
}

/// A parameter of type `Infallible` on every check: the functions can never be called,
/// which is what lets `__private::awaited` name a future's output without running it.
fn never_param() -> Ident {
    Ident::new("__contract_never", Span::call_site())
}

/// The unused type parameter that makes a compile-time check generic: checked, never
/// instantiated, so it costs type checking only, no code generation.
fn check_param() -> Ident {
    Ident::new("__ContractCheck", Span::call_site())
}

/// `check = path`: an adapter from a type-erased instance to the user's function.
/// Returns the adapter item and the descriptor's `check` slice element (none without
/// `check`).
fn expand_check(input: &Input) -> (TokenStream, TokenStream) {
    let private = private();
    let ident = input.ident;
    let Some(path) = input.attrs.check.get() else {
        return (TokenStream::new(), TokenStream::new());
    };
    let path = replace_self(path, ident);
    let span = path.span();
    let call =
        quote_spanned!(span=> #private::CheckOutcome::into_outcome(#path(__contract_component)));
    let item = quote! {
        fn __contract_check(
            __contract_instance: &(dyn ::core::any::Any + ::core::marker::Send + ::core::marker::Sync),
        ) -> #private::Option<#private::Result<(), ::std::string::String>> {
            let __contract_component = #private::downcast_component::<#ident>(__contract_instance)?;
            #private::Some(#call)
        }
    };
    (item, quote!(__contract_check))
}

/// `Self::f` names the type, but the adapter is a free function: spell the type out.
fn replace_self(path: &Path, ident: &Ident) -> Path {
    let mut path = path.clone();
    if let Some(first) = path.segments.first_mut() {
        if first.ident == "Self" {
            first.ident = Ident::new(&ident.to_string(), first.ident.span());
        }
    }
    path
}

/// The descriptor, as a plain constant: `Contract { __parts: ContractParts { .. } }`
/// with struct literals only (no `Option`, enum or `const fn` call, which cost compile
/// time; see `ContractParts` in `contracts-core`). Each type's `TypeId::of` is spanned
/// on the type in the attribute, so a type that does not exist is reported there.
fn expand_descriptor(input: &Input, check: TokenStream) -> TokenStream {
    let private = private();
    let ident = input.ident;
    let attrs = &input.attrs;
    let ident_name = ident.to_string();
    let name = attrs
        .name
        .get()
        .map_or_else(|| ident_name.clone(), |lit| lit.value());
    let risk = index(attrs.risk.get(), RISKS);
    let business_value = attrs.business_value.get().map(|lit| lit.value());
    let business_value = business_value.iter();

    let requires = attrs.requires.get().into_iter().flatten().map(|required| {
        let (method, signature, is_async) = match required {
            Required::Signature(sig) => (
                sig.ident.to_string(),
                sig.rendered.clone(),
                sig.asyncness.is_some(),
            ),
            Required::Bare(ident) => (ident.to_string(), String::new(), false),
        };
        quote! {
            #private::RequiredMethod { __name: #method, __signature: #signature, __is_async: #is_async }
        }
    });
    let implements = attrs.implements.get().into_iter().flatten().map(render);
    let declared = attrs
        .depends_on
        .get()
        .into_iter()
        .flatten()
        .map(|dependency| dependency_literal(&dependency.ty, dependency.optional, false));
    let fields = input
        .field_dependencies
        .iter()
        .map(|field| dependency_literal(field.ty, field.optional, true));
    let dependencies = declared.chain(fields);
    let consumers = attrs.consumers.get().into_iter().flatten().map(|consumer| {
        let ty = type_ref(&consumer.ty);
        let methods = consumer.methods.iter().flatten().map(ToString::to_string);
        quote!(#private::Consumer { __ty: #ty, __methods: &[#(#methods),*] })
    });
    let migration = attrs.replaces.get().map(|replaced| {
        let replaced = type_ref(replaced);
        let phase = index(attrs.phase.get(), PHASES);
        quote!(#private::Migration { __replaces: #replaced, __phase: #phase })
    });
    let migration = migration.iter();
    let factory = attrs.factory.get().map(type_ref);
    let factory = factory.iter();
    let required = attrs.required.get().is_some();
    // `line!()` and `file!()` spanned on the type's name report where the type is.
    let location_span = ident.span();
    let file = quote_spanned!(location_span=> ::core::file!());
    let line = quote_spanned!(location_span=> ::core::line!());
    quote! {
        #private::Contract {
            __parts: #private::ContractParts {
                name: #name,
                type_name: ::core::concat!(::core::module_path!(), "::", #ident_name),
                type_id: #private::TypeId::of::<#ident>,
                synthetic: 0,
                module_path: ::core::module_path!(),
                file: #file,
                line: #line,
                risk: #risk,
                business_value: &[#(#business_value),*],
                requires: &[#(#requires),*],
                implements: &[#(#implements),*],
                depends_on: &[#(#dependencies),*],
                consumers: &[#(#consumers),*],
                migration: &[#(#migration),*],
                factory: &[#(#factory),*],
                required: #required,
                check: &[#check],
            }
        }
    }
}

fn type_ref(ty: &Type) -> TokenStream {
    let private = private();
    let name = render(ty);
    let type_id = quote_spanned!(ty.span()=> #private::TypeId::of::<#ty>);
    quote!(#private::TypeRef { __name: #name, __type_id: #type_id, __synthetic: 0 })
}

fn dependency_literal(ty: &Type, optional: bool, field: bool) -> TokenStream {
    let private = private();
    let ty = type_ref(ty);
    quote!(#private::Dependency { __ty: #ty, __optional: #optional, __field: #field })
}

/// In the order of `Risk::ALL` and `Phase::ALL`; `attr` accepted only these values.
const RISKS: &[&str] = &["low", "medium", "high", "critical"];
const PHASES: &[&str] = &["planned", "parallel", "migrating", "complete"];

/// The index of a validated value (`"high"` -> 2), as a `u8` literal.
fn index(value: Option<&Valued<&'static str>>, values: &[&str]) -> u8 {
    let position = value
        .and_then(|value| values.iter().position(|v| *v == value.value))
        .unwrap_or(0);
    u8::try_from(position).unwrap_or(0)
}
