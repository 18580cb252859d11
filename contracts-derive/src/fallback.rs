//! When the attributes are wrong, emit the errors and a stub impl, so that code using
//! the trait (`T::contract()`, `validate_app_state(&state)`) does not add a cascade of
//! follow-on errors to the real ones.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident};

/// The `MigrationContract` stub: the impl points at a descriptor that is never
/// registered, since the build fails anyway.
/// `krate` is the path of `contracts_core` (the `crate` key's, if it parsed).
pub fn expand(input: &DeriveInput, krate: &TokenStream, error: syn::Error) -> TokenStream {
    with_stub(input, error, |ident| {
        quote! {
            impl #krate::__private::MigrationContract for #ident {
                const __CONTRACT: &'static #krate::__private::Contract =
                    &#krate::__private::FAILED_DERIVE;
            }
        }
    })
}

/// The errors, then `stub` (an impl for the type) unless the type is generic: the
/// error already says it cannot have one.
pub fn with_stub(
    input: &DeriveInput,
    error: syn::Error,
    stub: impl FnOnce(&Ident) -> TokenStream,
) -> TokenStream {
    let errors = error.into_compile_error();
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return errors;
    }
    let stub = stub(&input.ident);
    quote! {
        #errors

        #[automatically_derived]
        #stub
    }
}
