//! The baseline test helper: compare the current contracts with a committed snapshot,
//! rewrite it on request (`CONTRACTS_BLESS=1`), or ratchet its known violations.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::diff::{ChangeKind, Diff};
use super::{KnownViolation, Snapshot, SnapshotError};

/// How [`check_baseline`] judges the current contracts against the baseline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineMode {
    /// Any change fails, except a declaration that only moved (file or line); so does
    /// any difference in the recorded violations.
    #[default]
    Exact,
    /// Known violations recorded in the baseline are tolerated (also with fewer
    /// contracts involved than recorded), new ones fail, fixed ones are reported so the
    /// baseline can shrink. Breaking contract changes fail; risky and compatible ones
    /// are reported.
    Ratchet,
}

/// What [`check_baseline`] concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineStatus {
    /// The contracts match the baseline.
    Matches,
    /// Ratchet mode: there are differences, none of them fails the ratchet.
    Tolerated,
    /// The contracts drifted from the baseline: the test fails.
    Failed,
    /// Blessed: the baseline did not exist and was written.
    Created,
    /// Blessed: the baseline was rewritten with the current contracts.
    Updated,
    /// Blessed: the baseline already held exactly the current contracts.
    Unchanged,
}

/// The outcome of [`check_baseline`]: its status, the diff from the baseline to the
/// current contracts, and how the recorded violations compare. `Display` renders the
/// message a failing test shows.
#[derive(Clone, Debug, Serialize)]
pub struct BaselineOutcome {
    path: PathBuf,
    mode: BaselineMode,
    status: BaselineStatus,
    diff: Diff,
    new_violations: Vec<KnownViolation>,
    fixed_violations: Vec<KnownViolation>,
    known_violations: Vec<KnownViolation>,
    improved_violations: Vec<KnownViolation>,
}

impl BaselineOutcome {
    /// Whether the test passes: anything but [`BaselineStatus::Failed`].
    pub fn passed(&self) -> bool {
        self.status != BaselineStatus::Failed
    }

    /// The status.
    pub fn status(&self) -> BaselineStatus {
        self.status
    }

    /// The baseline file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The mode it was checked in.
    pub fn mode(&self) -> BaselineMode {
        self.mode
    }

    /// Every change from the baseline to the current contracts (empty when the baseline
    /// was created).
    pub fn diff(&self) -> &Diff {
        &self.diff
    }

    /// Violations of the current contracts that the baseline does not record.
    pub fn new_violations(&self) -> &[KnownViolation] {
        &self.new_violations
    }

    /// Violations the baseline records that are gone: bless to shrink the baseline.
    pub fn fixed_violations(&self) -> &[KnownViolation] {
        &self.fixed_violations
    }

    /// Violations the baseline records, with the same contracts involved or fewer:
    /// tolerated in ratchet mode.
    pub fn known_violations(&self) -> &[KnownViolation] {
        &self.known_violations
    }

    /// The known violations that involve fewer contracts than recorded (a migration
    /// that moved some of its consumers): progress, which ratchet mode lets through;
    /// bless to record it.
    pub fn improved_violations(&self) -> &[KnownViolation] {
        &self.improved_violations
    }
}

fn write_violations(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    list: &[KnownViolation],
) -> fmt::Result {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(f, "\n{title} ({}):", list.len())?;
    for violation in list {
        writeln!(f, "  - {violation}")?;
    }
    Ok(())
}

