//! What validation looks at: anything that can say which components it provides
//! ([`ComponentSource`]), and [`AppState`], a ready-made type map.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::descriptor::ComponentId;
use crate::report::Report;

/// A live application state, seen by validation.
///
/// Implement it for your own state (a struct of components, a framework's type map) so
/// [`validate_app_state`](crate::validate_app_state) can check it.
///
/// ```
/// use std::any::TypeId;
/// use contracts_core::ComponentSource;
///
/// struct Pool;
/// struct MyState { pool: Option<Pool> }
///
/// impl ComponentSource for MyState {
///     fn provides(&self, component: TypeId) -> bool {
///         component == TypeId::of::<Pool>() && self.pool.is_some()
///     }
/// }
///
/// assert!(MyState { pool: Some(Pool) }.provides(TypeId::of::<Pool>()));
/// ```
pub trait ComponentSource {
    /// Whether the state holds (or will hold) a component of this type.
    fn provides(&self, component: TypeId) -> bool;

    /// The component itself, as `T`, `Arc<T>` or `Box<T>`, so that `check = ..` can run.
    /// The default says "no instance available"; checks are then reported as skipped.
    fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
        let _ = component;
        None
    }

    /// Whether the state provides a component by identity. The default asks
    /// [`provides`](Self::provides) for types and answers `false` for synthetic
    /// identities; a source that serves synthetic contracts overrides it.
    fn provides_id(&self, component: ComponentId) -> bool {
        component
            .type_id()
            .is_some_and(|type_id| self.provides(type_id))
    }

    /// For a hint when a component is missing: the type of a value the state holds
    /// that wraps the component named `type_name` instead of being it (an `Arc<T>`
    /// passed to `insert`, which stores the `Arc` itself). The default knows none.
    fn wrapped(&self, type_name: &str) -> Option<&'static str> {
        let _ = type_name;
        None
    }

    /// For a hint when a component is missing: the name of this state's field that
    /// holds it while `Some` and is `None` now (`"metrics"` for `metrics:
    /// Option<Arc<Metrics>>`). The default knows none; `#[derive(ComponentSource)]`
    /// answers for its `Option` fields, and asks its `flatten`ed states.
    fn empty_field(&self, component: TypeId) -> Option<&'static str> {
        let _ = component;
        None
    }
}

impl<S: ComponentSource + ?Sized> ComponentSource for &S {
    fn provides(&self, component: TypeId) -> bool {
        (**self).provides(component)
    }

    fn provides_id(&self, component: ComponentId) -> bool {
        (**self).provides_id(component)
    }

    fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
        (**self).instance(component)
    }

    fn wrapped(&self, type_name: &str) -> Option<&'static str> {
        (**self).wrapped(type_name)
    }

    fn empty_field(&self, component: TypeId) -> Option<&'static str> {
        (**self).empty_field(component)
    }
}

impl<S: ComponentSource + ?Sized> ComponentSource for Arc<S> {
    fn provides(&self, component: TypeId) -> bool {
        (**self).provides(component)
    }

    fn provides_id(&self, component: ComponentId) -> bool {
        (**self).provides_id(component)
    }

    fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
        (**self).instance(component)
    }

    fn wrapped(&self, type_name: &str) -> Option<&'static str> {
        (**self).wrapped(type_name)
    }

    fn empty_field(&self, component: TypeId) -> Option<&'static str> {
        (**self).empty_field(component)
    }
}

impl<S: ComponentSource + ?Sized> ComponentSource for Box<S> {
    fn provides(&self, component: TypeId) -> bool {
        (**self).provides(component)
    }

    fn provides_id(&self, component: ComponentId) -> bool {
        (**self).provides_id(component)
    }

    fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
        (**self).instance(component)
    }

    fn wrapped(&self, type_name: &str) -> Option<&'static str> {
        (**self).wrapped(type_name)
    }

    fn empty_field(&self, component: TypeId) -> Option<&'static str> {
        (**self).empty_field(component)
    }
}

#[derive(Clone)]
struct Slot {
    type_name: &'static str,
    /// Always an `Arc<T>` behind `dyn Any`, so that unsized components (`Arc<dyn Trait>`)
    /// and sized ones are stored and found the same way. `None`: declared with
    /// [`AppState::provide`], no instance yet.
    value: Option<Arc<dyn Any + Send + Sync>>,
    /// The same component as `T` itself behind `dyn Any`, when it was inserted by value
    /// (so `T` is sized): what [`ComponentSource::instance`] hands out first, so that
    /// `instance(..)` downcasts to the component, as a derived state's does.
    itself: Option<Arc<dyn Any + Send + Sync>>,
}

/// A type map of components: the state to validate when you do not have one of your
/// own, and a place to declare what *will* be there ([`provide`](Self::provide)) so that
/// wiring is validated before any connection is opened.
///
/// Cloning is cheap: the map is shared until one clone is changed.
///
/// ```
/// use std::sync::Arc;
/// use contracts_core::AppState;
///
/// trait EventSink: Send + Sync {}
/// struct Stdout;
/// impl EventSink for Stdout {}
/// struct Pool { size: usize }
///
/// let mut state = AppState::new();
/// state
///     .insert(Pool { size: 4 })
///     .insert_arc::<dyn EventSink>(Arc::new(Stdout))
///     .provide::<String>();
///
/// assert_eq!(state.get::<Pool>().map(|p| p.size), Some(4));
/// assert!(state.get_arc::<dyn EventSink>().is_some());
/// assert!(state.contains::<String>() && state.get::<String>().is_none());
/// ```
#[derive(Clone, Default)]
pub struct AppState {
    slots: Arc<HashMap<TypeId, Slot>>,
}

