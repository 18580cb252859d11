//! The command line a user's own binary runs (feature `cli`).
//!
//! The binary must link the crates that declare the contracts; two lines do it:
//!
//! ```no_run
//! // src/bin/contracts.rs
//! use my_service as _; // links the components, and so registers their contracts
//! # mod my_service {}
//!
//! fn main() {
//!     std::process::exit(contracts_core::cli::main());
//! }
//! ```
//!
//! ```text
//! contracts check [--strict] [--format text|json]   validate every contract
//! contracts graph [--component NAME] [--depth N] [--format dot|mermaid|json]
//! contracts consumers NAME [--transitive] [--format text|json]
//! contracts dependencies NAME [--transitive] [--format text|json]
//! contracts impact NAME [--format text|json]        who breaks if NAME goes away
//! contracts order [--format text|json]              startup order, or every cycle
//! contracts report [--format md|json]               compliance report
//! contracts plan NAME [--format md|json]            migration plan for a `replaces` migration
//! contracts snapshot                                the contracts as a JSON baseline
//! contracts diff OLD [NEW] [--format text|json]     what changed since OLD (NEW: this binary)
//! ```
//!
//! Every subcommand takes `--output FILE` (or `-o FILE`): the file is written atomically (a temporary
//! file beside it, then renamed), so a failed run never leaves it half-written and an
//! existing file is left untouched; a symlink is written through, permissions are
//! kept, a read-only file is refused, and an output that is one of the command's
//! input files (`diff OLD --output OLD`) is refused before anything runs. A device or a
//! pipe (`/dev/null`, `>(..)`) is written in place, a file reached through a descriptor
//! (`/dev/fd/3`) is appended to, and `--output -` (or `/dev/stdout`) is standard output.
//! A directory, or a path ending in `/` (which names one, existing or not), is refused
//! with a message that says which.
//!
//! `graph --format mermaid` writes the whole diagram, and warns on standard error when
//! it has more edges or characters than Mermaid draws by default (500 edges, 50,000
//! characters: limits GitHub cannot raise), suggesting `--component NAME --depth N` or
//! `--format dot`; see [`GraphView::mermaid_limits_exceeded`].
//!
//! Exit status: **0** success; **1** `check` found violations, `order` found cycles, or
//! `diff` found breaking changes; **2** usage error (unknown subcommand, option, format
//! or component; unreadable or invalid snapshot; unwritable output). When the reader of
//! standard output goes away (`contracts graph | head`), the command stops quietly with
//! the status it would have had.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::analysis::{ComplianceReport, MigrationPlan};
use crate::atomic_write::{names_a_file, write_atomic};
use crate::descriptor::Contract;
use crate::graph::{
    ContractGraph, EdgeId, EdgeKind, Effect, GraphView, ImpactHop, NodeId, Reach, Relation,
};
use crate::snapshot::{self, Snapshot};
use crate::Validator;

/// Success.
pub const EXIT_OK: i32 = 0;
/// `check` found violations, `order` found dependency cycles, or `diff` found breaking
/// changes.
pub const EXIT_VIOLATIONS: i32 = 1;
/// A usage error: bad arguments, unknown component, unwritable output.
pub const EXIT_USAGE: i32 = 2;

/// Migration contracts: check, analyse and plan architectural migrations.
#[derive(Debug, Parser)]
#[command(name = "contracts", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 ok, 1 violations (check), cycles (order) or breaking changes (diff), 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate every contract (the graph rules); exit status 1 on violations
    Check {
        /// Count warnings as violations
        #[arg(long)]
        strict: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Export the contract graph, or the neighbourhood of one component
    Graph {
        /// Only this component, its dependencies and its consumers
        #[arg(long, value_name = "NAME")]
        component: Option<String>,
        /// With --component: at most this many hops away
        #[arg(long, value_name = "N", requires = "component")]
        depth: Option<usize>,
        /// Output format
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        #[command(flatten)]
        output: Output,
    },
    /// List the components that use NAME (declared and inferred consumers)
    Consumers(RelationArgs),
    /// List the components NAME uses
    Dependencies(RelationArgs),
    /// Every component that breaks if NAME goes away, with the path and its risk
    ///
    /// A path longer than six edges shows its last six, in text as in JSON (where each
    /// entry gives its `depth` and its `last_edges`; an edge into the factory that makes
    /// the previous component on the path names that component as its `product`).
    Impact {
        /// Contract name or type name
        name: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
        #[command(flatten)]
        output: Output,
    },
    /// The startup order (dependencies first), or every cycle with its edges (exit
    /// status 1). Every usage edge orders startup: `depends_on`, `optional`,
    /// `consumers(..)` and `factory`, so a cycle here may not be a `check` violation
    /// (which looks at dependencies only)
    Order {
        /// Output format
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
        #[command(flatten)]
        output: Output,
    },
    /// The compliance report: pass rate, risk, migrations, consumers on legacy types
    Report {
        /// Output format
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        #[command(flatten)]
        output: Output,
    },
    /// The migration plan for a legacy component (or its replacement, or the factory of
    /// either)
    Plan {
        /// The legacy component, or the contract that replaces it
        name: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        #[command(flatten)]
        output: Output,
    },
    /// The contracts as a stable JSON snapshot (a baseline to diff against later)
    Snapshot {
        #[command(flatten)]
        output: Output,
    },
    /// Classify what changed between two snapshots; exit status 1 on breaking changes
    Diff {
        /// The older snapshot (e.g. the committed baseline)
        old: PathBuf,
        /// The newer snapshot; default: the contracts of this binary
        new: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
        #[command(flatten)]
        output: Output,
    },
}

