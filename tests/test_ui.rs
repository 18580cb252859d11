//! Compile-time behaviour of `#[derive(MigrationContract)]`: every mistake fails with a
//! spanned error (one mistake per file, `.stderr` reviewed), and full-featured uses compile.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    for category in [
        "requires",
        "implements",
        "consumers",
        "malformed",
        "duplicate",
        "conflict",
        "unsupported",
        "check",
        "source",
    ] {
        t.compile_fail(format!("tests/ui/{category}/*.rs"));
    }
    t.pass("tests/ui/pass/*.rs");
}
