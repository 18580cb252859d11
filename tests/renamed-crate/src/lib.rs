//! Both derives in a crate that depends on `contracts-core` under another name
//! (`cargo test -p renamed-crate`), and through a re-export of it: the `crate = ".."`
//! key tells the generated code where the runtime is.

use std::sync::Arc;

/// What a facade crate does: hands its users `contracts_core` under its own path.
pub mod reexports {
    pub use migration as contracts;
}

#[derive(migration::MigrationContract)]
#[contract(
    crate = "migration",
    name = "pool",
    requires(fn size(&self) -> usize),
    implements(Send),
    check = Pool::healthy
)]
pub struct Pool {
    size: usize,
}

impl Pool {
    fn size(&self) -> usize {
        self.size
    }

    fn healthy(&self) -> Result<(), String> {
        if self.size() == 0 {
            Err("no connection".to_owned())
        } else {
            Ok(())
        }
    }
}

// The path form without quotes, through the re-export.
#[derive(reexports::contracts::MigrationContract)]
#[contract(crate = crate::reexports::contracts, name = "repository", depends_on(Pool))]
pub struct Repository;

#[derive(migration::ComponentSource)]
#[contract(crate = "migration")]
pub struct State {
    pool: Arc<Pool>,
    #[contract(flatten)]
    repositories: Option<RepositoryState>,
}

#[derive(reexports::contracts::ComponentSource)]
#[contract(crate = "crate::reexports::contracts")]
pub struct RepositoryState {
    repository: Repository,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_contracts_are_registered() {
        let pool = migration::contract_of::<Pool>().expect("registered");
        assert_eq!(pool.name(), "pool");
        assert_eq!(pool.required_methods().len(), 1);
        let repository = migration::contract_of::<Repository>().expect("registered");
        assert_eq!(repository.dependencies().len(), 1);
        assert!(migration::validate_all().is_ok());
    }

    #[test]
    fn a_derived_state_validates_and_runs_checks() {
        let failing = State {
            pool: Arc::new(Pool { size: 0 }),
            repositories: Some(RepositoryState {
                repository: Repository,
            }),
        };
        let report = migration::validate_app_state(&failing);
        assert!(
            report.to_string().contains("failed: no connection"),
            "{report}"
        );

        // Without the flattened state, the repository is not active: nothing fails
        // but the pool's check.
        let healthy = State {
            pool: Arc::new(Pool { size: 2 }),
            repositories: None,
        };
        let report = migration::validate_app_state(&healthy);
        assert!(report.is_ok(), "{report}");
        assert_eq!(report.checked(), 2);

        let missing_pool = RepositoryState {
            repository: Repository,
        };
        let report = migration::validate_app_state(&missing_pool);
        assert!(!report.is_ok());
        assert!(report.to_string().contains("`pool`"), "{report}");
    }
}