impl fmt::Display for BaselineOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let mode = match self.mode {
            BaselineMode::Exact => "",
            BaselineMode::Ratchet => " (ratchet)",
        };
        match self.status {
            BaselineStatus::Created => {
                return writeln!(f, "contract baseline `{path}`{mode} created")
            }
            BaselineStatus::Updated => {
                writeln!(f, "contract baseline `{path}`{mode} updated")?;
            }
            BaselineStatus::Unchanged => {
                return writeln!(f, "contract baseline `{path}`{mode} already up to date")
            }
            BaselineStatus::Matches => {
                writeln!(f, "contract baseline `{path}`{mode} matches the current contracts")?;
            }
            BaselineStatus::Tolerated => {
                writeln!(
                    f,
                    "contract baseline `{path}`{mode} holds: {} known violation{} tolerated ({} improved), {} fixed, {} new; {} breaking change{}",
                    self.known_violations.len(),
                    if self.known_violations.len() == 1 { "" } else { "s" },
                    self.improved_violations.len(),
                    self.fixed_violations.len(),
                    self.new_violations.len(),
                    self.diff.count(super::Severity::Breaking),
                    if self.diff.count(super::Severity::Breaking) == 1 { "" } else { "s" },
                )?;
            }
            BaselineStatus::Failed => match self.mode {
                BaselineMode::Exact => writeln!(
                    f,
                    "contract baseline `{path}` does not match the current contracts"
                )?,
                BaselineMode::Ratchet => writeln!(
                    f,
                    "contract baseline `{path}` (ratchet) failed: {} new violation{}, {} breaking change{}",
                    self.new_violations.len(),
                    if self.new_violations.len() == 1 { "" } else { "s" },
                    self.diff.count(super::Severity::Breaking),
                    if self.diff.count(super::Severity::Breaking) == 1 { "" } else { "s" },
                )?,
            },
        }
        let shown = match self.mode {
            BaselineMode::Exact => self
                .diff
                .filter(|c| c.kind() != ChangeKind::LocationChanged),
            BaselineMode::Ratchet => self.diff.clone(),
        };
        if !shown.is_empty() {
            writeln!(f)?;
            write!(f, "{shown}")?;
        }
        write_violations(f, "new violations", &self.new_violations)?;
        write_violations(
            f,
            "improved violations, fewer contracts involved than the baseline records",
            &self.improved_violations,
        )?;
        write_violations(
            f,
            "fixed violations, still recorded in the baseline",
            &self.fixed_violations,
        )?;
        match self.status {
            BaselineStatus::Failed => writeln!(
                f,
                "\nif these changes are intended, rerun the test with CONTRACTS_BLESS=1 and commit the updated `{path}`"
            ),
            BaselineStatus::Tolerated | BaselineStatus::Matches
                if !self.fixed_violations.is_empty() || !self.improved_violations.is_empty() =>
            {
                writeln!(
                    f,
                    "\nrerun the test with CONTRACTS_BLESS=1 to shrink the baseline"
                )
            }
            _ => Ok(()),
        }
    }
}

/// Whether `CONTRACTS_BLESS` asks to rewrite baselines: set to anything but empty,
/// `0`, `false` or `no`.
pub fn bless_requested() -> bool {
    match std::env::var_os("CONTRACTS_BLESS") {
        None => false,
        Some(value) => {
            let value = value.to_string_lossy().trim().to_ascii_lowercase();
            !matches!(value.as_str(), "" | "0" | "false" | "no")
        }
    }
}

/// Compares `current` with the baseline at `path`, without reading the environment and
/// without panicking: the engine of [`assert_baseline`] and
/// [`assert_baseline_ratchet`], for tools and tests that pass the mode explicitly.
///
/// With `bless`, the baseline is (re)written with `current` whatever it held (a
/// missing or unreadable file included) and the outcome passes, except a baseline
/// written by a newer contracts-core ([`SnapshotError::UnsupportedVersion`] with a
/// higher version), which is refused and left as it was: upgrade, or delete it to
/// rewrite it with this version. Without `bless`, the file is only read; a missing or
/// malformed baseline is an error naming the file.
///
/// ```
/// use contracts_core::snapshot::{check_baseline, BaselineMode, BaselineStatus, Snapshot};
/// use contracts_core::ContractBuilder;
///
/// let dir = std::env::temp_dir().join(format!("contracts-doc-baseline-{}", std::process::id()));
/// let path = dir.join("contracts.json");
/// let v1 = Snapshot::from_contracts([ContractBuilder::new(1, "pool").build()]);
///
/// let created = check_baseline(&path, &v1, BaselineMode::Exact, true).unwrap();
/// assert_eq!(created.status(), BaselineStatus::Created);
/// assert!(check_baseline(&path, &v1, BaselineMode::Exact, false).unwrap().passed());
///
/// let v2 = Snapshot::from_contracts([ContractBuilder::new(1, "pool").required().build()]);
/// let drifted = check_baseline(&path, &v2, BaselineMode::Exact, false).unwrap();
/// assert!(!drifted.passed());
/// assert!(drifted.to_string().contains("CONTRACTS_BLESS=1"));
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn check_baseline(
    path: impl AsRef<Path>,
    current: &Snapshot,
    mode: BaselineMode,
    bless: bool,
) -> Result<BaselineOutcome, SnapshotError> {
    let path = path.as_ref();
    if bless {
        let existing = match Snapshot::load(path) {
            // A newer contracts-core wrote it: rewriting it in this version's format
            // would drop what this version cannot read.
            Err(
                error @ SnapshotError::UnsupportedVersion {
                    found, supported, ..
                },
            ) if found > u64::from(supported) => return Err(error),
            existing => existing,
        };
        let json = current.to_json();
        let unchanged = std::fs::read(path).is_ok_and(|bytes| bytes == json.as_bytes());
        let status = if unchanged {
            BaselineStatus::Unchanged
        } else {
            let existed = path.exists();
            current.save(path)?;
            if existed {
                BaselineStatus::Updated
            } else {
                BaselineStatus::Created
            }
        };
        let mut outcome = compare(path, existing.as_ref().ok(), current, mode);
        outcome.status = status;
        return Ok(outcome);
    }
    let baseline = Snapshot::load(path)?;
    Ok(compare(path, Some(&baseline), current, mode))
}

