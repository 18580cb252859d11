//! Both derives in an edition 2015 crate (`cargo test -p edition-2015`), without an
//! `extern crate`: in 2015, a path from the root (`::contracts_core`, `::core`) names an
//! item of the crate's own root, so the generated code must not spell one on the
//! user's tokens.

use std::sync::Arc;

/// A trait of the crate's own, for `implements(..)`.
pub trait Store {}

impl Store for Pool {}

#[derive(contracts_core::MigrationContract)]
#[contract(
    name = "pool",
    requires(fn size(&self) -> usize, fn label(&self) -> &str),
    implements(Store, Send),
    check = Pool::healthy
)]
pub struct Pool {
    size: usize,
}

impl Pool {
    fn size(&self) -> usize {
        self.size
    }

    fn label(&self) -> &str {
        "pool"
    }

    fn healthy(&self) -> Result<(), String> {
        if self.size == 0 {
            Err("no connection".to_owned())
        } else {
            Ok(())
        }
    }
}

#[derive(contracts_core::MigrationContract)]
#[contract(name = "repository", depends_on(Pool))]
pub struct Repository;

#[derive(contracts_core::ComponentSource)]
pub struct State {
    pool: Arc<Pool>,
    repository: Option<Repository>,
    #[contract(flatten)]
    cache: CacheState,
}

// An `impl Trait` output: the check's own says what it captures with `use<..>`.
#[derive(contracts_core::MigrationContract)]
#[contract(requires(
    fn get(&self, key: &str) -> &str,
    fn keys(&self, prefix: &str) -> impl Iterator<Item = u8> + '_,
))]
pub struct Cache;

impl Cache {
    fn get(&self, key: &str) -> &str {
        let _ = key;
        "value"
    }

    fn keys(&self, prefix: &str) -> impl Iterator<Item = u8> + '_ {
        let _ = prefix;
        self.get("").bytes()
    }
}

#[derive(contracts_core::ComponentSource)]
pub struct CacheState {
    cache: Cache,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_descriptor_points_at_the_type() {
        let pool = contracts_core::contract_of::<Pool>().expect("registered");
        assert_eq!(pool.file(), "tests/edition-2015/src/lib.rs");
        assert_eq!(pool.line(), 20);
        assert_eq!(pool.required_methods().len(), 2);
    }

    #[test]
    fn a_derived_state_validates_and_runs_checks() {
        let state = State {
            pool: Arc::new(Pool { size: 0 }),
            repository: Some(Repository),
            cache: CacheState { cache: Cache },
        };
        let report = contracts_core::validate_app_state(&state);
        assert!(
            report.to_string().contains("failed: no connection"),
            "{}",
            report
        );
        let healthy = State {
            pool: Arc::new(Pool { size: 2 }),
            repository: None,
            cache: CacheState { cache: Cache },
        };
        assert!(contracts_core::validate_app_state(&healthy).is_ok());
    }
}
