//! The actix example validates its `app_data` wiring before `HttpServer::new`.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_actix-example"))
        .args(args)
        .output()
        .expect("the example runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_full_wiring_validates() {
    let (status, stdout, _) = run(&["--check"]);
    assert_eq!(status, Some(0), "{stdout}");
    assert!(
        stdout.starts_with("migration contracts: 3 checked, 3 passed"),
        "{stdout}"
    );
}

#[test]
fn a_forgotten_app_data_is_refused_before_the_server_exists() {
    let (status, stdout, stderr) = run(&["--check", "--broken-wiring"]);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.starts_with("refusing to start"), "{stderr}");
    assert!(
        stderr.contains("error[missing-component] (risk critical): `PaymentGateway` (contract `payment-gateway`"),
        "{stderr}"
    );
    assert!(stderr.contains("needed by `checkout`"), "{stderr}");
}

#[test]
fn without_check_only_the_broken_wiring_still_never_serves() {
    // Without `--check` a healthy service would bind and serve; the broken one exits 1.
    let (status, _, stderr) = run(&["--broken-wiring"]);
    assert_eq!(status, Some(1), "{stderr}");
}
