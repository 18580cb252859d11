//! Generates, for one annotated type: the compile-time checks of `requires`,
//! `implements` and `check`, the `'static` descriptor, its `inventory` registration, and
//! the `MigrationContract` impl. Everything sits in one `const _: () = { .. };` and
//! reaches the runtime through `::contracts_core::__private` only (aliased `__contracts`;
//! the `crate` key names another path to the crate).

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, GenericParam, Generics, Ident, Lifetime, LifetimeParam, Type, TypeParam};

use crate::ast::Input;
use crate::attr::Spanned as Valued;
use crate::ctxt::Ctxt;
use crate::render::{
    name_of, plain_path, render, spell_out_self, type_name_of, type_span, type_tokens,
};
use crate::sig::{MethodSig, OwnScopes, ReceiverType, Required};
use crate::writer::TokenWriter;
use crate::{fallback, valid};

pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    valid::check(&cx, &model);
    match cx.check() {
        Ok(()) => expand(&model),
        Err(error) => fallback::expand(input, &model.attrs.crate_path(), error),
    }
}

/// The runtime's hidden module, through the alias every expansion declares first: one
/// token instead of six at each of the descriptor's dozens of paths, and the derive's
/// run time grows with the tokens it hands back to the compiler.
fn private() -> Ident {
    Ident::new("__contracts", Span::call_site())
}

/// The type's name spanned at the call site, for `<Type>::method` in a check. With the
/// declaration's own span, rustc's "the function is implemented on `Inner`" help (a
/// method reached through `Deref`) would rewrite the struct's declaration.
fn at_call_site(ident: &Ident) -> Ident {
    let mut at_site = ident.clone();
    at_site.set_span(Span::call_site());
    at_site
}

fn expand(input: &Input) -> TokenStream {
    let ident = input.ident;
    let check_fn = expand_check(input);
    let krate = input.attrs.crate_path();

    // Written as `quote!` would write:
    //
    //     #[allow(dead_code)]
    //     #[doc(hidden)]
    //     const _: () = {
    //         use #krate::__private as __contracts;
    //         #checks
    //         #check_fn
    //         static __CONTRACT: __contracts::Contract = /* the descriptor */;
    //         __contracts::inventory::submit! {
    //             __contracts::Registration(&__CONTRACT)
    //         }
    //         #[automatically_derived]
    //         impl __contracts::MigrationContract for #ident {
    //             const __CONTRACT: &'static __contracts::Contract = &__CONTRACT;
    //         }
    //     };
    //
    // Only `dead_code`, and no lint group: a lint the user's crate `forbid`s cannot be
    // allowed again (E0453). The checks are never called, and without this their
    // mentions would not count as uses of the user's methods either.
    let mut w = TokenWriter::new();
    w.attribute("allow", |w| w.word("dead_code"));
    w.attribute("doc", |w| w.word("hidden"));
    w.word("const");
    w.word("_");
    w.op(":");
    w.group(Delimiter::Parenthesis, |_| {});
    w.op("=");
    w.group(Delimiter::Brace, |w| {
        w.word("use");
        w.stream(krate);
        w.op("::");
        w.word("__private");
        w.word("as");
        w.word(PRIVATE);
        w.op(";");
        expand_checks(w, input);
        if let Some(check_fn) = check_fn {
            w.stream(check_fn);
        }
        if let Some(key) = input.state_key {
            w.stream(derives_state(input, key));
        }
        w.word("static");
        w.word("__CONTRACT");
        w.op(":");
        w.path(&[PRIVATE, "Contract"]);
        w.op("=");
        expand_descriptor(w, input);
        w.op(";");
        w.path(&[PRIVATE, "inventory", "submit"]);
        w.op("!");
        w.group(Delimiter::Brace, |w| {
            w.path(&[PRIVATE, "Registration"]);
            w.group(Delimiter::Parenthesis, |w| {
                w.op("&");
                w.word("__CONTRACT");
            });
        });
        w.op("#");
        w.group(Delimiter::Bracket, |w| w.word("automatically_derived"));
        w.word("impl");
        w.path(&[PRIVATE, "MigrationContract"]);
        w.word("for");
        w.ident(ident);
        w.group(Delimiter::Brace, |w| {
            w.word("const");
            w.word("__CONTRACT");
            w.op(":");
            w.op("&");
            w.lifetime("static");
            w.path(&[PRIVATE, "Contract"]);
            w.op("=");
            w.op("&");
            w.word("__CONTRACT");
            w.op(";");
        });
    });
    w.op(";");
    w.finish()
}

