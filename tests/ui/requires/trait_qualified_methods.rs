// A trait-qualified method is checked against that trait's method: `Sink::go` returns
// `u16`, not the declared `u8`; `Missing::go` names no trait in scope; an ambiguous
// name without its trait gets rustc's help to write one.
use contracts_core::MigrationContract;

pub trait Source {
    fn go(&self) -> u8;
}

pub trait Sink {
    fn go(&self) -> u16;
}

#[derive(MigrationContract)]
#[contract(requires(fn Sink::go(&self) -> u8))]
pub struct Pump;

#[derive(MigrationContract)]
#[contract(requires(fn Missing::go(&self) -> u8))]
pub struct Tap;

#[derive(MigrationContract)]
#[contract(requires(fn go(&self) -> u8))]
pub struct Valve;

// A bare name gets rustc's help too, which writes `Trait::go`.
#[derive(MigrationContract)]
#[contract(requires(go))]
pub struct Faucet;

#[derive(MigrationContract)]
#[contract(requires(Missing::go))]
pub struct Drain;

// A type that lacks the named trait: the error is on the trait in the attribute.
#[derive(MigrationContract)]
#[contract(requires(Source::go))]
pub struct Stone;

#[derive(MigrationContract)]
#[contract(requires(fn Sink::go(&self) -> u16))]
pub struct Pebble;

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

impl Source for Valve {
    fn go(&self) -> u8 {
        1
    }
}

impl Sink for Valve {
    fn go(&self) -> u16 {
        2
    }
}

impl Source for Faucet {
    fn go(&self) -> u8 {
        1
    }
}

impl Sink for Faucet {
    fn go(&self) -> u16 {
        2
    }
}

fn main() {}
