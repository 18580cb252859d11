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
    let errors = compile_errors(error);
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

/// `compile_error! { "message" }` for each error, spanned as `syn` spans them (the
/// first token at the error's start, the braces at its end). Not `syn`'s own
/// `::core::compile_error!`: spanned on a user's token, `::core` resolves as that
/// crate's edition says, at its root in 2015, and every message would read "cannot find
/// `core` in the crate root" there. The bare macro is in every edition's prelude.
fn compile_errors(error: syn::Error) -> TokenStream {
    error
        .into_iter()
        .map(|error| {
            let (start, end) = match error.to_compile_error().into_iter().last() {
                // The braces carry the end span; `span()` gives the start.
                Some(proc_macro2::TokenTree::Group(group)) => (error.span(), group.span()),
                _ => (error.span(), error.span()),
            };
            let mut message = proc_macro2::Literal::string(&error.to_string());
            message.set_span(end);
            let name = proc_macro2::Ident::new("compile_error", start);
            let mut bang = proc_macro2::Punct::new('!', proc_macro2::Spacing::Alone);
            bang.set_span(start);
            let mut body = proc_macro2::Group::new(
                proc_macro2::Delimiter::Brace,
                quote::quote_spanned!(end=> #message),
            );
            body.set_span(end);
            quote!(#name #bang #body)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::compile_errors;

    #[test]
    fn errors_do_not_name_core_from_the_root() {
        // In an edition 2015 crate `::core` on the user's span is the crate's own root:
        // the message would be lost behind "cannot find `core` in the crate root".
        let mut error = syn::Error::new(proc_macro2::Span::call_site(), "first");
        error.combine(syn::Error::new(proc_macro2::Span::call_site(), "second"));
        let tokens = compile_errors(error).to_string();
        assert_eq!(
            tokens,
            "compile_error ! { \"first\" } compile_error ! { \"second\" }"
        );
    }
}