/// `requires(..)` and `implements(..)`: statements in generic functions of a hidden
/// inherent impl, where `Self` means what it means in the attribute.
///
/// Each signature calls the real method and compares the types it takes and returns
/// with the declared ones exactly (see `MethodCheck`), so that a missing method, other
/// argument types, another receiver or another return type fail to compile with the
/// error on the signature in the attribute; `async fn` checks the awaited output
/// through `__private::awaited`. Bare names only need to resolve (which a generic
/// method cannot do without its signature); a trait is asserted with the error on its
/// path.
///
/// Why this shape: every function is generic over a parameter nothing names, so the
/// checks are type-checked but never code-generated, and the signatures without
/// generics of their own share one function. A trait with an `async fn` per signature
/// (the first design) and `.await` in an `async` body cost several times more to
/// compile than the descriptor and the registration together (see BENCHMARKS.md).
///
/// Written in place, as `quote!` would write:
///
/// ```text
/// #[automatically_derived]
/// impl Type {
///     fn __contract_checks<'any0, .., __ContractCheck>(
///         __contract_never: ::core::convert::Infallible,
///         /* `impl Trait` parameters */
///     ) {
///         /* each signature, bare name and trait */
///     }
///     /* the signatures with a function of their own */
/// }
/// ```
fn expand_checks(w: &mut TokenWriter, input: &Input) {
    let private = private();
    let ident = input.ident;
    let mut shared_params = Vec::new();
    let mut shared_lifetimes = Vec::new();
    let mut shared = Vec::new();
    let mut own = Vec::new();
    let required = input.attrs.requires.get().into_iter().flatten();
    let signatures: String = required
        .clone()
        .filter_map(|required| match required {
            Required::Signature(sig) => Some(sig.rendered.as_str()),
            Required::Bare(_) => None,
        })
        .collect();
    for (position, required) in required.enumerate() {
        match required {
            Required::Signature(sig) => {
                let method = MethodCheck::new(ident, sig, position, &signatures);
                if method.needs_own_function() {
                    own.push(method.own_function());
                } else {
                    shared_params.extend(method.params());
                    for lifetime in method.hole_lifetimes() {
                        if !shared_lifetimes.contains(&lifetime) {
                            shared_lifetimes.push(lifetime);
                        }
                    }
                    shared.push(Shared::Signature(method));
                }
            }
            Required::Bare(bare) => {
                let path = bare.path_from(&at_call_site(ident));
                shared.push(Shared::Tokens(
                    quote_spanned!(bare.ident.span()=> let _ = #path;),
                ));
            }
        }
    }
    for (i, path) in input
        .attrs
        .implements
        .get()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let assert = format_ident!("__contract_implements_{}", i);
        // The type is named with the trait's span so that the error's primary location
        // is the trait in the attribute.
        let mut subject = ident.clone();
        subject.set_span(path.span());
        // `Sized` through the alias (spanned at the call site): `::core` spanned on a
        // user's token resolves as that crate's edition says, at its root in 2015.
        let sized = quote!(#private::Sized);
        shared.push(Shared::Tokens(quote_spanned! {path.span()=>
            fn #assert<__ContractSelf: ?#sized + #path>() {}
            #assert::<#subject>();
        }));
    }
    if shared.is_empty() && own.is_empty() {
        return;
    }
    w.op("#");
    w.group(Delimiter::Bracket, |w| w.word("automatically_derived"));
    w.word("impl");
    w.ident(ident);
    w.group(Delimiter::Brace, |w| {
        if !shared.is_empty() {
            w.word("fn");
            w.word("__contract_checks");
            w.op("<");
            for lifetime in &shared_lifetimes {
                w.node(lifetime);
                w.op(",");
            }
            w.ident(&check_param());
            w.op(">");
            w.group(Delimiter::Parenthesis, |w| {
                w.ident(&never_param());
                w.op(":");
                w.path(&["", "core", "convert", "Infallible"]);
                w.op(",");
                for (i, param) in shared_params.into_iter().enumerate() {
                    if i > 0 {
                        w.op(",");
                    }
                    w.stream(param);
                }
            });
            w.group(Delimiter::Brace, |w| {
                for item in &shared {
                    match item {
                        Shared::Signature(method) => method.write_shared(w),
                        Shared::Tokens(tokens) => w.stream(tokens.clone()),
                    }
                }
            });
        }
        for function in own {
            w.stream(function);
        }
    });
}

/// An item of the shared check function.
enum Shared<'a> {
    Signature(MethodCheck<'a>),
    /// A bare name or a trait, which are rare: made with `quote!`.
    Tokens(TokenStream),
}

/// One signature of `requires(..)`, checked exactly: a method taking `&str` does not
/// match a declared `&String`, nor `&self` a declared `&mut self`, although a call would
/// coerce.
///
/// A plain signature is one coercion of the method to the declared `fn` pointer type
/// (see `shared`). The others call the method with a "hole" per receiver and argument,
/// of a type the call decides (`__private::hole`), then compare each, and the output,
/// with the declared type through a trait only a type itself implements
/// (`__private::DeclaredParameter`, `DeclaredOutput`). An `impl Trait` argument cannot
/// be named in that comparison, so it stays a parameter of the check: any type with
/// those bounds must be accepted by the method.
struct MethodCheck<'a> {
    ident: &'a Ident,
    sig: &'a MethodSig,
    position: usize,
    /// The receiver, then each argument.
    inputs: Vec<CheckInput>,
}

/// A receiver or argument of a checked signature.
struct CheckInput {
    /// `__contract_self0`, `__contract_arg0_1`: spanned on the user's receiver or
    /// argument, so that a mismatch is reported there.
    name: Ident,
    /// The declared type.
    declared: TokenStream,
    /// The declared type with its elided lifetimes named by `lifetime`, a lifetime
    /// parameter of the check (see `MethodCheck::new`).
    named: TokenStream,
    lifetime: Option<Lifetime>,
    /// An `impl Trait` argument: a parameter of the check, not a hole.
    is_impl: bool,
}

