//! The error type for `?` at startup.

use crate::report::Report;

/// Validation found violations; displays the whole report.
///
/// ```
/// # use contracts_core::{ContractError, Report};
/// fn start(report: Report) -> Result<(), ContractError> {
///     report.into_result()?;
///     Ok(())
/// }
/// # start(contracts_core::validate_all()).unwrap();
/// ```
#[derive(Debug, thiserror::Error)]
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
