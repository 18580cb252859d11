use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(requires(fn parse<T: std::str::FromStr>(&self, text: &str) -> Option<T>))]
struct Parser;

impl Parser {
    fn parse<T: std::str::FromStr>(&self, text: &str) -> Result<T, T::Err> {
        text.parse()
    }
}

fn main() {}
