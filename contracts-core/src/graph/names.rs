//! Finding a component by name, and suggesting the closest names when there is none.

use std::fmt;

use super::{ContractGraph, NodeId};
use crate::descriptor::short_type_name;

/// The error of [`ContractGraph::find`]: an empty name, or no component, or more than
/// one, has the name (the same name twice, or one contract's name that is another
/// contract's type name).
///
/// ```
/// use contracts_core::{graph::ContractGraph, ContractBuilder};
/// let graph = ContractGraph::new(&[ContractBuilder::new(1, "bridge-factory")
///     .type_name("app::Maker")
///     .build()]);
/// let error = graph.find("bridge-factroy").unwrap_err();
/// assert_eq!(error.suggestions(), ["bridge-factory"]);
///
/// // Close to the type's name only: the message shows the name that was close.
/// let error = graph.find("Makr").unwrap_err();
/// assert_eq!(error.suggestions(), ["bridge-factory"]);
/// assert_eq!(
///     error.to_string(),
///     "unknown component `Makr`; did you mean `Maker` (contract `bridge-factory`)?"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupError {
    /// The name asked for is empty (or only whitespace): no component has such a name.
    Empty,
    /// No component has the name.
    #[non_exhaustive]
    Unknown {
        /// The name asked for.
        name: String,
        /// The closest known components, best first (at most three), by contract name
        /// (or, without a contract, the type as written).
        suggestions: Vec<&'static str>,
        /// For each suggestion, the name that is close to the one asked for: the
        /// suggestion itself when it is close, else the last segment of its contract's
        /// type name.
        matched: Vec<&'static str>,
    },
    /// Several components answer to the name (duplicate contract names, or a short
    /// type name shared by types in different modules).
    Ambiguous {
        /// The name asked for.
        name: String,
        /// Each candidate's full type name.
        candidates: Vec<&'static str>,
    },
    /// The name is one contract's `name` and the type name (full, or its last segment)
    /// of other contracts: `#[contract(name = "DbPool")] struct Impostor` beside a type
    /// `DbPool` whose contract is `db-pool`. Neither reading is preferred; the first is
    /// found by its full type name, the others by their contract names.
    ///
    /// ```
    /// use contracts_core::graph::{ContractGraph, LookupError};
    /// use contracts_core::ContractBuilder;
    ///
    /// let impostor = ContractBuilder::new(1, "DbPool").type_name("app::Impostor").build();
    /// let pool = ContractBuilder::new(2, "db-pool").type_name("app::db::DbPool").build();
    /// let graph = ContractGraph::new(&[impostor, pool]);
    /// let error = graph.find("DbPool").unwrap_err();
    /// assert!(matches!(error, LookupError::NameIsTypeName { .. }));
    /// assert_eq!(
    ///     error.to_string(),
    ///     "component name `DbPool` is ambiguous: it is the name of the contract on `app::Impostor`, \
    ///      and the type name of `app::db::DbPool` (contract `db-pool`); to pick one, give the \
    ///      first's full type name `app::Impostor`, or the other's contract name `db-pool`"
    /// );
    /// assert_eq!(graph.find("app::Impostor").map(|n| graph.node(n).name()), Ok("DbPool"));
    /// assert_eq!(graph.find("db-pool").map(|n| graph.node(n).name()), Ok("db-pool"));
    /// ```
    #[non_exhaustive]
    NameIsTypeName {
        /// The name asked for.
        name: String,
        /// The full type name of the contract whose `name` it is.
        named: &'static str,
        /// The contracts whose type it names: each one's full type name and contract
        /// name, in graph order.
        typed: Vec<(&'static str, &'static str)>,
    },
}

