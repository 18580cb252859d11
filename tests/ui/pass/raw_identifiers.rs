// Raw identifiers as the type's and a method's name: the expansion must not rebuild
// them from their text (`r#Pool` is not a valid plain identifier), and the contract
// names them as Rust does, without `r#`.
use contracts_core::{contract_of, MigrationContract};

#[derive(MigrationContract)]
#[contract(
    requires(fn r#type(&self, r#in: u8) -> u8, r#match, get),
    implements(Send),
    check = Self::ok,
    consumers(Engine = [r#type, r#get])
)]
pub struct r#Pool;

// A consumer may name a method with or without `r#`: one name either way.
#[derive(MigrationContract)]
#[contract(depends_on(r#Pool))]
pub struct Engine;

impl r#Pool {
    pub fn r#type(&self, r#in: u8) -> u8 {
        r#in
    }

    pub fn r#match(&self) {}

    pub fn get(&self) {}

    fn ok(&self) -> Result<(), String> {
        Ok(())
    }
}

fn main() {
    let contract = contract_of::<r#Pool>().expect("registered");
    assert_eq!(contract.name(), "Pool");
    assert!(contract.type_name().ends_with("::Pool"), "{}", contract.type_name());
    let methods: Vec<&str> = contract.required_methods().iter().map(|m| m.name()).collect();
    assert_eq!(methods, ["type", "match", "get"]);
    assert_eq!(
        contract.required_methods()[0].signature(),
        Some("fn type(&self, in: u8) -> u8")
    );
    assert_eq!(contract.consumers()[0].methods(), ["type", "get"]);
    let engine = contract_of::<Engine>().expect("registered");
    assert_eq!(engine.dependencies()[0].ty().name(), "Pool");
}
