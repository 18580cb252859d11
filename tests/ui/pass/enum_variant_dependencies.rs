// Enum variants exclude each other, and the live value is one of them: a type that
// only dependency fields name is required when every variant requires it, and
// optional otherwise (a `Memory` cache does not need the `Redis` client).
// `depends_on(..)` states a requirement for every variant.
use std::sync::Arc;

use contracts_core::{contract_of, MigrationContract};

pub struct Pool;
pub struct RedisClient;
pub struct MemStore;
pub struct Metrics;
pub struct Clock;

#[derive(MigrationContract)]
pub enum Store {
    Cached(#[contract(dependency)] Option<Arc<Pool>>),
    Direct(#[contract(dependency)] Arc<Pool>),
}

#[derive(MigrationContract)]
#[contract(depends_on(RedisClient))]
pub enum SessionCache {
    Memory(#[contract(dependency)] Arc<MemStore>, #[contract(dependency)] Arc<Metrics>),
    Redis {
        #[contract(dependency)]
        client: Arc<RedisClient>,
        #[contract(dependency)]
        metrics: Arc<Metrics>,
    },
    Off(#[contract(dependency)] Arc<Metrics>, #[contract(dependency)] Option<Arc<Clock>>),
}

fn recorded<T: 'static>() -> Vec<(&'static str, bool)> {
    let contract = contract_of::<T>().expect("registered");
    let mut recorded: Vec<(&str, bool)> = contract
        .dependencies()
        .iter()
        .map(|d| (d.ty().name(), d.is_optional()))
        .collect();
    recorded.sort();
    recorded
}

fn main() {
    // Optional in one variant: optional.
    assert_eq!(recorded::<Store>(), [("Pool", true)]);
    assert_eq!(
        recorded::<SessionCache>(),
        [
            ("Clock", true),        // optional where it appears
            ("MemStore", true),     // one variant of three
            ("Metrics", false),     // every variant
            ("RedisClient", false), // `depends_on(..)`
        ]
    );
    let _ = (Store::Cached(None), Store::Direct(Arc::new(Pool)));
    let _ = (
        SessionCache::Memory(Arc::new(MemStore), Arc::new(Metrics)),
        SessionCache::Redis { client: Arc::new(RedisClient), metrics: Arc::new(Metrics) },
        SessionCache::Off(Arc::new(Metrics), Some(Arc::new(Clock))),
    );
}
