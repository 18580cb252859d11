//! The proc-macros behind `contracts_core::MigrationContract` and
//! `contracts_core::ComponentSource`. Use them through `contracts-core`, which
//! re-exports them and provides the runtime the generated code needs; this crate on its
//! own is an implementation detail.
//!
//! Each derive runs in passes: `ast` reads the input into a small model (with `attr`
//! parsing every `#[contract(..)]`, collecting errors rather than stopping at the first),
//! `valid` applies the rules that span several keys, `expand` generates the compile-time
//! checks and the descriptor, and `fallback` keeps a failed derive to its own errors.
//! `source` is the smaller `ComponentSource` derive.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod render;
mod sig;
mod source;
mod valid;
mod writer;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Declares a component's migration contract; the attribute grammar, with examples, is
/// in the [`contracts_core` documentation](../contracts_core/index.html#the-attribute).
#[proc_macro_derive(MigrationContract, attributes(contract))]
pub fn derive_migration_contract(input: TokenStream) -> TokenStream {
    let (input, contract) = attr::take_contract_attributes(input.into());
    let mut input = match syn::parse2::<DeriveInput>(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error().into(),
    };
    input.attrs.extend(contract);
    expand::derive(&input).into()
}

/// Makes a state struct a `ComponentSource`: each field provides its type (peeled of
/// `Arc`/`Rc`/`Box` and `&`; an `Option` field while it is `Some`), `#[contract(skip)]` leaves a
/// field out, `#[contract(flatten)]` includes a nested state. See the
/// [`contracts_core` documentation](../contracts_core/index.html).
#[proc_macro_derive(ComponentSource, attributes(contract))]
pub fn derive_component_source(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    source::derive(&input).into()
}
