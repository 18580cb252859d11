//! The workspace root package: it owns the runnable `examples/` and the integration
//! `tests/` of migration-contracts and is never published. The library is
//! `contracts-core`.
