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
        .insert(Queue)
        .insert(Mailer)
        .insert(Wrapper(Inner(7)));
    let text = state.validate().to_string();
    assert!(text.contains("failed: unhealthy"), "{text}");
    assert!(text.contains("failed: inner 7"), "{text}");
    assert!(text.contains("failed: closed for maintenance"), "{text}");
    assert!(text.contains("failed: an error occurred when formatting an argument"), "{text}");
    assert!(text.contains("failed: Queue is full"), "{text}");
}

// Coerced as in any call: a check shared through a trait object, and one taking the
// target of `Self: Deref`.
pub trait Health {
    fn healthy(&self) -> bool;
}

fn shared_check(component: &dyn Health) -> Result<(), String> {
    if component.healthy() {
        Ok(())
    } else {
        Err("unhealthy".to_owned())
    }
}

#[derive(MigrationContract)]
#[contract(check = shared_check)]
pub struct Mailer;

impl Health for Mailer {
    fn healthy(&self) -> bool {
        false
    }
}

pub struct Inner(u8);

fn inner_check(inner: &Inner) -> Result<(), String> {
    Err(format!("inner {}", inner.0))
}

#[derive(MigrationContract)]
#[contract(check = inner_check)]
pub struct Wrapper(Inner);

impl std::ops::Deref for Wrapper {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
