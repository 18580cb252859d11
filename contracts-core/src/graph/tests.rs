use super::*;
use crate::descriptor::Risk;
use crate::ContractBuilder;

fn names(graph: &ContractGraph, relations: &[Relation]) -> Vec<&'static str> {
    relations
        .iter()
        .map(|r| graph.node(r.node()).name())
        .collect()
}

#[test]
fn replaces_edges_are_neither_consumers_nor_dependencies() {
    let db = ContractBuilder::new(1, "db").build();
    let legacy = ContractBuilder::new(2, "legacy")
        .depends_on(1, "db")
        .build();
    let new = ContractBuilder::new(3, "new")
        .replaces(2, "legacy", Phase::Migrating)
        .build();
    let user = ContractBuilder::new(4, "user").depends_on(3, "new").build();
    let graph = ContractGraph::new(&[db, legacy, new, user]);
    let legacy = graph.find("legacy").unwrap();
    let new = graph.find("new").unwrap();
    for reach in [Reach::Direct, Reach::Transitive] {
        assert!(graph.consumers_of(legacy, reach).is_empty());
        assert!(graph.dependencies_of(new, reach).is_empty());
    }
    // The migration is there, apart.
    assert_eq!(graph.replaced_by(legacy), [new]);
    assert_eq!(graph.replaces(new), Some(legacy));
    // An export around either side still shows the other.
    let around: Vec<&str> = graph
        .neighbourhood(legacy, Some(1))
        .nodes()
        .iter()
        .map(|&n| graph.node(n).name())
        .collect();
    assert_eq!(around, ["db", "legacy", "new"]);
    assert_eq!(graph.startup_order().unwrap().len(), 4);
}

#[test]
fn a_replacement_that_uses_the_legacy_is_its_consumer_by_that_use_alone() {
    // An adapter over the legacy: a consumer through `depends_on`, listed with that edge.
    let legacy = ContractBuilder::new(1, "legacy").build();
    let adapter = ContractBuilder::new(2, "adapter")
        .depends_on(1, "Legacy")
        .replaces(1, "Legacy", Phase::Parallel)
        .build();
    let graph = ContractGraph::new(&[legacy, adapter]);
    let consumers = graph.consumers_of(graph.find("legacy").unwrap(), Reach::Direct);
    assert_eq!(names(&graph, &consumers), ["adapter"]);
    let kinds: Vec<EdgeKind> = consumers[0]
        .edges()
        .iter()
        .map(|&e| graph.edge(e).kind())
        .collect();
    assert_eq!(kinds, [EdgeKind::DependsOn]);
}

#[test]
fn parallel_edges_are_all_listed_on_a_relation() {
    let factory = ContractBuilder::new(1, "factory")
        .consumer(2, "engine", &["create"])
        .build();
    let engine = ContractBuilder::new(2, "engine")
        .depends_on(1, "factory")
        .build();
    let graph = ContractGraph::new(&[factory, engine]);
    let relations = graph.consumers_of(graph.find("factory").unwrap(), Reach::Direct);
    let kinds: Vec<EdgeKind> = relations[0]
        .edges()
        .iter()
        .map(|&e| graph.edge(e).kind())
        .collect();
    assert_eq!(kinds, [EdgeKind::DependsOn, EdgeKind::DeclaredConsumer]);
}

#[test]
fn risk_is_raised_by_a_critical_dependant_with_the_reason() {
    let pool = ContractBuilder::new(1, "pool").build();
    let repo = ContractBuilder::new(2, "repo")
        .depends_on(1, "pool")
        .build();
    let api = ContractBuilder::new(3, "api")
        .risk(Risk::Critical)
        .depends_on(2, "repo")
        .build();
    let graph = ContractGraph::new(&[pool, repo, api]);
    let pool = graph.node(graph.find("pool").unwrap());
    assert_eq!(pool.effective_risk(), Risk::High);
    assert_eq!(
        pool.risk().reasons()[0].to_string(),
        "the critical `api` depends on it transitively"
    );
    let repo = graph.node(graph.find("repo").unwrap());
    assert_eq!(
        repo.risk().reasons()[0].to_string(),
        "the critical `api` depends on it"
    );
    let api = graph.node(graph.find("api").unwrap());
    assert!(!api.risk().is_raised());
}

