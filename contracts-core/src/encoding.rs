//! The compact form in which `#[derive(MigrationContract)]` writes a descriptor, and
//! its decoder.
//!
//! Why a compact form: a descriptor written as nested constants (a struct of slices of
//! structs of `Option`s) cost the compiler about 1.5 ms per derived type in constant
//! evaluation and type checking, more than all of `#[derive(serde::Serialize)]`. One
//! string, one slice of `TypeId::of` pointers and three scalars cost a fraction of that
//! (see BENCHMARKS.md). The decoding runs once per contract, on first access.
//!
//! The derive (`contracts-derive/src/encode.rs`) writes the string; this module reads
//! it. The two crates are released together (`contracts-derive` is pinned with `=`), so
//! the format carries no version. The string is a sequence of items, each a one-byte
//! tag followed by a fixed number of strings, each string written as its byte length in
//! decimal, `:`, and the bytes:
//!
//! | tag | strings | meaning |
//! | --- | --- | --- |
//! | `n` | name | `name = ".."` |
//! | `r` | `0`-`3` | `risk`, `Risk::ALL` index |
//! | `v` | value | `business_value = ".."` |
//! | `b` | method | a bare name in `requires` |
//! | `s` / `a` | method, signature | a signature in `requires`, sync / `async` |
//! | `t` | trait | a trait in `implements` |
//! | `d` / `o` | type | `depends_on` entry, required / `optional(..)` |
//! | `f` / `g` | type | a `#[contract(dependency)]` field, required / `Option` |
//! | `c` | type | a consumer |
//! | `e` | method | a method of the consumer before it |
//! | `p` | `0`-`3`, type | `replaces`, with the `Phase::ALL` index |
//! | `y` | type | `factory` |
//! | `q` | | `required` |
//!
//! Every item that names a type takes the next `TypeId::of` pointer from the slice (the
//! first pointer is the component's own type). Decoding never panics: a malformed
//! string (which only a hand-written descriptor could produce) ends the decoding there,
//! and a type without a pointer gets an identity no real type has.

use std::any::TypeId;

use crate::descriptor::{
    CheckFn, Consumer, ContractParts, Dependency, DependencySource, Migration, Phase,
    RequiredMethod, Risk, TypeKey, TypeRef,
};

/// A descriptor as the derive writes it; see the module documentation.
#[derive(Clone, Copy)]
pub(crate) struct Encoded {
    pub(crate) type_name: &'static str,
    pub(crate) file: &'static str,
    pub(crate) line: u32,
    pub(crate) spec: &'static str,
    pub(crate) types: &'static [fn() -> TypeId],
    pub(crate) check: Option<CheckFn>,
}

/// The identity of a type the descriptor names but has no `TypeId` pointer for.
enum MissingType {}

impl Encoded {
    /// Nothing: decodes to a contract with no name, type or attribute.
    pub(crate) const EMPTY: Encoded = Encoded {
        type_name: "",
        file: "",
        line: 0,
        spec: "",
        types: &[],
        check: None,
    };

    /// The descriptor's parts. Its slices are leaked: a contract lives as long as the
    /// process, and this runs at most once per contract.
    pub(crate) fn decode(&self) -> ContractParts {
        let mut types = self.types.iter().copied();
        let own_type = types.next().unwrap_or(TypeId::of::<MissingType>);
        let mut parts = Decoded::default();
        let mut reader = Reader {
            rest: self.spec,
            types,
        };
        // A malformed item ends the decoding: what was read so far is kept.
        while reader.item(&mut parts).is_some() {}
        let consumers: Vec<Consumer> = parts
            .consumers
            .into_iter()
            .map(|(ty, methods)| Consumer::new(ty, leak(methods)))
            .collect();
        let short_name = crate::descriptor::short_type_name(self.type_name);
        let module_path = self
            .type_name
            .rsplit_once("::")
            .map_or("", |(module, _)| module);
        ContractParts {
            name: parts.name.unwrap_or(short_name),
            type_name: self.type_name,
            type_id: TypeKey::Type(own_type),
            module_path,
            file: self.file,
            line: self.line,
            risk: parts.risk,
            business_value: parts.business_value,
            requires: leak(parts.requires),
            implements: leak(parts.implements),
            depends_on: leak(parts.depends_on),
            consumers: leak(consumers),
            migration: parts.migration,
            factory: parts.factory,
            required: parts.required,
            check: self.check,
        }
    }
}

