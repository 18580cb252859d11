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
//! | `h` | five counts | header, first: the number of `requires` entries, traits, dependencies, consumers and consumer methods |
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
use std::ops::Range;

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
        let mut arena = Arena::default();
        let read = self.read(&mut arena);
        read.into_parts(self, &arena.leak())
    }

    /// Decodes many descriptors at once, their lists sharing a handful of allocations:
    /// what the registry does on its first use, where one allocation per list per
    /// contract cost more than the rest of the first validation.
    pub(crate) fn decode_all<'a>(
        encoded: impl IntoIterator<Item = &'a Encoded>,
    ) -> Vec<ContractParts> {
        let encoded: Vec<&Encoded> = encoded.into_iter().collect();
        // Sized from the headers up front: growing the shared lists cost as much again.
        let mut totals = [0usize; 5];
        for encoded in &encoded {
            for (total, count) in totals.iter_mut().zip(encoded.counts()) {
                *total = total.saturating_add(count);
            }
        }
        let mut arena = Arena::default();
        arena.reserve(totals, encoded.len());
        let read: Vec<(&Encoded, Read)> = encoded
            .into_iter()
            .map(|encoded| (encoded, encoded.read(&mut arena)))
            .collect();
        let lists = arena.leak();
        read.into_iter()
            .map(|(encoded, read)| read.into_parts(encoded, &lists))
            .collect()
    }

    /// The list lengths the header gives (`h` first, see the module documentation):
    /// requires, implements, dependencies, consumers, consumer methods. Zero without
    /// a header, which only means no space is reserved.
    fn counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        let mut reader = Reader {
            rest: self.spec,
            types: std::iter::empty(),
        };
        if reader.byte() == Some(b'h') {
            for count in &mut counts {
                match reader.index() {
                    Some(value) => *count = value,
                    None => return [0; 5],
                }
            }
        }
        counts
    }

    fn read(&self, arena: &mut Arena) -> Read {
        let mut types = self.types.iter().copied();
        let own_type = types.next().unwrap_or(TypeId::of::<MissingType>);
        let mut read = Read {
            own_type,
            name: None,
            risk: Risk::Low,
            business_value: None,
            requires: arena.requires.len()..0,
            implements: arena.implements.len()..0,
            depends_on: arena.depends_on.len()..0,
            consumers: arena.consumers.len()..0,
            migration: None,
            factory: None,
            required: false,
        };
        let mut reader = Reader {
            rest: self.spec,
            types,
        };
        // A malformed item ends the decoding: what was read so far is kept.
        while reader.item(&mut read, arena).is_some() {}
        read.requires.end = arena.requires.len();
        read.implements.end = arena.implements.len();
        read.depends_on.end = arena.depends_on.len();
        read.consumers.end = arena.consumers.len();
        read
    }
}

/// The lists of one or more decoded descriptors, each descriptor owning a range.
#[derive(Default)]
struct Arena {
    requires: Vec<RequiredMethod>,
    implements: Vec<&'static str>,
    depends_on: Vec<Dependency>,
    /// Each consumer with the range of its methods in `consumer_methods`.
    consumers: Vec<(TypeRef, Range<usize>)>,
    consumer_methods: Vec<&'static str>,
}

/// An [`Arena`] made `'static`, its consumers given their methods.
struct Lists {
    requires: &'static [RequiredMethod],
    implements: &'static [&'static str],
    depends_on: &'static [Dependency],
    consumers: &'static [Consumer],
}

impl Arena {
    fn reserve(
        &mut self,
        [requires, implements, depends_on, consumers, methods]: [usize; 5],
        descriptors: usize,
    ) {
        // A malformed header must not make us reserve without bound.
        let cap = |count: usize| count.min(descriptors.saturating_mul(64));
        self.requires.reserve(cap(requires));
        self.implements.reserve(cap(implements));
        self.depends_on.reserve(cap(depends_on));
        self.consumers.reserve(cap(consumers));
        self.consumer_methods.reserve(cap(methods));
    }

