// A check takes the component by reference (`fn(&Self)`): one taking it by value, or
// another type, is reported on the path in the attribute.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(check = Self::self_test)]
struct Pool;

impl Pool {
    fn self_test(self) -> Result<(), String> {
        Ok(())
    }
}

struct Other;

#[derive(MigrationContract)]
#[contract(check = check_cache)]
struct Cache;

fn check_cache(_: &Other) -> Result<(), String> {
    Ok(())
}

#[derive(MigrationContract)]
#[contract(check = Self::self_test)]
struct Queue;

impl Queue {
    fn self_test(&self, strict: bool) -> Result<(), String> {
        let _ = strict;
        Ok(())
    }
}

fn main() {}