fn compare(
    path: &Path,
    baseline: Option<&Snapshot>,
    current: &Snapshot,
    mode: BaselineMode,
) -> BaselineOutcome {
    let (diff, recorded) = match baseline {
        Some(baseline) => (super::diff(baseline, current), baseline.violations()),
        None => (Diff::default(), current.violations()),
    };
    let MatchedViolations {
        new_violations,
        fixed_violations,
        known_violations,
        improved_violations,
    } = MatchedViolations::new(recorded, current.violations());
    let status = match mode {
        BaselineMode::Exact => {
            let significant = diff
                .changes()
                .iter()
                .any(|c| c.kind() != ChangeKind::LocationChanged);
            if significant
                || !new_violations.is_empty()
                || !fixed_violations.is_empty()
                || !improved_violations.is_empty()
            {
                BaselineStatus::Failed
            } else {
                BaselineStatus::Matches
            }
        }
        BaselineMode::Ratchet => {
            if diff.has_breaking() || !new_violations.is_empty() {
                BaselineStatus::Failed
            } else if diff.is_empty()
                && fixed_violations.is_empty()
                && improved_violations.is_empty()
            {
                BaselineStatus::Matches
            } else {
                BaselineStatus::Tolerated
            }
        }
    };
    BaselineOutcome {
        path: path.to_path_buf(),
        mode,
        status,
        diff,
        new_violations,
        fixed_violations,
        known_violations,
        improved_violations,
    }
}

/// The current violations sorted against the recorded ones.
///
/// A violation is known when one recorded under the same rule, about the same root,
/// involved the same contracts or more: a migration that moved one of its two
/// consumers, a cycle that lost a member, a missing component fewer contracts need.
/// That is progress, and the ratchet must let it through; it is listed as improved so
/// the baseline can be blessed to the smaller set. A violation that involves a contract the record does not is new
/// (a consumer that joined an incomplete migration makes it worse), and the record it
/// grew from is not fixed.
struct MatchedViolations {
    new_violations: Vec<KnownViolation>,
    fixed_violations: Vec<KnownViolation>,
    known_violations: Vec<KnownViolation>,
    improved_violations: Vec<KnownViolation>,
}

impl MatchedViolations {
    fn new(recorded: &[KnownViolation], current: &[KnownViolation]) -> Self {
        let (recorded_by_rule, current_by_rule) = (by_rule(recorded), by_rule(current));
        let mut out = MatchedViolations {
            new_violations: Vec::new(),
            fixed_violations: Vec::new(),
            known_violations: Vec::new(),
            improved_violations: Vec::new(),
        };
        for violation in current {
            let records = same_rule(&recorded_by_rule, &violation.code);
            if records
                .iter()
                .any(|record| matches_exactly(record, violation))
            {
                out.known_violations.push(violation.clone());
            } else if records
                .iter()
                .any(|record| same_root(record, violation) && involves_all(record, violation))
            {
                out.known_violations.push(violation.clone());
                out.improved_violations.push(violation.clone());
            } else {
                out.new_violations.push(violation.clone());
            }
        }
        for record in recorded {
            let still = same_rule(&current_by_rule, &record.code)
                .iter()
                .any(|violation| {
                    // A record without a root (written before roots were recorded)
                    // is still open while any violation around its contracts is:
                    // leniency here only keeps it off the "fixed" list.
                    matches_exactly(record, violation)
                        || (record.root.is_none() || same_root(record, violation))
                            && (involves_all(record, violation) || involves_all(violation, record))
                });
            if !still {
                out.fixed_violations.push(record.clone());
            }
        }
        out
    }
}

/// The violations of `list` by rule, for [`same_rule`].
fn by_rule(list: &[KnownViolation]) -> HashMap<&str, Vec<&KnownViolation>> {
    let mut index: HashMap<&str, Vec<&KnownViolation>> = HashMap::new();
    for violation in list {
        index.entry(&violation.code).or_default().push(violation);
    }
    index
}

/// The violations of `index` under the rule `code`.
fn same_rule<'m, 'a>(
    index: &'m HashMap<&'a str, Vec<&'a KnownViolation>>,
    code: &str,
) -> &'m [&'a KnownViolation] {
    index.get(code).map_or(&[], Vec::as_slice)
}

