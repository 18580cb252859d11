//! The items of `requires(..)`: full method signatures (`fn`, `async fn`) or bare
//! method names. Parsed by hand so that syn's `full` feature (and its compile time) is
//! not needed.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Generics, Ident, Lifetime, Path, PathSegment, Token, Type, WhereClause, WherePredicate};

use crate::render::{name_of, render, render_type};

pub enum Required {
    Signature(Box<MethodSig>),
    Bare(BareMethod),
}

/// A required method named without its signature: it only has to exist.
pub struct BareMethod {
    /// `Source` in `Source::go`: the trait whose method is meant, when two traits in
    /// scope have one of that name (rustc's E0034 help suggests writing it so).
    pub trait_path: Option<Path>,
    pub ident: Ident,
    /// Type arguments for a generic method (`get::<Pool>`): rustc cannot name a generic
    /// method without them, and suggests adding them.
    pub arguments: Option<syn::AngleBracketedGenericArguments>,
}

impl Required {
    pub fn ident(&self) -> &Ident {
        match self {
            Required::Signature(sig) => &sig.ident,
            Required::Bare(bare) => &bare.ident,
        }
    }
}

/// `name`, or `Trait::name` / `module::Trait::name`: the trait's path, if written, and
/// the method's name. A `::` before `<` is a turbofish, left for the caller.
fn method_path(input: ParseStream) -> syn::Result<(Option<Path>, Ident)> {
    let mut segments: Punctuated<Ident, Token![::]> = Punctuated::new();
    // A trait's path may start at `crate`, `self` or `super`.
    segments.push_value(if starts_relative_path(input) {
        input.call(Ident::parse_any)?
    } else {
        input.parse()?
    });
    // Each further segment is a name, or `super` (`super::super::Trait::name`).
    while input.peek(Token![::]) && {
        let fork = input.fork();
        fork.parse::<Token![::]>().is_ok() && (fork.peek(Ident) || fork.peek(Token![super]))
    } {
        segments.push_punct(input.parse()?);
        segments.push_value(input.call(Ident::parse_any)?);
    }
    let ident = segments
        .pop()
        .ok_or_else(|| input.error("expected the method's name"))?;
    let trait_path = (!segments.is_empty()).then(|| Path {
        leading_colon: None,
        segments: segments.into_iter().map(PathSegment::from).collect(),
    });
    Ok((trait_path, ident))
}

/// `crate::`, `self::` or `super::`: a trait's path, not a method's name.
fn starts_relative_path(input: ParseStream) -> bool {
    (input.peek(Token![crate]) || input.peek(Token![self]) || input.peek(Token![super]))
        && input.peek2(Token![::])
}

