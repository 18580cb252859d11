//! Generates, for one annotated type: the compile-time checks of `requires`,
//! `implements` and `check`, the `'static` descriptor, its `inventory` registration, and
//! the `MigrationContract` impl. Everything sits in one `const _: () = { .. };` and
//! reaches the runtime through `::contracts_core::__private` only.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, GenericParam, Ident, Path, TypeParam};

use crate::ast::Input;
use crate::ctxt::Ctxt;
use crate::encode::encode;
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

fn private() -> TokenStream {
    quote!(::contracts_core::__private)
}

fn expand(input: &Input) -> TokenStream {
    let private = private();
    let ident = input.ident;
    let requires = expand_requires(input);
    let implements = expand_implements(input);
    let (check_fn, check_value) = expand_check(input);
    let descriptor = expand_descriptor(input, check_value);

    quote! {
        #[allow(
            non_upper_case_globals,
            non_camel_case_types,
            non_snake_case,
            dead_code,
            unused_qualifications,
            clippy::all,
            clippy::pedantic,
            clippy::nursery
        )]
        #[doc(hidden)]
        const _: () = {
            #requires
            #implements
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

/// `requires(..)`: each signature becomes a method of a private trait implemented for
/// the type by calling the real method, so that a missing method, other argument
/// types, another return type or another awaited output fail to compile, with the
/// error on the signature in the attribute. Bare names only need to resolve.
fn expand_requires(input: &Input) -> TokenStream {
    let ident = input.ident;
    let mut declarations = Vec::new();
    let mut definitions = Vec::new();
    let mut bare = Vec::new();
    for (position, required) in input.attrs.requires.get().into_iter().flatten().enumerate() {
        match required {
            Required::Signature(sig) => {
                let (declaration, definition) = method_check(ident, sig, position);
                declarations.push(declaration);
                definitions.push(definition);
            }
            Required::Bare(method) => {
                bare.push(quote_spanned!(method.span()=> let _ = <#ident>::#method;));
            }
        }
    }
    let mut out = TokenStream::new();
    if !declarations.is_empty() {
        out.extend(quote! {
            trait __ContractRequires {
                #(#declarations)*
            }
            #[automatically_derived]
            impl __ContractRequires for #ident {
                #(#definitions)*
            }
        });
    }
    if !bare.is_empty() {
        let check = check_param();
        out.extend(quote! {
            fn __contract_requires_bare<#check>() {
                #(#bare)*
            }
        });
    }
    out
}

fn method_check(ident: &Ident, sig: &MethodSig, position: usize) -> (TokenStream, TokenStream) {
    let name = format_ident!("__contract_require_{}", position);
    let method = &sig.ident;
    let asyncness = &sig.asyncness;
    let fn_token = &sig.fn_token;
    // One more type parameter that nothing names: the check is then generic, so the
    // compiler type-checks it but never generates code for it.
    let mut generics = sig.generics.clone();
    generics
        .params
        .push(GenericParam::Type(TypeParam::from(check_param())));
    let where_clause = &sig.generics.where_clause;
    let receiver = sig.receiver.as_ref().map(|r| r.to_declared());
    let self_arg = sig.receiver.as_ref().map(|r| {
        let self_token = &r.self_token;
        quote_spanned!(r.span()=> #self_token)
    });
    let arg_names: Vec<Ident> = sig
        .args
        .iter()
        .enumerate()
        .map(|(i, arg)| Ident::new(&format!("__arg{i}"), arg.span()))
        .collect();
    let arg_types = sig.args.iter().map(|arg| &arg.ty);
    let params: Vec<TokenStream> = receiver
        .into_iter()
        .chain(
            arg_names
                .iter()
                .zip(arg_types)
                .map(|(name, ty)| quote!(#name: #ty)),
        )
        .collect();
    // Each argument is spanned on its type, so a mismatch lands on that type.
    let call_args: Vec<TokenStream> = self_arg
        .into_iter()
        .chain(arg_names.iter().map(ToTokens::to_token_stream))
        .collect();
    let output = sig.output.as_ref().map(|ty| quote!(-> #ty));
    let result_span = sig
        .output
        .as_ref()
        .map_or_else(|| sig.ident.span(), |ty| ty.span());
    let result = Ident::new("__contract_result", result_span);
    let call = quote_spanned!(method.span()=> <#ident>::#method(#(#call_args),*));
    let call = match asyncness {
        Some(_) => quote_spanned!(method.span()=> #call.await),
        None => call,
    };
    let generics = &generics;
    let declaration = quote! {
        #asyncness #fn_token #name #generics (#(#params),*) #output #where_clause;
    };
    let definition = quote! {
        #asyncness #fn_token #name #generics (#(#params),*) #output #where_clause {
            let #result = #call;
            #result
        }
    };
    (declaration, definition)
}

/// `implements(..)`: `Self: Trait` for each, asserted with the error on the trait's
/// path in the attribute.
fn expand_implements(input: &Input) -> TokenStream {
    let ident = input.ident;
    let assertions = input
        .attrs
        .implements
        .get()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, path)| {
            let assert = format_ident!("__contract_implements_{}", i);
            // The type is named with the trait's span so that the error's primary
            // location is the trait in the attribute.
            let subject = Ident::new(&ident.to_string(), path.span());
            quote_spanned! {path.span()=>
                fn #assert<T: ?::core::marker::Sized + #path>() {}
                #assert::<#subject>();
            }
        });
    let assertions: Vec<TokenStream> = assertions.collect();
    if assertions.is_empty() {
        return TokenStream::new();
    }
    let check = check_param();
    quote! {
        fn __contract_implements<#check>() {
            #(#assertions)*
        }
    }
}

/// The unused type parameter that makes a compile-time check generic: checked, never
/// instantiated, so it costs type checking only, no code generation.
fn check_param() -> Ident {
    Ident::new("__ContractCheck", Span::call_site())
}

/// `check = path`: an adapter from a type-erased instance to the user's function.
/// Returns the adapter item and the descriptor's `check` value.
fn expand_check(input: &Input) -> (TokenStream, TokenStream) {
    let private = private();
    let ident = input.ident;
    let Some(path) = input.attrs.check.get() else {
        return (TokenStream::new(), quote!(#private::None));
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
    (item, quote!(#private::Some(__contract_check)))
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

/// The descriptor: `Contract::__derived` over the encoded attributes (see `encode`).
/// Each type's `TypeId::of` is spanned on the type in the attribute, so a type that
/// does not exist is reported there.
fn expand_descriptor(input: &Input, check: TokenStream) -> TokenStream {
    let private = private();
    let ident = input.ident;
    let ident_name = ident.to_string();
    let encoded = encode(input);
    let spec = &encoded.spec;
    let types = encoded
        .types
        .iter()
        .map(|ty| quote_spanned!(ty.span()=> #private::TypeId::of::<#ty>));
    // `line!()` and `file!()` spanned on the type's name report where the type is.
    let location_span = ident.span();
    let file = quote_spanned!(location_span=> ::core::file!());
    let line = quote_spanned!(location_span=> ::core::line!());
    quote! {
        #private::Contract::__derived(
            ::core::concat!(::core::module_path!(), "::", #ident_name),
            #file,
            #line,
            #spec,
            &[#private::TypeId::of::<#ident>, #(#types),*],
            #check,
        )
    }
}
