//! `#[derive(ComponentSource)]` on a user's own state struct.

use std::any::TypeId;
use std::rc::Rc;
use std::sync::Arc;

use contracts_core::{validate_app_state, ComponentSource, MigrationContract, Violation};

#[derive(MigrationContract)]
#[contract(name = "pool", check = Self::check)]
pub struct Pool {
    size: usize,
}

impl Pool {
    fn check(&self) -> Result<(), String> {
        if self.size == 0 {
            Err("pool has no connection".to_owned())
        } else {
            Ok(())
        }
    }
}

#[derive(MigrationContract)]
#[contract(name = "cache", depends_on(Pool))]
pub struct Cache;

#[derive(MigrationContract)]
#[contract(name = "mailer", depends_on(Pool))]
pub struct Mailer;

#[derive(MigrationContract)]
#[contract(name = "metrics")]
pub struct Metrics;

pub struct Config {
    pub debug: bool,
}

#[derive(ComponentSource)]
pub struct Infrastructure {
    pool: Arc<Pool>,
    metrics: Option<Box<Metrics>>,
}

#[derive(ComponentSource)]
pub struct State {
    #[contract(flatten)]
    infrastructure: Infrastructure,
    cache: Cache,
    mailer: Option<Arc<Mailer>>,
    #[contract(skip)]
    config: Config,
}

fn make_state(pool_size: usize, mailer: bool, metrics: bool) -> State {
    State {
        infrastructure: Infrastructure {
            pool: Arc::new(Pool { size: pool_size }),
            metrics: metrics.then(|| Box::new(Metrics)),
        },
        cache: Cache,
        mailer: mailer.then(|| Arc::new(Mailer)),
        config: Config { debug: false },
    }
}

#[test]
fn fields_provide_their_peeled_types() {
    let state = make_state(4, true, false);
    assert!(!state.config.debug);
    assert!(
        state.provides(TypeId::of::<Pool>()),
        "flattened, peeled of Arc"
    );
    assert!(state.provides(TypeId::of::<Cache>()));
    assert!(state.provides(TypeId::of::<Mailer>()), "Some(Arc<Mailer>)");
    assert!(!state.provides(TypeId::of::<Metrics>()), "None");
    assert!(!state.provides(TypeId::of::<Config>()), "skipped");
    assert!(!state.provides(TypeId::of::<Arc<Pool>>()));
    assert!(
        !state.provides(TypeId::of::<Infrastructure>()),
        "flatten provides the inside"
    );
    assert!(make_state(4, true, true).provides(TypeId::of::<Metrics>()));
}

#[test]
fn instances_reach_check_functions() {
    let report = validate_app_state(&make_state(4, true, true));
    assert!(report.is_ok(), "{report}");
    assert!(report.warnings().is_empty(), "{report}");

    let report = validate_app_state(&make_state(0, true, true));
    assert_eq!(report.violations().len(), 1, "{report}");
    assert!(matches!(
        &report.violations()[0],
        Violation::CheckFailed { contract, message, .. }
            if contract.name == "pool" && message == "pool has no connection"
    ));
}