impl<'a> MethodCheck<'a> {
    fn new(ident: &'a Ident, sig: &'a MethodSig, position: usize, signatures: &str) -> Self {
        // A hole's lifetimes are inferred, so a method taking `&'static str` would match
        // a declared `&str`, which promises any lifetime: the holes are compared with
        // the declared types under lifetime parameters of the check instead, which the
        // method must accept whatever they are. Named for what they mean in errors:
        // `'any0` for the arguments of the first entry of `requires(..)` ("`'any0` must
        // outlive `'static`"; lifetimes between arguments are not compared), `'self0`
        // for its receiver (`&self` against a method on `&'static self`, or an output
        // declared `'static` that borrows from `self`). One pair per signature, because
        // rustc reports one error per parameter. When any signature (`signatures`, all
        // of them rendered) writes such a name itself, the check's is
        // `'__contract_any0`: a `for<'any0>` would shadow it, and an undeclared
        // `'any0` would silently name it.
        let unused = |name: String| {
            if signatures.contains(&name) {
                format!("'__contract_{}", &name[1..])
            } else {
                name
            }
        };
        let (argument, receiver_lifetime) = (
            unused(format!("'any{position}")),
            unused(format!("'self{position}")),
        );
        // An `impl Trait` output may capture every input's lifetime (a trait's method
        // always does, an inherent one from edition 2024 on), which the check's own
        // `impl Trait` output does in edition 2021 only when it says so with
        // `+ use<..>` (E0700 otherwise). That cannot name an `impl Trait` argument: with
        // one, only the lifetime the output declares it borrows is named, the others
        // stay inferred.
        let opaque = sig
            .output
            .as_ref()
            .filter(|output| type_mentions_impl(output));
        let apit = sig.args.iter().any(|arg| type_mentions_impl(&arg.ty));
        let (name_receiver, name_arguments) = match opaque.filter(|_| apit) {
            None => (true, true),
            Some(output) if !type_mentions_elided_lifetime(output) => (false, false),
            Some(_) => {
                let lends = sig.receiver_lends();
                (lends, !lends)
            }
        };
        // A plain path has no lifetime to name (nor `impl`): its tokens need no walk.
        let input = |name: Ident, declared: TokenStream, plain: bool, lifetime: Option<&str>| {
            let (named, any) = match lifetime.filter(|_| !plain) {
                Some(lifetime) => name_elided_lifetimes(declared.clone(), lifetime),
                None => (declared.clone(), false),
            };
            CheckInput {
                name,
                is_impl: !plain && mentions_impl(declared.clone()),
                declared,
                named,
                lifetime: lifetime
                    .filter(|_| any)
                    .map(|lifetime| Lifetime::new(lifetime, Span::call_site())),
            }
        };
        let mut inputs = Vec::new();
        if let Some(receiver) = &sig.receiver {
            let span = receiver.self_token.span;
            let name = format_ident!("__contract_self{}", position, span = span);
            let lifetime = name_receiver.then_some(receiver_lifetime.as_str());
            inputs.push(input(name, receiver.as_type(), false, lifetime));
        }
        for (i, arg) in sig.args.iter().enumerate() {
            let name = Ident::new(&format!("__contract_arg{position}_{i}"), arg.span());
            let lifetime = name_arguments.then_some(argument.as_str());
            let plain = plain_path(&arg.ty).is_some();
            inputs.push(input(name, arg.ty.to_token_stream(), plain, lifetime));
        }
        MethodCheck {
            ident,
            sig,
            position,
            inputs,
        }
    }

    /// The lifetime parameters the holes' comparisons name (see `CheckInput::named`):
    /// none in the shared function for a signature checked through a `fn` pointer.
    fn hole_lifetimes(&self) -> Vec<Lifetime> {
        if !self.needs_own_function() && self.fits_function_pointer() {
            return Vec::new();
        }
        let mut lifetimes: Vec<Lifetime> = Vec::new();
        let holes = self.inputs.iter().filter(|input| !input.is_impl);
        for lifetime in holes.filter_map(|input| input.lifetime.clone()) {
            if !lifetimes.contains(&lifetime) {
                lifetimes.push(lifetime);
            }
        }
        lifetimes
    }

    /// The lifetime the declared output's elided lifetimes stand for, as elision gives
    /// it: the receiver's when it borrows (named, or the check's `'self0`), else the one
    /// the arguments name (`x: &'a u8`), else the check's `'any0`. `None` when no input
    /// lends one.
    fn output_lifetime(&self) -> Option<String> {
        if let Some(named) = self.sig.lent_lifetime() {
            return Some(format!("'{}", named.ident));
        }
        let lenders = &self.inputs[..usize::from(self.sig.receiver.is_some())];
        let arguments = &self.inputs[lenders.len()..];
        let lenders = if self.sig.receiver_lends() {
            lenders
        } else {
            arguments
        };
        lenders
            .iter()
            .filter(|input| !input.is_impl)
            .find_map(|input| input.lifetime.as_ref().map(ToString::to_string))
    }

    /// Whether the check's `impl Trait` output captures all its parameters
    /// (`+ use<..>`), as a method's output may: not with an `impl Trait` argument,
    /// whose type parameter `use<..>` cannot name.
    fn captures_all(&self) -> bool {
        !self.inputs.iter().any(|input| input.is_impl)
    }