#[derive(Default)]
struct Decoded {
    name: Option<&'static str>,
    risk: Risk,
    business_value: Option<&'static str>,
    requires: Vec<RequiredMethod>,
    implements: Vec<&'static str>,
    depends_on: Vec<Dependency>,
    consumers: Vec<(TypeRef, Vec<&'static str>)>,
    migration: Option<Migration>,
    factory: Option<TypeRef>,
    required: bool,
}

struct Reader<I> {
    rest: &'static str,
    types: I,
}

impl<I: Iterator<Item = fn() -> TypeId>> Reader<I> {
    /// Reads one item into `parts`; `None` at the end or on a malformed item.
    fn item(&mut self, parts: &mut Decoded) -> Option<()> {
        let tag = self.byte()?;
        match tag {
            b'n' => parts.name = Some(self.string()?),
            b'r' => parts.risk = *Risk::ALL.get(self.index()?)?,
            b'v' => parts.business_value = Some(self.string()?),
            b'b' => parts
                .requires
                .push(RequiredMethod::new(self.string()?, None, false)),
            b's' | b'a' => {
                let name = self.string()?;
                let signature = self.string()?;
                parts
                    .requires
                    .push(RequiredMethod::new(name, Some(signature), tag == b'a'));
            }
            b't' => parts.implements.push(self.string()?),
            b'd' | b'o' | b'f' | b'g' => {
                let source = match tag {
                    b'd' | b'o' => DependencySource::DependsOn,
                    _ => DependencySource::Field,
                };
                let optional = matches!(tag, b'o' | b'g');
                let ty = self.type_ref()?;
                parts.depends_on.push(Dependency::new(ty, optional, source));
            }
            b'c' => {
                let ty = self.type_ref()?;
                parts.consumers.push((ty, Vec::new()));
            }
            b'e' => {
                let method = self.string()?;
                parts.consumers.last_mut()?.1.push(method);
            }
            b'p' => {
                let phase = *Phase::ALL.get(self.index()?)?;
                parts.migration = Some(Migration::new(self.type_ref()?, phase));
            }
            b'y' => parts.factory = Some(self.type_ref()?),
            b'q' => parts.required = true,
            _ => return None,
        }
        Some(())
    }

    fn byte(&mut self) -> Option<u8> {
        let (&byte, _) = self.rest.as_bytes().split_first()?;
        // One ASCII byte is always a char boundary; anything else is malformed.
        self.rest = self.rest.get(1..).filter(|_| byte.is_ascii())?;
        Some(byte)
    }

    /// `len:bytes`.
    fn string(&mut self) -> Option<&'static str> {
        let (len, rest) = self.rest.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let value = rest.get(..len)?;
        self.rest = rest.get(len..)?;
        Some(value)
    }

    /// A string holding one small index.
    fn index(&mut self) -> Option<usize> {
        self.string()?.parse().ok()
    }

