//! The global registry: every contract that `#[derive(MigrationContract)]` submitted
//! through `inventory`, indexed once on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::descriptor::{ComponentId, Contract};

/// What the derive submits: a reference to the type's `'static` descriptor.
#[doc(hidden)]
pub struct Registration(pub &'static Contract);

inventory::collect!(Registration);

/// Contracts sorted by `(name, type_name)` with an identity index, so that every query
/// and every report sees the same deterministic order.
pub(crate) struct Index {
    contracts: Vec<&'static Contract>,
    by_id: HashMap<ComponentId, usize>,
}

impl Index {
    pub(crate) fn new(mut contracts: Vec<&'static Contract>) -> Self {
        contracts.sort_by(|a, b| {
            (a.name(), a.type_name(), a.file(), a.line()).cmp(&(
                b.name(),
                b.type_name(),
                b.file(),
                b.line(),
            ))
        });
        let mut by_id = HashMap::with_capacity(contracts.len());
        for (position, contract) in contracts.iter().enumerate() {
            // A type has one derive, so one contract; keep the first if a test registers
            // the same descriptor twice by hand.
            by_id.entry(contract.id()).or_insert(position);
        }
        Index { contracts, by_id }
    }

    pub(crate) fn contracts(&self) -> &[&'static Contract] {
        &self.contracts
    }

    pub(crate) fn position_of(&self, id: ComponentId) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    pub(crate) fn get(&self, id: ComponentId) -> Option<&'static Contract> {
        self.position_of(id).map(|i| self.contracts[i])
    }

    /// Contracts that declare `target` in `consumers(..)` or depend on it, each once, in
    /// registry order.
    pub(crate) fn consumers_of(&self, target: ComponentId) -> Vec<&'static Contract> {
        let declared: Vec<ComponentId> = self
            .get(target)
            .map(|contract| contract.consumers().iter().map(|c| c.ty().id()).collect())
            .unwrap_or_default();
        self.contracts
            .iter()
            .copied()
            .filter(|candidate| {
                candidate.id() != target
                    && (declared.contains(&candidate.id())
                        || candidate
                            .dependencies()
                            .iter()
                            .any(|d| d.ty().id() == target))
            })
            .collect()
    }
}

pub(crate) fn global() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::new(inventory::iter::<Registration>().map(|r| r.0).collect()))
}

/// Every contract linked into this binary, sorted by name.
///
/// ```
/// # use contracts_core::MigrationContract;
/// # #[derive(MigrationContract)] struct Pool;
/// assert!(contracts_core::contracts().any(|c| c.name() == "Pool"));
/// ```
pub fn contracts() -> impl Iterator<Item = &'static Contract> {
    global().contracts().iter().copied()
}

/// The contract of `T`, if `T` derives `MigrationContract` and is linked.
///
/// ```
/// # use contracts_core::{contract_of, MigrationContract};
/// #[derive(MigrationContract)]
/// struct Pool;
/// struct Unannotated;
/// assert!(contract_of::<Pool>().is_some());
/// assert!(contract_of::<Unannotated>().is_none());
/// ```
pub fn contract_of<T: ?Sized + 'static>() -> Option<&'static Contract> {
    global().get(ComponentId::of::<T>())
}

/// Contracts that consume `T`: declared in `T`'s `consumers(..)`, or inferred because
/// they depend on `T`. Each appears once, sorted by name.
///
/// ```
/// # use contracts_core::{consumers_of, MigrationContract};
/// #[derive(MigrationContract)]
/// struct Pool;
///
/// #[derive(MigrationContract)]
/// #[contract(depends_on(Pool))]
/// struct Repository;
///
/// let names: Vec<_> = consumers_of::<Pool>().iter().map(|c| c.name()).collect();
/// assert_eq!(names, ["Repository"]);
/// ```
pub fn consumers_of<T: ?Sized + 'static>() -> Vec<&'static Contract> {
    global().consumers_of(ComponentId::of::<T>())
}