    /// `name: impl Trait` for the `impl Trait` arguments: parameters of the check.
    fn params(&self) -> Vec<TokenStream> {
        self.inputs
            .iter()
            .filter(|input| input.is_impl)
            .map(|CheckInput { name, declared, .. }| quote!(#name: #declared))
            .collect()
    }

    /// `<Type>::method` (with the method's span), as `MethodSig::path_from` makes it.
    fn write_path(&self, w: &mut TokenWriter) {
        let method = &self.sig.ident;
        if self.sig.trait_path.is_some() {
            w.stream(self.sig.path_from(&at_call_site(self.ident)));
            return;
        }
        w.spanned(method.span(), |w| {
            w.op("<");
            w.ident(&at_call_site(self.ident));
            w.op(">");
            w.op("::");
            w.ident(method);
        });
    }

    /// `<Type>::method(args)`, or its awaited output for an `async fn`
    /// (`__contracts::awaited(<Type>::method(args), __contract_never)`).
    fn write_call(&self, w: &mut TokenWriter) {
        let call = |w: &mut TokenWriter| {
            self.write_path(w);
            // The parentheses on the declared ones: rustc's "provide the argument" help
            // for an `async fn` declared with fewer arguments then rewrites the declared
            // list, instead of splicing a second one after the method's name.
            w.spanned(self.sig.parens, |w| {
                w.group(Delimiter::Parenthesis, |w| {
                    w.spanned(Span::call_site(), |w| {
                        for (i, input) in self.inputs.iter().enumerate() {
                            if i > 0 {
                                w.op(",");
                            }
                            w.ident(&input.name);
                        }
                    });
                });
            });
        };
        match self.sig.asyncness {
            // The whole expression carries the method's span, the alias included:
            // errors about the output then land on the signature.
            Some(_) => w.spanned(self.sig.ident.span(), |w| {
                w.path(&[PRIVATE, "awaited"]);
                w.group(Delimiter::Parenthesis, |w| {
                    call(w);
                    w.op(",");
                    w.ident(&never_param());
                });
            }),
            None => call(w),
        }
    }

    /// Generics, a `where` clause or an `impl Trait` output cannot share a function
    /// with the other signatures: such a signature gets its own.
    fn needs_own_function(&self) -> bool {
        !self.sig.generics.params.is_empty()
            || self.sig.generics.where_clause.is_some()
            || self.returns_impl()
    }

    fn returns_impl(&self) -> bool {
        self.sig.output.as_ref().is_some_and(type_mentions_impl)
    }

    /// The variable the output is bound to, spanned on the declared output (or the
    /// method's name when there is none), so that a mismatch is reported there.
    fn result(&self) -> Ident {
        Ident::new("__contract_result", self.output_span())
    }

    fn output_span(&self) -> Span {
        self.sig
            .output
            .as_ref()
            // Inside a `macro_rules!` fragment's invisible group: its tokens are the
            // caller's, the group's own span is the `$t` in the macro's body.
            .map_or_else(
                || self.sig.ident.span(),
                |ty| type_span(crate::ast::ungrouped(ty)),
            )
    }

    /// A hole per receiver and argument (`let (name, name_type) = hole(never);`), the
    /// call bound to `__contract_result`, and each hole's type compared with the
    /// declared one (`name_type.declared::<Declared>();`).
    fn write_statements(&self, w: &mut TokenWriter) {
        let never = never_param();
        let holes: Vec<_> = self
            .inputs
            .iter()
            .filter(|input| !input.is_impl)
            .map(|input| {
                let span = input.name.span();
                (
                    input,
                    Ident::new(&format!("{}_type", input.name), span),
                    span,
                )
            })
            .collect();
        for (input, ty, span) in &holes {
            w.spanned(*span, |w| {
                w.word("let");
                w.group(Delimiter::Parenthesis, |w| {
                    w.ident(&input.name);
                    w.op(",");
                    w.ident(ty);
                });
                w.op("=");
                w.path(&[PRIVATE, "hole"]);
                w.group(Delimiter::Parenthesis, |w| w.ident(&never));
                w.op(";");
            });
        }
        w.word("let");
        w.ident(&self.result());
        w.op("=");
        self.write_call(w);
        w.op(";");
        for (input, ty, span) in &holes {
            w.spanned(*span, |w| {
                w.ident(ty);
                w.op(".");
                w.word("declared");
                w.op("::");
                w.op("<");
                w.stream(input.named.clone());
                w.op(">");
                w.group(Delimiter::Parenthesis, |_| {});
                w.op(";");
            });
        }
    }

    /// The output's comparison with the declared one (`()` when none is declared).
    ///
    /// `let __contract_output = __contracts::returned(__contract_result);` and
    /// `__contract_output.declared::<Output>();`, spanned on the declared output.
    fn write_exact_output(&self, w: &mut TokenWriter) {
        let result = self.result();
        let span = self.output_span();
        let output_type = Ident::new("__contract_output", span);
        w.spanned(span, |w| {
            w.word("let");
            w.ident(&output_type);
            w.op("=");
            w.path(&[PRIVATE, "returned"]);
            w.group(Delimiter::Parenthesis, |w| w.ident(&result));
            w.op(";");
            w.ident(&output_type);
            w.op(".");
            w.word("declared");
            w.op("::");
            w.op("<");
            match &self.sig.output {
                Some(ty) => w.node(ty),
                None => w.group(Delimiter::Parenthesis, |_| {}),
            }
            w.op(">");
            w.group(Delimiter::Parenthesis, |_| {});
            w.op(";");
            // `__contract_output.outlives::<'self0>();`: see `output_must_outlive`.
            if let Some(lifetime) = self.output_must_outlive() {
                w.ident(&output_type);
                w.op(".");
                w.word("outlives");
                w.op("::");
                w.op("<");
                w.lifetime(&lifetime[1..]);
                w.op(">");
                w.group(Delimiter::Parenthesis, |_| {});
                w.op(";");
            }
        });
    }

    /// The lifetime the output must outlive, if it is checked (`Returns::outlives`).
    /// An elided lifetime of the declared output promises a borrow of one input only
    /// (`-> &V` from `&self`, not from an argument), which the comparison of the types,
    /// where it is inferred, does not check: the output must outlive that input's
    /// lifetime. Not with a named lifetime in the output, which may borrow from
    /// elsewhere. (A type parameter in it outlives the check's lifetimes: see
    /// `outlive`.)
    fn output_must_outlive(&self) -> Option<String> {
        let output = self.sig.output.as_ref()?;
        let checked = type_mentions_elided_lifetime(output)
            && !mentions_named_lifetime(output.to_token_stream());
        checked.then(|| self.output_lifetime()).flatten()
    }

    /// [`write_statements`](Self::write_statements) as a stream of its own.
    fn statements(&self) -> TokenStream {
        let mut w = TokenWriter::new();
        self.write_statements(&mut w);
        w.finish()
    }

    /// [`write_exact_output`](Self::write_exact_output) as a stream of its own.
    fn exact_output(&self) -> TokenStream {
        let mut w = TokenWriter::new();
        self.write_exact_output(&mut w);
        w.finish()
    }

    /// The statements of this signature in the shared check function.
    ///
    /// A plain signature (not `async`, no `impl Trait` argument, no reference or
    /// lifetime in an argument or the output) is one coercion of the method to the
    /// declared function pointer type, which is exact and cheaper to check than the
    /// holes; a generic method still matches, its parameters inferred from the declared
    /// types. Elided lifetimes in an output cannot be written in a function pointer type
    /// (it has no `self` to take them from), and an argument's are higher-ranked there,
    /// which a generic method's parameter cannot be: those signatures use the holes.
    ///
    /// The coercion is `let _ = __contracts::Signature::<fn(Declared, ..) -> Output> {
    /// exactly: <Type>::method };`, spanned on the method's name (the pointer type at
    /// the call site).
    fn write_shared(&self, w: &mut TokenWriter) {
        if self.fits_function_pointer() {
            w.spanned(self.sig.ident.span(), |w| {
                w.word("let");
                w.word("_");
                w.op("=");
                w.path(&[PRIVATE, "Signature"]);
                w.op("::");
                w.op("<");
                w.spanned(Span::call_site(), |w| {
                    w.word("fn");
                    w.group(Delimiter::Parenthesis, |w| {
                        let receiver = self.sig.receiver.as_ref().map(ReceiverType);
                        if let Some(receiver) = &receiver {
                            w.node(receiver);
                        }
                        for (i, arg) in self.sig.args.iter().enumerate() {
                            if i > 0 || receiver.is_some() {
                                w.op(",");
                            }
                            w.node(&arg.ty);
                        }
                    });
                    if let Some(output) = &self.sig.output {
                        w.op("->");
                        w.node(output);
                    }
                });
                w.op(">");
                w.group(Delimiter::Brace, |w| {
                    w.word("exactly");
                    w.op(":");
                    self.write_path(w);
                });
                w.op(";");
            });
            return;
        }
        // A block of its own: two signatures' locals (`__contract_result`, an argument
        // named `key` in both) then never shadow each other, which strict lints such as
        // `clippy::shadow_unrelated` would report on the user's tokens.
        w.group(Delimiter::Brace, |w| {
            self.write_statements(w);
            self.write_exact_output(w);
        });
    }

    fn fits_function_pointer(&self) -> bool {
        // An argument's reference is higher-ranked in a `fn` pointer type
        // (`for<'b> fn(&Self, &'b str)`), which a generic method's type parameter cannot
        // be (`fn get<T: AsRef<str>>(&self, t: T)` declared `fn get(&self, t: &str)`).
        self.sig.asyncness.is_none()
            && !self.inputs.iter().any(|input| input.is_impl)
            && !self
                .sig
                .args
                .iter()
                .any(|arg| type_mentions_lifetime(&arg.ty))
            && !self.sig.output.as_ref().is_some_and(type_mentions_lifetime)
    }

    /// A generic function of its own. An `impl Trait` output is its return type, so
    /// the output is checked against the bounds.
    fn own_function(&self) -> TokenStream {
        let name = format_ident!("__contract_require_{}", self.position);
        let mut generics = self.sig.generics.clone();
        generics
            .params
            .push(GenericParam::Type(TypeParam::from(check_param())));
        let params = self.params();
        let never = never_param();
        let statements = self.statements();
        let lifetimes = self.hole_lifetimes();
        // What a real signature's argument types imply (`t: &T` implies `T: 'a`, and
        // `v: &mut Vec<&'a str>` implies `'a: 'b`), the holes in the body do not: the
        // declared parameters outlive the check's lifetimes, and type parameters the
        // declared ones.
        outlive(&mut generics, &lifetimes);
        for lifetime in lifetimes.into_iter().rev() {
            let param = LifetimeParam::new(lifetime);
            generics.params.insert(0, GenericParam::Lifetime(param));
        }
        let (output, tail) = if self.returns_impl() {
            // The output's elided lifetimes (`impl Iterator<Item = &u8> + '_`) are the
            // lender's, a named one or a lifetime parameter of the check.
            let output = self.sig.output.as_ref().map(|ty| {
                const ELIDED: &str = "'__contract_elided";
                let named = self.output_lifetime();
                let lifetime = named.as_deref().unwrap_or(ELIDED);
                let (output, any) = name_elided_lifetimes(ty.to_token_stream(), lifetime);
                if any && named.is_none() {
                    let param = LifetimeParam::new(Lifetime::new(ELIDED, Span::call_site()));
                    generics.params.insert(0, GenericParam::Lifetime(param));
                }
                let output = if self.captures_all() {
                    capture_all(output, &use_list(&generics))
                } else {
                    output
                };
                quote!(-> #output)
            });
            (output, self.result().into_token_stream())
        } else {
            (None, self.exact_output())
        };
        let where_clause = &generics.where_clause;
        quote! {
            fn #name #generics (
                #never: ::core::convert::Infallible,
                #(#params),*
            ) #output #where_clause {
                #statements
                #tail
            }
        }
    }
}

/// Bounds each type and lifetime parameter of `generics` by `lifetimes` (the check's),
/// and each type parameter by the declared lifetimes too (`t: &'a T` implies `T: 'a`),
/// where the parameter's other bounds are: in the `where` clause when it is bounded
/// there, else in the list (`clippy::multiple_bound_locations` would otherwise see the
/// user's parameter bounded in two places).
fn outlive(generics: &mut Generics, lifetimes: &[Lifetime]) {
    use syn::{TypeParamBound, WherePredicate};
    let declared: Vec<Lifetime> = generics.lifetimes().map(|p| p.lifetime.clone()).collect();
    let for_types: Vec<Lifetime> = lifetimes.iter().chain(&declared).cloned().collect();
    if for_types.is_empty() {
        return;
    }
    let Generics {
        params,
        where_clause,
        ..
    } = generics;
    let mut predicates = where_clause
        .as_mut()
        .map(|clause| clause.predicates.iter_mut().collect::<Vec<_>>())
        .unwrap_or_default();
    for param in params.iter_mut() {
        match param {
            GenericParam::Type(param) => {
                let bounded = predicates.iter_mut().find_map(|predicate| match predicate {
                    WherePredicate::Type(p)
                        if matches!(&p.bounded_ty, Type::Path(t)
                        if t.qself.is_none() && t.path.is_ident(&param.ident)) =>
                    {
                        Some(&mut p.bounds)
                    }
                    _ => None,
                });
                bound_list(bounded, &mut param.colon_token, &mut param.bounds)
                    .extend(for_types.iter().cloned().map(TypeParamBound::Lifetime));
            }
            GenericParam::Lifetime(param) if !lifetimes.is_empty() => {
                let bounded = predicates.iter_mut().find_map(|predicate| match predicate {
                    WherePredicate::Lifetime(p) if p.lifetime == param.lifetime => {
                        Some(&mut p.bounds)
                    }
                    _ => None,
                });
                bound_list(bounded, &mut param.colon_token, &mut param.bounds)
                    .extend(lifetimes.iter().cloned());
            }
            GenericParam::Lifetime(_) | GenericParam::Const(_) => {}
        }
    }
}

/// `use<'a, .., T, ..>`: every parameter of `generics`, lifetimes first.
fn use_list(generics: &Generics) -> TokenStream {
    let lifetimes = generics.lifetimes().map(|p| p.lifetime.to_token_stream());
    let others = generics.params.iter().filter_map(|param| match param {
        GenericParam::Type(p) => Some(p.ident.to_token_stream()),
        GenericParam::Const(p) => Some(p.ident.to_token_stream()),
        GenericParam::Lifetime(_) => None,
    });
    let params = lifetimes.chain(others);
    quote!(use<#(#params),*>)
}

/// The type's tokens with `+ #capture` after the bounds of each `impl Trait` in it.
/// The bounds end at a `,` or `;`, a closing `>` of the level the `impl` is at, or the
/// end of its group (a `>` after `-` is an arrow). Behind a reference (`&impl A`,
/// `&'a mut impl A`) the bounds are parenthesized, as `&impl A + B` is ambiguous.
fn capture_all(tokens: TokenStream, capture: &TokenStream) -> TokenStream {
    /// Where the open `impl` starts in `out`, the angle depth of its level, and
    /// whether it stands behind a reference.
    struct Open {
        start: usize,
        depth: usize,
        behind_reference: bool,
    }
    // Spanned on the bounds' last token: the type's span, where errors about the
    // output land, then stays on the user's tokens.
    let close = |out: &mut Vec<TokenTree>, open: Open| {
        let span = out.last().map_or_else(Span::call_site, TokenTree::span);
        out.extend(quote!(+ #capture).into_iter().map(|mut token| {
            token.set_span(span);
            token
        }));
        if open.behind_reference {
            let bounds: TokenStream = out.drain(open.start..).collect();
            let first = bounds.clone().into_iter().next().map(|t| t.span());
            let mut group = proc_macro2::Group::new(Delimiter::Parenthesis, bounds);
            group.set_span(first.unwrap_or(span));
            out.push(TokenTree::Group(group));
        }
    };
    let mut out: Vec<TokenTree> = Vec::new();
    let mut open: Option<Open> = None;
    let mut depth = 0usize;
    let mut after_dash = false;
    for token in tokens {
        match &token {
            TokenTree::Ident(ident) if ident == "impl" && open.is_none() => {
                open = Some(Open {
                    start: out.len(),
                    depth,
                    behind_reference: behind_reference(&out),
                });
            }
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' && !after_dash => {
                if let Some(bounds) = open.take_if(|o| o.depth == depth) {
                    close(&mut out, bounds);
                }
                depth = depth.saturating_sub(1);
            }
            TokenTree::Punct(p) if matches!(p.as_char(), ',' | ';') => {
                if let Some(bounds) = open.take_if(|o| o.depth == depth) {
                    close(&mut out, bounds);
                }
            }
            _ => {}
        }
        after_dash = matches!(&token, TokenTree::Punct(p) if p.as_char() == '-');
        match token {
            // A group is a level of its own (`(impl A, impl B)`, `[impl A; 2]`), unless
            // it is inside the bounds already.
            TokenTree::Group(group) if open.is_none() => {
                let mut inner = proc_macro2::Group::new(
                    group.delimiter(),
                    capture_all(group.stream(), capture),
                );
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            token => out.push(token),
        }
    }
    if let Some(open) = open {
        close(&mut out, open);
    }
    out.into_iter().collect()
}

/// Whether the tokens end with a reference's start: `&`, `&'a`, `&mut`, `&'a mut`.
fn behind_reference(out: &[TokenTree]) -> bool {
    let mut end = out.len();
    if matches!(out[..end].last(), Some(TokenTree::Ident(i)) if i == "mut") {
        end -= 1;
    }
    if end >= 2
        && matches!(&out[end - 2], TokenTree::Punct(p) if p.as_char() == '\'')
        && matches!(&out[end - 1], TokenTree::Ident(_))
    {
        end -= 2;
    }
    matches!(out[..end].last(), Some(TokenTree::Punct(p)) if p.as_char() == '&')
}

/// The `where` clause's bounds of a parameter when it has them, else its own list
/// (given its `:`).
fn bound_list<'a, T>(
    in_where: Option<&'a mut syn::punctuated::Punctuated<T, syn::Token![+]>>,
    colon: &mut Option<syn::Token![:]>,
    own: &'a mut syn::punctuated::Punctuated<T, syn::Token![+]>,
) -> &'a mut syn::punctuated::Punctuated<T, syn::Token![+]> {
    in_where.unwrap_or_else(|| {
        colon.get_or_insert_with(Default::default);
        own
    })
}

