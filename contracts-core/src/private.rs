//! Everything generated code needs, under one hidden path so users never depend on
//! `inventory` (or anything else) themselves. Not a stable API.

use std::any::Any;
use std::convert::Infallible;
use std::fmt::Display;
use std::future::IntoFuture;
use std::sync::Arc;

pub use crate::descriptor::{
    CheckFn, Consumer, Contract, ContractParts, Dependency, Migration, MigrationContract,
    RequiredMethod, TypeRef,
};
pub use crate::registry::Registration;
pub use inventory;

pub use core::any::TypeId;

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

/// The output of `future.await`, for the compile-time check of an `async fn` in
/// `requires(..)`. It can never run: it needs an `Infallible`, and the checks that call
/// it are generic functions that are only type-checked.
pub fn awaited<F: IntoFuture>(future: F, never: Infallible) -> F::Output {
    drop(future);
    match never {}
}

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