    fn leak(self) -> Lists {
        let methods = leak(self.consumer_methods);
        let consumers = self
            .consumers
            .into_iter()
            .map(|(ty, range)| Consumer::new(ty, methods.get(range).unwrap_or(&[])))
            .collect();
        Lists {
            requires: leak(self.requires),
            implements: leak(self.implements),
            depends_on: leak(self.depends_on),
            consumers: leak(consumers),
        }
    }
}

/// One descriptor read into an [`Arena`]: its scalars, and its ranges there.
struct Read {
    own_type: fn() -> TypeId,
    name: Option<&'static str>,
    risk: Risk,
    business_value: Option<&'static str>,
    requires: Range<usize>,
    implements: Range<usize>,
    depends_on: Range<usize>,
    consumers: Range<usize>,
    migration: Option<Migration>,
    factory: Option<TypeRef>,
    required: bool,
}

impl Read {
    fn into_parts(self, encoded: &Encoded, lists: &Lists) -> ContractParts {
        // `type_name` is `concat!(module_path!(), "::", ident)`: the last `:` ends the
        // module path (a byte search, cheaper than searching for `::`).
        let type_name = encoded.type_name;
        let (module_path, short_name) = match type_name.rfind(':') {
            Some(colon) => (
                type_name.get(..colon.saturating_sub(1)).unwrap_or(""),
                type_name.get(colon + 1..).unwrap_or(type_name),
            ),
            None => ("", type_name),
        };
        ContractParts {
            name: self.name.unwrap_or(short_name),
            type_name,
            type_id: TypeKey::Type(self.own_type),
            module_path,
            file: encoded.file,
            line: encoded.line,
            risk: self.risk,
            business_value: self.business_value,
            requires: lists.requires.get(self.requires).unwrap_or(&[]),
            implements: lists.implements.get(self.implements).unwrap_or(&[]),
            depends_on: lists.depends_on.get(self.depends_on).unwrap_or(&[]),
            consumers: lists.consumers.get(self.consumers).unwrap_or(&[]),
            migration: self.migration,
            factory: self.factory,
            required: self.required,
            check: encoded.check,
        }
    }
}

struct Reader<I> {
    rest: &'static str,
    types: I,
}

