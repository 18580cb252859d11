//! `AppState`: the type map, `provide`, cheap clones, `Debug`, thread safety.

use std::sync::Arc;

use contracts_core::{AppState, ComponentSource};

trait Notifier: Send + Sync {
    fn name(&self) -> &str;
}
struct Email;
impl Notifier for Email {
    fn name(&self) -> &str {
        "email"
    }
}

#[derive(Debug, PartialEq)]
struct Pool(u8);

#[test]
fn insert_get_and_shared_handles() {
    let mut state = AppState::new();
    assert!(state.is_empty());
    state
        .insert(Pool(4))
        .insert_arc::<dyn Notifier>(Arc::new(Email));
    assert_eq!(state.get::<Pool>(), Some(&Pool(4)));
    assert_eq!(state.get_arc::<Pool>().as_deref(), Some(&Pool(4)));
    assert_eq!(state.get_arc::<dyn Notifier>().unwrap().name(), "email");
    assert!(state.get::<String>().is_none());
    assert_eq!(state.len(), 2);

    state.insert(Pool(8));
    assert_eq!(state.get::<Pool>(), Some(&Pool(8)), "insert replaces");
    assert_eq!(state.len(), 2);
}

#[test]
fn provide_declares_without_an_instance_and_keeps_an_existing_one() {
    let mut state = AppState::new();
    state.provide::<Pool>().provide::<dyn Notifier>();
    assert!(state.contains::<Pool>() && state.contains::<dyn Notifier>());
    assert!(state.get::<Pool>().is_none());
    assert!(state.provides(std::any::TypeId::of::<Pool>()));
    assert!(state.instance(std::any::TypeId::of::<Pool>()).is_none());

    state.insert(Pool(1)).provide::<Pool>();
    assert_eq!(state.get::<Pool>(), Some(&Pool(1)));
}

#[test]
fn instance_hands_out_the_component_itself_when_inserted_by_value() {
    use std::any::{Any, TypeId};
    let mut state = AppState::new();
    state
        .insert(Pool(3))
        .insert_arc::<dyn Notifier>(Arc::new(Email));
    let pool = state.instance(TypeId::of::<Pool>()).unwrap();
    assert_eq!(pool.downcast_ref::<Pool>(), Some(&Pool(3)));
    // The same allocation `get_arc` shares, not a copy.
    let from_instance: *const Pool = pool.downcast_ref::<Pool>().unwrap();
    assert!(std::ptr::eq(
        from_instance,
        Arc::as_ptr(&state.get_arc::<Pool>().unwrap())
    ));
    // An unsized component is only available behind its `Arc`.
    let notifier: &dyn Any = state.instance(TypeId::of::<dyn Notifier>()).unwrap();
    assert_eq!(
        notifier.downcast_ref::<Arc<dyn Notifier>>().unwrap().name(),
        "email"
    );
}

#[test]
fn clones_are_independent_and_cheap() {
    let mut original = AppState::new();
    original.insert(Pool(1));
    let shared = original.get_arc::<Pool>().unwrap();
    let mut copy = original.clone();
    copy.insert(Email);
    assert!(!original.contains::<Email>());
    assert!(Arc::ptr_eq(&shared, &copy.get_arc::<Pool>().unwrap()));
    assert!(copy.remove::<Pool>());
    assert!(!copy.remove::<Pool>());
    assert!(original.contains::<Pool>());
}

#[test]
fn debug_lists_types_sorted() {
    let mut state = AppState::new();
    state.insert(Pool(1)).provide::<Email>();
    let debug = format!("{state:?}");
    assert_eq!(
        debug,
        r#"{"test_app_state::Email": "provided", "test_app_state::Pool": "inserted"}"#
    );
}

#[test]
fn state_is_send_sync_and_a_source_behind_references() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<AppState>();
    let mut state = AppState::new();
    state.insert(Pool(1));
    let arc = Arc::new(state.clone());
    let id = std::any::TypeId::of::<Pool>();
    assert!(<&AppState as ComponentSource>::provides(&&state, id));
    assert!(arc.provides(id));
    assert!(Box::new(state).provides(id));
    let handle = std::thread::spawn(move || arc.get::<Pool>().map(|p| p.0));
    assert_eq!(handle.join().unwrap(), Some(1));
}

#[derive(contracts_core::MigrationContract)]
#[contract(name = "db-pool", required)]
struct DbPool;

#[derive(contracts_core::MigrationContract)]
#[contract(name = "repository", depends_on(DbPool))]
struct Repository;

