// A user's own `Option` or `Arc` (in a module) is a type of its own: not an optional
// dependency, not peeled.
use contracts_core::{contract_of, MigrationContract};

pub mod wrappers {
    pub struct Option<T>(pub T);
    pub struct Arc<T>(pub T);
}

pub struct Pool;
pub struct Metrics;

#[derive(MigrationContract)]
#[contract(depends_on(wrappers::Option<Pool>))]
pub struct Engine {
    #[contract(dependency)]
    metrics: wrappers::Arc<Metrics>,
    #[contract(dependency)]
    maybe: std::option::Option<std::sync::Arc<Pool>>,
}

fn main() {
    let contract = contract_of::<Engine>().expect("registered");
    let named: Vec<(&str, bool)> = contract
        .dependencies()
        .iter()
        .map(|d| (d.ty().name(), d.is_optional()))
        .collect();
    assert_eq!(
        named,
        [
            ("wrappers::Option<Pool>", false),
            ("wrappers::Arc<Metrics>", false),
            ("Pool", true)
        ]
    );
    let engine = Engine {
        metrics: wrappers::Arc(Metrics),
        maybe: None,
    };
    let _ = (engine.metrics.0, engine.maybe, wrappers::Option(Pool).0);
}