impl<I: Iterator<Item = fn() -> TypeId>> Reader<I> {
    /// Reads one item; `None` at the end or on a malformed item.
    fn item(&mut self, read: &mut Read, arena: &mut Arena) -> Option<()> {
        let tag = self.byte()?;
        match tag {
            b'h' => {
                // The header: sizes for `decode_all`, read by `counts`.
                for _ in 0..5 {
                    self.index()?;
                }
            }
            b'n' => read.name = Some(self.string()?),
            b'r' => read.risk = *Risk::ALL.get(self.index()?)?,
            b'v' => read.business_value = Some(self.string()?),
            b'b' => arena
                .requires
                .push(RequiredMethod::new(self.string()?, None, false)),
            b's' | b'a' => {
                let name = self.string()?;
                let signature = self.string()?;
                arena
                    .requires
                    .push(RequiredMethod::new(name, Some(signature), tag == b'a'));
            }
            b't' => arena.implements.push(self.string()?),
            b'd' | b'o' | b'f' | b'g' => {
                let source = match tag {
                    b'd' | b'o' => DependencySource::DependsOn,
                    _ => DependencySource::Field,
                };
                let optional = matches!(tag, b'o' | b'g');
                let ty = self.type_ref()?;
                arena.depends_on.push(Dependency::new(ty, optional, source));
            }
            b'c' => {
                let ty = self.type_ref()?;
                let at = arena.consumer_methods.len();
                arena.consumers.push((ty, at..at));
            }
            b'e' => {
                let method = self.string()?;
                // Only a consumer of this descriptor, not of the one before it in a
                // shared arena, can take the method.
                if arena.consumers.len() == read.consumers.start {
                    return None;
                }
                let (_, range) = arena.consumers.last_mut()?;
                arena.consumer_methods.push(method);
                range.end = arena.consumer_methods.len();
            }
            b'p' => {
                let phase = *Phase::ALL.get(self.index()?)?;
                read.migration = Some(Migration::new(self.type_ref()?, phase));
            }
            b'y' => read.factory = Some(self.type_ref()?),
            b'q' => read.required = true,
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

    /// `len:bytes`. Digits are read by hand: this runs for every string of every
    /// contract on the first validation, where `split_once` and `str::parse` showed.
    fn string(&mut self) -> Option<&'static str> {
        let bytes = self.rest.as_bytes();
        let mut len: usize = 0;
        let mut digits = 0;
        while let Some(&byte) = bytes.get(digits) {
            if !byte.is_ascii_digit() {
                break;
            }
            len = len.checked_mul(10)?.checked_add(usize::from(byte - b'0'))?;
            digits += 1;
        }
        if digits == 0 || bytes.get(digits) != Some(&b':') {
            return None;
        }
        let start = digits + 1;
        let end = start.checked_add(len)?;
        let value = self.rest.get(start..end)?;
        self.rest = self.rest.get(end..)?;
        Some(value)
    }

    /// A string holding one small number.
    fn index(&mut self) -> Option<usize> {
        self.string()?.bytes().try_fold(0usize, |number, byte| {
            let digit = byte.checked_sub(b'0').filter(|digit| *digit < 10)?;
            number.checked_mul(10)?.checked_add(usize::from(digit))
        })
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

    #[test]
    fn decoding_many_at_once_gives_each_its_own_lists() {
        // Written as the derive writes them, header first.
        let first = encoded(
            "h1:11:01:11:11:2n5:firsts1:a8:fn a(&u)d1:Bc1:Ce1:ae1:b",
            &[TypeId::of::<A>, TypeId::of::<B>, TypeId::of::<C>],
        );
        // No header, and a method with no consumer of its own: it must not attach to
        // the consumer of the descriptor before it.
        let second = encoded("n6:secondd1:Ae1:x", &[TypeId::of::<B>, TypeId::of::<A>]);
        let third = encoded(
            "h1:01:01:01:11:0n5:thirdc1:A",
            &[TypeId::of::<C>, TypeId::of::<A>],
        );
        let all = Encoded::decode_all([&first, &second, &third]);
        let one_by_one = [first.decode(), second.decode(), third.decode()];
        for (bulk, single) in all.iter().zip(&one_by_one) {
            assert_eq!(bulk.name, single.name);
            assert_eq!(bulk.requires.len(), single.requires.len(), "{}", bulk.name);
            assert_eq!(
                bulk.depends_on.len(),
                single.depends_on.len(),
                "{}",
                bulk.name
            );
            assert_eq!(
                bulk.consumers.len(),
                single.consumers.len(),
                "{}",
                bulk.name
            );
        }
        assert_eq!(all[0].requires[0].signature(), Some("fn a(&u)"));
        assert_eq!(all[0].consumers[0].methods(), ["a", "b"]);
        assert_eq!(all[1].depends_on[0].ty().type_id(), Some(TypeId::of::<A>()));
        assert!(all[1].consumers.is_empty());
        assert_eq!(all[2].consumers.len(), 1);
        assert!(all[2].consumers[0].methods().is_empty());
    }

    #[test]
    fn a_header_that_lies_costs_nothing_but_space() {
        // Counts far too high (capped), too low, and not numbers at all.
        for header in ["h1:91:91:91:91:9", "h1:01:01:01:01:0", "h1:x1:y"] {
            let spec: &'static str = Box::leak(format!("{header}n1:xd1:Ad1:B").into_boxed_str());
            let types: &[fn() -> TypeId] = &[TypeId::of::<A>, TypeId::of::<A>, TypeId::of::<A>];
            let all = Encoded::decode_all([&encoded(spec, types)]);
            // A header that is not numbers is malformed: decoding stops there, and the
            // contract keeps its defaults (the type's own name, no dependencies).
            let (name, dependencies) = if header.contains('x') {
                ("Bridge", 0)
            } else {
                ("x", 2)
            };
            assert_eq!(all[0].name, name, "{header}");
            assert_eq!(all[0].depends_on.len(), dependencies, "{header}");
        }
    }
}
