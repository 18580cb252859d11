//! The global registry: every contract that `#[derive(MigrationContract)]` submitted
//! through `inventory`, indexed once on first use.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    by_id: HashMap<ComponentId, usize, BuildIdHasher>,
    /// Two contracts share an identity (a descriptor registered twice by hand, two
    /// synthetic contracts with one number): the edge index below resolves an identity
    /// to its first contract only, so queries fall back to scanning every contract.
    shared_ids: bool,
    /// The dependency edges resolved to positions, built on first use.
    edges: OnceLock<Edges>,
}

/// Dependency edges between positions of the index, in compressed adjacency form.
pub(crate) struct Edges {
    /// Each contract's dependencies that have a contract, as positions, sorted and
    /// without duplicates: `successors[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    successors: Vec<usize>,
    /// The reverse: the contracts that depend on each position, sorted.
    user_starts: Vec<usize>,
    users: Vec<usize>,
    /// The contracts that depend on a type without a contract, sorted.
    external_users: HashMap<ComponentId, Vec<usize>, BuildIdHasher>,
    /// The first contract (by position) that replaces each type.
    replaced_by: HashMap<ComponentId, usize, BuildIdHasher>,
}

impl Edges {
    /// The positions contract `position` depends on, sorted, each once.
    pub(crate) fn successors(&self, position: usize) -> &[usize] {
        &self.successors[self.starts[position]..self.starts[position + 1]]
    }

    /// The number of contracts.
    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn users(&self, position: usize) -> &[usize] {
        &self.users[self.user_starts[position]..self.user_starts[position + 1]]
    }
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
        let mut by_id =
            HashMap::with_capacity_and_hasher(contracts.len(), BuildIdHasher::default());
        let mut shared_ids = false;
        for (position, contract) in contracts.iter().enumerate() {
            // A type has one derive, so one contract; keep the first if a test registers
            // the same descriptor twice by hand.
            match by_id.entry(contract.id()) {
                Entry::Vacant(entry) => {
                    entry.insert(position);
                }
                Entry::Occupied(_) => shared_ids = true,
            }
        }
        Index {
            contracts,
            by_id,
            shared_ids,
            edges: OnceLock::new(),
        }
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

    /// The dependency edges between contracts, resolved once per index.
    pub(crate) fn edges(&self) -> &Edges {
        self.edges.get_or_init(|| {
            let n = self.contracts.len();
            let mut starts = Vec::with_capacity(n + 1);
            let mut successors = Vec::new();
            let mut in_degree = vec![0usize; n];
            let mut external_users: HashMap<ComponentId, Vec<usize>, BuildIdHasher> =
                HashMap::default();
            let mut replaced_by: HashMap<ComponentId, usize, BuildIdHasher> = HashMap::default();
            starts.push(0);
            for (position, contract) in self.contracts.iter().enumerate() {
                let first = successors.len();
                for dependency in contract.dependencies() {
                    let id = dependency.ty().id();
                    match self.position_of(id) {
                        Some(target) => successors.push(target),
                        None => {
                            let users = external_users.entry(id).or_default();
                            if users.last() != Some(&position) {
                                users.push(position);
                            }
                        }
                    }
                }
                let own = &mut successors[first..];
                own.sort_unstable();
                let mut kept = first;
                for i in first..successors.len() {
                    if kept == first || successors[kept - 1] != successors[i] {
                        successors[kept] = successors[i];
                        in_degree[successors[kept]] += 1;
                        kept += 1;
                    }
                }
                successors.truncate(kept);
                starts.push(kept);
                if let Some(replaced) = contract.replaces() {
                    replaced_by.entry(replaced.id()).or_insert(position);
                }
            }
            // Counting sort of the reversed edges: users come out in position order.
            let mut user_starts = Vec::with_capacity(n + 1);
            let mut total = 0;
            for degree in &in_degree {
                user_starts.push(total);
                total += degree;
            }
            user_starts.push(total);
            let mut fill = user_starts.clone();
            let mut users = vec![0; total];
            for user in 0..n {
                for &target in &successors[starts[user]..starts[user + 1]] {
                    users[fill[target]] = user;
                    fill[target] += 1;
                }
            }
            Edges {
                starts,
                successors,
                user_starts,
                users,
                external_users,
                replaced_by,
            }
        })
    }