#[test]
fn unknown_and_bad_ids_never_panic() {
    let graph = ContractGraph::new(&[]);
    assert!(graph.consumers_of(NodeId(7), Reach::Transitive).is_empty());
    assert!(graph.impact_of(NodeId(7)).entries().is_empty());
    assert!(graph.neighbourhood(NodeId(7), None).nodes().is_empty());
    assert_eq!(graph.startup_order(), Ok(Vec::new()));
    assert!(matches!(graph.find("x"), Err(LookupError::Unknown { .. })));
}

#[test]
fn duplicate_names_are_ambiguous() {
    let a = ContractBuilder::new(1, "same").type_name("m1::A").build();
    let b = ContractBuilder::new(2, "same").type_name("m2::B").build();
    let graph = ContractGraph::new(&[a, b]);
    let error = graph.find("same").unwrap_err();
    assert!(matches!(error, LookupError::Ambiguous { .. }));
    assert!(error.to_string().contains("`m1::A`, `m2::B`"), "{error}");
    assert_eq!(graph.find("m2::B").map(|n| n.index()), Ok(1));
    assert_eq!(graph.find("A").map(|n| n.index()), Ok(0));
}

#[test]
fn a_contract_name_that_is_another_contracts_type_name_is_ambiguous() {
    // `#[contract(name = "DbPool")] struct Impostor` beside `struct DbPool` with the
    // contract `db-pool`.
    let impostor = ContractBuilder::new(1, "DbPool")
        .type_name("app::Impostor")
        .build();
    let pool = ContractBuilder::new(2, "db-pool")
        .type_name("app::db::DbPool")
        .build();
    let graph = ContractGraph::new(&[impostor, pool]);
    let error = graph.find("DbPool").unwrap_err();
    assert_eq!(
        error,
        LookupError::NameIsTypeName {
            name: "DbPool".to_owned(),
            named: "app::Impostor",
            typed: vec![("app::db::DbPool", "db-pool")],
        }
    );
    assert!(error.suggestions().is_empty());
    // A full type name is one reading only.
    assert!(matches!(
        graph.find("app::db::DbPool"),
        Ok(node) if graph.node(node).name() == "db-pool"
    ));
    // Each is found by what the error says.
    assert_eq!(graph.find("app::Impostor").map(|n| n.index()), Ok(0));
    assert_eq!(graph.find("db-pool").map(|n| n.index()), Ok(1));
    assert_eq!(graph.find("Impostor").map(|n| n.index()), Ok(0));

    // Several types named so: each listed.
    let other_pool = ContractBuilder::new(3, "replica-pool")
        .type_name("app::replica::DbPool")
        .build();
    let graph = ContractGraph::new(&[impostor, pool, other_pool]);
    assert_eq!(
        graph.find("DbPool").unwrap_err().to_string(),
        "component name `DbPool` is ambiguous: it is the name of the contract on `app::Impostor`, \
         and the type name of `app::db::DbPool` (contract `db-pool`) and `app::replica::DbPool` \
         (contract `replica-pool`); to pick one, give the first's full type name `app::Impostor`, \
         or another's contract name `db-pool` or `replica-pool`"
    );
}

#[test]
fn a_contract_named_as_its_own_type_is_found_by_either() {
    // The derive's default name is the type's own name: one component, not two.
    let pool = ContractBuilder::new(1, "DbPool")
        .type_name("app::DbPool")
        .build();
    let other = ContractBuilder::new(2, "cache")
        .type_name("app::Cache")
        .build();
    let graph = ContractGraph::new(&[pool, other]);
    assert_eq!(graph.find("DbPool").map(|n| n.index()), Ok(0));
    assert_eq!(graph.find("app::DbPool").map(|n| n.index()), Ok(0));
}

#[test]
fn a_contract_name_beats_a_type_without_contract_written_alike() {
    // `user` depends on a type written `Pool` that has no contract; another contract
    // is named `Pool`.
    let named_pool = ContractBuilder::new(33, "Pool")
        .type_name("db::Connections")
        .build();
    let user = ContractBuilder::new(32, "user")
        .depends_on(31, "Pool")
        .build();
    let graph = ContractGraph::new(&[named_pool, user]);
    let found = graph.find("Pool").unwrap();
    assert_eq!(graph.node(found).type_name(), "db::Connections");
    assert!(graph.node(found).contract().is_some());

    // Two types without a contract written alike: the message says why no name helps.
    let a = ContractBuilder::new(1, "a").depends_on(10, "Pool").build();
    let b = ContractBuilder::new(2, "b").depends_on(11, "Pool").build();
    let graph = ContractGraph::new(&[a, b]);
    let error = graph.find("Pool").unwrap_err();
    assert_eq!(
        error.to_string(),
        "component name `Pool` is ambiguous: 2 components answer to it with the same type name, so no name tells them apart; give each a contract with its own `name` (a type without a contract gets one by deriving `MigrationContract`), or write the dependencies with their module paths"
    );
    // Two contracts of one name and one type path: the same message, not a claim that
    // they have no contract.
    let a = ContractBuilder::new(1, "pool").build();
    let b = ContractBuilder::new(2, "pool").build();
    let error = ContractGraph::new(&[a, b]).find("pool").unwrap_err();
    assert!(
        error.to_string().starts_with(
            "component name `pool` is ambiguous: 2 components answer to it with the same type name"
        ),
        "{error}"
    );
}

