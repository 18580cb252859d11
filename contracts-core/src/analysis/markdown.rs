//! Rendering the compliance report and the migration plan as Markdown.

use std::fmt::Write as _;

use super::compliance::{ComplianceReport, ConsumerOnType, Finding, MigrationStatus};
use super::plan::{MigrationPlan, PlanComponent, StepStatus};
use super::risk_characteristics;
use crate::report::one_line;

/// Escapes text for a Markdown table cell: one line (a `\r` ends a line in Markdown
/// as `\n` does), no column separator.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

fn consumers(list: &[ConsumerOnType]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter()
        .map(|c| {
            let mut text = format!("`{}` ({}", c.name, c.effective_risk);
            if !c.has_contract {
                text.push_str(", no contract");
            }
            text.push_str("; ");
            text.push_str(
                &c.uses
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
            );
            // Its contract names the factory, not the type: say so, or a reader looks
            // for the type in its `depends_on(..)` and does not find it.
            if let Some(factory) = c.through_factory {
                let _ = write!(text, " via its factory `{factory}`");
            }
            if !c.methods.is_empty() {
                text.push_str(": ");
                text.push_str(&c.methods.join(", "));
            }
            text.push(')');
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn findings(out: &mut String, title: &str, list: &[Finding]) {
    let _ = writeln!(out, "## {title} ({})\n", list.len());
    if list.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    for finding in list {
        let risk = finding
            .risk
            .map_or_else(String::new, |r| format!(" (risk {r})"));
        let _ = writeln!(out, "- **{}**{risk}: {}", finding.code, finding.message);
        for value in &finding.business_values {
            let _ = writeln!(
                out,
                "  - business value of `{}`: {}",
                value.contract,
                one_line(value.value)
            );
        }
        let _ = writeln!(out, "  - help: {}", finding.help);
    }
    out.push('\n');
}

impl ComplianceReport {
    /// The report as Markdown: a summary table, each migration (with the `contracts plan`
    /// command that shows its plan: the legacy component's name, or the replacement's
    /// when several contracts replace that legacy component), migrations per phase,
    /// contracts by effective risk with the required actions, then every violation and
    /// warning.
    pub fn to_markdown(&self) -> String {
        let s = &self.summary;
        let mut out = String::new();
        out.push_str("# Migration compliance report\n\n");
        let _ = writeln!(
            out,
            "**Status: {}**\n",
            if s.compliant {
                "compliant (no violation)".to_owned()
            } else {
                format!(
                    "not compliant ({} violation{}): do not proceed to the next phase",
                    s.violations,
                    if s.violations == 1 { "" } else { "s" }
                )
            }
        );
        out.push_str("| metric | value |\n| --- | --- |\n");
        if s.checked == 0 {
            // A 100% rate of nothing would contradict a failing status.
            out.push_str("| contract validation pass rate | none checked (no contract) |\n");
        } else {
            let _ = writeln!(
                out,
                "| contract validation pass rate | {} ({} of {} contracts; target 100%) |",
                percent(s.pass_rate),
                s.passed,
                s.checked
            );
        }
        let _ = writeln!(
            out,
            "| contracts | {} (and {} type{} without a contract) |",
            s.contracts,
            s.external_types,
            if s.external_types == 1 { "" } else { "s" }
        );
        let _ = writeln!(out, "| violations | {} |", s.violations);
        let _ = writeln!(out, "| warnings | {} |", s.warnings);
        let _ = writeln!(out, "| migrations | {} |", s.migrations);
        let _ = writeln!(
            out,
            "| consumers still on legacy types | {} |",
            s.consumers_on_legacy
        );
        out.push('\n');

        let _ = writeln!(out, "## Migrations ({})\n", self.migrations.len());
        if self.migrations.is_empty() {
            out.push_str("None declared (`replaces = ..`).\n\n");
        }
        for m in &self.migrations {
            let _ = writeln!(
                out,
                "### `{}` replaces `{}` (phase: {})\n",
                m.replacement, m.legacy, m.phase
            );
            let _ = writeln!(
                out,
                "- effective risk: **{}**; required: {}",
                m.effective_risk, m.required_actions
            );
            if let Some(value) = m.business_value {
                let _ = writeln!(out, "- business value at stake: {}", one_line(value));
            }
            let _ = writeln!(
                out,
                "- contract validation pass rate: {} ({} of {} contracts involved)",
                percent(m.pass_rate),
                m.passed,
                m.checked
            );
            let _ = writeln!(
                out,
                "- consumers still on the legacy type ({}): {}",
                m.consumers_on_legacy.len(),
                consumers(&m.consumers_on_legacy)
            );
            let _ = writeln!(
                out,
                "- consumers on the replacement ({}): {}",
                m.consumers_moved.len(),
                consumers(&m.consumers_moved)
            );
            let _ = writeln!(
                out,
                "- legacy contract still registered: {}",
                if m.legacy_has_contract { "yes" } else { "no" }
            );
            for v in &m.violations {
                let _ = writeln!(out, "- violation **{}**: {}", v.code, v.message);
            }
            for w in &m.warnings {
                let _ = writeln!(out, "- warning **{}**: {}", w.code, w.message);
            }
            if let Some(name) = self.plan_name(m) {
                // `--` first for a name the command line would read as an option.
                let end_of_options = if name.starts_with('-') { "-- " } else { "" };
                let _ = writeln!(
                    out,
                    "- plan: `contracts plan {end_of_options}{}`",
                    shell_word(name)
                );
            }
            out.push('\n');
        }

        out.push_str("## Migrations per phase\n\n| phase | migrations |\n| --- | --- |\n");
        for p in &self.phases {
            let _ = writeln!(out, "| {} | {} |", p.phase, p.migrations);
        }
        out.push('\n');

        out.push_str("## Contracts by effective risk\n\n");
        out.push_str("| risk | contracts | typical components (the playbook's examples) | required actions |\n| --- | --- | --- | --- |\n");
        for level in &self.risk_levels {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                level.risk,
                level.contracts.len(),
                risk_characteristics(level.risk),
                level.required_actions
            );
        }
        out.push('\n');
        out.push_str("| contract | effective | declared | why | declared at |\n| --- | --- | --- | --- | --- |\n");
        for level in &self.risk_levels {
            for c in &level.contracts {
                let why = if c.reasons.is_empty() {
                    "declared".to_owned()
                } else {
                    c.reasons.join("; ")
                };
                let _ = writeln!(
                    out,
                    "| `{}` | **{}** | {} | {} | {} |",
                    cell(c.name),
                    c.effective_risk,
                    c.declared_risk,
                    cell(&why),
                    cell(&c.location)
                );
            }
        }
        out.push('\n');

        findings(&mut out, "Violations", &self.violations);
        findings(&mut out, "Warnings", &self.warnings);
        cutovers(&mut out, &self.cutovers);
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

impl ComplianceReport {
    /// The name that makes `contracts plan` show the plan of `migration`: the legacy
    /// component's, unless another contract replaces it too (the plan would then ask
    /// which replacement), in which case the replacement's. `None` when neither works:
    /// the replacement of a shared legacy is itself replaced, so its name gives the plan
    /// of that later migration.
    fn plan_name(&self, migration: &MigrationStatus) -> Option<&'static str> {
        // Contracts that replace each other have no plan (`PlanError::ReplacementCycle`).
        if migration
            .violations
            .iter()
            .any(|v| v.code == crate::report::REPLACEMENT_CYCLE)
        {
            return None;
        }
        let replacements = self
            .migrations
            .iter()
            .filter(|m| m.legacy == migration.legacy)
            .count();
        if replacements <= 1 {
            return Some(migration.legacy);
        }
        let replaced = self
            .migrations
            .iter()
            .any(|m| m.legacy == migration.replacement);
        (!replaced).then_some(migration.replacement)
    }
}

fn component_row(out: &mut String, role: &str, c: &PlanComponent) {
    let mut text = format!("`{}`", c.name);
    if c.type_name != c.name {
        let _ = write!(text, " (`{}`)", c.type_name);
    }
    match &c.location {
        Some(location) => {
            let _ = write!(text, ", {location}");
        }
        None => text.push_str(", no contract"),
    }
    let _ = write!(text, "; risk {}", c.effective_risk);
    if let Some(declared) = c.declared_risk.filter(|&d| d != c.effective_risk) {
        let _ = write!(text, " (declared {declared})");
    }
    let _ = writeln!(out, "| {role} | {} |", cell(&text));
}

impl MigrationPlan {
    /// The plan as a Markdown checklist: a summary table, then the five phases, each
    /// step with its status, details, validation, rollback note and prerequisites.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Migration plan: `{}` to `{}`\n",
            self.legacy.name, self.replacement.name
        );
        out.push_str("| | |\n| --- | --- |\n");
        component_row(&mut out, "legacy", &self.legacy);
        component_row(&mut out, "replacement", &self.replacement);
        let _ = writeln!(out, "| phase | {} |", self.phase);
        let _ = writeln!(
            out,
            "| effective risk | **{}**: {} |",
            self.effective_risk, self.required_actions
        );
        let _ = writeln!(out, "| strategy | {} |", self.strategy.describe());
        let _ = writeln!(
            out,
            "| consumers | {} to move, {} moved |",
            self.consumers_to_move, self.consumers_moved
        );
        if let Some(value) = self
            .replacement
            .business_value
            .or(self.legacy.business_value)
        {
            let _ = writeln!(out, "| business value | {} |", cell(value));
        }
        out.push('\n');
        if !self.risk_reasons.is_empty() {
            let _ = writeln!(out, "Why {}:\n", self.effective_risk);
            for reason in &self.risk_reasons {
                let _ = writeln!(out, "- {reason}");
            }
            out.push('\n');
        }
        for phase in &self.phases {
            let _ = writeln!(out, "## Phase {}: {}\n", phase.number, phase.name);
            let _ = writeln!(out, "_{}_\n", phase.purpose);
            for step in &phase.steps {
                let mark = if step.status == StepStatus::Done {
                    "x"
                } else {
                    " "
                };
                let _ = write!(out, "- [{mark}] **{}** {}", step.id, step.title);
                match step.status {
                    StepStatus::Blocked => {
                        let _ = writeln!(out, " (blocked: after {})", step.after.join(", "));
                    }
                    status => {
                        let _ = writeln!(out, " ({status})");
                    }
                }
                for detail in &step.details {
                    let _ = writeln!(out, "  - {detail}");
                }
                for check in &step.validation {
                    let _ = writeln!(out, "  - validate: {check}");
                }
                let _ = writeln!(out, "  - rollback: {}", step.rollback);
            }
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

/// One table per cutover: which consumer is on which side, and the calls each served.
fn cutovers(out: &mut String, cutovers: &[crate::cutover::CutoverStatus]) {
    if cutovers.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Cutovers ({})\n", cutovers.len());
    for status in cutovers {
        let on_new = status.on(crate::cutover::Side::New).len();
        let _ = writeln!(
            out,
            "### `{}` -> `{}`: {} of {} consumer{} on new\n",
            cell(&status.legacy),
            cell(&status.new),
            on_new,
            status.consumers.len(),
            if status.consumers.len() == 1 { "" } else { "s" }
        );
        out.push_str("| consumer | side | legacy calls | new calls | moves | rollbacks |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for c in &status.consumers {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                cell(&c.consumer),
                c.side.as_str(),
                c.legacy_calls,
                c.new_calls,
                c.moves,
                c.rollbacks
            );
        }
        if status.unregistered_calls > 0 {
            let _ = writeln!(
                out,
                "\n{} came from consumers never registered (served by legacy).",
                if status.unregistered_calls == 1 {
                    "1 call".to_owned()
                } else {
                    format!("{} calls", status.unregistered_calls)
                }
            );
        }
        out.push('\n');
    }
}

/// `name` as one word of a POSIX shell command line, so that the command shown can be
/// pasted: as it is when it holds only characters no shell treats specially, else in
/// single quotes (a `'` inside written `'\''`).
fn shell_word(name: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:/+@%,=".contains(c);
    if !name.is_empty() && name.chars().all(plain) {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}
