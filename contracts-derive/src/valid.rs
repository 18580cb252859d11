//! Rules that span several keys or the shape of the type, checked before expansion.

use quote::ToTokens;
use syn::Data;

use crate::ast::Input;
use crate::ctxt::Ctxt;
use crate::render::{name_of, render, render_type, type_name_of};

pub fn check(cx: &Ctxt, input: &Input) {
    check_shape(cx, input);
    check_phase_needs_replaces(cx, input);
    check_listed_once(cx, input);
    check_fields_agree(cx, input);
    check_no_wrapped_dependency(cx, input);
    check_not_itself(cx, input);
    check_consumers(cx, input);
}

/// A component does not replace, consume, depend on or make itself: such a contract
/// would only raise confusing problems at run time (legacy not removed, consumer
/// mismatch, a cycle of one, a factory that is never anything but the component).
fn check_not_itself(cx: &Ctxt, input: &Input) {
    let own = name_of(input.ident);
    let names_itself = |ty: &syn::Type| type_name_of(ty, input.ident) == own;
    if let Some(replaced) = input.attrs.replaces.get() {
        if names_itself(replaced) {
            cx.error_spanned_by(
                replaced.to_token_stream(),
                format!("`{own}` cannot replace itself: `replaces` names the legacy type this one takes over from"),
            );
        }
    }
    for (name, dependency) in input.all_dependencies() {
        if name == own {
            cx.error_spanned_by(
                dependency.ty.to_token_stream(),
                format!("`{own}` cannot depend on itself: a dependency is another component this one needs (and depending on itself is a cycle)"),
            );
        }
    }
    if let Some(factory) = input.attrs.factory.get() {
        if names_itself(factory) {
            cx.error_spanned_by(
                factory.to_token_stream(),
                format!("`{own}` cannot be its own factory: `factory` names the type that makes instances of this one"),
            );
        }
    }
    for consumer in input.attrs.consumers.get().into_iter().flatten() {
        if names_itself(&consumer.ty) {
            cx.error_spanned_by(
                consumer.ty.to_token_stream(),
                format!("`{own}` cannot be its own consumer: `consumers` lists the components that use this one"),
            );
        }
    }
}

/// Generic types and unions cannot carry one `'static` descriptor.
fn check_shape(cx: &Ctxt, input: &Input) {
    let generics = &input.original.generics;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        // `Generics` spans its parameters only: a lone `where` clause is shown itself.
        let shown = if generics.params.is_empty() {
            generics.where_clause.to_token_stream()
        } else {
            generics.to_token_stream()
        };
        cx.error_spanned_by(
            shown,
            "MigrationContract cannot be derived for a generic type: a contract describes one concrete component; derive it on a concrete (non-generic) type",
        );
    }
    if let Data::Union(data) = &input.original.data {
        cx.error_spanned_by(
            data.union_token,
            "MigrationContract cannot be derived for a union: use a struct or an enum",
        );
    }
}

fn check_phase_needs_replaces(cx: &Ctxt, input: &Input) {
    // A `replaces` whose value failed to parse is already reported.
    if input.attrs.failed("replaces") {
        return;
    }
    if let (Some(phase), None) = (input.attrs.phase.get(), input.attrs.replaces.get()) {
        cx.error_spanned_by(
            &phase.lit,
            "`phase` needs `replaces = LegacyType`: a phase says how far the migration from the replaced type has come",
        );
    }
}

/// A method, dependency or trait listed twice is a mistake (often a merge).
fn check_listed_once(cx: &Ctxt, input: &Input) {
    let methods = input.attrs.requires.get().into_iter().flatten();
    each_once(
        cx,
        methods.map(|required| (name_of(required.ident()), required.ident())),
        |name| format!("method `{name}` is listed twice in `requires(..)`"),
    );
    let dependencies = input.attrs.depends_on.get().into_iter().flatten();
    each_once(
        cx,
        dependencies.map(|dependency| {
            let name = type_name_of(&dependency.ty, input.ident);
            (name, &dependency.ty)
        }),
        |name| format!("dependency `{name}` is listed twice in `depends_on(..)`"),
    );
    let traits = input.attrs.implements.get().into_iter().flatten();
    each_once(cx, traits.map(|path| (render(path), path)), |name| {
        format!("trait `{name}` is listed twice in `implements(..)`")
    });
}

/// A dependency field may repeat what `depends_on(..)` or another field says (DESIGN.md's
/// own example does; the expansion records it once), but not contradict it: one says
/// the dependency is optional, the other that it is required.
fn check_fields_agree(cx: &Ctxt, input: &Input) {
    let own = name_of(input.ident);
    // The type itself is already reported by `check_not_itself`.
    let dependencies: Vec<_> = input
        .all_dependencies()
        .into_iter()
        .filter(|(name, _)| *name != own)
        .collect();
    for (at, (name, dependency)) in dependencies.iter().enumerate() {
        if !dependency.field {
            continue;
        }
        // Two fields in different enum variants never hold the type at once.
        let contradicted = dependencies[..at].iter().any(|(earlier_name, earlier)| {
            earlier_name == name
                && earlier.optional != dependency.optional
                && (!earlier.field || earlier.variant == dependency.variant)
        });
        if contradicted {
            let (here, there) = if dependency.optional {
                ("optional", "required")
            } else {
                ("required", "optional")
            };
            cx.error_spanned_by(
                dependency.ty.to_token_stream(),
                format!("dependency `{name}` is {here} here but declared {there} elsewhere (in `depends_on(..)` or another field); make both say the same"),
            );
        }
    }
}

