//! Everything generated code needs, under one hidden path so users never depend on
//! `inventory` (or anything else) themselves. Not a stable API.

use std::any::Any;
use std::convert::Infallible;
use std::fmt::Display;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::sync::Arc;

pub use crate::descriptor::{
    CheckFn, Consumer, Contract, ContractParts, Dependency, Migration, MigrationContract,
    RequiredMethod, TypeRef,
};
pub use crate::registry::Registration;
pub use inventory;

pub use core::any::TypeId;
pub use core::marker::Sized;
// For the descriptor's location, spanned on the type's name (see the derive).
pub use core::{file, line};

/// What a derive that failed with errors points its `MigrationContract` impl at, so
/// that the errors come without follow-on ones. Never registered: the build fails.
pub static FAILED_DERIVE: Contract = Contract {
    __parts: ContractParts {
        name: "<failed derive>",
        type_name: "<failed derive>",
        type_id: TypeId::of::<FailedDerive>,
        synthetic: 0,
        module_path: "",
        file: "",
        line: 0,
        risk: 0,
        business_value: &[],
        requires: &[],
        implements: &[],
        depends_on: &[],
        consumers: &[],
        migration: &[],
        factory: &[],
        required: false,
        check: &[],
    },
};

/// The identity of [`FAILED_DERIVE`].
enum FailedDerive {}
pub use core::option::Option::{self, None, Some};
pub use core::result::Result;

/// The component behind an instance handed over by a [`ComponentSource`](crate::ComponentSource):
/// the value itself, an `Arc` of it or a `Box` of it.
pub fn downcast_component<T: Any>(instance: &(dyn Any + Send + Sync)) -> Option<&T> {
    if let Some(value) = instance.downcast_ref::<T>() {
        return Some(value);
    }
    if let Some(value) = instance.downcast_ref::<Arc<T>>() {
        return Some(value);
    }
    instance.downcast_ref::<Box<T>>().map(|b| &**b)
}

/// A field of a derived state, as its `instance` hands it to `check` functions: the
/// component itself when it can be shared as `dyn Any + Send + Sync`, nothing when it
/// cannot (a `Cell`, a trait object, a type that is not `Sync`). Method lookup makes
/// the choice at compile time: `(&FieldInstance(value)).__contract_instance()` finds
/// [`FieldShare`]'s impl for `FieldInstance` when its bounds hold, and the one for
/// `&FieldInstance`, one reference further, otherwise. A field the state provides need
/// not be shareable to be provided.
pub struct FieldInstance<'a, T: ?Sized>(pub &'a T);

/// The instance a derived state hands out for a field: see [`FieldInstance`]. One trait
/// with both impls, so that the one import the expansion needs is always used.
pub trait FieldShare<'a> {
    /// The component, shared, or nothing (a `check` on it is then skipped with a
    /// warning). Named so that no user trait in scope shares the name.
    fn __contract_instance(&self) -> Option<&'a (dyn Any + Send + Sync)>;
}

impl<'a, T: Any + Send + Sync> FieldShare<'a> for FieldInstance<'a, T> {
    fn __contract_instance(&self) -> Option<&'a (dyn Any + Send + Sync)> {
        Some(self.0)
    }
}

impl<'a, T: ?Sized> FieldShare<'a> for &FieldInstance<'a, T> {
    fn __contract_instance(&self) -> Option<&'a (dyn Any + Send + Sync)> {
        None
    }
}

/// For a derived state's `ComponentSource::wrapped`: whether the type named `held`
/// wraps the one named `type_name`.
pub fn wraps_component(held: &str, type_name: &str) -> bool {
    crate::state::wraps(held, type_name)
}

/// The output of `future.await`, for the compile-time check of an `async fn` in
/// `requires(..)`. It can never run: it needs an `Infallible`, and the checks that call
/// it are generic functions that are only type-checked.
pub fn awaited<F: DeclaredAsync>(future: F, never: Infallible) -> F::Output {
    drop(future);
    match never {}
}

/// What an `async fn` in `requires(..)` returns: a future. Through this trait, a
/// method declared `async` but written without it is reported as "`usize` is not a
/// future" on the method's name, without a note pointing into this module (the
/// compiler reports the unmet `IntoFuture` itself, so a message of its own here would
/// not show).
pub trait DeclaredAsync {
    /// What awaiting it gives.
    type Output;
}

impl<F: IntoFuture> DeclaredAsync for F {
    type Output = F::Output;
}

/// A method coerced to the declared `fn` pointer type `F` (`fn(&Self, &str) -> R`),
/// which only the exact signature passes. The type is named in the expression, not
/// in a binding's annotation: lints that judge written types
/// (`clippy::type_complexity` on a long `Result`) leave it alone, as they leave the
/// method's own signature, and no item is added for it.
pub struct Signature<F> {
    /// The method.
    pub exactly: F,
}