/// The tokens with each elided lifetime (`&T`, `&mut T`, `'_`) written as `lifetime`
/// (a name such as `'a`), and whether there was one. Closure sugar and `fn(&T)` pointer
/// types keep their own elision scope, left as written (see `OwnScopes`).
fn name_elided_lifetimes(tokens: TokenStream, lifetime: &str) -> (TokenStream, bool) {
    let mut out = TokenStream::new();
    let mut any = false;
    let mut tokens = tokens.into_iter().peekable();
    let mut scopes = OwnScopes::new(false);
    while let Some(token) = tokens.next() {
        if scopes.inside(&token) {
            out.extend([token]);
            continue;
        }
        match &token {
            // The lifetime written where the elided one was: errors about the type stay
            // on the user's tokens.
            TokenTree::Punct(p) if p.as_char() == '&' => {
                let span = p.span();
                out.extend([token]);
                if !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '\'') {
                    Lifetime::new(lifetime, span).to_tokens(&mut out);
                    any = true;
                }
            }
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                if let Some(TokenTree::Ident(underscore)) =
                    tokens.next_if(|t| matches!(t, TokenTree::Ident(i) if i == "_"))
                {
                    Lifetime::new(lifetime, underscore.span()).to_tokens(&mut out);
                    any = true;
                } else {
                    // A named lifetime: the `'` and its name, as written.
                    out.extend([token]);
                    out.extend(tokens.next());
                }
            }
            TokenTree::Group(group) => {
                let (inner, found) = name_elided_lifetimes(group.stream(), lifetime);
                let mut named = proc_macro2::Group::new(group.delimiter(), inner);
                named.set_span(group.span());
                out.extend([TokenTree::Group(named)]);
                any |= found;
            }
            _ => out.extend([token]),
        }
    }
    (out, any)
}

