//! Helpers shared by the integration tests (`mod common;`). Each test binary uses a
//! part of them, so unused ones are not warnings.

#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use contracts_core::{ComponentId, ComponentSource};

/// A fresh directory under the system's temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new empty directory whose name contains `tag`, the process id and a counter.
    pub fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "contracts-test-{tag}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&dir).expect("the temp dir is writable");
        TempDir(dir)
    }

    /// The directory itself.
    pub fn root(&self) -> &std::path::Path {
        &self.0
    }

    /// `name` inside the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A state providing the synthetic components listed: for `ContractBuilder` contracts,
/// so that a test binary's registry stays as its derives declare it.
pub struct Provides(pub Vec<ComponentId>);

impl ComponentSource for Provides {
    fn provides(&self, _: std::any::TypeId) -> bool {
        false
    }
    fn provides_id(&self, component: ComponentId) -> bool {
        self.0.contains(&component)
    }
}

/// A contract as the report names it: `` `name` (file:line) ``.
pub fn located(contract: &contracts_core::Contract) -> String {
    format!(
        "`{}` ({}:{})",
        contract.name(),
        contract.file(),
        contract.line()
    )
}