impl LookupError {
    /// The closest known names, for an unknown name; empty otherwise.
    pub fn suggestions(&self) -> &[&'static str] {
        match self {
            LookupError::Unknown { suggestions, .. } => suggestions,
            LookupError::Empty
            | LookupError::Ambiguous { .. }
            | LookupError::NameIsTypeName { .. } => &[],
        }
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Empty => {
                f.write_str("empty component name: give a contract name or a type name")
            }
            LookupError::Unknown {
                name,
                suggestions,
                matched,
            } => {
                write!(f, "unknown component `{name}`")?;
                if suggestions.is_empty() {
                    return f.write_str("; no known component has a similar name");
                }
                f.write_str("; did you mean ")?;
                for (i, suggestion) in suggestions.iter().enumerate() {
                    match i {
                        0 => {}
                        i if i + 1 == suggestions.len() => f.write_str(" or ")?,
                        _ => f.write_str(", ")?,
                    }
                    // The name that was close, so the user sees why it is suggested.
                    match matched.get(i).filter(|&m| m != suggestion) {
                        Some(close) => write!(f, "`{close}` (contract `{suggestion}`)")?,
                        None => write!(f, "`{suggestion}`")?,
                    }
                }
                f.write_str("?")
            }
            LookupError::Ambiguous { name, candidates } => {
                let mut distinct = candidates.clone();
                distinct.sort_unstable();
                distinct.dedup();
                if distinct.len() < candidates.len() {
                    // Same name and same type name (types without a contract written
                    // alike in different modules, or contracts of one type path): no
                    // other name tells them apart.
                    write!(
                        f,
                        "component name `{name}` is ambiguous: {} components answer to it with the same type name, so no name tells them apart; give each a contract with its own `name` (a type without a contract gets one by deriving `MigrationContract`), or write the dependencies with their module paths",
                        candidates.len()
                    )
                } else {
                    write!(
                        f,
                        "component name `{name}` is ambiguous: it matches {}; use the full type name",
                        crate::report::backticked(candidates)
                    )
                }
            }
            LookupError::NameIsTypeName { name, named, typed } => {
                write!(
                    f,
                    "component name `{name}` is ambiguous: it is the name of the contract on `{named}`, and the type name of "
                )?;
                for (i, (type_name, contract)) in typed.iter().enumerate() {
                    match i {
                        0 => {}
                        i if i + 1 == typed.len() => f.write_str(" and ")?,
                        _ => f.write_str(", ")?,
                    }
                    write!(f, "`{type_name}` (contract `{contract}`)")?;
                }
                let contracts: Vec<&str> = typed.iter().map(|&(_, contract)| contract).collect();
                write!(
                    f,
                    "; to pick one, give the first's full type name `{named}`, or {} contract name {}",
                    if typed.len() == 1 { "the other's" } else { "another's" },
                    backticked_or(&contracts)
                )
            }
        }
    }
}

impl std::error::Error for LookupError {}

