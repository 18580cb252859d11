//! A library crate with its own contracts, used by the workspace tests to show that
//! contracts declared in a dependency are registered in the binary that links it.

use std::sync::Arc;

use contracts_core::MigrationContract;

/// A connection pool owned by the library.
#[derive(MigrationContract)]
#[contract(
    name = "ledger-pool",
    risk = "high",
    requires(fn size(&self) -> usize),
    consumers(PaymentGateway = [size]),
    required
)]
pub struct LedgerPool {
    size: usize,
}

impl LedgerPool {
    /// A pool of `size` connections.
    pub fn new(size: usize) -> Self {
        LedgerPool { size }
    }

    /// How many connections it holds.
    pub fn size(&self) -> usize {
        self.size
    }
}

/// A gateway that needs the pool.
#[derive(MigrationContract)]
#[contract(name = "payment-gateway", risk = "critical")]
pub struct PaymentGateway {
    #[contract(dependency)]
    pool: Arc<LedgerPool>,
}

impl PaymentGateway {
    /// A gateway over `pool`.
    pub fn new(pool: Arc<LedgerPool>) -> Self {
        PaymentGateway { pool }
    }

    /// The pool's size, to show the dependency is used.
    pub fn pool_size(&self) -> usize {
        self.pool.size()
    }
}
