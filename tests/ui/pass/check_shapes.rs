// What a `check` may be: a method whose error borrows from the component, a generic
// function, a function of another module taking `&Self`'s type.
use contracts_core::{AppState, MigrationContract};

#[derive(MigrationContract)]
#[contract(check = Self::self_test)]
pub struct Pool {
    reason: String,
}

impl Pool {
    fn self_test(&self) -> Result<(), &str> {
        Err(&self.reason)
    }
}

#[derive(MigrationContract)]
#[contract(check = checks::any_debug)]
pub struct Cache;

#[derive(Debug)]
#[derive(MigrationContract)]
#[contract(check = checks::named)]
pub struct Queue;

mod checks {
    pub fn any_debug<T: ?Sized>(_: &T) -> Result<(), std::fmt::Error> {
        Err(std::fmt::Error)
    }

    pub fn named(queue: &super::Queue) -> Result<(), String> {
        Err(format!("{queue:?} is full"))
    }
}

fn main() {
    let mut state = AppState::new();
    state
        .insert(Pool {
            reason: "closed for maintenance".to_owned(),
        })
        .insert(Cache)
        .insert(Queue);
    let text = state.validate().to_string();
    assert!(text.contains("failed: closed for maintenance"), "{text}");
    assert!(text.contains("failed: an error occurred when formatting an argument"), "{text}");
    assert!(text.contains("failed: Queue is full"), "{text}");
}