/// The arguments of `consumers` and `dependencies`.
#[derive(Debug, clap::Args)]
struct RelationArgs {
    /// Contract name or type name
    name: String,
    /// Follow the relation through every hop (consumers of consumers, dependencies of
    /// dependencies)
    #[arg(long)]
    transitive: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, clap::Args)]
struct Output {
    /// Write to FILE (atomically) instead of standard output; `-` is standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TextFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    Md,
    Json,
}

/// What a subcommand produced: the text, the exit status, and a warning for standard
/// error once the text is delivered.
struct Outcome {
    text: String,
    status: i32,
    warning: Option<String>,
}

impl Outcome {
    fn ok(text: String) -> Self {
        Outcome::new(text, EXIT_OK)
    }

    fn new(text: String, status: i32) -> Self {
        Outcome {
            text,
            status,
            warning: None,
        }
    }
}

/// A usage error, printed on standard error with exit status 2.
#[derive(Debug)]
struct UsageError(String);

/// Runs the command line with the process's arguments over every registered contract,
/// printing to standard output and standard error; returns the exit status.
pub fn main() -> i32 {
    let stdout = io::stdout();
    let stderr = io::stderr();
    run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock())
}

/// Runs the command line with `args` (the first is the program name) over every
/// registered contract; returns the exit status.
///
/// ```
/// let mut out = Vec::new();
/// let mut err = Vec::new();
/// let status = contracts_core::cli::run(["contracts", "order"], &mut out, &mut err);
/// assert_eq!(status, 0);
/// ```
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let contracts: Vec<&'static Contract> = crate::contracts().collect();
    run_with(&contracts, args, stdout, stderr)
}

/// [`run`] over an explicit list of contracts instead of the registry: for tests and
/// for tools that build contracts themselves.
///
/// ```
/// use contracts_core::ContractBuilder;
/// let pool = ContractBuilder::new(1, "pool").build();
/// let repo = ContractBuilder::new(2, "repository").depends_on(1, "pool").build();
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let status = contracts_core::cli::run_with(&[pool, repo], ["contracts", "consumers", "pool"], &mut out, &mut err);
/// assert_eq!(status, 0);
/// assert!(String::from_utf8(out).unwrap().contains("repository"));
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let status = contracts_core::cli::run_with(&[pool, repo], ["contracts", "impact", "pol"], &mut out, &mut err);
/// assert_eq!(status, 2);
/// assert!(String::from_utf8(err).unwrap().contains("did you mean `pool`?"));
/// ```
pub fn run_with<I, T>(
    contracts: &[&'static Contract],
    args: I,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let text = error.render().to_string();
            let sink: &mut dyn Write = if error.use_stderr() { stderr } else { stdout };
            let _ = sink.write_all(text.as_bytes());
            return if error.exit_code() == 0 {
                EXIT_OK
            } else {
                EXIT_USAGE
            };
        }
    };
    // `--output -` is standard output, as for most command-line tools; so is the path
    // of the standard output's descriptor, written through the same handle so that
    // output redirected to a file lands after what is already there.
    let output = cli
        .command
        .output()
        .filter(|path| !names_standard_output(path))
        .map(Path::to_path_buf);
    if let Some(output) = &output {
        // Writing over an input would replace it (a baseline, typically) with the
        // command's report: refused before anything runs.
        if let Some(input) = cli
            .command
            .inputs()
            .into_iter()
            .find(|input| same_file(input, output))
        {
            let _ = writeln!(
                stderr,
                "error: `--output {}` would overwrite the input `{}`; write the output to another file",
                output.display(),
                input.display()
            );
            return EXIT_USAGE;
        }
    }
    match execute(cli.command, contracts) {
        Ok(outcome) => match deliver(&outcome.text, output.as_deref(), stdout) {
            Ok(Delivery::Written) => {
                if let Some(warning) = &outcome.warning {
                    let _ = writeln!(stderr, "warning: {warning}");
                }
                outcome.status
            }
            Ok(Delivery::ReaderGone) => outcome.status,
            Err(UsageError(message)) => {
                let _ = writeln!(stderr, "error: {message}");
                EXIT_USAGE
            }
        },
        Err(UsageError(message)) => {
            let _ = writeln!(stderr, "error: {message}");
            EXIT_USAGE
        }
    }
}

