//! `tracing` integration (feature `tracing`): a report as log events.

use crate::report::{risk_of, Problem, Report};

/// The fields every problem's event carries: its first blamed contract, where that is
/// declared, and the risk the text and JSON reports show it with.
fn fields(
    problem: &impl Problem,
    blamed: &[crate::report::ContractRef],
) -> (String, String, String) {
    let risk = risk_of(problem).map_or_else(String::new, |risk| risk.to_string());
    match blamed.first() {
        Some(first) => (
            first.name.to_owned(),
            risk,
            format!("{}:{}", first.file, first.line),
        ),
        None => (String::new(), risk, String::new()),
    }
}

impl Report {
    /// Emits the report as `tracing` events (target `contracts`): one `info` with the
    /// summary, one `error` per violation and one `warn` per warning, each with the
    /// fields `code`, `contract` (the first contract involved), `risk` (the highest
    /// involved, a replaced type's contract included, as in the text and JSON reports),
    /// `declared_at` (`file:line`) and `help`.
    ///
    /// ```
    /// let report = contracts_core::validate_all();
    /// report.trace(); // at startup, with a subscriber installed
    /// ```
    pub fn trace(&self) {
        tracing::info!(
            target: "contracts",
            checked = self.checked(),
            passed = self.passed(),
            failed = self.failed(),
            pass_rate = self.pass_rate(),
            violations = self.violations().len(),
            warnings = self.warnings().len(),
            "{}",
            self.summary_line(),
        );
        for violation in self.violations() {
            let (contract, risk, declared_at) = fields(violation, &violation.contracts());
            tracing::error!(
                target: "contracts",
                code = violation.code(),
                contract = contract.as_str(),
                risk = risk.as_str(),
                declared_at = declared_at.as_str(),
                help = violation.help().as_str(),
                "{violation}"
            );
        }
        for warning in self.warnings() {
            let (contract, risk, declared_at) = fields(warning, &warning.contracts());
            tracing::warn!(
                target: "contracts",
                code = warning.code(),
                contract = contract.as_str(),
                risk = risk.as_str(),
                declared_at = declared_at.as_str(),
                help = warning.help().as_str(),
                "{warning}"
            );
        }
    }
}
