// After a bad value, parsing goes on at the next key: one error per mistake, and the
// keys after it are still checked (here each ends with a bad `risk`, which must be
// reported too).
use contracts_core::MigrationContract;

pub struct Pool;
pub struct Other;

// Something after a value: `check` names the function, it does not call it.
#[derive(MigrationContract)]
#[contract(check = Self::check(), risk = "bogus")]
pub struct A;

// A type that fails inside `<..>`: its comma is not the end of the value.
#[derive(MigrationContract)]
#[contract(replaces = HashMap<String Pool, u8>, risk = "bogus")]
pub struct B;

#[derive(MigrationContract)]
#[contract(depends_on(HashMap<String Pool, u8>, Other), risk = "bogus")]
pub struct C;

// A closure: its `<` is a comparison, its `|a, b|` one unit; a misspelled key after
// it is still reported.
#[derive(MigrationContract)]
#[contract(check = |c: &Self| c.0 < 3, rsik = "high")]
pub struct D(usize);

#[derive(MigrationContract)]
#[contract(check = |a, b| a, risk = "bogus")]
pub struct E;

// Stray commas.
#[derive(MigrationContract)]
#[contract(risk = "high",, name = "")]
pub struct F;

#[derive(MigrationContract)]
#[contract(depends_on(Pool,, Other), risk = "bogus")]
pub struct G;

fn main() {}