impl AppState {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    fn put<T: ?Sized + 'static>(
        &mut self,
        value: Option<Arc<dyn Any + Send + Sync>>,
        itself: Option<Arc<dyn Any + Send + Sync>>,
    ) {
        Arc::make_mut(&mut self.slots).insert(
            TypeId::of::<T>(),
            Slot {
                type_name: std::any::type_name::<T>(),
                value,
                itself,
            },
        );
    }

    /// Stores `value` as the component of type `T`, replacing any earlier one. An
    /// `Arc<Pool>` given here is stored as an `Arc<Pool>`; to store a shared `Pool`,
    /// use [`insert_arc`](Self::insert_arc).
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) -> &mut Self {
        let value = Arc::new(value);
        let itself: Arc<dyn Any + Send + Sync> = value.clone();
        self.put::<T>(Some(Arc::new(value)), Some(itself));
        self
    }

    /// Stores a shared component; `T` may be unsized, e.g. `dyn EventSink`.
    pub fn insert_arc<T: ?Sized + Send + Sync + 'static>(&mut self, value: Arc<T>) -> &mut Self {
        self.put::<T>(Some(Arc::new(value)), None);
        self
    }

    /// The component of type `T`, if one was inserted.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.stored::<T>().map(|arc| &**arc)
    }

    /// A shared handle to the component of type `T`, if one was inserted.
    pub fn get_arc<T: ?Sized + Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.stored::<T>().cloned()
    }

    fn stored<T: ?Sized + 'static>(&self) -> Option<&Arc<T>> {
        self.slots
            .get(&TypeId::of::<T>())
            .and_then(|slot| slot.value.as_ref())
            .and_then(|value| value.downcast_ref::<Arc<T>>())
    }

    /// Declares that a `T` will be in the state, without an instance: validation treats
    /// it as present, so wiring can be checked before pools and sockets are opened. An
    /// instance inserted earlier is kept.
    pub fn provide<T: ?Sized + 'static>(&mut self) -> &mut Self {
        if !self.contains::<T>() {
            self.put::<T>(None, None);
        }
        self
    }

    /// Removes the component of type `T` (inserted or provided); returns whether there was one.
    pub fn remove<T: ?Sized + 'static>(&mut self) -> bool {
        self.contains::<T>()
            && Arc::make_mut(&mut self.slots)
                .remove(&TypeId::of::<T>())
                .is_some()
    }

    /// Whether a `T` was inserted or provided.
    pub fn contains<T: ?Sized + 'static>(&self) -> bool {
        self.slots.contains_key(&TypeId::of::<T>())
    }

    /// How many component types the state holds or provides.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the state holds nothing.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Validates every registered contract against this state:
    /// [`validate_app_state(self)`](crate::validate_app_state).
    pub fn validate(&self) -> Report {
        crate::validate_app_state(self)
    }
}

impl ComponentSource for AppState {
    fn provides(&self, component: TypeId) -> bool {
        self.slots.contains_key(&component)
    }

    /// The component itself when it was [`insert`](AppState::insert)ed, its `Arc<T>`
    /// when it was given to [`insert_arc`](AppState::insert_arc) (`T` may be unsized
    /// there), `None` when it was only [`provide`](AppState::provide)d.
    fn instance(&self, component: TypeId) -> Option<&(dyn Any + Send + Sync)> {
        let slot = self.slots.get(&component)?;
        slot.itself.as_deref().or(slot.value.as_deref())
    }

    /// `insert(Arc::new(pool))` stores an `Arc<Pool>`, not a `Pool`: found by the
    /// stored types' names (`std::any::type_name`) against the contract's (module path
    /// and name), which is all a `TypeId` of the component allows. A type declared
    /// inside a function is named differently by the two, and is not found.
    fn wrapped(&self, type_name: &str) -> Option<&'static str> {
        let mut held: Vec<&'static str> = self
            .slots
            .values()
            .map(|slot| slot.type_name)
            .filter(|held| wraps(held, type_name))
            .collect();
        held.sort_unstable();
        held.first().copied()
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut entries: Vec<(&str, &str)> = self
            .slots
            .values()
            .map(|slot| {
                let kind = if slot.value.is_some() {
                    "inserted"
                } else {
                    "provided"
                };
                (slot.type_name, kind)
            })
            .collect();
        entries.sort_unstable();
        f.debug_map().entries(entries).finish()
    }
}

/// Whether the type named `held` (as `std::any::type_name` writes it) wraps the one
/// named `type_name`: a generic type with it as a type argument, as in `Arc<T>`,
/// `Mutex<T>`, `Arc<RwLock<T>>` or `lock_api::Mutex<R, T>`, a tuple or an array of it.
/// Names only, so a hint. A `PhantomData<T>` holds no `T`, so it wraps nothing.
pub(crate) fn wraps(held: &str, type_name: &str) -> bool {
    !type_name.is_empty()
        && held != type_name
        && !held.starts_with("core::marker::PhantomData<")
        && [
            format!("<{type_name}>"),
            format!("<{type_name},"),
            format!(", {type_name}>"),
            format!(", {type_name},"),
            format!("({type_name},"),
            format!(", {type_name})"),
            format!("[{type_name};"),
        ]
        .iter()
        .any(|pattern| held.contains(pattern.as_str()))
}
