// `check = <Self as Trait>::f`: a qualified path names the function too.
use contracts_core::{contract_of, AppState, MigrationContract};

pub trait Health {
    fn healthy(&self) -> Result<(), String>;
}

#[derive(MigrationContract)]
#[contract(check = <Self as Health>::healthy)]
pub struct Pool {
    open: bool,
}

impl Health for Pool {
    fn healthy(&self) -> Result<(), String> {
        if self.open {
            Ok(())
        } else {
            Err("closed".to_owned())
        }
    }
}

fn main() {
    assert!(contract_of::<Pool>().expect("registered").has_check());
    let mut state = AppState::new();
    state.insert(Pool { open: false });
    let report = state.validate();
    assert!(report.to_string().contains("failed: closed"), "{report}");
}