/// How the checks name `method` of `ty` (a name spanned at the call site): `<ty>::name`,
/// or `<ty as Trait>::name` when the trait was written.
fn qualified(ty: &Ident, trait_path: Option<&Path>, method: &Ident) -> TokenStream {
    match trait_path {
        // `<Type as Trait>` on the trait's name: a type that lacks the trait is
        // reported there, not on the derive.
        Some(path) => {
            let span = path
                .segments
                .last()
                .map_or_else(|| method.span(), |segment| segment.ident.span());
            let mut ty = ty.clone();
            ty.set_span(span);
            let qualified_self = quote_spanned!(span=> <#ty as #path>);
            quote_spanned!(method.span()=> #qualified_self::#method)
        }
        None => quote_spanned!(method.span()=> <#ty>::#method),
    }
}

impl BareMethod {
    /// The method as the check names it, with its type arguments (always a turbofish in
    /// an expression, whether or not `::` was written).
    pub fn path_from(&self, ty: &Ident) -> TokenStream {
        let path = qualified(ty, self.trait_path.as_ref(), &self.ident);
        let arguments = self.arguments.as_ref().map(|arguments| {
            let args = &arguments.args;
            quote_spanned!(self.ident.span()=> ::<#args>)
        });
        quote!(#path #arguments)
    }
}

pub struct MethodSig {
    pub asyncness: Option<Token![async]>,
    /// `A` in `fn A::go(&self)`: the trait whose method is meant, when two traits in
    /// scope have one of that name (rustc's E0034 suggests writing it so).
    pub trait_path: Option<Path>,
    pub ident: Ident,
    pub generics: Generics,
    pub receiver: Option<Receiver>,
    pub args: Vec<Arg>,
    /// The parentheses around the receiver and arguments.
    pub parens: Span,
    pub output: Option<Type>,
    /// The signature as written, rendered for the descriptor.
    pub rendered: String,
}

/// `self`, `mut self`, `&self`, `&'a mut self`, `self: Arc<Self>`.
pub struct Receiver {
    pub reference: Option<(Token![&], Option<Lifetime>)>,
    pub mutability: Option<Token![mut]>,
    pub self_token: Token![self],
    pub ty: Option<Type>,
}

pub struct Arg {
    /// The argument's name, or `_`.
    pub name: Ident,
    pub ty: Type,
}

impl Arg {
    /// The last token of the argument's type: the end of `name: Type`, so that rustc's
    /// "remove the extra argument" help for an `async fn` declared with one argument
    /// too many removes the whole `, name: Type`.
    pub fn span(&self) -> Span {
        // A plain path ends with its last name.
        if let Some(last) =
            crate::render::plain_path(&self.ty).and_then(|path| path.segments.last())
        {
            return last.ident.span();
        }
        self.ty
            .to_token_stream()
            .into_iter()
            .last()
            .map_or_else(|| self.ty.span(), |token| token.span())
    }
}

impl Parse for Required {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![async]) || input.peek(Token![fn]) {
            input.parse().map(|sig| Required::Signature(Box::new(sig)))
        } else if input.peek(Ident) || starts_relative_path(input) {
            let (trait_path, ident) = method_path(input)?;
            // `name::<T>`, as rustc suggests for a bare generic method it cannot infer
            // (`name<T>` is read the same way).
            let arguments = if input.peek(Token![::]) || input.peek(Token![<]) {
                let expected = || {
                    format!(
                        "expected `{ident}::<Type, ..>`: the concrete type arguments that make a generic method callable, or its full signature `fn {ident}<T: ..>(&self, ..) -> T`"
                    )
                };
                let arguments: syn::AngleBracketedGenericArguments = input
                    .parse()
                    .map_err(|_| syn::Error::new_spanned(&ident, expected()))?;
                // `_` leaves the check to infer what it cannot, and a lifetime argument
                // of a method is late-bound: rustc's errors for either would not help.
                for argument in &arguments.args {
                    let unusable = match argument {
                        syn::GenericArgument::Lifetime(_) => true,
                        syn::GenericArgument::Type(ty) => reject_inferred(ty).is_err(),
                        _ => false,
                    };
                    if unusable {
                        return Err(syn::Error::new_spanned(
                            argument,
                            format!("{}; not `_` or a lifetime", expected()),
                        ));
                    }
                }
                Some(arguments)
            } else {
                None
            };
            Ok(Required::Bare(BareMethod {
                trait_path,
                ident,
                arguments,
            }))
        } else if input.peek(Token![pub]) {
            // A signature copied from the impl block.
            Err(input.error(
                "a required method is declared without its visibility: drop `pub` (write `fn name(&self, ..) -> T`)",
            ))
        } else if input.peek(Token![#]) {
            // `///` lines are `#[doc = ".."]` attributes by the time they get here.
            Err(input.error(
                "doc comments and attributes cannot go inside `requires(..)`: document the method where it is defined, or put a `//` comment here",
            ))
        } else if input.peek(Token![unsafe])
            || input.peek(Token![const])
            || input.peek(Token![extern])
        {
            Err(input.error(
                "a required method is `fn name(&self, ..) -> T` or `async fn ..`: `unsafe`, `const` and `extern` methods cannot be required",
            ))
        } else {
            Err(input.error(
                "expected a method signature (`fn name(&self, ..) -> T` or `async fn ..`) or a bare method name",
            ))
        }
    }
}

/// A contract states types; `_` (or `Vec<_>`) would let the check infer anything.
fn reject_inferred(ty: &Type) -> syn::Result<()> {
    match inferred_in(ty) {
        Some(underscore) => Err(syn::Error::new(
            underscore.span(),
            "`_` is not a type a contract can declare: write the type the method takes or returns",
        )),
        None => Ok(()),
    }
}

/// The first `_` standing for a type in `ty` (`_`, `Vec<_>`), if any; the `_` of a
/// lifetime `'_` is none.
pub fn inferred_in(ty: &Type) -> Option<proc_macro2::Ident> {
    // A plain path has no `_` (syn reads a lone `_` as `Type::Infer`).
    if crate::render::plain_path(ty).is_some() {
        return None;
    }
    fn find(tokens: TokenStream) -> Option<proc_macro2::Ident> {
        // A lifetime is a `'` and an identifier.
        let mut after_apostrophe = false;
        tokens.into_iter().find_map(|token| {
            let lifetime = std::mem::replace(
                &mut after_apostrophe,
                matches!(&token, proc_macro2::TokenTree::Punct(p) if p.as_char() == '\''),
            );
            match token {
                proc_macro2::TokenTree::Ident(ident) if ident == "_" && !lifetime => Some(ident),
                proc_macro2::TokenTree::Group(group) => find(group.stream()),
                _ => None,
            }
        })
    }
    find(ty.to_token_stream())
}

/// `name: Type, ..` after the receiver. Patterns are not part of a contract.
fn parse_args(content: ParseStream, method: &Ident) -> syn::Result<Vec<Arg>> {
    let mut args = Vec::new();
    while !content.is_empty() {
        if content.peek(Token![mut]) {
            let mutability = content.parse::<Token![mut]>()?;
            return Err(syn::Error::new_spanned(
                mutability,
                format!("`mut` belongs to the method's body, not to its contract: remove it from this argument of `{method}`"),
            ));
        }
        let name = if content.peek(Token![_]) {
            // As `Token![_]` writes itself.
            Ident::new("_", content.parse::<Token![_]>()?.span)
        } else if content.peek(Ident) {
            content.parse::<Ident>()?
        } else {
            return Err(content.error(format!(
                "expected an argument of `{method}` as `name: Type` (patterns are not part of a contract)"
            )));
        };
        if !content.peek(Token![:]) {
            return Err(syn::Error::new_spanned(
                &name,
                format!("argument `{name}` of `{method}` needs its type: write `{name}: Type`"),
            ));
        }
        content.parse::<Token![:]>()?;
        let ty = crate::ast::parse_type(content)?;
        reject_inferred(&ty)?;
        args.push(Arg { name, ty });
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(args)
}

impl Parse for MethodSig {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let asyncness: Option<Token![async]> = input.parse()?;
        input.parse::<Token![fn]>()?;
        if !input.peek(Ident) && !starts_relative_path(input) {
            return Err(
                input.error("expected the method's name after `fn`: `fn name(&self, ..) -> T`")
            );
        }
        let (trait_path, ident) = method_path(input)?;
        let mut generics: Generics = input.parse()?;
        let content;
        let parens = syn::parenthesized!(content in input).span.join();
        let receiver = if starts_receiver(&content) {
            let receiver: Receiver = content.parse()?;
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
            Some(receiver)
        } else {
            None
        };
        let args = parse_args(&content, &ident).inspect_err(|_| {
            // The rest of the list is skipped, so that syn does not add "unexpected
            // token" to the one error that says what is wrong.
            let _ = content.parse::<TokenStream>();
        })?;
        let output = if input.peek(Token![->]) {
            let arrow = input.parse::<Token![->]>()?;
            if input.is_empty() || input.peek(Token![,]) {
                return Err(syn::Error::new_spanned(
                    arrow,
                    format!("expected the type `{ident}` returns after `->` (or no `->` for `()`)"),
                ));
            }
            // Precise capturing (`+ use<'a>`) is refused whether or not this build's syn
            // reads it (it does with its `full` feature, which another crate may enable).
            const NO_CAPTURING: &str = "precise capturing (`+ use<..>`) cannot be declared in a contract: leave it out of the declared output (`-> impl Iterator<Item = &u8> + '_`)";
            let capturing = |tokens: TokenStream| {
                tokens.into_iter().find_map(|t| match t {
                    proc_macro2::TokenTree::Ident(i) if i == "use" => Some(i.span()),
                    _ => None,
                })
            };
            let fork = input.fork();
            let ty = crate::ast::parse_type(input).map_err(|error| {
                let rest = fork.parse::<TokenStream>().unwrap_or_default();
                match capturing(rest) {
                    Some(span) => syn::Error::new(span, NO_CAPTURING),
                    None => error,
                }
            })?;
            // A plain path (`usize`) holds no `use<..>`: its tokens need no walk.
            if crate::render::plain_path(&ty).is_none() {
                if let Some(span) = capturing(ty.to_token_stream()) {
                    return Err(syn::Error::new(span, NO_CAPTURING));
                }
            }
            reject_inferred(&ty)?;
            Some(ty)
        } else {
            None
        };
        if input.peek(Token![where]) {
            generics.where_clause = Some(where_clause(input)?);
        }

        let rendered = SigParts {
            asyncness: asyncness.as_ref(),
            trait_path: trait_path.as_ref(),
            ident: &ident,
            generics: &generics,
            receiver: receiver.as_ref(),
            args: &args,
            output: output.as_ref(),
        }
        .text();
        Ok(MethodSig {
            asyncness,
            trait_path,
            ident,
            generics,
            receiver,
            args,
            parens,
            output,
            rendered,
        })
    }
}

/// The parts of a parsed signature, borrowed, to write it as text or as tokens.
struct SigParts<'a> {
    asyncness: Option<&'a Token![async]>,
    trait_path: Option<&'a Path>,
    ident: &'a Ident,
    generics: &'a Generics,
    receiver: Option<&'a Receiver>,
    args: &'a [Arg],
    output: Option<&'a Type>,
}

impl SigParts<'_> {
    /// The signature as [`render`] writes its tokens (`async fn get(&self, key: &str)
    /// -> usize`). Without generics, a `where` clause or a trait's path, which are
    /// rare, the text is put together from the parts, each type rendered on its own
    /// (see `render_type`): the same text, without making the whole signature a token
    /// stream and walking it again.
    fn text(&self) -> String {
        let SigParts {
            asyncness,
            trait_path,
            ident,
            generics,
            receiver,
            args,
            output,
        } = *self;
        if !generics.params.is_empty() || generics.where_clause.is_some() || trait_path.is_some() {
            return render(&self.tokens());
        }
        let mut out = String::new();
        if asyncness.is_some() {
            out.push_str("async ");
        }
        out.push_str("fn ");
        out.push_str(&name_of(ident));
        out.push('(');
        let receiver = receiver.map(Receiver::rendered);
        let args = args
            .iter()
            .map(|arg| format!("{}: {}", name_of(&arg.name), render_type(&arg.ty)));
        for (i, input) in receiver.into_iter().chain(args).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&input);
        }
        out.push(')');
        if let Some(ty) = output {
            out.push_str(" -> ");
            out.push_str(&render_type(ty));
        }
        out
    }

    /// The signature's tokens, as syn writes its parts.
    fn tokens(&self) -> TokenStream {
        let SigParts {
            asyncness,
            trait_path,
            ident,
            generics,
            receiver,
            args,
            output,
        } = *self;
        let receiver_tokens = receiver.map(Receiver::to_written);
        let arg_tokens = args.iter().map(|Arg { name, ty }| quote!(#name: #ty));
        let inputs = receiver_tokens.into_iter().chain(arg_tokens);
        let arrow_output = output.map(|ty| quote!(-> #ty));
        let where_clause = &generics.where_clause;
        let qualifier = trait_path.map(|path| quote!(#path::));
        quote! {
            #asyncness fn #qualifier #ident #generics (#(#inputs),*) #arrow_output #where_clause
        }
    }
}

/// `where T: Clone, U: Send`, ending before the next item of `requires(..)`: syn's
/// own parser would read `, fn next(..)` as one more predicate (a `fn` pointer type).
fn where_clause(input: ParseStream) -> syn::Result<WhereClause> {
    let where_token = input.parse()?;
    let mut predicates = Punctuated::new();
    loop {
        predicates.push_value(input.parse::<WherePredicate>()?);
        let fork = input.fork();
        if fork.parse::<Token![,]>().is_err() || !starts_predicate(&fork) {
            break;
        }
        predicates.push_punct(input.parse()?);
    }
    Ok(WhereClause {
        where_token,
        predicates,
    })
}

/// Whether a where-clause predicate, not the next item of `requires(..)`, comes next.
fn starts_predicate(input: ParseStream) -> bool {
    !input.is_empty()
        && !input.peek(Token![fn])
        && !input.peek(Token![async])
        && input.fork().parse::<WherePredicate>().is_ok()
}

/// Whether `self`, `&self`, `&'a mut self` or `mut self` comes next: an optional `&`,
/// lifetime and `mut`, then `self`. Read from the cursor: a fork and three trial parses
/// cost more than the answer.
fn starts_receiver(input: ParseStream) -> bool {
    let mut cursor = input.cursor();
    if let Some((and, rest)) = cursor.punct() {
        if and.as_char() == '&' {
            cursor = rest;
        }
    }
    if let Some((_, rest)) = cursor.lifetime() {
        cursor = rest;
    }
    let Some((word, rest)) = cursor.ident() else {
        return false;
    };
    let word = word.to_string();
    if word == "self" {
        return true;
    }
    word == "mut" && rest.ident().is_some_and(|(word, _)| word == "self")
}

impl Parse for Receiver {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let reference = if input.peek(Token![&]) {
            Some((input.parse()?, input.parse()?))
        } else {
            None
        };
        let mutability = input.parse()?;
        let self_token = input.parse()?;
        let ty = if reference.is_none() && input.peek(Token![:]) {
            input.parse::<Token![:]>()?;
            Some(crate::ast::parse_type(input)?)
        } else {
            None
        };
        Ok(Receiver {
            reference,
            mutability,
            self_token,
            ty,
        })
    }
}

impl MethodSig {
    /// The named lifetime the output's elided lifetimes take, as elision gives them: the
    /// receiver's (`&'a self`, `self: &'a Self`, `self: Pin<&'a mut Self>`), or else the
    /// one lifetime the arguments use when it is named (`x: &'a u8`, `x: &'a [&'a u8]`).
    /// `None` when that lifetime is elided itself (`&self`), or elision has no single
    /// source.
    pub fn lent_lifetime(&self) -> Option<Lifetime> {
        let lifetime = |name: &str| Lifetime::new(&format!("'{name}"), Span::call_site());
        if let Some(receiver) = &self.receiver {
            let mut lifetimes = Vec::new();
            match (&receiver.reference, &receiver.ty) {
                (Some((_, written)), _) => {
                    return written.as_ref().filter(|l| l.ident != "_").cloned();
                }
                (None, Some(ty)) => input_lifetimes(ty.to_token_stream(), &mut lifetimes),
                (None, None) => {}
            }
            // A reference in the receiver's type (`Pin<&'a mut Self>`) lends its
            // lifetime; `Box<Self>` has none, and the arguments decide.
            if let Some(first) = lifetimes.first() {
                return first.as_deref().map(lifetime);
            }
        }
        let mut lifetimes = Vec::new();
        for arg in &self.args {
            input_lifetimes(arg.ty.to_token_stream(), &mut lifetimes);
        }
        // Exactly one lifetime used: each elided one counts alone, a named one once.
        let mut named: Vec<&str> = lifetimes.iter().flatten().map(String::as_str).collect();
        named.sort_unstable();
        named.dedup();
        match (named.as_slice(), lifetimes.iter().any(Option::is_none)) {
            ([only], false) => Some(lifetime(only)),
            _ => None,
        }
    }

    /// Whether the receiver lends its lifetime to the output's elided ones: a
    /// reference (`&self`) or a type with a lifetime (`self: Pin<&mut Self>`).
    pub fn receiver_lends(&self) -> bool {
        self.receiver.as_ref().is_some_and(|receiver| {
            receiver.reference.is_some()
                || receiver.ty.as_ref().is_some_and(|ty| {
                    let mut lifetimes = Vec::new();
                    input_lifetimes(ty.to_token_stream(), &mut lifetimes);
                    !lifetimes.is_empty()
                })
        })
    }

    /// How the checks name the method of `ty` (a name spanned at the call site):
    /// `<ty>::name`, or `<ty as Trait>::name` when the trait was written.
    pub fn path_from(&self, ty: &Ident) -> TokenStream {
        qualified(ty, self.trait_path.as_ref(), &self.ident)
    }
}

impl Receiver {
    /// As [`render`] writes [`to_written`](Self::to_written): `&'a mut self`,
    /// `mut self: Box<Self>`.
    fn rendered(&self) -> String {
        let mut out = String::new();
        if let Some((_, lifetime)) = &self.reference {
            out.push('&');
            if let Some(lifetime) = lifetime {
                out.push('\'');
                out.push_str(&name_of(&lifetime.ident));
                out.push(' ');
            }
        }
        if self.mutability.is_some() {
            out.push_str("mut ");
        }
        out.push_str("self");
        if let Some(ty) = &self.ty {
            out.push_str(": ");
            out.push_str(&render_type(ty));
        }
        out
    }

    /// As the user wrote it, for rendering.
    fn to_written(&self) -> TokenStream {
        let reference = self
            .reference
            .as_ref()
            .map(|(and, lifetime)| quote!(#and #lifetime));
        let mutability = &self.mutability;
        let self_token = &self.self_token;
        let ty = self.ty.as_ref().map(|ty| quote!(: #ty));
        quote!(#reference #mutability #self_token #ty)
    }

    /// The receiver's type, for a parameter of an inherent function: `&'a mut Self`,
    /// `Self`, or the type of `self: Type`.
    ///
    /// `Self` carries the `self` token's span: the type is where a mismatch of an
    /// `async fn`'s receiver is reported, which must be the signature, not the derive.
    pub fn as_type(&self) -> TokenStream {
        ReceiverType(self).into_token_stream()
    }
}

/// [`Receiver::as_type`], written into a stream as it grows.
pub struct ReceiverType<'a>(pub &'a Receiver);

impl ToTokens for ReceiverType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let receiver = self.0;
        let self_type = Token![Self](receiver.self_token.span);
        match (&receiver.reference, &receiver.ty) {
            (Some((and, lifetime)), _) => {
                and.to_tokens(tokens);
                lifetime.to_tokens(tokens);
                receiver.mutability.to_tokens(tokens);
                self_type.to_tokens(tokens);
            }
            (None, Some(ty)) => ty.to_tokens(tokens),
            (None, None) => self_type.to_tokens(tokens),
        }
    }
}

/// Words that open an elision scope of their own: `Fn(&u8) -> &u8` sugar, the `AsyncFn`
/// family and `fn(&u8)` pointers.
const CLOSURE_SUGAR: [&str; 7] = [
    "Fn",
    "FnMut",
    "FnOnce",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "fn",
];

/// Follows one level of a type's tokens and tells which stand in an elision scope of
/// their own: from an opener (see [`CLOSURE_SUGAR`]) to the end of its output, which a
/// `+`, a `,` or a closing `>` of the level it is in ends (`impl Fn(&str) -> bool + '_`).
/// Groups are levels of their own: a caller walks them with a new tracker.
pub struct OwnScopes {
    /// Whether a `for<'x>` binder opens a scope too.
    binders: bool,
    /// Nesting in `<..>` at this level (`->` is no closing `>`).
    angles: usize,
    /// The nesting at which the scope began, while in one.
    open_at: Option<usize>,
    after_dash: bool,
}

impl OwnScopes {
    /// The scopes [`CLOSURE_SUGAR`] opens, and with `binders` those of `for<'x>` too.
    pub fn new(binders: bool) -> Self {
        OwnScopes {
            binders,
            angles: 0,
            open_at: None,
            after_dash: false,
        }
    }

    /// Whether `token`, the next at this level, stands in such a scope.
    pub fn inside(&mut self, token: &proc_macro2::TokenTree) -> bool {
        use proc_macro2::TokenTree;
        if let TokenTree::Punct(p) = token {
            match p.as_char() {
                '<' => self.angles += 1,
                '>' if !self.after_dash => {
                    self.angles = self.angles.saturating_sub(1);
                    if self.open_at.is_some_and(|depth| self.angles < depth) {
                        self.open_at = None;
                    }
                }
                '+' | ',' if self.open_at == Some(self.angles) => self.open_at = None,
                _ => {}
            }
        }
        self.after_dash = matches!(token, TokenTree::Punct(p) if p.as_char() == '-');
        if self.open_at.is_none()
            && matches!(token, TokenTree::Ident(i)
                if CLOSURE_SUGAR.iter().any(|s| i == s) || (self.binders && i == "for"))
        {
            self.open_at = Some(self.angles);
        }
        self.open_at.is_some()
    }
}

/// The lifetimes a type uses as an input, in order: each `&` without a lifetime and
/// each `'_` as `None`, a named one by its name. Elision scopes of their own (closure
/// sugar, `fn(&u8)` pointers and `for<'x>` binders; see [`OwnScopes`]) and bounds
/// (`impl Trait + 'a`) are no inputs.
fn input_lifetimes(tokens: TokenStream, out: &mut Vec<Option<String>>) {
    use proc_macro2::TokenTree;
    let mut tokens = tokens.into_iter().peekable();
    let mut scopes = OwnScopes::new(true);
    let mut after_plus = false;
    while let Some(token) = tokens.next() {
        let bound = std::mem::replace(
            &mut after_plus,
            matches!(&token, TokenTree::Punct(p) if p.as_char() == '+'),
        );
        if scopes.inside(&token) {
            continue;
        }
        match token {
            TokenTree::Punct(p) if p.as_char() == '&' => {
                let named =
                    matches!(tokens.peek(), Some(TokenTree::Punct(q)) if q.as_char() == '\'');
                if !named {
                    out.push(None);
                }
            }
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                if let Some(TokenTree::Ident(name)) = tokens.next() {
                    if !bound {
                        out.push((name != "_").then(|| name.to_string()));
                    }
                }
            }
            TokenTree::Group(group) => input_lifetimes(group.stream(), out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{starts_receiver, MethodSig, SigParts};
    use crate::render::render;
    use syn::parse::{ParseStream, Parser};
    use syn::{Lifetime, Token};

    #[test]
    fn receivers_start_as_trial_parses_say() {
        fn by_parsing(input: ParseStream) -> bool {
            let fork = input.fork();
            let _ = fork.parse::<Option<Token![&]>>();
            let _ = fork.parse::<Option<Lifetime>>();
            let _ = fork.parse::<Option<Token![mut]>>();
            fork.peek(Token![self])
        }
        let both = |input: ParseStream| {
            let answers = (starts_receiver(input), by_parsing(input));
            input.parse::<proc_macro2::TokenStream>()?;
            Ok(answers)
        };
        for written in [
            "self",
            "&self",
            "&'a mut self",
            "mut self",
            "&&self",
            "'a self",
            "x: u8",
            "&mut x",
            "*self",
            "mut x",
            "self: Box<Self>",
            "",
        ] {
            let (fast, parsed) = both.parse_str(written).unwrap();
            assert_eq!(fast, parsed, "{written}");
        }
    }

    #[test]
    fn signatures_render_as_their_tokens() {
        for written in [
            "fn notify(&self, run_id: &str) -> Result<(), BridgeError>",
            "async fn flush(&self) -> usize",
            "fn get(&'a mut self, key: &'a str) -> Option<&'a [u8; 4]>",
            "fn boxed(self: Box<Self>, _: u8)",
            "fn owned(mut self, r#type: crate::Type) -> ::std::string::String",
            "fn pair(&mut self, x: (u8,)) -> (u8,)",
            "fn each(&self, f: impl Fn(u8) -> bool) -> !",
            "fn r#loop()",
            "fn get<T: Clone>(&self) -> T where T: Send",
            "fn Source::go(&self)",
        ] {
            let sig: MethodSig = syn::parse_str(written).unwrap();
            let tokens = SigParts {
                asyncness: sig.asyncness.as_ref(),
                trait_path: sig.trait_path.as_ref(),
                ident: &sig.ident,
                generics: &sig.generics,
                receiver: sig.receiver.as_ref(),
                args: &sig.args,
                output: sig.output.as_ref(),
            }
            .tokens();
            assert_eq!(sig.rendered, render(&tokens), "{written}");
        }
    }
}
