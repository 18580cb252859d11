// A dependency, a trait or a consumer's method listed twice: one error each, on the
// second occurrence. `r#name` and `name` are one name.
use contracts_core::MigrationContract;

pub struct Pool;
pub struct Panel;

#[derive(MigrationContract)]
#[contract(
    requires(get, r#get),
    depends_on(Pool, optional(Pool)),
    implements(Send, Sync, Send),
    consumers(Panel = [get, r#get])
)]
pub struct Cache;

// A dependency field may repeat a declared dependency, but not contradict it.
#[derive(MigrationContract)]
#[contract(depends_on(Pool))]
pub struct Store {
    #[contract(dependency)]
    pool: Option<std::sync::Arc<Pool>>,
    #[contract(dependency)]
    panel: &'static Panel,
    #[contract(dependency)]
    same_panel: Option<Box<Panel>>,
}

// `Self` is the type itself: the same dependency, contradicted.
pub struct Registry<T>(std::marker::PhantomData<T>);

#[derive(MigrationContract)]
#[contract(depends_on(Registry<Self>))]
pub struct Node {
    #[contract(dependency)]
    registry: Option<Box<Registry<Node>>>,
}

impl Cache {
    pub fn get(&self) {}
}

fn main() {}