#[test]
fn an_absent_option_field_is_missing_for_validation() {
    /// Needs metrics; only the state below provides it, so other tests never see it active.
    #[derive(MigrationContract)]
    #[contract(name = "dashboard", depends_on(Metrics))]
    struct Dashboard;

    #[derive(ComponentSource)]
    struct WithDashboard {
        dashboard: Dashboard,
        metrics: Option<Metrics>,
    }

    let contracts = [
        contracts_core::contract_of::<Dashboard>().unwrap(),
        contracts_core::contract_of::<Metrics>().unwrap(),
    ];
    let validate = |metrics: Option<Metrics>| {
        let state = WithDashboard {
            dashboard: Dashboard,
            metrics,
        };
        let _ = &state.dashboard;
        contracts_core::Validator::new().validate_contracts(&contracts, Some(&state))
    };

    assert!(validate(Some(Metrics)).is_ok());
    let report = validate(None);
    assert_eq!(report.violations().len(), 1, "{report}");
    assert!(matches!(
        &report.violations()[0],
        Violation::MissingComponent { component: "Metrics", needed_by, .. }
            if needed_by.len() == 1 && needed_by[0].contract.map(|c| c.name) == Some("dashboard")
    ));
    // The field that would hold it is named, with what to do about it.
    assert!(
        matches!(
            &report.violations()[0],
            Violation::MissingComponent {
                empty_field: Some("metrics"),
                ..
            }
        ),
        "{report}"
    );
    assert!(report.warnings().is_empty(), "{report}");
    let text = report.to_string();
    assert!(
        text.contains("error[missing-component] (risk low): `Metrics` (contract `metrics`, tests/test_component_source.rs:35) is not in the state: its field `metrics` is `None`; needed by `dashboard` (tests/test_component_source.rs:"),
        "{text}"
    );
    assert!(
        text.contains("  = help: set the state's field `metrics` to `Some(..)` before serving requests (or `Validator::ignore::<Metrics>()` if `Metrics` is provided elsewhere)\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["violations"][0]["empty_field"], "metrics");
}

#[test]
fn the_empty_field_is_found_through_nested_states_and_tuple_fields() {
    let state = make_state(4, false, false);
    assert_eq!(state.empty_field(TypeId::of::<Mailer>()), Some("mailer"));
    // `metrics` of the flattened `Infrastructure`.
    assert_eq!(state.empty_field(TypeId::of::<Metrics>()), Some("metrics"));
    // Present, or not held by an `Option` at all: nothing to say.
    assert_eq!(state.empty_field(TypeId::of::<Pool>()), None);
    assert_eq!(state.empty_field(TypeId::of::<Config>()), None);
    let full = make_state(4, true, true);
    assert_eq!(full.empty_field(TypeId::of::<Mailer>()), None);
    assert_eq!(full.empty_field(TypeId::of::<Metrics>()), None);

    #[derive(ComponentSource)]
    struct Pair(Cache, Option<Arc<Mailer>>);
    let pair = Pair(Cache, None);
    assert_eq!(pair.empty_field(TypeId::of::<Mailer>()), Some("1"));
    assert_eq!(
        Arc::new(pair).empty_field(TypeId::of::<Mailer>()),
        Some("1")
    );
    // An optional nested state that is `None` says nothing of what it would hold.
    let off = WithOptionalSubsystem { mail: None };
    assert_eq!(off.empty_field(TypeId::of::<Mailer>()), None);
}

#[test]
fn arc_and_references_of_a_state_are_sources_too() {
    let shared = Arc::new(make_state(4, false, false));
    assert!(validate_app_state(&shared).is_ok());
    assert!(validate_app_state(&&*shared).is_ok());
    assert!(!shared.provides(TypeId::of::<Mailer>()));
}

#[derive(ComponentSource)]
struct Tuple(Arc<Pool>, #[contract(skip)] u8, Cache);

#[derive(ComponentSource)]
struct Local {
    pool: Rc<Pool>,
}

#[derive(ComponentSource)]
struct Empty;

#[test]
fn tuple_structs_rc_fields_and_empty_states() {
    let tuple = Tuple(Arc::new(Pool { size: 1 }), 7, Cache);
    assert_eq!(tuple.1, 7);
    assert!(tuple.provides(TypeId::of::<Pool>()) && tuple.provides(TypeId::of::<Cache>()));
    assert!(tuple.instance(TypeId::of::<Pool>()).is_some());

    // An Rc cannot cross threads, but the `Pool` it points to is `Sync`: borrowed
    // from the state, it is handed to `check` functions like any other.
    let local = Local {
        pool: Rc::new(Pool { size: 1 }),
    };
    assert!(local.provides(TypeId::of::<Pool>()));
    let instance = local.instance(TypeId::of::<Pool>()).expect("an instance");
    assert_eq!(instance.downcast_ref::<Pool>().map(|p| p.size), Some(1));

    assert!(!Empty.provides(TypeId::of::<Pool>()));
}

#[derive(ComponentSource)]
struct LockedInfrastructure {
    pool: Arc<std::sync::Mutex<Pool>>,
}

#[derive(ComponentSource)]
struct LockedState {
    #[contract(flatten)]
    infrastructure: LockedInfrastructure,
    cache: Cache,
}

#[test]
fn a_component_held_inside_a_lock_is_named_in_a_hint() {
    // The field provides `Mutex<Pool>`, so `cache`'s dependency on `Pool` is missing;
    // the report says where the pool is, even through a flattened state.
    let state = LockedState {
        infrastructure: LockedInfrastructure {
            pool: Arc::new(std::sync::Mutex::new(Pool { size: 1 })),
        },
        cache: Cache,
    };
    assert!(!state.provides(TypeId::of::<Pool>()));
    assert!(state.provides(TypeId::of::<std::sync::Mutex<Pool>>()));
    let held = state
        .wrapped(std::any::type_name::<Pool>())
        .expect("the lock is found");
    assert_eq!(held, std::any::type_name::<std::sync::Mutex<Pool>>());
    assert_eq!(state.wrapped(std::any::type_name::<Mailer>()), None);

    let report = validate_app_state(&state);
    assert!(matches!(
        report.violations(),
        [Violation::MissingComponent { .. }]
    ));
    let text = report.to_string();
    assert!(
        text.contains(
            "warning[wrapped-component] (risk low): the state holds `Mutex<Pool>` where `pool`"
        ),
        "{text}"
    );
    assert!(
        text.contains("= help: the state provides `Mutex<Pool>`, not `Pool`: depend on that type where it is what the consumers use, or hold the `Pool` itself in the state"),
        "{text}"
    );
}

/// A state declared through a `macro_rules!`: each `$ty` reaches the derive inside an
/// invisible group, and must be peeled as the same type written out is.
macro_rules! state_of {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(ComponentSource)]
        struct $name {
            $($field: $ty),*
        }
    };
}

state_of!(MacroState {
    pool: Arc<Pool>,
    mailer: Option<Arc<Mailer>>,
});

#[test]
fn field_types_from_a_macro_are_peeled_as_written_ones() {
    let without_mailer = MacroState {
        pool: Arc::new(Pool { size: 2 }),
        mailer: None,
    };
    assert!(without_mailer.provides(TypeId::of::<Pool>()));
    assert!(!without_mailer.provides(TypeId::of::<Arc<Pool>>()));
    assert!(!without_mailer.provides(TypeId::of::<Mailer>()));
    assert!(!without_mailer.provides(TypeId::of::<Option<Arc<Mailer>>>()));
    let instance = without_mailer.instance(TypeId::of::<Pool>());
    assert_eq!(
        instance
            .and_then(|i| i.downcast_ref::<Pool>())
            .map(|p| p.size),
        Some(2)
    );
    let with_mailer = MacroState {
        mailer: Some(Arc::new(Mailer)),
        ..without_mailer
    };
    assert!(with_mailer.provides(TypeId::of::<Mailer>()));
    assert!(validate_app_state(&with_mailer).is_ok());
}

static SHARED_POOL: Pool = Pool { size: 4 };

#[derive(ComponentSource)]
struct BorrowingState {
    pool: &'static Pool,
    cache: Cache,
}

#[test]
fn a_static_reference_field_provides_the_component_itself() {
    // As a `#[contract(dependency)]` field of type `&'static Pool` needs a `Pool`.
    let state = BorrowingState {
        pool: &SHARED_POOL,
        cache: Cache,
    };
    assert!(state.provides(TypeId::of::<Pool>()));
    assert!(!state.provides(TypeId::of::<&'static Pool>()));
    let instance = state.instance(TypeId::of::<Pool>());
    assert_eq!(
        instance
            .and_then(|i| i.downcast_ref::<Pool>())
            .map(|p| p.size),
        Some(4)
    );
    let report = validate_app_state(&state);
    assert!(report.is_ok(), "{report}");
}

#[derive(ComponentSource)]
struct MarkedState {
    marker: std::marker::PhantomData<Pool>,
    cache: Cache,
}

#[test]
fn a_phantom_data_of_a_component_is_not_named_as_holding_it() {
    // `PhantomData<Pool>` holds no pool: no hint points there, the pool is just missing.
    let state = MarkedState {
        marker: std::marker::PhantomData,
        cache: Cache,
    };
    assert_eq!(state.wrapped(std::any::type_name::<Pool>()), None);
    let report = validate_app_state(&state);
    assert!(matches!(
        report.violations(),
        [Violation::MissingComponent { .. }]
    ));
    assert!(
        !report.to_string().contains("wrapped-component"),
        "{report}"
    );
}

#[derive(ComponentSource)]
struct WithOptionalSubsystem {
    #[contract(flatten)]
    mail: Option<MailSubsystem>,
}

#[derive(ComponentSource)]
struct MailSubsystem {
    mailer: Mailer,
}

#[test]
fn an_optional_nested_state_provides_its_components_while_it_is_some() {
    let off = WithOptionalSubsystem { mail: None };
    assert!(!off.provides(TypeId::of::<Mailer>()));
    assert!(off.instance(TypeId::of::<Mailer>()).is_none());
    let on = WithOptionalSubsystem {
        mail: Some(MailSubsystem { mailer: Mailer }),
    };
    assert!(on.provides(TypeId::of::<Mailer>()));
    assert!(on.instance(TypeId::of::<Mailer>()).unwrap().is::<Mailer>());
}

/// A component that is not `Sync`: a derived state holds it, but cannot hand it over.
#[derive(MigrationContract)]
#[contract(name = "counter", check = Self::check)]
pub struct Counter(std::cell::Cell<u32>);

impl Counter {
    fn check(&self) -> Result<(), String> {
        Err(format!("counted {}", self.0.get()))
    }
}

#[derive(ComponentSource)]
struct CountingState {
    counter: Counter,
}

#[test]
fn a_skipped_check_of_an_unshareable_component_says_why() {
    let state = CountingState {
        counter: Counter(std::cell::Cell::new(1)),
    };
    assert!(state.provides(TypeId::of::<Counter>()));
    assert!(state.instance(TypeId::of::<Counter>()).is_none());
    let report = validate_app_state(&state);
    let text = report.to_string();
    assert!(report.violations().is_empty(), "{text}");
    assert!(text.contains("warning[check-skipped]"), "{text}");
    assert!(
        text.contains("a derived state hands over only components that are `Send + Sync` (a `Cell` or an `Rc` inside makes it neither)"),
        "{text}"
    );
}
