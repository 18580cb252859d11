// A name is shown on one line in backticks: a newline or a backtick would break reports.
use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(name = "pool\nprimary")]
struct Pool;

#[derive(MigrationContract)]
#[contract(name = "the `pool`")]
struct Other;

// Spaces around a name would make `" pool"` and `"pool"` two names that read as one.
#[derive(MigrationContract)]
#[contract(name = " cache ")]
struct Cache;

// Invisible and text-direction characters: `pool` and `pool\u{200b}` read as one name,
// and an override would make a report read reordered.
#[derive(MigrationContract)]
#[contract(name = "pool\u{200b}", business_value = "pays \u{202e}stluser")]
struct Hidden;

// Tags and variation selectors show as nothing too.
#[derive(MigrationContract)]
#[contract(name = "pool\u{e0041}")]
struct Tagged;

// Other scripts are names like any other.
#[derive(MigrationContract)]
#[contract(name = "пул-東京", business_value = "sert les requêtes ⚠️ 👩\u{200d}💻")]
struct Worldwide;

fn main() {}