/// `-`, or a path of this process's standard output: written through the `stdout`
/// handle `run` was given (which shares the shell's file offset), not reopened.
/// Other descriptor paths are `atomic_write`'s to append to.
fn names_standard_output(path: &Path) -> bool {
    matches!(
        path.to_str(),
        Some("-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1")
    )
}

/// Whether both paths name one existing file (through symlinks and `..` alike).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl Command {
    /// The files the command reads.
    fn inputs(&self) -> Vec<&Path> {
        match self {
            Command::Diff { old, new, .. } => {
                let mut inputs = vec![old.as_path()];
                inputs.extend(new.as_deref());
                inputs
            }
            _ => Vec::new(),
        }
    }

    fn output(&self) -> Option<&Path> {
        let output = match self {
            Command::Check { output, .. }
            | Command::Graph { output, .. }
            | Command::Consumers(RelationArgs { output, .. })
            | Command::Dependencies(RelationArgs { output, .. })
            | Command::Impact { output, .. }
            | Command::Order { output, .. }
            | Command::Report { output, .. }
            | Command::Plan { output, .. }
            | Command::Snapshot { output }
            | Command::Diff { output, .. } => output,
        };
        output.output.as_deref()
    }
}

/// No contract is registered in this binary: almost always a crate that is not linked.
/// A snapshot or diff made now would record or report nothing true.
fn nothing_linked(consequence: &str) -> UsageError {
    UsageError(format!(
        "no migration contract is registered in this binary, so {consequence}; the crate that declares the contracts is probably not linked: add `use that_crate as _;` to this binary's main.rs (see the README's linking note). Nothing was written."
    ))
}

/// How [`deliver`] ended.
enum Delivery {
    Written,
    /// Standard output's reader went away before reading it all (a broken pipe).
    ReaderGone,
}

/// Writes the text to the output file atomically, or to standard output.
fn deliver(
    text: &str,
    output: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<Delivery, UsageError> {
    let mut text = text.to_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match output {
        Some(path) => {
            // A directory, or `nodir/`: no file can be written there, which the message
            // says without the advice for a failed write (the snapshot's `save` says the
            // same).
            if let Err(why) = names_a_file(path) {
                return Err(UsageError(format!(
                    "cannot write `{}`: {why}",
                    path.display()
                )));
            }
            write_atomic(path, text.as_bytes())
                .map(|()| Delivery::Written)
                .map_err(|error| {
                    UsageError(format!(
                        "cannot write `{}`: {error}; a file is never left half-written (choose a writable path)",
                        path.display()
                    ))
                })
        }
        None => match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            // The reader went away (`contracts graph | head`): it has what it wanted,
            // so stop quietly with the command's own status, as standard tools do.
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Delivery::ReaderGone),
            result => result
                .map(|()| Delivery::Written)
                .map_err(|error| UsageError(format!("cannot write to standard output: {error}"))),
        },
    }
}

fn find(graph: &ContractGraph, name: &str) -> Result<NodeId, UsageError> {
    /// Up to this many known names are listed in the error itself.
    const LISTED: usize = 12;
    graph.find(name).map_err(|error| {
        let mut known: Vec<&str> = graph
            .nodes()
            .iter()
            .filter(|node| !node.is_external())
            .map(|node| node.name())
            .collect();
        known.sort_unstable();
        let hint = match known.len() {
            0 => "no component has a contract in this binary".to_owned(),
            n if n <= LISTED => format!("known: {}", crate::report::backticked(&known)),
            n => format!("{n} components are known; the `graph` subcommand shows them all"),
        };
        UsageError(format!("{error} ({hint})"))
    })
}