/// `a`, `` `a` or `b` ``, `` `a`, `b` or `c` ``.
fn backticked_or(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        match i {
            0 => {}
            i if i + 1 == names.len() => out.push_str(" or "),
            _ => out.push_str(", "),
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

/// Levenshtein distance between two strings, counted in characters.
///
/// ```
/// use contracts_core::graph::edit_distance;
/// assert_eq!(edit_distance("kitten", "sitting"), 3);
/// assert_eq!(edit_distance("", "abc"), 3);
/// assert_eq!(edit_distance("same", "same"), 0);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The names among `known` closest to `wanted`, best first, at most three. Ignoring
/// case, a name is close when it is within an edit distance of a third of `wanted`'s
/// length (at least 1; for a `wanted` of one or two characters, 0: only the same name
/// in another case), or when one of the two contains the other and the shorter has at
/// least three characters. Closeness is relative to what was typed, so that a short
/// name is not "close" to every other short name.
///
/// ```
/// use contracts_core::graph::suggestions;
/// let known = ["websocket-manager", "bridge-factory", "execution-engine", "Md"];
/// assert_eq!(suggestions("websocket", known), ["websocket-manager"]);
/// assert_eq!(suggestions("bridge-factroy", known), ["bridge-factory"]);
/// assert!(suggestions("zzz", known).is_empty());
/// assert_eq!(suggestions("md", known), ["Md"]);
/// assert!(suggestions("m", known).is_empty());
/// assert!(suggestions("", known).is_empty());
/// ```
pub fn suggestions<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    /// Below this many characters, a name is too short to be "contained" meaningfully,
    /// and any other short name is a couple of edits away.
    const SHORT: usize = 3;
    let wanted_lower = wanted.to_lowercase();
    let length = wanted_lower.chars().count();
    let threshold = if length < SHORT {
        0
    } else {
        (length / 3).max(1)
    };
    let mut scored: Vec<(usize, &'a str)> = known
        .into_iter()
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let distance = edit_distance(&wanted_lower, &lower);
            let contains = length.min(lower.chars().count()) >= SHORT
                && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower));
            if distance <= threshold {
                Some((distance, name))
            } else if contains {
                Some((threshold + 1, name))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Whether `name` is a path of two or more segments, each an identifier (`v2::Database`).
fn is_path(name: &str) -> bool {
    name.contains("::")
        && name.split("::").all(|segment| {
            let segment = segment.strip_prefix("r#").unwrap_or(segment);
            !segment.is_empty() && segment.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

pub(super) fn find(graph: &ContractGraph, name: &str) -> Result<NodeId, LookupError> {
    if name.trim().is_empty() {
        return Err(LookupError::Empty);
    }
    let ambiguous = |many: &[NodeId]| LookupError::Ambiguous {
        name: name.to_owned(),
        candidates: many.iter().map(|&id| graph.node(id).type_name()).collect(),
    };
    let has_contract = |id: NodeId| graph.node(id).contract().is_some();
    // By name: a contract's name, or a type without a contract as written. A
    // contract's name beats a type written alike that has no contract: the contract is
    // what the user named, and the other one has no other name.
    let mut by_name: Vec<NodeId> = graph
        .node_ids()
        .filter(|&id| graph.node(id).name() == name)
        .collect();
    if by_name.iter().any(|&id| has_contract(id)) {
        by_name.retain(|&id| has_contract(id));
    }
    // By the type name of a contract: the full path, else its end from a segment on
    // (`v2::Database` for `app::v2::Database`), else its last segment. A path's end
    // names a type only where no contract has that name: a contract named
    // `v2::Database` was found by its name before path ends were.
    type Matcher = fn(&super::Node, &str) -> bool;
    let full: Matcher = |node, name| node.type_name() == name;
    let path_end: Matcher = |node, name| {
        is_path(name)
            && node
                .type_name()
                .strip_suffix(name)
                .is_some_and(|module| module.ends_with("::"))
    };
    let last_segment: Matcher = |node, name| short_type_name(node.type_name()) == name;
    let by_type_name: &[Matcher] = if by_name.is_empty() {
        &[full, path_end, last_segment]
    } else {
        &[full, last_segment]
    };
    let by_type: Vec<NodeId> = by_type_name
        .iter()
        .map(|matches| {
            graph
                .node_ids()
                .filter(|&id| has_contract(id) && matches(graph.node(id), name))
                .collect::<Vec<NodeId>>()
        })
        .find(|found| !found.is_empty())
        .unwrap_or_default();
    match (by_name.as_slice(), by_type.as_slice()) {
        ([], []) => {}
        ([], [only]) => return Ok(*only),
        ([], many) => return Err(ambiguous(many)),
        ([only], _) => {
            // One contract's name, another's type name: neither reading wins.
            let typed: Vec<(&'static str, &'static str)> = by_type
                .iter()
                .filter(|&&id| id != *only && has_contract(*only))
                .map(|&id| (graph.node(id).type_name(), graph.node(id).name()))
                .collect();
            if typed.is_empty() {
                return Ok(*only);
            }
            return Err(LookupError::NameIsTypeName {
                name: name.to_owned(),
                named: graph.node(*only).type_name(),
                typed,
            });
        }
        (many, _) => return Err(ambiguous(many)),
    }
    // Each node is suggested once, by its name, when its name or the last segment of
    // its type name is close (by the rules of `suggestions`), ranked by the closer of
    // the two. The name shown is its own when that is close; otherwise the type name,
    // which alone explains the suggestion.
    let wanted = name.to_lowercase();
    let mut best: Vec<(usize, &'static str, &'static str)> = Vec::new();
    for node in graph.nodes() {
        let short = node.contract().map(|c| short_type_name(c.type_name()));
        let close: Vec<(usize, &'static str)> = std::iter::once(node.name())
            .chain(short)
            .filter(|candidate| !suggestions(name, [*candidate]).is_empty())
            .map(|candidate| (edit_distance(&wanted, &candidate.to_lowercase()), candidate))
            .collect();
        if let (Some(&(_, matched)), Some(rank)) =
            (close.first(), close.iter().map(|&(rank, _)| rank).min())
        {
            best.push((rank, node.name(), matched));
        }
    }
    best.sort();
    best.dedup_by(|a, b| a.1 == b.1);
    best.truncate(3);
    Err(LookupError::Unknown {
        name: name.to_owned(),
        suggestions: best.iter().map(|&(_, node, _)| node).collect(),
        matched: best.iter().map(|&(_, _, matched)| matched).collect(),
    })
}