/// `depends_on(Option<A>)` names the type `Option<A>`, which no state holds: what is
/// meant is `optional(A)`. `depends_on(Arc<A>)` (or `Rc`, `Box`, a reference) means
/// `A`, as a dependency field of that type does. Every layer is taken off at once, so
/// that the suggested fix (for `Arc<Arc<A>>`, `A`) is not itself an error.
fn check_no_wrapped_dependency(cx: &Ctxt, input: &Input) {
    for dependency in input.attrs.depends_on.get().into_iter().flatten() {
        let (layers, inner) = crate::ast::wrapper_layers(&dependency.ty, true);
        let Some(outermost) = layers.first() else {
            continue;
        };
        let inner = render(inner);
        let optional = dependency.optional || layers.contains(&"Option");
        // As written, and as it should be written: `optional(..)` stays optional.
        let key = if dependency.optional {
            "optional"
        } else {
            "depends_on"
        };
        let written = format!("{key}({})", render(&dependency.ty));
        let fixed = if optional {
            format!("optional({inner})")
        } else {
            format!("depends_on({inner})")
        };
        // The layers as a field would be written (a field never holds a raw pointer;
        // `&A` is the field that provides `A`).
        let shown = layers
            .iter()
            .rev()
            .fold(inner.clone(), |shown, layer| match *layer {
                "&" | "*" => format!("&{shown}"),
                wrapper => format!("{wrapper}<{shown}>"),
            });
        let message = if layers.iter().all(|layer| *layer == "Option") {
            format!(
                "`{written}` names the type `{shown}`; an optional dependency is written `{fixed}`"
            )
        } else {
            let names = match *outermost {
                "&" => "a reference type".to_owned(),
                "*" => "a raw pointer type".to_owned(),
                _ => format!("the type `{shown}`"),
            };
            // What the same type means on a `#[contract(dependency)]` field, which takes
            // every layer off (a state's field of that type may provide another type).
            let means = if optional {
                format!("`{inner}`, optionally")
            } else {
                format!("`{inner}`")
            };
            format!("`{written}` names {names}, but the state provides components by their own type (a `#[contract(dependency)]` field of type `{shown}` depends on {means}): write `{fixed}`")
        };
        cx.error_spanned_by(dependency.ty.to_token_stream(), message);
    }
}

/// Reports every item whose name was seen before, on the repeated item's tokens (made
/// only then: each token stream is a round trip to the compiler).
fn each_once<T: ToTokens>(
    cx: &Ctxt,
    items: impl Iterator<Item = (String, T)>,
    message: impl Fn(&str) -> String,
) {
    let mut seen = Vec::new();
    for (name, tokens) in items {
        if !first_time(&mut seen, &name) {
            cx.error_spanned_by(tokens, message(&name));
        }
    }
}

/// Records `name` in `seen`, and says whether it was not there yet. A list, not a
/// `HashSet`: a key lists a few names, and hashing them costs more than comparing them
/// in a proc-macro built without optimisation.
fn first_time(seen: &mut Vec<String>, name: &str) -> bool {
    if seen.iter().any(|seen| seen == name) {
        return false;
    }
    seen.push(name.to_owned());
    true
}

/// Each method a consumer expects must be in `requires(..)`, so it is checked at compile
/// time; each consumer is listed once.
fn check_consumers(cx: &Ctxt, input: &Input) {
    // With a `requires` item that failed to parse, a consumer's method may be missing
    // from the list only because of that error, which is already reported.
    let requires_complete = !input.attrs.failed("requires");
    let required: Vec<String> = input
        .attrs
        .requires
        .get()
        .into_iter()
        .flatten()
        .map(|r| name_of(r.ident()))
        .collect();
    let mut seen = Vec::new();
    for consumer in input.attrs.consumers.get().into_iter().flatten() {
        let consumer_name = render_type(&consumer.ty);
        if !first_time(&mut seen, &consumer_name) {
            cx.error_spanned_by(
                consumer.ty.to_token_stream(),
                format!("consumer `{consumer_name}` is listed twice in `consumers(..)`"),
            );
        }
        let mut listed = Vec::new();
        for method in consumer.methods.iter().flatten() {
            let method_name = name_of(method);
            if !first_time(&mut listed, &method_name) {
                cx.error_spanned_by(
                    method,
                    format!(
                        "method `{method_name}` is listed twice for consumer `{consumer_name}`"
                    ),
                );
                continue;
            }
            if requires_complete && !required.contains(&method_name) {
                let known = if required.is_empty() {
                    "`requires(..)` is empty".to_owned()
                } else {
                    format!(
                        "required: {}",
                        required
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                cx.error_spanned_by(
                    method,
                    format!("consumer `{consumer_name}` expects `{method_name}`, which is not in `requires(..)` ({known}); add its signature to `requires`, or remove it here"),
                );
            }
        }
    }
}
