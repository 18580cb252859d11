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

#[derive(ComponentSource)]
struct State {
    counter: Cell<u32>,
    pool: Box<Arc<Pool>>,
    cache: Option<Rc<Cache>>,
    plugin: Arc<dyn Plugin>,
}

fn main() {
    let state = State {
        counter: Cell::new(0),
        pool: Box::new(Arc::new(Pool(7))),
        cache: Some(Rc::new(Cache)),
        plugin: Arc::new(Local),
    };
    state.counter.set(1);
    for provided in [
        TypeId::of::<Cell<u32>>(),
        TypeId::of::<Pool>(),
        TypeId::of::<Cache>(),
        TypeId::of::<dyn Plugin>(),
    ] {
        assert!(state.provides(provided));
    }
    let pool = state.instance(TypeId::of::<Pool>()).expect("the pool is shareable");
    assert_eq!(pool.downcast_ref::<Pool>().map(|p| p.0), Some(7));
    assert!(state.instance(TypeId::of::<Cache>()).unwrap().is::<Cache>());
    // Not shareable: provided, but no instance.
    assert!(state.instance(TypeId::of::<Cell<u32>>()).is_none());
    assert!(state.instance(TypeId::of::<dyn Plugin>()).is_none());
}