    /// The first contract, in registry order, that replaces `replaced`.
    pub(crate) fn replacement_of(&self, replaced: ComponentId) -> Option<&'static Contract> {
        if self.shared_ids {
            return self
                .contracts
                .iter()
                .copied()
                .find(|c| c.replaces().is_some_and(|r| r.id() == replaced));
        }
        self.edges()
            .replaced_by
            .get(&replaced)
            .map(|&position| self.contracts[position])
    }

    /// Contracts that use `target`, each once, in registry order: those that declare it
    /// in `consumers(..)` or depend on it, and, when `target` is made by a factory,
    /// those that use the factory (they get a `target` per request from it).
    pub(crate) fn consumers_of(&self, target: ComponentId) -> Vec<&'static Contract> {
        let factory = self
            .get(target)
            .and_then(|contract| contract.factory())
            .map(|factory| factory.id())
            .filter(|&factory| factory != target);
        let mut positions = self.direct_users(target);
        if let Some(factory) = factory {
            positions.extend(self.direct_users(factory));
            positions.sort_unstable();
            positions.dedup();
        }
        positions
            .into_iter()
            .map(|position| self.contracts[position])
            .filter(|candidate| candidate.id() != target)
            .collect()
    }

    /// The positions of the contracts that `target`'s contract lists in `consumers(..)`
    /// or that depend on `target`, sorted, each once.
    pub(crate) fn direct_users(&self, target: ComponentId) -> Vec<usize> {
        let declared = self
            .get(target)
            .map(|contract| contract.consumers())
            .unwrap_or_default();
        if self.shared_ids {
            return (0..self.contracts.len())
                .filter(|&position| {
                    let candidate = self.contracts[position];
                    declared.iter().any(|c| c.ty().id() == candidate.id())
                        || candidate
                            .dependencies()
                            .iter()
                            .any(|d| d.ty().id() == target)
                })
                .collect();
        }
        let edges = self.edges();
        let mut positions: Vec<usize> = declared
            .iter()
            .filter_map(|consumer| self.position_of(consumer.ty().id()))
            .collect();
        match self.position_of(target) {
            Some(position) => positions.extend_from_slice(edges.users(position)),
            None => {
                if let Some(users) = edges.external_users.get(&target) {
                    positions.extend_from_slice(users);
                }
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// The hasher of the index's maps. Identities are `TypeId`s (already well mixed) or
/// small synthetic numbers, looked up tens of thousands of times per validation: a
/// multiply-rotate hash (as in rustc's `FxHasher`) is several times cheaper than
/// SipHash and spreads both well. Not exposed: nothing iterates these maps.
#[derive(Clone, Copy, Default)]
pub(crate) struct IdHasher {
    hash: u64,
}

impl IdHasher {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(26) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // Fold the high bits down: hashbrown takes its bucket from the low bits and its
        // tag from the top seven.
        self.hash.rotate_left(26)
    }
}

pub(crate) type BuildIdHasher = BuildHasherDefault<IdHasher>;

/// A list of contracts indexed once (sorted by name, identities and dependency edges
/// resolved), to validate many times: what the registry is to
/// [`validate_app_state`](crate::validate_app_state). Build one for contracts you
/// assembled yourself (with [`ContractBuilder`](crate::ContractBuilder), or a subset of
/// the registry) and pass it to [`Validator::validate_set`](crate::Validator::validate_set).
///
/// ```
/// use contracts_core::{ContractBuilder, ContractSet, Validator};
///
/// let pool = ContractBuilder::new(1, "pool").build();
/// let repo = ContractBuilder::new(2, "repository").depends_on(1, "pool").build();
/// let set = ContractSet::new(&[repo, pool]);
/// assert_eq!(set.len(), 2);
/// assert_eq!(set.contracts()[0].name(), "pool"); // sorted
/// assert!(Validator::new().validate_set(&set, None).is_ok());
/// ```
pub struct ContractSet {
    index: Index,
}

impl ContractSet {
    /// Indexes `contracts`.
    pub fn new(contracts: &[&'static Contract]) -> Self {
        ContractSet {
            index: Index::new(contracts.to_vec()),
        }
    }

    /// The contracts, sorted by name.
    pub fn contracts(&self) -> &[&'static Contract] {
        self.index.contracts()
    }

    /// How many contracts the set holds.
    pub fn len(&self) -> usize {
        self.index.contracts().len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.index.contracts().is_empty()
    }

    pub(crate) fn index(&self) -> &Index {
        &self.index
    }
}

impl std::fmt::Debug for ContractSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.contracts().iter().map(|c| c.name()))
            .finish()
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
/// they depend on `T`, or, when `T` is made per request by a factory, on that factory
/// (or are its declared consumers). Each appears once, sorted by name.
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

#[cfg(test)]
mod tests {
    use super::Index;
    use crate::descriptor::{ComponentId, Contract};
    use crate::{ContractBuilder, Phase};

    /// What `consumers_of` and `replacement_of` mean, by scanning every contract.
    fn scan_consumers(index: &Index, target: ComponentId) -> Vec<&'static str> {
        let uses = |c: &Contract, used: ComponentId| {
            index
                .get(used)
                .is_some_and(|u| u.consumers().iter().any(|d| d.ty().id() == c.id()))
                || c.dependencies().iter().any(|d| d.ty().id() == used)
        };
        let factory = index.get(target).and_then(|c| c.factory()).map(|f| f.id());
        index
            .contracts()
            .iter()
            .filter(|c| {
                c.id() != target
                    && (uses(c, target) || factory.is_some_and(|f| f != target && uses(c, f)))
            })
            .map(|c| c.name())
            .collect()
    }

    fn names(contracts: Vec<&'static Contract>) -> Vec<&'static str> {
        contracts.into_iter().map(|c| c.name()).collect()
    }

    #[test]
    fn the_edge_index_answers_like_a_scan() {
        // Pseudo-random graphs with self loops, repeated edges, external types,
        // declared consumers with and without contracts, and replacements.
        let mut seed = 7u64;
        let mut next = move |bound: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % bound
        };
        for round in 0..40 {
            let n = 1 + next(30);
            let contracts: Vec<&'static Contract> = (0..n)
                .map(|i| {
                    // Odd rounds share identities between contracts: the scanning fallback.
                    let id = if round % 2 == 0 { i } else { next(n) };
                    let mut b = ContractBuilder::new(id, format!("c{round}-{:02}", next(40)));
                    for _ in 0..next(5) {
                        b = b.depends_on(next(n + 5), "T");
                    }
                    for _ in 0..next(3) {
                        b = b.consumer(next(n + 5), "C", &[]);
                    }
                    if next(4) == 0 {
                        b = b.replaces(next(n + 5), "L", Phase::Parallel);
                    }
                    if next(3) == 0 {
                        b = b.factory(next(n + 5), "F");
                    }
                    b.build()
                })
                .collect();
            let index = Index::new(contracts);
            for target in 0..n + 5 {
                let id = ComponentId::synthetic(target);
                assert_eq!(names(index.consumers_of(id)), scan_consumers(&index, id));
                let first = index
                    .contracts()
                    .iter()
                    .find(|c| c.replaces().is_some_and(|r| r.id() == id))
                    .map(|c| c.name());
                assert_eq!(index.replacement_of(id).map(|c| c.name()), first);
            }
        }
    }
}
