//! The generated code stays warning-free under strict lints: rustc's here, clippy's
//! pedantic set and the restriction lints most likely to fire on generated locals when
//! `cargo clippy --all-targets -- -D warnings` builds this file.

#![deny(
    warnings,
    unused_qualifications,
    unused_results,
    missing_docs,
    missing_debug_implementations,
    unreachable_pub,
    trivial_casts,
    single_use_lifetimes,
    unused_lifetimes,
    clippy::all,
    clippy::pedantic,
    clippy::shadow_unrelated,
    clippy::shadow_reuse,
    clippy::shadow_same,
    clippy::pattern_type_mismatch
)]
// A forbidden lint cannot be allowed again: generated code that allowed a whole lint
// group (`clippy::pedantic`, `clippy::restriction`) or one of these would not compile
// here. The generated code allows `dead_code` itself, and `inventory`'s registration
// allows `non_upper_case_globals`: those two cannot be forbidden.
#![forbid(
    clippy::unwrap_used,
    clippy::needless_pass_by_value,
    unused_qualifications,
    unused_imports,
    unused_variables,
    unreachable_code,
    non_snake_case,
    non_camel_case_types
)]

use std::fmt;
use std::sync::Arc;

use contracts_core::{contract_of, ComponentSource, MigrationContract};

/// An error.
#[derive(Debug)]
pub struct LintError;

impl fmt::Display for LintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lint error")
    }
}

/// A trait to implement.
pub trait Sink {}

/// A dependency.
#[derive(Debug)]
pub struct Manager;

/// A legacy type.
#[derive(Debug)]
pub struct Legacy;

/// A factory.
#[derive(Debug)]
pub struct Factory;

/// A consumer.
#[derive(Debug)]
pub struct Consumer;

/// Every key at once.
#[derive(Debug, MigrationContract)]
#[contract(
    name = "lint-bridge",
    risk = "critical",
    business_value = "proves the generated code is lint-clean",
    requires(
        fn notify(&self, run_id: &str) -> Result<(), LintError>,
        fn label(&self, prefix: &str) -> &'static str,
        async fn flush(&self) -> usize,
        fn build(manager: Arc<Manager>) -> Self,
        // A type past `clippy::type_complexity`'s threshold, and elided lifetimes.
        fn load(&self, key: &str) -> Result<Vec<(String, Vec<u8>)>, Box<dyn std::error::Error + Send + Sync>>,
        fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result,
        fn names(&self) -> impl Iterator<Item = &str> + '_,
        // Generic parameters bounded in the list or in a `where` clause: the check adds
        // the bounds a reference argument implies where the others are
        // (`clippy::multiple_bound_locations`).
        fn size<T: AsRef<str>>(&self, t: &T) -> usize,
        fn width<T>(&self, t: &T) -> usize where T: AsRef<str>,
        fn fill<'a>(&'a self, names: &mut Vec<&'a str>),
        shutdown,
    ),
    implements(Send, Sync, Sink),
    depends_on(Manager, dyn Sink, optional(Legacy)),
    consumers(Consumer = [notify, flush]),
    replaces = Legacy,
    phase = "parallel",
    factory = Factory,
    required,
    check = Self::self_test
)]
pub struct Bridge {
    #[contract(dependency)]
    manager: Arc<Manager>,
}

impl Sink for Bridge {}

impl Bridge {
    /// Notifies.
    ///
    /// # Errors
    /// Never.
    pub fn notify(&self, run_id: &str) -> Result<(), LintError> {
        let _ = (run_id, &self.manager);
        Ok(())
    }

    /// A label.
    #[must_use]
    pub fn label(&self, prefix: &str) -> &'static str {
        let _ = (prefix, &self.manager);
        "bridge"
    }

    /// Flushes.
    pub async fn flush(&self) -> usize {
        std::future::ready(0).await
    }

    /// Builds.
    #[must_use]
    pub fn build(manager: Arc<Manager>) -> Self {
        Bridge { manager }
    }

    /// Shuts down.
    pub fn shutdown(&self) {}

    /// Loads.
    ///
    /// # Errors
    /// Never.
    #[allow(clippy::type_complexity)] // the method's own choice; the contract adds none
    pub fn load(
        &self,
        key: &str,
    ) -> Result<Vec<(String, Vec<u8>)>, Box<dyn std::error::Error + Send + Sync>> {
        Ok(vec![(key.to_owned(), Vec::new())])
    }

    /// Renders.
    ///
    /// # Errors
    /// Never.
    pub fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bridge")
    }

    /// Names.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once("bridge").chain(std::iter::once(self.label("")))
    }

    /// A length.
    pub fn size<T: AsRef<str>>(&self, t: &T) -> usize {
        t.as_ref().len()
    }

    /// A width.
    pub fn width<T>(&self, t: &T) -> usize
    where
        T: AsRef<str>,
    {
        t.as_ref().len()
    }

    /// Fills the names.
    pub fn fill<'a>(&'a self, names: &mut Vec<&'a str>) {
        names.push(self.label(""));
    }

    fn self_test(&self) -> Result<(), LintError> {
        if Arc::strong_count(&self.manager) == 0 {
            return Err(LintError);
        }
        Ok(())
    }
}

/// An enum component.
#[derive(Debug, MigrationContract)]
#[contract(risk = "low", depends_on(Manager))]
pub enum Transport {
    /// One.
    WebSocket(#[contract(dependency)] Arc<Manager>),
    /// Two.
    Polling,
}

/// A nested state.
#[derive(Debug, ComponentSource)]
pub struct Nested {
    consumer: Consumer,
}

/// A derived state with every kind of field.
#[derive(Debug, ComponentSource)]
pub struct State {
    manager: Arc<Manager>,
    bridge: Option<Box<Bridge>>,
    legacy: &'static Legacy,
    /// Not `Sync`: provided, but no instance is handed out.
    hits: std::cell::Cell<u32>,
    #[contract(flatten)]
    nested: Option<Nested>,
    /// Not a component.
    #[contract(skip)]
    pub port: u16,
}

#[test]
fn strictly_linted_contracts_are_registered() {
    assert!(contract_of::<Bridge>().is_some());
    assert!(contract_of::<Transport>().is_some());
}