/// Whether the tokens hold an elided lifetime (`&T`, `'_`) outside an elision scope of
/// its own (`Fn(&u8)`).
fn mentions_elided_lifetime(tokens: TokenStream) -> bool {
    name_elided_lifetimes(tokens, "'_").1
}

/// [`mentions_elided_lifetime`] of a type; a plain path has none.
fn type_mentions_elided_lifetime(ty: &Type) -> bool {
    plain_path(ty).is_none() && mentions_elided_lifetime(ty.to_token_stream())
}

/// Whether the tokens name a lifetime other than `'static`, `'_` and those a
/// `for<'x>` binder in them introduces.
fn mentions_named_lifetime(tokens: TokenStream) -> bool {
    fn collect(tokens: TokenStream, named: &mut Vec<String>, bound: &mut Vec<String>) {
        let mut tokens = tokens.into_iter().peekable();
        let mut in_binder = false;
        let mut depth = 0usize;
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Ident(i) if i == "for" => {
                    in_binder =
                        matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '<');
                }
                TokenTree::Punct(p) if in_binder && p.as_char() == '<' => depth += 1,
                TokenTree::Punct(p) if in_binder && p.as_char() == '>' => {
                    depth = depth.saturating_sub(1);
                    in_binder = depth > 0;
                }
                TokenTree::Punct(p) if p.as_char() == '\'' => {
                    if let Some(name) = tokens.next() {
                        let name = name.to_string();
                        if in_binder {
                            bound.push(name);
                        } else if name != "static" && name != "_" {
                            named.push(name);
                        }
                    }
                }
                TokenTree::Group(group) => collect(group.stream(), named, bound),
                _ => {}
            }
        }
    }
    let (mut named, mut bound) = (Vec::new(), Vec::new());
    collect(tokens, &mut named, &mut bound);
    named.iter().any(|name| !bound.contains(name))
}