/// The reason names the relation the critical contract has: a declared consumer is not
/// a dependant, nor is a product of a factory.
#[test]
fn a_critical_user_is_named_by_its_relation() {
    // `cache` lists the critical `orders` as its consumer; `orders` depends on `store`
    // optionally; the critical `tenant-cache` is made by `cache-factory`.
    let cache = ContractBuilder::new(1, "cache")
        .consumer(4, "Orders", &[])
        .depends_on(6, "Disk")
        .build();
    let factory = ContractBuilder::new(2, "cache-factory").build();
    let store = ContractBuilder::new(3, "store").build();
    let orders = ContractBuilder::new(4, "orders")
        .risk(Risk::Critical)
        .depends_on_optional(3, "Store")
        .build();
    let tenant = ContractBuilder::new(5, "tenant-cache")
        .risk(Risk::Critical)
        .factory(2, "CacheFactory")
        .build();
    let disk = ContractBuilder::new(6, "disk").build();
    let graph = ContractGraph::new(&[cache, factory, store, orders, tenant, disk]);
    let reason = |name: &str| {
        let node = graph.node(graph.find(name).unwrap());
        assert_eq!(node.effective_risk(), Risk::High, "{name}");
        node.risk().reasons()[0].to_string()
    };
    assert_eq!(
        reason("cache"),
        "the critical `orders` is its declared consumer"
    );
    assert_eq!(
        reason("cache-factory"),
        "the critical `tenant-cache` is made by it"
    );
    assert_eq!(
        reason("store"),
        "the critical `orders` depends on it (optional)"
    );
    assert_eq!(
        reason("disk"),
        "the critical `orders` uses it transitively, through a declared consumer"
    );
}

/// A type path may be given from any of its segments on: `v2::Database` finds
/// `app::v2::Database` (where `Database` alone names two), never `pp::v2::Database`.
#[test]
fn a_type_path_is_found_by_its_end() {
    let v1 = ContractBuilder::new(1, "db")
        .type_name("app::v1::Database")
        .build();
    let v2 = ContractBuilder::new(2, "db-v2")
        .type_name("app::v2::Database")
        .build();
    let graph = ContractGraph::new(&[v1, v2]);
    let name = |wanted: &str| graph.find(wanted).map(|id| graph.node(id).name());
    assert_eq!(name("v2::Database"), Ok("db-v2"));
    assert_eq!(name("app::v1::Database"), Ok("db"));
    assert!(matches!(
        graph.find("Database"),
        Err(LookupError::Ambiguous { .. })
    ));
    assert!(matches!(
        graph.find("pp::v2::Database"),
        Err(LookupError::Unknown { .. })
    ));
    assert!(matches!(
        graph.find("::Database"),
        Err(LookupError::Unknown { .. })
    ));
    // Only a path: not the end of a generic type's text.
    let wrap = ContractBuilder::new(3, "wrap")
        .type_name("app::Wrap<app::v2::Database>")
        .build();
    let graph = ContractGraph::new(&[wrap]);
    assert!(matches!(
        graph.find("v2::Database>"),
        Err(LookupError::Unknown { .. })
    ));
}

/// A contract whose name reads as a path's end is found by that name, as before path
/// ends were looked up (a reviewer's case), not reported as ambiguous.
#[test]
fn a_contract_name_beats_a_type_path_end() {
    let db = ContractBuilder::new(1, "db-v2")
        .type_name("app::v2::Database")
        .build();
    let named = ContractBuilder::new(2, "v2::Database")
        .type_name("other::Thing")
        .build();
    let graph = ContractGraph::new(&[db, named]);
    let name = |wanted: &str| graph.find(wanted).map(|id| graph.node(id).name());
    assert_eq!(name("v2::Database"), Ok("v2::Database"));
    assert_eq!(name("app::v2::Database"), Ok("db-v2"));
}
