// Two traits in scope with a method of one name: `fn Trait::name(..)` says which one is
// required, as rustc's E0034 help suggests writing it.
use contracts_core::MigrationContract;

pub trait Source {
    fn go(&self) -> u8;
}

pub trait Sink {
    fn go(&self) -> u16;
}

mod tasks {
    pub mod nested {
        // Reached through `super::super` from here.
        #[derive(contracts_core::MigrationContract)]
        #[contract(requires(super::super::Source::go, fn super::Run::run(&self, times: u32) -> u32))]
        pub struct Deep;

        impl crate::Source for Deep {
            fn go(&self) -> u8 {
                1
            }
        }

        impl super::Run for Deep {
            fn run(&self, times: u32) -> u32 {
                times
            }
            fn go(&self) -> bool {
                true
            }
        }
    }

    pub trait Run {
        fn run(&self, times: u32) -> u32;
        fn go(&self) -> bool;
    }
}

#[derive(MigrationContract)]
#[contract(requires(fn Source::go(&self) -> u8, fn self::tasks::Run::run(&self, times: u32) -> u32))]
pub struct Pump;

// Bare names too, as rustc's help writes them for a bare name.
#[derive(MigrationContract)]
#[contract(name = "pump-by-name", requires(crate::Sink::go, self::tasks::Run::run))]
pub struct PumpByName;

impl Sink for PumpByName {
    fn go(&self) -> u16 {
        2
    }
}

impl Source for PumpByName {
    fn go(&self) -> u8 {
        1
    }
}

impl tasks::Run for PumpByName {
    fn run(&self, times: u32) -> u32 {
        times
    }
    fn go(&self) -> bool {
        false
    }
}

impl Source for Pump {
    fn go(&self) -> u8 {
        1
    }
}

impl Sink for Pump {
    fn go(&self) -> u16 {
        2
    }
}

impl tasks::Run for Pump {
    fn run(&self, times: u32) -> u32 {
        times
    }
    fn go(&self) -> bool {
        true
    }
}

fn main() {
    let by_name = contracts_core::contract_of::<PumpByName>().expect("registered");
    let names: Vec<&str> = by_name.required_methods().iter().map(|m| m.name()).collect();
    assert_eq!(names, ["go", "run"]);
    let contract = contracts_core::contract_of::<Pump>().expect("registered");
    let methods = contract.required_methods();
    assert_eq!(methods[0].name(), "go");
    assert_eq!(methods[0].signature(), Some("fn Source::go(&self) -> u8"));
    assert_eq!(methods[1].name(), "run");
    assert_eq!(
        methods[1].signature(),
        Some("fn self::tasks::Run::run(&self, times: u32) -> u32")
    );
}