/// Whether the type contains a reference or a lifetime (`&`, `'a`, `'_`); a plain
/// path does not, and is answered without walking its tokens.
fn type_mentions_lifetime(ty: &Type) -> bool {
    plain_path(ty).is_none() && mentions_lifetime(ty.to_token_stream())
}

/// Whether the type contains `impl` (an `impl Trait` type); a plain path does not.
fn type_mentions_impl(ty: &Type) -> bool {
    plain_path(ty).is_none() && mentions_impl(ty.to_token_stream())
}

/// Whether the tokens contain a reference or a lifetime (`&`, `'a`, `'_`).
fn mentions_lifetime(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Punct(punct) => punct.as_char() == '&' || punct.as_char() == '\'',
        TokenTree::Group(group) => mentions_lifetime(group.stream()),
        _ => false,
    })
}

/// Whether the tokens contain `impl` (an `impl Trait` type).
fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => mentions_impl(group.stream()),
        _ => false,
    })
}

/// A parameter of type `Infallible` on every check: the functions can never be called,
/// which is what lets `__private::awaited` name a future's output without running it.
fn never_param() -> Ident {
    Ident::new("__contract_never", Span::call_site())
}

/// The unused type parameter that makes a compile-time check generic: checked, never
/// instantiated, so it costs type checking only, no code generation.
fn check_param() -> Ident {
    Ident::new("__ContractCheck", Span::call_site())
}

