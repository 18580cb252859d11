// Raw identifiers as the type's and a method's name: the expansion must not rebuild
// them from their text (`r#Pool` is not a valid plain identifier), and the contract
// names them as Rust does, without `r#`.
use contracts_core::{contract_of, MigrationContract};

#[derive(MigrationContract)]
#[contract(requires(fn r#type(&self) -> u8, r#match), implements(Send), check = Self::ok)]
pub struct r#Pool;

impl r#Pool {
    pub fn r#type(&self) -> u8 {
        1
    }

    pub fn r#match(&self) {}

    fn ok(&self) -> Result<(), String> {
        Ok(())
    }
}

fn main() {
    let contract = contract_of::<r#Pool>().expect("registered");
    assert_eq!(contract.name(), "Pool");
    assert!(contract.type_name().ends_with("::Pool"), "{}", contract.type_name());
    let methods: Vec<&str> = contract.required_methods().iter().map(|m| m.name()).collect();
    assert_eq!(methods, ["type", "match"]);
}
