use std::rc::Rc;

use contracts_core::MigrationContract;

#[derive(MigrationContract)]
#[contract(implements(Send))]
struct Bridge {
    shared: Rc<u8>,
}

fn main() {}