fn execute(command: Command, contracts: &[&'static Contract]) -> Result<Outcome, UsageError> {
    match command {
        Command::Check { strict, format, .. } => {
            let validator = if strict {
                Validator::new().strict()
            } else {
                Validator::new()
            };
            let report = validator.validate_contracts(contracts, None);
            let text = match format {
                TextFormat::Text => report.to_string(),
                TextFormat::Json => report.to_json(),
            };
            Ok(Outcome::new(
                text,
                if report.is_ok() {
                    EXIT_OK
                } else {
                    EXIT_VIOLATIONS
                },
            ))
        }
        Command::Graph {
            component,
            depth,
            format,
            ..
        } => {
            let graph = ContractGraph::new(contracts);
            let whole = component.is_none();
            let view = match component {
                Some(name) => graph.neighbourhood(find(&graph, &name)?, depth),
                None => graph.view(),
            };
            Ok(match format {
                GraphFormat::Dot => Outcome::ok(view.to_dot()),
                GraphFormat::Mermaid => {
                    let mut outcome = Outcome::ok(view.to_mermaid());
                    outcome.warning = mermaid_too_large(&view, whole);
                    outcome
                }
                GraphFormat::Json => Outcome::ok(view.to_json()),
            })
        }
        Command::Consumers(args) => related(contracts, &args, Side::Consumers),
        Command::Dependencies(args) => related(contracts, &args, Side::Dependencies),
        Command::Impact { name, format, .. } => {
            let graph = ContractGraph::new(contracts);
            let node = find(&graph, &name)?;
            Ok(Outcome::ok(impact(&graph, node, format)))
        }
        Command::Order { format, .. } => {
            let graph = ContractGraph::new(contracts);
            Ok(order(&graph, format))
        }
        Command::Report { format, .. } => {
            let graph = ContractGraph::new(contracts);
            let report = Validator::new().validate_contracts(contracts, None);
            let compliance = ComplianceReport::new(&graph, &report);
            Ok(Outcome::ok(match format {
                DocFormat::Md => compliance.to_markdown(),
                DocFormat::Json => compliance.to_json(),
            }))
        }
        Command::Snapshot { .. } => {
            if contracts.is_empty() {
                return Err(nothing_linked("the snapshot would be empty"));
            }
            Ok(Outcome::ok(Snapshot::validated(contracts).to_json()))
        }
        Command::Diff {
            old, new, format, ..
        } => {
            let load = |path: &Path| {
                // `-` is standard output for `--output`; as an input it would read as a
                // missing file named `-`.
                if path == Path::new("-") {
                    return Err(UsageError(
                        "`diff` reads its snapshots from files, not from standard input (`-`): save the snapshot to a file and give its path".into(),
                    ));
                }
                Snapshot::load(path).map_err(|error| UsageError(error.to_string()))
            };
            let old_path = old;
            let old = load(&old_path)?;
            let new = match new {
                Some(path) => load(&path)?,
                None if contracts.is_empty() && !old.contracts().is_empty() => {
                    return Err(nothing_linked(&format!(
                        "every contract of `{}` would show as removed",
                        old_path.display()
                    )));
                }
                None => Snapshot::validated(contracts),
            };
            let diff = snapshot::diff(&old, &new);
            Ok(Outcome::new(
                match format {
                    TextFormat::Text => diff.to_string(),
                    TextFormat::Json => diff.to_json(),
                },
                if diff.has_breaking() {
                    EXIT_VIOLATIONS
                } else {
                    EXIT_OK
                },
            ))
        }
        Command::Plan { name, format, .. } => {
            let graph = ContractGraph::new(contracts);
            let node = find(&graph, &name)?;
            let plan =
                MigrationPlan::new(&graph, node).map_err(|error| UsageError(error.to_string()))?;
            Ok(Outcome::ok(match format {
                DocFormat::Md => plan.to_markdown(),
                DocFormat::Json => plan.to_json(),
            }))
        }
    }
}

/// The warning for a Mermaid diagram that GitHub would refuse to draw. The output is
/// kept whole (other renderers take it); the warning says what draws instead.
fn mermaid_too_large(view: &GraphView<'_>, whole: bool) -> Option<String> {
    let exceeded = view.mermaid_limits_exceeded();
    if exceeded.is_empty() {
        return None;
    }
    let measures: Vec<String> = exceeded.iter().map(ToString::to_string).collect();
    let part = if whole {
        "draw the part around one component with `--component NAME --depth N`"
    } else {
        "draw fewer hops with a smaller `--depth N`"
    };
    Some(format!(
        "the Mermaid diagram has {}, so GitHub (which cannot raise these limits) and other pages with Mermaid's default configuration show an error instead of it; {part}, or use `--format dot`",
        measures.join(" and ")
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Consumers,
    Dependencies,
}

#[derive(Serialize)]
struct JsonRelation {
    name: &'static str,
    type_name: &'static str,
    contract: bool,
    effective_risk: crate::Risk,
    depth: usize,
    edges: Vec<JsonEdge>,
}

#[derive(Serialize)]
struct JsonEdge {
    from: &'static str,
    to: &'static str,
    kind: crate::graph::EdgeKind,
    methods: &'static [&'static str],
}

impl JsonEdge {
    fn of(graph: &ContractGraph, id: EdgeId) -> Self {
        let edge = graph.edge(id);
        JsonEdge {
            from: graph.node(edge.from()).name(),
            to: graph.node(edge.to()).name(),
            kind: edge.kind(),
            methods: edge.methods(),
        }
    }
}

fn json_edges(graph: &ContractGraph, relation: &Relation) -> Vec<JsonEdge> {
    relation
        .edges()
        .iter()
        .map(|&e| JsonEdge::of(graph, e))
        .collect()
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}

fn related(
    contracts: &[&'static Contract],
    args: &RelationArgs,
    side: Side,
) -> Result<Outcome, UsageError> {
    let RelationArgs {
        name,
        transitive,
        format,
        ..
    } = args;
    let (transitive, format) = (*transitive, *format);
    let graph = ContractGraph::new(contracts);
    let node = find(&graph, name)?;
    let reach = if transitive {
        Reach::Transitive
    } else {
        Reach::Direct
    };
    let relations = match side {
        Side::Consumers => graph.consumers_of(node, reach),
        Side::Dependencies => graph.dependencies_of(node, reach),
    };
    if format == TextFormat::Json {
        let list: Vec<JsonRelation> = relations
            .iter()
            .map(|r| {
                let n = graph.node(r.node());
                JsonRelation {
                    name: n.name(),
                    type_name: n.type_name(),
                    contract: !n.is_external(),
                    effective_risk: n.effective_risk(),
                    depth: r.depth(),
                    edges: json_edges(&graph, r),
                }
            })
            .collect();
        return Ok(Outcome::ok(to_json(&list)));
    }
    let subject = graph.node(node);
    // What a factory makes is not one of its users: listed apart, after them (the
    // product's own users are the factory's, through it).
    let made_here = |relation: &Relation| {
        side == Side::Consumers
            && relation.depth() == 1
            && relation.edges().iter().all(|&e| {
                let edge = graph.edge(e);
                edge.kind() == EdgeKind::Factory && edge.to() == node
            })
    };
    let (products, relations): (Vec<Relation>, Vec<Relation>) = relations
        .into_iter()
        .partition(|relation| made_here(relation));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} of `{}` ({}{}): {}",
        match side {
            Side::Consumers => "consumers",
            Side::Dependencies => "dependencies",
        },
        subject.name(),
        if transitive { "transitive" } else { "direct" },
        if subject.is_external() {
            ", no contract"
        } else {
            ""
        },
        relations.len()
    );
    for relation in &relations {
        let n = graph.node(relation.node());
        let how: Vec<String> = relation
            .edges()
            .iter()
            .map(|&e| {
                let edge = graph.edge(e);
                let other = match side {
                    Side::Consumers => edge.to(),
                    Side::Dependencies => edge.from(),
                };
                let mut text = edge.kind().to_string();
                if !edge.methods().is_empty() {
                    let _ = write!(text, " [{}]", edge.methods().join(", "));
                }
                if other != node {
                    let _ = write!(text, " via `{}`", graph.node(other).name());
                }
                text
            })
            .collect();
        let _ = writeln!(
            out,
            "  {:<2} {} (risk {}{}): {}",
            relation.depth(),
            n.name(),
            n.effective_risk(),
            if n.is_external() { ", no contract" } else { "" },
            how.join("; ")
        );
    }
    for product in &products {
        let n = graph.node(product.node());
        let _ = writeln!(
            out,
            "makes {} (risk {}{}; made per request by it, not a consumer)",
            n.name(),
            n.effective_risk(),
            if n.is_external() { ", no contract" } else { "" },
        );
    }
    // The other side of a migration is neither a consumer nor a dependency (the
    // replacement does not use the legacy); shown apart, as the graph draws it.
    let (label, others, role) = match side {
        Side::Consumers => (
            "replaced by",
            graph.replaced_by(node),
            "a replacement, not a consumer",
        ),
        Side::Dependencies => (
            "replaces",
            graph.replaces(node).into_iter().collect(),
            "the legacy, not a dependency",
        ),
    };
    for other in others {
        let n = graph.node(other);
        // The phase is the replacement's.
        let replacement = match side {
            Side::Consumers => n,
            Side::Dependencies => subject,
        };
        let _ = writeln!(
            out,
            "{label} {} (risk {}{}{}; {role})",
            n.name(),
            n.effective_risk(),
            if n.is_external() { ", no contract" } else { "" },
            replacement
                .phase()
                .map_or_else(String::new, |phase| format!(", phase {phase}"))
        );
    }
    Ok(Outcome::ok(out))
}

#[derive(Serialize)]
struct JsonImpact {
    component: &'static str,
    broken: usize,
    degraded: usize,
    highest_risk: Option<crate::Risk>,
    entries: Vec<JsonImpactEntry>,
}

#[derive(Serialize)]
struct JsonImpactEntry {
    name: &'static str,
    effect: Effect,
    effective_risk: crate::Risk,
    highest_risk_on_path: crate::Risk,
    /// Edges from the removed component to this one.
    depth: usize,
    /// The last edges of the path, at most [`PATH_SHOWN`], in order: the whole path
    /// when `depth` is no more. Bounded, so that the output of a deep chain grows with
    /// its length, not with its square.
    last_edges: Vec<JsonHop>,
}

/// An edge of an impact path.
#[derive(Serialize)]
struct JsonHop {
    #[serde(flatten)]
    edge: JsonEdge,
    /// When the edge goes into a factory, or into a trait object an adapter implements,
    /// the component the path goes through (the product, the adapter): the previous
    /// component on the path, which a cut-off path does not show.
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<&'static str>,
}

impl JsonHop {
    fn of(graph: &ContractGraph, hop: ImpactHop) -> Self {
        let edge = JsonEdge::of(graph, hop.edge());
        let product =
            (graph.edge(hop.edge()).to() != hop.to()).then(|| graph.node(hop.to()).name());
        JsonHop { edge, product }
    }
}

/// Up to this many edges, a path is shown whole (in text and JSON); a longer one shows
/// its last edges, so that a chain of thousands prints one short line per component.
const PATH_SHOWN: usize = 6;

fn impact(graph: &ContractGraph, node: NodeId, format: TextFormat) -> String {
    let impact = graph.impact_of(node);
    let subject = graph.node(node);
    let broken = impact.broken();
    let degraded = impact.entries().len() - broken;
    let last_edges = |target: NodeId| -> Vec<JsonHop> {
        impact
            .last_hops_to(target, PATH_SHOWN)
            .into_iter()
            .map(|hop| JsonHop::of(graph, hop))
            .collect()
    };
    if format == TextFormat::Json {
        return to_json(&JsonImpact {
            component: subject.name(),
            broken,
            degraded,
            highest_risk: impact.highest_risk(),
            entries: impact
                .entries()
                .iter()
                .map(|e| JsonImpactEntry {
                    name: graph.node(e.node()).name(),
                    effect: e.effect(),
                    effective_risk: graph.node(e.node()).effective_risk(),
                    highest_risk_on_path: e.highest_risk(),
                    depth: e.depth(),
                    last_edges: last_edges(e.node()),
                })
                .collect(),
        });
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "impact of removing `{}` (risk {}): {broken} break, {degraded} degrade{}",
        subject.name(),
        risk_with_reasons(subject),
        impact
            .highest_risk()
            .map_or_else(String::new, |r| format!("; highest risk on a path: {r}"))
    );
    for entry in impact.entries() {
        let shown = last_edges(entry.node());
        let mut path = format!("`{}`", subject.name());
        // A cut-off path resumes at the first hop's component on the path: the product,
        // when that hop's edge goes into its factory.
        if let Some(first) = shown.first().filter(|_| entry.depth() > PATH_SHOWN) {
            let _ = write!(
                path,
                " <- .. {} more edges .. <- `{}`",
                entry.depth() - PATH_SHOWN,
                first.product.unwrap_or(first.edge.to)
            );
        }
        for hop in &shown {
            // An edge into the factory that makes the previous component, or into the
            // trait object it implements.
            let via = hop
                .product
                .map_or_else(String::new, |_| format!(" via `{}`", hop.edge.to));
            let _ = write!(path, " <-{}{via}- `{}`", hop.edge.kind, hop.edge.from);
        }
        let _ = writeln!(
            out,
            "  {:<8} {} (risk {}; highest on path {}): {path}",
            entry.effect(),
            graph.node(entry.node()).name(),
            risk_with_reasons(graph.node(entry.node())),
            entry.highest_risk()
        );
    }
    out
}

/// A node's effective risk, with why it is above the declared one: "high, declared
/// medium, raised: a critical contract depends on it ..".
fn risk_with_reasons(node: &crate::graph::Node) -> String {
    let risk = node.risk();
    if !risk.is_raised() {
        return risk.effective().to_string();
    }
    let reasons: Vec<String> = risk.reasons().iter().map(ToString::to_string).collect();
    let declared = match risk.declared() {
        Some(declared) => format!("declared {declared}"),
        None => "no contract".to_owned(),
    };
    format!(
        "{}, {declared}, raised: {}",
        risk.effective(),
        reasons.join("; ")
    )
}

#[derive(Serialize)]
struct JsonOrder {
    order: Option<Vec<JsonOrderEntry>>,
    cycles: Vec<Vec<&'static str>>,
    truncated: bool,
}

#[derive(Serialize)]
struct JsonOrderEntry {
    name: &'static str,
    contract: bool,
    effective_risk: crate::Risk,
}

fn order(graph: &ContractGraph, format: TextFormat) -> Outcome {
    let result = graph.startup_order();
    let status = if result.is_ok() {
        EXIT_OK
    } else {
        EXIT_VIOLATIONS
    };
    let names = |cycle: &[NodeId]| -> Vec<&'static str> {
        cycle.iter().map(|&n| graph.node(n).name()).collect()
    };
    if format == TextFormat::Json {
        let json = match &result {
            Ok(order) => JsonOrder {
                order: Some(
                    order
                        .iter()
                        .map(|&n| JsonOrderEntry {
                            name: graph.node(n).name(),
                            contract: !graph.node(n).is_external(),
                            effective_risk: graph.node(n).effective_risk(),
                        })
                        .collect(),
                ),
                cycles: Vec::new(),
                truncated: false,
            },
            Err(cycles) => JsonOrder {
                order: None,
                cycles: cycles.cycles().iter().map(|c| names(c)).collect(),
                truncated: cycles.truncated(),
            },
        };
        return Outcome::new(to_json(&json), status);
    }
    let mut out = String::new();
    match &result {
        Ok(order) => {
            let _ = writeln!(
                out,
                "startup order, dependencies first ({} components):",
                order.len()
            );
            for (i, &n) in order.iter().enumerate() {
                let node = graph.node(n);
                let _ = writeln!(
                    out,
                    "  {:>3}. {} (risk {}{})",
                    i + 1,
                    node.name(),
                    node.effective_risk(),
                    if node.is_external() {
                        ", no contract"
                    } else {
                        ""
                    }
                );
            }
        }
        Err(cycles) => {
            let _ = writeln!(
                out,
                "no startup order: {} dependency cycle{}{} (each uses the next, the last uses the first)",
                cycles.cycles().len(),
                if cycles.cycles().len() == 1 { "" } else { "s" },
                if cycles.truncated() {
                    ", more not listed"
                } else {
                    ""
                }
            );
            for cycle in cycles.cycles() {
                // Each hop with the kinds of edge that make it, since the fix depends
                // on them (a `factory` or `consumers(..)` edge cannot be made optional).
                let mut line = String::from(" ");
                for (i, &node) in cycle.iter().enumerate() {
                    let next = cycle[(i + 1) % cycle.len()];
                    let kinds: Vec<&str> = graph
                        .outgoing(node)
                        .iter()
                        .map(|&e| graph.edge(e))
                        .filter(|e| e.to() == next && e.kind().is_usage())
                        .map(|e| e.kind().as_str())
                        .collect();
                    let _ = write!(line, " {} -{}->", graph.node(node).name(), kinds.join("/"));
                }
                if let Some(&first) = cycle.first() {
                    let _ = writeln!(out, "{line} {}", graph.node(first).name());
                }
            }
            out.push_str(
                "help: break each cycle at one edge: remove a dependency (an `optional(..)` one too: startup is ordered by every edge) and look the component up after startup, remove a `consumers(..)` entry that is not a real use, or move the shared part into a component of its own\n",
            );
        }
    }
    Outcome::new(out, status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractBuilder;

    fn run_text(contracts: &[&'static Contract], args: &[&str]) -> (i32, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut full = vec!["contracts"];
        full.extend_from_slice(args);
        let status = run_with(contracts, full, &mut out, &mut err);
        (
            status,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn with_no_contract_registered_snapshot_and_diff_refuse_and_write_nothing() {
        let dir = std::env::temp_dir().join(format!("contracts-cli-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let baseline = dir.join("baseline.json");
        let pool = ContractBuilder::new(1, "pool").build();
        let (status, _, err) = run_text(
            &[pool],
            &["snapshot", "--output", baseline.to_str().unwrap()],
        );
        assert_eq!(status, 0, "{err}");
        let recorded = std::fs::read_to_string(&baseline).unwrap();

        // The same binary without the crate that declares the contracts linked.
        let (status, out, err) =
            run_text(&[], &["snapshot", "--output", baseline.to_str().unwrap()]);
        assert_eq!(status, 2, "{out}");
        assert!(
            err.contains("no migration contract is registered in this binary, so the snapshot would be empty"),
            "{err}"
        );
        assert!(err.contains("Nothing was written."), "{err}");
        assert_eq!(std::fs::read_to_string(&baseline).unwrap(), recorded);

        let (status, out, err) = run_text(&[], &["diff", baseline.to_str().unwrap()]);
        assert_eq!(status, 2, "{out}");
        assert!(err.contains("would show as removed"), "{err}");
        assert!(out.is_empty(), "{out}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn output_to_a_directory_says_so() {
        let dir = std::env::temp_dir();
        let pool = ContractBuilder::new(1, "pool").build();
        let (status, out, err) =
            run_text(&[pool], &["snapshot", "--output", dir.to_str().unwrap()]);
        assert_eq!(status, 2, "{out}");
        assert!(
            err.contains("it is a directory; give the path of a file in it"),
            "{err}"
        );
    }

    #[test]
    fn output_to_a_path_ending_in_a_slash_says_it_names_a_directory() {
        let dir = std::env::temp_dir().join(format!("contracts-cli-slash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pool = ContractBuilder::new(1, "pool").build();

        let missing = format!("{}/nodir/", dir.display());
        let (status, out, err) = run_text(&[pool], &["check", "--output", &missing]);
        assert_eq!(status, 2, "{out}");
        assert_eq!(
            err,
            format!("error: cannot write `{missing}`: a path ending in `/` names a directory, not a file, and the directory `{}/nodir` does not exist either; give the path of a file in an existing directory\n", dir.display())
        );
        assert!(!dir.join("nodir").exists());

        let file = dir.join("report.txt");
        std::fs::write(&file, "previous report").unwrap();
        let slashed = format!("{}/", file.display());
        let (status, _, err) = run_text(&[pool], &["check", "--output", &slashed]);
        assert_eq!(status, 2);
        assert!(
            err.ends_with("names a directory, not a file, and `{}` is not a directory; to write that file, give its path without the trailing `/`\n".replace("{}", &file.display().to_string()).as_str()),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "previous report");

        // Below a file: the directory cannot even be looked at; the sentence says so.
        let below = format!("{}/sub/", file.display());
        let (status, _, err) = run_text(&[pool], &["check", "--output", &below]);
        assert_eq!(status, 2);
        assert!(
            err.contains(&format!(
                "names a directory, not a file, and `{}/sub` cannot be read (",
                file.display()
            )) && err.ends_with("); give the path of a file in an existing directory\n"),
            "{err}"
        );

        // An existing directory, with or without the `/`, keeps its own message.
        let (status, _, err) = run_text(
            &[pool],
            &["check", "--output", &format!("{}/", dir.display())],
        );
        assert_eq!(status, 2);
        assert!(
            err.contains("it is a directory; give the path of a file in it"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn help_goes_to_stdout_with_status_0() {
        let (status, out, _) = run_text(&[], &["--help"]);
        assert_eq!(status, 0);
        assert!(out.contains("Usage: contracts <COMMAND>"), "{out}");
    }

    #[test]
    fn a_cycle_makes_order_fail_with_status_1() {
        let a = ContractBuilder::new(1, "a").depends_on(2, "b").build();
        let b = ContractBuilder::new(2, "b").depends_on(1, "a").build();
        let (status, out, _) = run_text(&[a, b], &["order"]);
        assert_eq!(status, 1);
        assert!(
            out.contains("  a -depends_on-> b -depends_on-> a\n"),
            "{out}"
        );
    }

    #[test]
    fn a_cycle_shows_each_edge_kind_and_help_that_fits_them() {
        // An optional edge, and a factory that depends on what it makes: making an
        // edge `optional(..)` would fix neither.
        let a = ContractBuilder::new(1, "a").depends_on(2, "b").build();
        let b = ContractBuilder::new(2, "b")
            .depends_on_optional(1, "a")
            .build();
        let made = ContractBuilder::new(3, "made").factory(4, "Maker").build();
        let maker = ContractBuilder::new(4, "maker")
            .depends_on(3, "Made")
            .build();
        let (status, out, _) = run_text(&[a, b, made, maker], &["order"]);
        assert_eq!(status, 1);
        assert!(out.contains("  a -depends_on-> b -optional-> a\n"), "{out}");
        assert!(
            out.contains("  made -factory-> maker -depends_on-> made\n"),
            "{out}"
        );
        assert!(
            !out.contains("make one edge of each cycle `optional(..)`"),
            "{out}"
        );
        assert!(
            out.contains("an `optional(..)` one too: startup is ordered by every edge"),
            "{out}"
        );
    }

    #[test]
    fn a_component_outside_any_migration_has_no_plan() {
        let a = ContractBuilder::new(1, "a").build();
        let (status, _, err) = run_text(&[a], &["plan", "a"]);
        assert_eq!(status, 2);
        assert!(
            err.starts_with("error: `a` is part of no migration"),
            "{err}"
        );
    }

    /// `c0` <- `c1` <- .. <- `c{n-1}`: each depends on the one before.
    fn chain(n: u64) -> Vec<&'static Contract> {
        let names: Vec<&'static str> = (0..n)
            .map(|i| &*Box::leak(format!("c{i}").into_boxed_str()))
            .collect();
        (0..n)
            .map(|i| {
                let builder = ContractBuilder::new(i + 1, names[i as usize]);
                match i.checked_sub(1) {
                    Some(before) => builder.depends_on(before + 1, names[before as usize]),
                    None => builder,
                }
                .build()
            })
            .collect()
    }

    #[test]
    fn impact_of_a_deep_chain_prints_a_short_path_per_component() {
        let contracts = chain(2_000);
        let (status, out, err) = run_text(&contracts, &["impact", "c0"]);
        assert_eq!(status, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.len(),
            2_000,
            "a header and one line per broken component"
        );
        // A short path is shown whole.
        assert!(
            lines[2].ends_with(": `c0` <-depends_on- `c1` <-depends_on- `c2`"),
            "{}",
            lines[2]
        );
        // A long one shows how many edges it leaves out, then its last six.
        let last = lines[1_999];
        assert!(
            last.ends_with(
                ": `c0` <- .. 1993 more edges .. <- `c1993` <-depends_on- `c1994` <-depends_on- `c1995` <-depends_on- `c1996` <-depends_on- `c1997` <-depends_on- `c1998` <-depends_on- `c1999`"
            ),
            "{last}"
        );
        // Every line stays short: the output grows with the chain, not its square.
        let longest = lines.iter().map(|line| line.len()).max().unwrap();
        assert!(
            longest < 500,
            "{}",
            lines.iter().find(|l| l.len() == longest).unwrap()
        );

        // JSON: each entry carries its depth and the last edges of its path.
        let (status, out, err) = run_text(&contracts, &["impact", "c0", "--format", "json"]);
        assert_eq!(status, 0, "{err}");
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let entries = value["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1_999);
        let deepest = &entries[1_998];
        assert_eq!(deepest["name"], "c1999");
        assert_eq!(deepest["depth"], 1_999);
        let last_edges = deepest["last_edges"].as_array().unwrap();
        assert_eq!(last_edges.len(), 6);
        assert_eq!(last_edges[0]["to"], "c1993");
        assert_eq!(last_edges[5]["from"], "c1999");
        assert_eq!(last_edges[5]["to"], "c1998");
        assert_eq!(entries[0]["last_edges"].as_array().unwrap().len(), 1);
        // Bounded per entry (a whole path per entry would be about 100 MB here).
        assert!(out.len() < 2_000 * 2_000, "{} bytes", out.len());
    }
}