    fn type_ref(&mut self) -> Option<TypeRef> {
        let name = self.string()?;
        let type_id = self.types.next().unwrap_or(TypeId::of::<MissingType>);
        Some(TypeRef::new(name, type_id))
    }
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    if items.is_empty() {
        return &[];
    }
    Vec::leak(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A;
    struct B;
    struct C;

    fn encoded(spec: &'static str, types: &'static [fn() -> TypeId]) -> Encoded {
        Encoded {
            type_name: "app::bridge::Bridge",
            file: "src/bridge.rs",
            line: 7,
            spec,
            types,
            check: None,
        }
    }

    #[test]
    fn decodes_every_item() {
        let parts = encoded(
            "n6:bridger1:3v13:critical pathb5:flushs4:send14:fn send(&self)a4:recv26:async fn recv(&self) -> u8\
             t5:Debugd1:Ao1:Bf1:Cc1:Ae4:sende4:recvp1:21:By1:Cq",
            &[
                TypeId::of::<A>,
                TypeId::of::<A>,
                TypeId::of::<B>,
                TypeId::of::<C>,
                TypeId::of::<A>,
                TypeId::of::<B>,
                TypeId::of::<C>,
            ],
        )
        .decode();
        assert_eq!(parts.name, "bridge");
        assert_eq!(parts.module_path, "app::bridge");
        assert_eq!(parts.risk, Risk::Critical);
        assert_eq!(parts.business_value, Some("critical path"));
        let requires: Vec<_> = parts
            .requires
            .iter()
            .map(|r| (r.name(), r.signature(), r.is_async()))
            .collect();
        assert_eq!(
            requires,
            [
                ("flush", None, false),
                ("send", Some("fn send(&self)"), false),
                ("recv", Some("async fn recv(&self) -> u8"), true),
            ]
        );
        assert_eq!(parts.implements, ["Debug"]);
        let dependencies: Vec<_> = parts
            .depends_on
            .iter()
            .map(|d| (d.ty().name(), d.ty().type_id(), d.is_optional(), d.source()))
            .collect();
        assert_eq!(
            dependencies,
            [
                (
                    "A",
                    Some(TypeId::of::<A>()),
                    false,
                    DependencySource::DependsOn
                ),
                (
                    "B",
                    Some(TypeId::of::<B>()),
                    true,
                    DependencySource::DependsOn
                ),
                ("C", Some(TypeId::of::<C>()), false, DependencySource::Field),
            ]
        );
        assert_eq!(parts.consumers.len(), 1);
        assert_eq!(parts.consumers[0].ty().type_id(), Some(TypeId::of::<A>()));
        assert_eq!(parts.consumers[0].methods(), ["send", "recv"]);
        let migration = parts.migration.expect("replaces");
        assert_eq!(migration.phase(), Phase::Migrating);
        assert_eq!(migration.replaces().type_id(), Some(TypeId::of::<B>()));
        assert_eq!(
            parts.factory.map(|f| f.type_id()),
            Some(Some(TypeId::of::<C>()))
        );
        assert!(parts.required);
    }

    #[test]
    fn defaults_when_the_spec_is_empty() {
        let parts = encoded("", &[TypeId::of::<A>]).decode();
        assert_eq!(parts.name, "Bridge");
        assert_eq!(parts.risk, Risk::Low);
        assert!(parts.requires.is_empty() && parts.depends_on.is_empty());
        assert!(parts.migration.is_none() && parts.factory.is_none() && !parts.required);
        assert_eq!(parts.type_id.id().type_id(), Some(TypeId::of::<A>()));
    }

    #[test]
    fn malformed_specs_keep_what_came_before_and_never_panic() {
        // Each ends in a different kind of damage; the first item always survives.
        for spec in [
            "n1:xd",                       // a type item without its string
            "n1:xd9:A",                    // a length past the end
            "n1:xd1:",                     // a length past the end, by one
            "n1:xr1:9",                    // a risk out of range
            "n1:xp1:71:A",                 // a phase out of range
            "n1:xe1:m",                    // a method with no consumer before it
            "n1:xZ",                       // an unknown tag
            "n1:xd-1:A",                   // a negative length
            "n1:xd1:\u{e9}",               // a length that splits a character
            "n1:x\u{e9}",                  // a non-ASCII tag
            "n1:xd99999999999999999999:A", // a length that overflows
        ] {
            let parts = encoded(spec, &[TypeId::of::<A>]).decode();
            assert_eq!(parts.name, "x", "{spec:?}");
            assert!(parts.depends_on.is_empty(), "{spec:?}");
            assert!(parts.migration.is_none(), "{spec:?}");
            assert_eq!(parts.risk, Risk::Low, "{spec:?}");
        }
    }

    #[test]
    fn types_without_a_pointer_get_an_identity_no_real_type_has() {
        let parts = encoded("d1:Ad1:B", &[]).decode();
        assert_eq!(parts.depends_on.len(), 2);
        let missing = Some(TypeId::of::<MissingType>());
        assert_eq!(parts.depends_on[0].ty().type_id(), missing);
        assert_eq!(parts.type_id.id().type_id(), missing);
    }
}
