//! [`SnapshotError`]: what can go wrong reading or writing a snapshot file.

use std::io;
use std::path::PathBuf;

/// Reading, parsing or writing a snapshot failed. Every message names the file, says
/// what is wrong and what to do; a failed read never modifies the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The file does not exist.
    #[error(
        "contract snapshot `{}` does not exist; create it with `Snapshot::current().save(..)`, \
         the `snapshot --output` command, or by running the baseline test with CONTRACTS_BLESS=1",
        .path.display()
    )]
    Missing {
        /// The file.
        path: PathBuf,
    },

    /// The file exists but cannot be read.
    #[error("cannot read contract snapshot `{}`: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },

    /// The file is empty (or only whitespace).
    #[error(
        "contract snapshot `{}` is empty; regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)",
        .path.display()
    )]
    Empty {
        /// The file.
        path: PathBuf,
    },

    /// The JSON stops before the document is complete: a half-written or cut file.
    #[error(
        "contract snapshot `{}` is truncated: the JSON ends unexpectedly at line {line}, column {column}; \
         restore it from version control or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)",
        .path.display()
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Where the text ends.
        line: usize,
        /// Where the text ends.
        column: usize,
    },

    /// The file is not JSON.
    #[error(
        "contract snapshot `{}` is not valid JSON: {message}; restore it from version control or regenerate it",
        .path.display()
    )]
    NotJson {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },

    /// The file was written in a schema version this crate does not read. Blessing
    /// rewrites a file of an older version but refuses one of a newer version, which
    /// it leaves as it was: this version would drop what it cannot read.
    #[error(
        "contract snapshot `{}` has schema version {found}, but this version of contracts-core reads version {supported}; \
         {}",
        .path.display(),
        if *.found > u64::from(*.supported) {
            "it was written by a newer contracts-core: upgrade contracts-core, or delete the file to rewrite it with this version \
             (CONTRACTS_BLESS=1 does not overwrite a newer file)"
        } else {
            "it was written by an older contracts-core: regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)"
        }
    )]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u64,
        /// The version this crate reads.
        supported: u32,
    },

    /// Valid JSON of the right version, but not the shape of a snapshot (a missing or
    /// unknown field, a value of the wrong type, an unknown risk or phase).
    #[error(
        "contract snapshot `{}` does not have the shape of a contract snapshot: {message}; \
         fix the file or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)",
        .path.display()
    )]
    Shape {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column when known.
        message: String,
    },

    /// Valid JSON of a snapshot's shape that no build can write: an empty contract
    /// name or type path, a name with whitespace around it, a control or text-direction
    /// character in a contract's text, a contract or a required method listed twice, a
    /// reference to a contract the file does not hold, a required method whose
    /// `signature` declares another method than its `name`, leaves a bracket without
    /// its partner or contradicts its `is_async` (a hand edit, a forged file, or a
    /// merge that kept both sides). The message says what to restore; regenerating the
    /// file fixes it too.
    #[error(
        "contract snapshot `{}` is invalid: {message}, or regenerate it (CONTRACTS_BLESS=1, or `snapshot --output`)",
        .path.display()
    )]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the entry, and what to restore.
        message: String,
    },

    /// Writing the file failed, or its path names a directory; nothing was written (a
    /// file already there was left as it was).
    #[error(
        "cannot write contract snapshot `{}`: {source}; nothing was written",
        .path.display()
    )]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

impl SnapshotError {
    pub(crate) fn from_syntax(path: PathBuf, error: &serde_json::Error) -> Self {
        if error.is_eof() {
            SnapshotError::Truncated {
                path,
                line: error.line(),
                column: error.column(),
            }
        } else {
            SnapshotError::NotJson {
                path,
                message: error.to_string(),
            }
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            SnapshotError::Missing { path }
            | SnapshotError::Read { path, .. }
            | SnapshotError::Empty { path }
            | SnapshotError::Truncated { path, .. }
            | SnapshotError::NotJson { path, .. }
            | SnapshotError::UnsupportedVersion { path, .. }
            | SnapshotError::Shape { path, .. }
            | SnapshotError::Invalid { path, .. }
            | SnapshotError::Write { path, .. } => path,
        }
    }
}