/// `#[contract(skip)]` or `#[contract(flatten)]` on a field is read only by
/// `#[derive(ComponentSource)]`: without it, the key would do nothing, silently. So the
/// type must derive it too, asserted with the error on the key (`key`).
fn derives_state(input: &Input, key: Span) -> TokenStream {
    let private = private();
    let mut ident = input.ident.clone();
    ident.set_span(key);
    let assertion = quote_spanned!(key=> __contract_derives_state::<#ident>);
    quote! {
        fn __contract_derives_state<T: #private::DerivesComponentSource>() {}
        let _ = #assertion;
    }
}

/// `check = path`: an adapter from a type-erased instance to the user's function,
/// `__contract_check`, which the descriptor's `check` slice then holds (none without
/// `check`).
fn expand_check(input: &Input) -> Option<TokenStream> {
    let private = private();
    let ident = input.ident;
    let path = input.attrs.check.get()?;
    let span = path.span();
    let path = spell_out_self(path.to_token_stream(), ident);
    // The binding is spanned at the call site, where it is bound: the path's span may
    // come from a `macro_rules!`, whose hygiene would not see it.
    let component = Ident::new("__contract_component", Span::call_site());
    // A plain call, so that the argument coerces as in any call (a check shared through
    // `&dyn Health`, or one taking the target of `Self: Deref`). The argument is wrapped
    // in a call spanned on the path: a function taking something else is then reported
    // in the attribute, not on the derive.
    let checked = Ident::new(PRIVATE, span);
    let argument = quote_spanned!(span=> #checked::checked::<#ident>(#component));
    let call = quote_spanned!(span=> #private::CheckOutcome::into_outcome(#path(#argument)));
    let item = quote! {
        fn __contract_check(
            __contract_instance: &(dyn ::core::any::Any + ::core::marker::Send + ::core::marker::Sync),
        ) -> #private::Option<#private::Result<(), ::std::string::String>> {
            let __contract_component = #private::downcast_component::<#ident>(__contract_instance)?;
            #private::Some(#call)
        }
    };
    Some(item)
}

/// The descriptor, as a plain constant: `Contract { __parts: ContractParts { .. } }`
/// with struct literals only (no `Option`, enum or `const fn` call, which cost compile
/// time; see `ContractParts` in `contracts-core`). Each type's `TypeId::of` is spanned
/// on the type in the attribute, so a type that does not exist is reported there.
/// Written with a [`TokenWriter`] rather than `quote!`: see `writer.rs`.
fn expand_descriptor(w: &mut TokenWriter, input: &Input) {
    let ident = input.ident;
    let attrs = &input.attrs;
    // `r#Pool` is named `Pool`, as `std::any::type_name` names it.
    let ident_name = name_of(ident);
    let name = attrs
        .name
        .get()
        .map_or_else(|| ident_name.clone(), |lit| lit.value());
    let business_value = attrs.business_value.get().map(|lit| lit.value());

    w.path(&[PRIVATE, "Contract"]);
    w.group(Delimiter::Brace, |w| {
        w.field("__parts");
        w.path(&[PRIVATE, "ContractParts"]);
        w.group(Delimiter::Brace, |w| {
            w.field("name");
            w.str(&name);
            w.op(",");
            w.field("type_name");
            w.macro_call(&["", "core", "concat"], |w| {
                w.macro_call(&["", "core", "module_path"], |_| {});
                w.op(",");
                w.str("::");
                w.op(",");
                w.str(&ident_name);
            });
            w.op(",");
            w.field("type_id");
            w.path(&[PRIVATE, "TypeId", "of"]);
            w.op("::");
            w.op("<");
            w.ident(ident);
            w.op(">");
            w.op(",");
            w.field("synthetic");
            w.u8(0);
            w.op(",");
            w.field("module_path");
            w.macro_call(&["", "core", "module_path"], |_| {});
            w.op(",");
            // `line!()` and `file!()` spanned on the type's name report where the type
            // is. Reached through the alias rather than `::core`, which spanned on a
            // user's token resolves as that crate's edition says (at its root in 2015).
            for (field, mac) in [("file", "file"), ("line", "line")] {
                w.field(field);
                w.spanned(ident.span(), |w| w.macro_call(&[PRIVATE, mac], |_| {}));
                w.op(",");
            }
            w.field("risk");
            w.u8_suffixed(index(attrs.risk.get(), RISKS));
            w.op(",");
            w.field("business_value");
            w.slice(&business_value, |w, value| w.str(value));
            w.op(",");
            w.field("requires");
            w.slice(attrs.requires.get().into_iter().flatten(), |w, required| {
                let (method, signature, is_async) = match required {
                    Required::Signature(sig) => (
                        name_of(&sig.ident),
                        sig.rendered.as_str(),
                        sig.asyncness.is_some(),
                    ),
                    Required::Bare(bare) => (name_of(&bare.ident), "", false),
                };
                w.path(&[PRIVATE, "RequiredMethod"]);
                w.group(Delimiter::Brace, |w| {
                    w.field("__name");
                    w.str(&method);
                    w.op(",");
                    w.field("__signature");
                    w.str(signature);
                    w.op(",");
                    w.field("__is_async");
                    w.bool(is_async);
                });
            });
            w.op(",");
            w.field("implements");
            w.slice(attrs.implements.get().into_iter().flatten(), |w, bound| {
                w.str(&render(bound));
            });
            w.op(",");
            w.field("depends_on");
            w.slice(input.dependencies(), |w, (name, dependency)| {
                w.path(&[PRIVATE, "Dependency"]);
                w.group(Delimiter::Brace, |w| {
                    w.field("__ty");
                    type_ref_named(w, dependency.ty, name, ident);
                    w.op(",");
                    w.field("__optional");
                    w.bool(dependency.optional);
                    w.op(",");
                    w.field("__field");
                    w.bool(dependency.field);
                });
            });
            w.op(",");
            w.field("consumers");
            w.slice(
                attrs.consumers.get().into_iter().flatten(),
                |w, consumer| {
                    w.path(&[PRIVATE, "Consumer"]);
                    w.group(Delimiter::Brace, |w| {
                        w.field("__ty");
                        type_ref(w, &consumer.ty, ident);
                        w.op(",");
                        w.field("__methods");
                        w.slice(consumer.methods.iter().flatten(), |w, method| {
                            w.str(&name_of(method));
                        });
                    });
                },
            );
            w.op(",");
            w.field("migration");
            w.slice(attrs.replaces.get(), |w, replaced| {
                w.path(&[PRIVATE, "Migration"]);
                w.group(Delimiter::Brace, |w| {
                    w.field("__replaces");
                    type_ref(w, replaced, ident);
                    w.op(",");
                    w.field("__phase");
                    w.u8_suffixed(index(attrs.phase.get(), PHASES));
                });
            });
            w.op(",");
            w.field("factory");
            w.slice(attrs.factory.get(), |w, ty| type_ref(w, ty, ident));
            w.op(",");
            w.field("required");
            w.bool(attrs.required.get().is_some());
            w.op(",");
            w.field("check");
            w.op("&");
            w.group(Delimiter::Bracket, |w| {
                if attrs.check.get().is_some() {
                    w.word("__contract_check");
                }
            });
        });
    });
}

/// The runtime's alias, as [`private`] spells it. Written with a user's span (in a
/// check), it locates an expression whose errors must land on the user's token; never
/// `::contracts_core` spelled with that span: a path from the root resolves as the
/// user's crate's edition says, which in 2015 is from the crate's own root.
const PRIVATE: &str = "__contracts";

/// A type named in the attribute or a field. `Self` (a self-referential field such as
/// `next: Option<Box<Self>>`, or `depends_on(Self)`) means the type itself: the
/// descriptor is a `static`, where `Self` is not in scope, so it is spelled out.
fn type_ref(w: &mut TokenWriter, ty: &Type, ident: &Ident) {
    type_ref_named(w, ty, &type_name_of(ty, ident), ident);
}

/// [`type_ref`] with the type's name already rendered.
fn type_ref_named(w: &mut TokenWriter, ty: &Type, name: &str, ident: &Ident) {
    let (tokens, span) = type_tokens(ty, ident);
    w.path(&[PRIVATE, "TypeRef"]);
    w.group(Delimiter::Brace, |w| {
        w.field("__name");
        w.str(name);
        w.op(",");
        w.field("__type_id");
        w.word(PRIVATE);
        w.spanned(span, |w| {
            w.op("::");
            w.word("TypeId");
            w.op("::");
            w.word("of");
            w.op("::");
            w.op("<");
        });
        w.trees(tokens);
        w.spanned(span, |w| w.op(">"));
        w.op(",");
        w.field("__synthetic");
        w.u8(0);
    });
}

/// In the order of `Risk::ALL` and `Phase::ALL`; `attr` accepted only these values.
const RISKS: &[&str] = &["low", "medium", "high", "critical"];
const PHASES: &[&str] = &["planned", "parallel", "migrating", "complete"];

/// The index of a validated value (`"high"` -> 2), as a `u8` literal.
fn index(value: Option<&Valued<&'static str>>, values: &[&str]) -> u8 {
    let position = value
        .and_then(|value| values.iter().position(|v| *v == value.value))
        .unwrap_or(0);
    u8::try_from(position).unwrap_or(0)
}
