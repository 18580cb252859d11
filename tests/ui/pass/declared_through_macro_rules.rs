// Components and states declared through `macro_rules!`: every `$ty`, `$path` and
// `$name` fragment reaches the derives inside an invisible group, and must mean what
// the same tokens written out mean.
use std::sync::Arc;

use contracts_core::{contract_of, validate_app_state, ComponentSource, MigrationContract};

#[derive(MigrationContract)]
#[contract(check = Self::healthy)]
pub struct Pool {
    open: bool,
}

impl Pool {
    fn healthy(&self) -> Result<(), String> {
        if self.open {
            Ok(())
        } else {
            Err("closed".to_owned())
        }
    }
}

pub trait Store {}
impl Store for Repository {}

macro_rules! component {
    ($name:ident, $dep:ty, $field:ty, $check:path, $tr:path) => {
        #[derive(MigrationContract)]
        #[contract(depends_on($dep), implements($tr), check = $check)]
        pub struct $name {
            #[contract(dependency)]
            pool: $field,
        }
    };
}

component!(Repository, Pool, Arc<Pool>, Repository::healthy, Store);

impl Repository {
    fn healthy(&self) -> Result<(), String> {
        self.pool.healthy()
    }
}

// Method names, argument names and types from fragments, on the signatures checked by a
// call (a reference in the output, `async`).
macro_rules! lookup {
    ($name:ident, $method:ident, $arg:ident: $ty:ty, $flush:ident) => {
        #[derive(MigrationContract)]
        #[contract(requires(fn $method(&self, $arg: $ty) -> &str, async fn $flush(&self) -> usize))]
        pub struct $name;

        impl $name {
            fn $method(&self, $arg: $ty) -> &str {
                let _ = $arg;
                "found"
            }

            async fn $flush(&self) -> usize {
                0
            }
        }
    };
}

lookup!(Index, find, key: &str, flush);

// Lists a macro fills with zero or more items: an empty `depends_on()` or
// `consumers()` declares nothing, so a generator need not leave the key out.
macro_rules! service {
    ($name:ident, [$($dep:ty),*], [$($consumer:ty),*]) => {
        #[derive(MigrationContract)]
        #[contract(requires(), implements(), depends_on($($dep),*), consumers($($consumer),*))]
        pub struct $name;
    };
}

service!(Leaf, [], []);
service!(Branch, [Leaf], []);

macro_rules! state {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(ComponentSource)]
        pub struct $name {
            $($field: $ty),*
        }
    };
}

state!(AppState {
    pool: Arc<Pool>,
    repository: Option<Arc<Repository>>,
});

fn main() {
    let repository = contract_of::<Repository>().expect("registered");
    // `depends_on(Pool)` and the `Arc<Pool>` field are one dependency on `Pool`.
    let names: Vec<&str> = repository
        .dependencies()
        .iter()
        .map(|d| d.ty().name())
        .collect();
    assert_eq!(names, ["Pool"]);
    assert!(!repository.dependencies()[0].is_optional());

    let leaf = contract_of::<Leaf>().expect("registered");
    assert!(leaf.dependencies().is_empty() && leaf.consumers().is_empty());
    assert!(leaf.required_methods().is_empty() && leaf.traits().is_empty());
    assert_eq!(contract_of::<Branch>().unwrap().dependencies().len(), 1);

    let pool = Arc::new(Pool { open: false });
    let state = AppState {
        pool: pool.clone(),
        repository: Some(Arc::new(Repository { pool })),
    };
    let report = validate_app_state(&state);
    // Both checks ran on the instances the fields hold.
    let text = report.to_string();
    assert_eq!(text.matches("failed: closed").count(), 2, "{text}");
    assert!(
        !text.contains("missing-component"),
        "{text}"
    );
}
