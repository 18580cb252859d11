//! State rules for `check = ..`: an error or a panic is a violation carrying the message
//! and validation goes on; an active component without an instance is a warning.

use std::any::{Any, TypeId};
use std::cell::Cell;
use std::sync::Arc;

use contracts_core::{
    validate_app_state, AppState, ComponentSource, MigrationContract, SkipReason, Validator,
    Violation, Warning,
};

// Validation runs checks on the calling thread; a thread-local counter keeps parallel
// tests from counting each other's runs.
thread_local! {
    static HEALTHY_CHECKS: Cell<usize> = const { Cell::new(0) };
}

#[derive(MigrationContract)]
#[contract(name = "a-healthy", check = Self::check)]
struct Healthy;

impl Healthy {
    fn check(&self) -> Result<(), String> {
        HEALTHY_CHECKS.with(|count| count.set(count.get() + 1));
        Ok(())
    }
}

#[derive(MigrationContract)]
#[contract(name = "b-misconfigured", check = Self::check)]
struct Misconfigured {
    max_users: usize,
}

impl Misconfigured {
    fn check(&self) -> Result<(), std::io::Error> {
        if self.max_users == 0 {
            return Err(std::io::Error::other("max_users is 0"));
        }
        Ok(())
    }
}

#[derive(MigrationContract)]
#[contract(name = "c-panicking", check = validate_panicking)]
struct Panicking;

fn validate_panicking(_: &Panicking) -> Result<(), &'static str> {
    panic!("the pool was poisoned");
}

#[derive(MigrationContract)]
#[contract(name = "d-dependent", depends_on(Missing))]
struct Dependent;

struct Missing;

fn state() -> AppState {
    let mut state = AppState::new();
    state
        .insert(Healthy)
        .insert_arc(Arc::new(Misconfigured { max_users: 0 }))
        .insert(Panicking)
        .insert(Dependent);
    state
}

#[test]
fn failing_and_panicking_checks_are_violations_and_validation_goes_on() {
    let before = HEALTHY_CHECKS.with(Cell::get);
    let report = validate_app_state(&state());
    assert_eq!(HEALTHY_CHECKS.with(Cell::get), before + 1);
    let codes: Vec<_> = report.violations().iter().map(Violation::code).collect();
    assert_eq!(
        codes,
        ["missing-component", "check-failed", "check-failed"],
        "{report}"
    );
    assert!(matches!(
        &report.violations()[1],
        Violation::CheckFailed { contract, message, panicked: false }
            if contract.name == "b-misconfigured" && message == "max_users is 0"
    ));
    assert!(matches!(
        &report.violations()[2],
        Violation::CheckFailed { contract, message, panicked: true }
            if contract.name == "c-panicking" && message == "the pool was poisoned"
    ));
    assert_eq!(report.passed(), 2); // a-healthy, and e-made-per-request (not in this state)
    let text = report.to_string();
    assert!(text.contains("check of `c-panicking`"), "{text}");
    assert!(text.contains("panicked: the pool was poisoned"), "{text}");
}

