//! `ContractBuilder::try_build` refuses what the derive refuses at compile time, and
//! reports every problem of one contract at once.

use contracts_core::{ContractBuilder, Phase};

#[test]
fn a_valid_contract_builds() {
    let built = ContractBuilder::new(1, "pool")
        .requires("get", None)
        .depends_on(2, "Config")
        .consumer(3, "Repository", &["get"])
        .replaces(4, "LegacyPool", Phase::Parallel)
        .factory(5, "PoolFactory")
        .try_build()
        .expect("valid");
    assert_eq!(built.name(), "pool");
}

#[test]
fn every_problem_is_reported() {
    let error = ContractBuilder::new(1, "pool")
        .requires("get", None)
        .requires("get", None)
        .depends_on(1, "Pool")
        .depends_on(2, "Config")
        .depends_on(2, "Settings")
        .consumer(1, "Pool", &[])
        .consumer(3, "Repo", &[])
        .consumer(3, "Repo", &[])
        .replaces(1, "Pool", Phase::Planned)
        .factory(1, "Pool")
        .try_build()
        .unwrap_err();
    assert_eq!(
        error.problems(),
        [
            "it depends on itself",
            "it lists itself as a consumer",
            "it replaces itself",
            "it is its own factory",
            "method `get` is listed twice",
            "dependency `Settings` (#2) is listed twice",
            "consumer `Repo` (#3) is listed twice",
        ]
    );
    assert!(error
        .to_string()
        .starts_with("contract `pool` (synthetic 1) is invalid: it depends on itself; "));
}

#[test]
fn names_reports_cannot_show_are_refused() {
    for (name, problem) in [
        ("", "the name is empty"),
        ("  ", "the name is empty"),
        (
            "the `pool`",
            "the name must be one line without backticks or control characters",
        ),
        (
            "pool\nprimary",
            "the name must be one line without backticks or control characters",
        ),
        (" pool", "the name must not start or end with whitespace"),
        (
            "pool\u{200b}",
            "the name must not contain invisible or text-direction characters (found U+200B)",
        ),
        (
            "pool\u{202e}loot",
            "the name must not contain invisible or text-direction characters (found U+202E)",
        ),
        (
            "pool\u{e0041}",
            "the name must not contain invisible or text-direction characters (found U+E0041)",
        ),
        (
            "pool\u{fe0f}",
            "the name must not contain invisible or text-direction characters (found U+FE0F)",
        ),
        (
            "pool\u{2028}primary",
            "the name must not contain invisible or text-direction characters (found U+2028)",
        ),
        (
            "po\u{034f}ol",
            "the name must not contain invisible or text-direction characters (found U+034F)",
        ),
    ] {
        let error = ContractBuilder::new(1, name).try_build().unwrap_err();
        assert_eq!(error.problems(), [problem], "{name:?}");
    }
}

#[test]
fn a_business_value_must_be_one_line() {
    let error = ContractBuilder::new(1, "pool")
        .business_value("serves every query\n# Done")
        .try_build()
        .unwrap_err();
    assert_eq!(
        error.problems(),
        ["the business value must be one line without control characters"]
    );
    for empty in ["", "   "] {
        let error = ContractBuilder::new(1, "pool")
            .business_value(empty)
            .try_build()
            .unwrap_err();
        assert_eq!(error.problems(), ["the business value is empty"]);
    }
    let error = ContractBuilder::new(1, "pool")
        .business_value("serves \u{2067}every\u{2069} query")
        .try_build()
        .unwrap_err();
    assert_eq!(
        error.problems(),
        ["the business value must not contain text-direction characters or line separators (found U+2067)"]
    );
    let built = ContractBuilder::new(1, "pool")
        .business_value("serves `every` query | *fast* for Zoë, Ωmega and 東京 ⚠️ 👩\u{200d}💻")
        .try_build()
        .expect("one line with Markdown in it is fine");
    assert_eq!(
        built.business_value(),
        Some("serves `every` query | *fast* for Zoë, Ωmega and 東京 ⚠️ 👩\u{200d}💻")
    );
}
