//! The error type for `?` at startup.

use std::fmt;

use crate::report::Report;

/// Validation found violations; displays the whole report.
///
/// `Debug` shows the report as `Display` does: `fn main() -> Result<(), E>` prints an
/// error it returns with `Debug`, and that is where `into_result()?` usually ends up.
/// The report's data is still there through [`report`](Self::report).
///
/// ```
/// # use contracts_core::{ContractError, Report};
/// fn start(report: Report) -> Result<(), ContractError> {
///     report.into_result()?;
///     Ok(())
/// }
/// # start(contracts_core::validate_all()).unwrap();
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// At least one contract is violated; the report has every problem.
    #[error("{0}")]
    Violated(Box<Report>),
}

impl ContractError {
    /// The report behind the error.
    pub fn report(&self) -> &Report {
        match self {
            ContractError::Violated(report) => report,
        }
    }
}

impl fmt::Debug for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The human report, not a 1,500-character struct dump, when `main` returns it.
        fmt::Display::fmt(self, f)
    }
}