#[test]
fn a_provided_component_without_instance_skips_its_check_with_a_warning() {
    let mut state = AppState::new();
    state
        .provide::<Healthy>()
        .insert(Misconfigured { max_users: 3 })
        .provide::<Panicking>();
    let report = validate_app_state(&state);
    assert!(report.is_ok(), "{report}");
    let skipped: Vec<_> = report
        .warnings()
        .iter()
        .map(|w| match w {
            Warning::CheckSkipped {
                contract,
                reason: SkipReason::NoInstance,
            } => contract.name,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(skipped, ["a-healthy", "c-panicking"]);
    assert!(
        report.to_string().contains(
            "was skipped: the state provides the component but hands over no instance of it (it was only declared with `provide::<T>()`, the state's `ComponentSource::instance` does not return it, or it is not `Send + Sync`)"
        ),
        "{report}"
    );
}

#[test]
fn a_source_handing_over_a_box_or_the_value_runs_the_check() {
    struct Source {
        boxed: Box<Misconfigured>,
        healthy: Healthy,
    }
    impl ComponentSource for Source {
        fn provides(&self, component: TypeId) -> bool {
            component == TypeId::of::<Misconfigured>() || component == TypeId::of::<Healthy>()
        }
        fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
            if component == TypeId::of::<Misconfigured>() {
                Some(&self.boxed)
            } else if component == TypeId::of::<Healthy>() {
                Some(&self.healthy)
            } else {
                None
            }
        }
    }
    let report = validate_app_state(&Source {
        boxed: Box::new(Misconfigured { max_users: 0 }),
        healthy: Healthy,
    });
    assert_eq!(report.violations().len(), 1, "{report}");
    assert_eq!(report.violations()[0].code(), "check-failed");
    assert!(report.warnings().is_empty(), "{report}");
}

#[test]
fn an_instance_of_another_type_skips_the_check_and_says_why() {
    // A source that hands over a wrapper the check cannot see through (here a `Mutex`):
    // the check cannot run, and the report says it is the instance's type.
    struct Source {
        wrapped: std::sync::Mutex<Healthy>,
    }
    impl ComponentSource for Source {
        fn provides(&self, component: TypeId) -> bool {
            component == TypeId::of::<Healthy>()
        }
        fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
            (component == TypeId::of::<Healthy>()).then_some(&self.wrapped as _)
        }
    }
    let report = validate_app_state(&Source {
        wrapped: std::sync::Mutex::new(Healthy),
    });
    let skipped: Vec<_> = report
        .warnings()
        .iter()
        .filter_map(|w| match w {
            Warning::CheckSkipped { contract, reason } => Some((contract.name, *reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        skipped,
        [("a-healthy", SkipReason::WrongInstance)],
        "{report}"
    );
    let text = report.to_string();
    assert!(
        text.contains(
            "the state's instance of it is not the component, nor an `Arc` or `Box` of it"
        ),
        "{text}"
    );
    assert!(
        text.contains("make `ComponentSource::instance` return the `Healthy` itself"),
        "{text}"
    );
}

#[derive(MigrationContract)]
#[contract(name = "e-made-per-request", factory = SessionFactory, check = Self::check)]
struct Session;

struct SessionFactory;

impl Session {
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

#[test]
fn a_component_made_by_its_factory_or_ignored_is_not_reported_as_lacking_an_instance() {
    let contracts = [contracts_core::contract_of::<Session>().unwrap()];
    // Active through its factory: the state holds no instance, and says why.
    let mut state = AppState::new();
    state.insert(SessionFactory);
    let report = Validator::new().validate_contracts(&contracts, Some(&state));
    assert!(
        matches!(
            report.warnings(),
            [Warning::CheckSkipped {
                reason: SkipReason::MadeByFactory,
                ..
            }]
        ),
        "{report}"
    );
    assert!(
        report
            .to_string()
            .contains("made per request by its factory"),
        "{report}"
    );

    // Ignored (provided where validation cannot see it): nothing to check, no warning,
    // so `strict()` does not fail on what the user opted out of.
    let report = Validator::new()
        .ignore::<Session>()
        .strict()
        .validate_contracts(&contracts, Some(&AppState::new()));
    assert!(report.is_ok(), "{report}");
}

#[test]
fn an_ignored_component_the_state_does_hold_is_still_checked() {
    // `ignore` says where a component lives, not that it works: an instance in the
    // state is checked, and its failure reported as ever.
    let contracts = [contracts_core::contract_of::<Misconfigured>().unwrap()];
    let mut state = AppState::new();
    state.insert(Misconfigured { max_users: 0 });
    let report = Validator::new()
        .ignore::<Misconfigured>()
        .validate_contracts(&contracts, Some(&state));
    assert!(
        matches!(
            report.violations(),
            [Violation::CheckFailed { message, panicked: false, .. }] if message == "max_users is 0"
        ),
        "{report}"
    );

    // Provided without an instance, or not at all: nothing to check, and no warning.
    let mut declared = AppState::new();
    declared.provide::<Misconfigured>();
    for state in [declared, AppState::new()] {
        let report = Validator::new()
            .ignore::<Misconfigured>()
            .strict()
            .validate_contracts(&contracts, Some(&state));
        assert!(report.is_ok(), "{report}");
        assert!(report.warnings().is_empty(), "{report}");
    }
}