/// Whether a violation is the recorded one: the same contracts, and the same root
/// unless the record has none (a baseline written before roots were recorded).
fn matches_exactly(recorded: &KnownViolation, current: &KnownViolation) -> bool {
    if recorded.contracts == current.contracts {
        return recorded.root.is_none() || recorded.root == current.root;
    }
    // A record without a root may also be in the form of a baseline written before
    // roots were recorded, which named no type without a contract but a missing one
    // (the root).
    recorded.root.is_none()
        && recorded.contracts.iter().eq(current
            .contracts
            .iter()
            .filter(|name| !name.starts_with('`') || current.root.as_ref() == Some(*name)))
}

/// Whether two violations of one rule are about the same root: the same missing
/// component, the same migration. A missing `a` is not a missing `pool` that fewer
/// contracts need, even if `a` needed `pool`.
fn same_root(recorded: &KnownViolation, current: &KnownViolation) -> bool {
    recorded.root == current.root
}

/// Whether `wider` involves every contract `narrower` does (both lists are sorted).
fn involves_all(wider: &KnownViolation, narrower: &KnownViolation) -> bool {
    narrower
        .contracts
        .iter()
        .all(|name| wider.contracts.binary_search(name).is_ok())
}

#[track_caller]
fn assert_with(path: &Path, mode: BaselineMode) {
    let current = Snapshot::current();
    if let Some(message) = nothing_registered(path, &current) {
        panic!("{message}");
    }
    match check_baseline(path, &current, mode, bless_requested()) {
        Err(error) => panic!("{error}"),
        Ok(outcome) if !outcome.passed() => panic!("{outcome}"),
        Ok(outcome) => {
            let quiet = outcome.status() == BaselineStatus::Matches;
            if !quiet {
                eprint!("{outcome}");
            }
        }
    }
}

/// With no contract registered in the test binary, comparing (or blessing) would
/// report every recorded contract as removed (or write an empty baseline over them).
/// That is almost always a crate that is not linked into the test: say so instead.
fn nothing_registered(path: &Path, current: &Snapshot) -> Option<String> {
    if !current.contracts().is_empty() {
        return None;
    }
    // An existing baseline that records no contract matches; anything else (a baseline
    // with contracts, none yet, or blessing) would lose or write nothing useful.
    let baseline = Snapshot::load(path).ok();
    let recorded = baseline.as_ref().map_or(0, |b| b.contracts().len());
    if baseline.is_some() && recorded == 0 && !bless_requested() {
        return None;
    }
    Some(format!(
        "no migration contract is registered in this test binary, so there is nothing to compare with `{}`{}; the crate that declares the contracts is probably not linked into this test: add `use that_crate as _;` to the test file (see the README's linking note). Nothing was written.",
        path.display(),
        if recorded == 0 {
            String::new()
        } else {
            format!(" (it records {recorded} contract{})", if recorded == 1 { "" } else { "s" })
        }
    ))
}

/// Asserts that the registered contracts match the baseline snapshot at `path`
/// (relative paths are relative to the working directory, which `cargo test` sets to
/// the package's root). Panics with the classified diff otherwise.
///
/// Run the test with `CONTRACTS_BLESS=1` to write or rewrite the baseline (as with
/// trybuild and insta), then commit it; a baseline written by a newer contracts-core
/// is never overwritten (see [`check_baseline`]). A declaration that only moved
/// (another line or file) does not fail the test; bless to refresh the recorded
/// location. Any other change fails, and so does a change in the recorded violations;
/// for a baseline that tolerates known violations, see [`assert_baseline_ratchet`].
///
/// ```no_run
/// #[test]
/// fn contracts_match_the_baseline() {
///     contracts_core::snapshot::assert_baseline("tests/contracts.json");
/// }
/// ```
#[track_caller]
pub fn assert_baseline(path: impl AsRef<Path>) {
    assert_with(path.as_ref(), BaselineMode::Exact);
}

/// Like [`assert_baseline`], in [`BaselineMode::Ratchet`]: the violations recorded in
/// the baseline are tolerated, a new violation fails, a fixed one is reported (on
/// stderr) so the baseline can shrink with `CONTRACTS_BLESS=1`. A recorded violation
/// that now involves fewer contracts (one consumer of two moved) is tolerated and
/// reported as improved; one that involves a contract the record does not is new.
/// Breaking contract changes fail; risky and compatible ones are reported.
///
/// ```no_run
/// #[test]
/// fn no_new_contract_violations() {
///     contracts_core::snapshot::assert_baseline_ratchet("tests/contracts-ratchet.json");
/// }
/// ```
#[track_caller]
pub fn assert_baseline_ratchet(path: impl AsRef<Path>) {
    assert_with(path.as_ref(), BaselineMode::Ratchet);
}
