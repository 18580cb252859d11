//! When the attributes are wrong, emit the errors and a stub impl, so that code using
//! `T::contract()` does not add a cascade of follow-on errors to the real ones.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn expand(input: &DeriveInput, error: syn::Error) -> TokenStream {
    let errors = error.into_compile_error();
    // A generic type gets no stub: the error already says it cannot have a contract.
    if !input.generics.params.is_empty() {
        return errors;
    }
    let ident = &input.ident;
    quote! {
        #errors

        #[allow(clippy::all)]
        #[automatically_derived]
        impl ::contracts_core::__private::MigrationContract for #ident {
            const __CONTRACT: &'static ::contracts_core::__private::Contract =
                &::contracts_core::__private::FAILED_DERIVE;
        }
    }
}
