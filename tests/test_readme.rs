//! The README shows what the `contracts` command prints for the example's contracts:
//! these tests keep those blocks true, byte for byte.

use std::process::Command;

const README: &str = include_str!("../README.md");

fn contracts(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(args)
        .output()
        .expect("the contracts binary runs");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The fenced block that follows `after` in the README, without its fences.
fn fenced_block(after: &str, fence: &str) -> &'static str {
    let start = README
        .find(after)
        .unwrap_or_else(|| panic!("the README has {after:?}"));
    let open = format!("```{fence}\n");
    let rest = &README[start..];
    let body = &rest[rest.find(&open).expect("a fenced block") + open.len()..];
    &body[..body.find("```").expect("a closing fence")]
}

#[test]
fn the_mermaid_graph_is_what_the_command_draws() {
    let shown = fenced_block(
        "`cargo run --bin contracts -- graph --format mermaid` draws",
        "mermaid",
    );
    assert_eq!(shown, contracts(&["graph", "--format", "mermaid"]));
}

#[test]
fn the_impact_block_is_what_the_command_prints() {
    let shown = fenced_block(
        "`cargo run --bin contracts -- impact websocket-manager`:",
        "text",
    );
    assert_eq!(shown, contracts(&["impact", "websocket-manager"]));
}

#[test]
fn the_report_excerpt_is_the_beginning_of_the_report() {
    let start = README
        .find("> # Migration compliance report")
        .expect("the README quotes the report");
    let shown: String = README[start..]
        .lines()
        .take_while(|line| line.starts_with('>'))
        .map(|line| format!("{}\n", line.strip_prefix("> ").unwrap_or("")))
        .collect();
    let report = contracts(&["report"]);
    assert!(
        report.starts_with(&shown),
        "the README's excerpt:\n{shown}\nis not how the report begins:\n{report}"
    );
}