/// The type a method takes for one of its parameters, as [`hole`] found it, compared
/// with the declared one by [`Takes::declared`]. Invariant in `T`: covariant, it would
/// let the hole's lifetime shrink on the way, and a method taking `&'static str` would
/// match a declared `&str`, which promises any lifetime (the derive names that lifetime
/// with a parameter of the check).
pub struct Takes<T: ?Sized>(PhantomData<fn(T) -> T>);

/// The type a method returns, as [`returned`] found it, compared with the declared one
/// by [`Returns::declared`].
pub struct Returns<T: ?Sized>(PhantomData<T>);

// Copy whatever `T` is: both checks take the value.
impl<T: ?Sized> Clone for Returns<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: ?Sized> Copy for Returns<T> {}

/// A value of any type, for an argument of a `requires(..)` check: the method call
/// decides the type (by unification, not coercion), and the [`Takes`] carries it to
/// [`Takes::declared`], which requires it to be exactly the declared one. Never runs: it
/// needs an `Infallible`.
pub fn hole<T>(never: Infallible) -> (T, Takes<T>) {
    match never {}
}

/// The type of a method's output, given the output. The parameter is a plain `T`, so
/// the value is not coerced on the way.
pub fn returned<T>(_: T) -> Returns<T> {
    Returns(PhantomData)
}

/// `Self`, a type declared in `requires(..)`, is exactly the type the method takes
/// there (`&String` where the method takes `&str`, or `&mut self` where it takes
/// `&self`, is another type, even though a call would coerce). The declared type is
/// `Self` so that the one impl can infer the method's own generic parameters from it,
/// which the declaration need not show: `fn put<T: Into<u32>>(&self, v: T)` matches a
/// declared `fn put(&self, v: u32)`. (A second impl, to make the match ambiguous, would
/// break those generic methods; [`Takes::declared`] gets the message shown instead.)
#[diagnostic::on_unimplemented(
    message = "the method takes `{Actual}` here, but the contract declares `{Self}`",
    label = "declared `{Self}`, the method takes `{Actual}`"
)]
pub trait DeclaredParameter<Actual: ?Sized> {}
impl<T: ?Sized> DeclaredParameter<T> for T {}

/// `Self`, the output declared in `requires(..)`, is exactly what the method returns
/// (awaited, for an `async fn`).
#[diagnostic::on_unimplemented(
    message = "the method returns `{Actual}`, but the contract declares `{Self}`",
    label = "declared `{Self}`, the method returns `{Actual}`"
)]
pub trait DeclaredOutput<Actual: ?Sized> {}
impl<T: ?Sized> DeclaredOutput<T> for T {}

impl<Actual: ?Sized> Takes<Actual> {
    /// Compile-time check that the parameter's type is `Declared`. A method, so that
    /// `Actual` is fixed by the receiver before the bound is looked at: a mismatch is
    /// then reported with [`DeclaredParameter`]'s message, while a method's own generic
    /// parameter (an inference variable here) is still inferred from `Declared`.
    pub fn declared<Declared: ?Sized + DeclaredParameter<Actual>>(self) {}
}

impl<Actual: ?Sized> Returns<Actual> {
    /// Compile-time check that the output's type is `Declared`: see [`Takes::declared`].
    pub fn declared<Declared: ?Sized + DeclaredOutput<Actual>>(self) {}

    /// Compile-time check that the output outlives `'lender`, the lifetime of the input
    /// the declared output borrows from as elision says (`fn get(&self, key: &str) ->
    /// &V` borrows from `self`, not from `key`), which [`Returns::declared`] does not
    /// compare: its lifetimes are inferred there. On the output's own type, so that one
    /// of another type is `declared`'s error alone.
    pub fn outlives<'lender>(self)
    where
        Actual: 'lender,
    {
    }
}

/// The component, as a `check = ..` function's argument: the identity, written as a
/// call spanned on the path in the attribute, so that a function taking something else
/// than `&Self` (or what `&Self` coerces to) is reported there.
pub fn checked<T: ?Sized>(component: &T) -> &T {
    component
}

/// Implemented by `#[derive(ComponentSource)]`: a type whose fields say `skip` or
/// `flatten`, which only that derive reads, must have it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has a field key of `#[derive(ComponentSource)]` but does not derive it",
    label = "read only by `#[derive(ComponentSource)]`",
    note = "`skip` and `flatten` say how a state struct's fields provide components; `#[derive(MigrationContract)]` reads only `dependency` on a field: add `ComponentSource` to the derive list, or remove the key"
)]
pub trait DerivesComponentSource {}

/// What a `check = ..` function may return: `Result<(), E>` with `E: Display`.
#[diagnostic::on_unimplemented(
    message = "a contract `check` function must return `Result<(), E>` where `E: Display`, not `{Self}`",
    label = "this check returns `{Self}`"
)]
pub trait CheckOutcome {
    /// The outcome with the error rendered.
    fn into_outcome(self) -> Result<(), String>;
}

impl<E: Display> CheckOutcome for Result<(), E> {
    fn into_outcome(self) -> Result<(), String> {
        self.map_err(|error| error.to_string())
    }
}