#[test]
fn a_component_inserted_inside_an_arc_gets_a_hint() {
    // `insert(Arc::new(..))` stores an `Arc<DbPool>`: the pool is missing, and the
    // report says where it went.
    let mut state = AppState::new();
    state.insert(Arc::new(DbPool)).insert(Repository);
    let report = state.validate();
    assert!(!report.is_ok());
    let hints: Vec<_> = report
        .warnings()
        .iter()
        .filter(|w| w.code() == "wrapped-component")
        .collect();
    assert_eq!(hints.len(), 1, "{report}");
    let text = report.to_string();
    assert!(
        text.contains("warning[wrapped-component] (risk low): the state holds `Arc<DbPool>` where `db-pool` (tests/test_app_state.rs:"),
        "{text}"
    );
    assert!(
        text.contains("is needed as `DbPool`: a component stored inside a wrapper is stored under the wrapper's type\n"),
        "{text}"
    );
    assert!(
        text.contains("help: store the `DbPool` itself: `insert_arc(arc)` for an `Arc<DbPool>` (it is stored as a `DbPool`), `insert(value)` for a value, `provide::<DbPool>()` to declare it"),
        "{text}"
    );
    // The missing component's own block points at where it went.
    assert!(
        text.contains("error[missing-component] (risk low): `DbPool` (contract `db-pool`, tests/test_app_state.rs:"),
        "{text}"
    );
    assert!(
        text.contains("\n  = note: the state holds `Arc<DbPool>`, which is stored under the wrapper's type (see warning[wrapped-component])\n  = help: insert `DbPool` into the state"),
        "{text}"
    );
    // A pointer inside a pointer: the help unwraps both, never "depend on the wrapper"
    // (which the derive refuses).
    let mut twice = AppState::new();
    twice.insert(Arc::new(Arc::new(DbPool))).insert(Repository);
    let text = twice.validate().to_string();
    assert!(
        text.contains("the state holds `Arc<Arc<DbPool>>` where `db-pool`"),
        "{text}"
    );
    assert!(
        text.contains("help: store the `DbPool` itself: a pointer is wrapped in another; pass the inner `Arc<DbPool>` to `insert_arc(arc)` (it is stored as a `DbPool`), or `insert(value)` for a value"),
        "{text}"
    );
    // No `Arc` right around it: nothing to hand to `insert_arc`.
    let mut boxed_twice = AppState::new();
    boxed_twice
        .insert(Arc::new(Box::new(DbPool)))
        .insert(Repository);
    let text = boxed_twice.validate().to_string();
    assert!(
        text.contains("help: store the `DbPool` itself: a pointer is wrapped in another; take the `DbPool` out and `insert(value)` it, or `insert_arc(Arc::new(value))` to share it"),
        "{text}"
    );
    // Strict: the hint is an error entry, and the note says so.
    let text = contracts_core::Validator::new()
        .strict()
        .validate_app_state(&twice)
        .to_string();
    assert!(
        text.contains("= note: the state holds `Arc<Arc<DbPool>>`, which is stored under the wrapper's type (see error[wrapped-component])"),
        "{text}"
    );
    assert!(text.contains("error[wrapped-component]"), "{text}");
    // A `Box` (inserted) or a declared `Arc` (provided) is found the same way.
    let mut boxed = AppState::new();
    boxed.insert(Box::new(DbPool)).insert(Repository);
    let text = boxed.validate().to_string();
    assert!(text.contains("the state holds `Box<DbPool>`"), "{text}");
    let mut declared = AppState::new();
    declared.provide::<Arc<DbPool>>().insert(Repository);
    let text = declared.validate().to_string();
    assert!(text.contains("warning[wrapped-component]"), "{text}");

    // A lock inside the `Arc`: `insert_arc` would store a `Mutex`, so the help says
    // what the state provides instead.
    let mut locked = AppState::new();
    locked
        .insert(Arc::new(std::sync::Mutex::new(DbPool)))
        .insert(Repository);
    let text = locked.validate().to_string();
    assert!(
        text.contains("help: the state provides `Arc<Mutex<DbPool>>`, not `DbPool`: depend on that type where it is what the consumers use, or hold the `DbPool` itself in the state"),
        "{text}"
    );
    assert!(!text.contains("insert_arc"), "{text}");

    // Following the help fixes it, and the hint is gone.
    let mut state = AppState::new();
    state.insert_arc(Arc::new(DbPool)).insert(Repository);
    let report = state.validate();
    assert!(report.is_ok(), "{report}");
    assert!(report.warnings().is_empty(), "{report}");

    // A state that is not an `AppState` gives no hint (nor a false one).
    struct Empty;
    impl ComponentSource for Empty {
        fn provides(&self, _: std::any::TypeId) -> bool {
            false
        }
    }
    let report = contracts_core::validate_app_state(&Empty);
    assert!(
        report
            .warnings()
            .iter()
            .all(|w| w.code() != "wrapped-component"),
        "{report}"
    );
}
