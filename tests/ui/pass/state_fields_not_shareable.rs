// A state's fields need not be `Send + Sync` to provide their types: a `Cell` counter,
// an `Rc`, a trait object without `Send`. Only shareable components are handed to
// `check` functions, through every pointer (`Box<Arc<Pool>>` hands out the `Pool`).
use std::any::TypeId;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use contracts_core::ComponentSource;

pub struct Pool(u32);
pub struct Cache;
pub trait Plugin {}
pub struct Local;
impl Plugin for Local {}
pub struct Shared;
impl Plugin for Shared {}

// A user's own `Arc` is not `std`'s: it provides itself, and is not dereferenced.
mod my {
    pub struct Arc<T>(pub T);
}

// A trait of the user's with an `instance` method, in scope for every type, does not
// confuse the generated code.
pub trait Named {
    fn instance(&self) -> &'static str {
        "mine"
    }
}
impl<T: ?Sized> Named for T {}

#[derive(ComponentSource)]
struct State {
    counter: Cell<u32>,
    pool: Box<Arc<Pool>>,
    cache: Option<Rc<Cache>>,
    plugin: Arc<dyn Plugin>,
    shared_plugin: Arc<dyn Plugin + Send + Sync>,
    anything: Box<dyn std::any::Any + Send + Sync>,
    own: my::Arc<Local>,
}

fn main() {
    let state = State {
        counter: Cell::new(0),
        pool: Box::new(Arc::new(Pool(7))),
        cache: Some(Rc::new(Cache)),
        plugin: Arc::new(Local),
        shared_plugin: Arc::new(Shared),
        anything: Box::new(3u8),
        own: my::Arc(Local),
    };
    assert_eq!(state.counter.instance(), "mine");
    state.counter.set(1);
    for provided in [
        TypeId::of::<Cell<u32>>(),
        TypeId::of::<Pool>(),
        TypeId::of::<Cache>(),
        TypeId::of::<dyn Plugin>(),
        TypeId::of::<dyn Plugin + Send + Sync>(),
        TypeId::of::<dyn std::any::Any + Send + Sync>(),
        TypeId::of::<my::Arc<Local>>(),
    ] {
        assert!(state.provides(provided));
    }
    let pool = ComponentSource::instance(&state, TypeId::of::<Pool>()).expect("the pool is shareable");
    assert_eq!(pool.downcast_ref::<Pool>().map(|p| p.0), Some(7));
    assert!(ComponentSource::instance(&state, TypeId::of::<Cache>()).unwrap().is::<Cache>());
    // Not shareable: provided, but no instance.
    assert!(ComponentSource::instance(&state, TypeId::of::<Cell<u32>>()).is_none());
    assert!(ComponentSource::instance(&state, TypeId::of::<dyn Plugin>()).is_none());
    assert!(ComponentSource::instance(&state, TypeId::of::<dyn Plugin + Send + Sync>()).is_none());
    assert!(!state.provides(TypeId::of::<Local>()));
}
