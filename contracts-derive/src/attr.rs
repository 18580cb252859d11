//! Parses `#[contract(..)]` on the type and on fields. Errors are collected in the
//! [`Ctxt`] and parsing resumes at the next key, so that several independent mistakes
//! are reported in one build.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, ExprPath, Ident, LitStr, Path, Token, TraitBound, Type};

use crate::ctxt::Ctxt;
use crate::sig::Required;

pub const CONTRACT: &str = "contract";

/// Every container key, in the order errors list them.
const KEYS: [&str; 13] = [
    "name",
    "risk",
    "business_value",
    "requires",
    "implements",
    "depends_on",
    "consumers",
    "replaces",
    "phase",
    "factory",
    "required",
    "check",
    "crate",
];

/// The error for a key that is not one of [`KEYS`], listing them.
fn unknown_key(written: impl std::fmt::Display) -> String {
    let written = written.to_string();
    // Field keys written on the type.
    match written.as_str() {
        "dependency" => {
            return "`dependency` marks a field: write `#[contract(dependency)]` on the field, or `depends_on(Type)` here".to_owned();
        }
        "skip" | "flatten" => {
            return format!(
                "`{written}` is a field key of `#[derive(ComponentSource)]`, written on a field of the state struct; it is not a contract attribute"
            );
        }
        _ => {}
    }
    let keys: Vec<String> = KEYS.iter().map(|key| format!("`{key}`")).collect();
    // A typo (`rsik`, `depend_on`) or a shortened key (`depends`) gets the key it is
    // closest to.
    let shortened: Vec<&str> = KEYS
        .iter()
        .copied()
        .filter(|key| written.len() >= 3 && key.starts_with(written.as_str()))
        .collect();
    let closest = match shortened.as_slice() {
        [key] => Some((0, *key)),
        _ => KEYS
            .iter()
            .map(|key| (edit_distance(&written, key), *key))
            .min()
            .filter(|&(distance, key)| distance > 0 && distance <= 2.max(key.len() / 4)),
    };
    match closest {
        Some((_, key)) => format!(
            "unknown contract attribute `{written}`; did you mean `{key}`? (expected one of {})",
            keys.join(", ")
        ),
        None => format!(
            "unknown contract attribute `{written}`, expected one of {}",
            keys.join(", ")
        ),
    }
}

/// Levenshtein distance, for suggestions. `contracts_core::graph::edit_distance` is
/// the runtime's; a proc-macro crate cannot depend on the crate that re-exports it.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
pub const RISKS: [&str; 4] = ["low", "medium", "high", "critical"];
pub const PHASES: [&str; 4] = ["planned", "parallel", "migrating", "complete"];

/// One key's value, with the key's span for duplicate and cross-key errors.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(Ident, T)>,
}

impl<T> Attr<T> {
    fn none(name: &'static str) -> Self {
        Attr { name, value: None }
    }

    fn set(&mut self, cx: &Ctxt, key: &Ident, value: T) {
        if self.value.is_some() {
            cx.error_spanned_by(
                key,
                format!(
                    "duplicate contract attribute `{}`: give each key once",
                    self.name
                ),
            );
        } else {
            self.value = Some((key.clone(), value));
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(_, value)| value)
    }

    /// The key as written, when it was given.
    pub fn key(&self) -> Option<&Ident> {
        self.value.as_ref().map(|(key, _)| key)
    }
}

/// A string value with its literal kept for spans.
pub struct Spanned<T> {
    pub value: T,
    pub lit: LitStr,
}

pub struct Dependency {
    pub ty: Type,
    pub optional: bool,
}

pub struct Consumer {
    pub ty: Type,
    /// `None` for a bare consumer; `Some` for `Y = [m1, m2]`.
    pub methods: Option<Vec<Ident>>,
}

pub struct ContainerAttrs {
    pub name: Attr<LitStr>,
    pub risk: Attr<Spanned<&'static str>>,
    pub business_value: Attr<LitStr>,
    pub requires: Attr<Vec<Required>>,
    pub implements: Attr<Vec<TraitBound>>,
    pub depends_on: Attr<Vec<Dependency>>,
    pub consumers: Attr<Vec<Consumer>>,
    pub replaces: Attr<Type>,
    pub phase: Attr<Spanned<&'static str>>,
    pub factory: Attr<Type>,
    pub required: Attr<()>,
    /// An expression path: `Self::check`, `check_fn`, `<Self as Trait>::check`.
    pub check: Attr<ExprPath>,
    /// `crate = "path"`: where the generated code finds `contracts_core`, for a crate
    /// that depends on it under another name or through a re-export.
    pub krate: Attr<Path>,
    /// Keys given with a value that did not parse (already reported): rules about
    /// their absence or content must not add follow-on errors.
    failed: Vec<String>,
}

/// Characters that show as nothing, break the line, or reorder the text around them:
/// zero-width spaces and joiners, the soft hyphen, the combining grapheme joiner,
/// fillers, variation selectors, tags, the line and paragraph separators, the
/// bidirectional embeddings, overrides, isolates and marks, the BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Characters that reorder the text around them or break its line (bidirectional
/// embeddings, overrides, isolates and marks; the line and paragraph separators): what
/// free text such as a business value must not hold. Emoji, joiners and variation
/// selectors are text there.
pub(crate) fn reorders_or_breaks(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

impl ContainerAttrs {
    /// A key given that declares a contract (any but `crate`), which only
    /// `#[derive(MigrationContract)]` reads; the first in the order of the fields.
    pub fn contract_key(&self) -> Option<&Ident> {
        self.name
            .key()
            .or(self.risk.key())
            .or(self.business_value.key())
            .or(self.requires.key())
            .or(self.implements.key())
            .or(self.depends_on.key())
            .or(self.consumers.key())
            .or(self.replaces.key())
            .or(self.phase.key())
            .or(self.factory.key())
            .or(self.required.key())
            .or(self.check.key())
    }

    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = ContainerAttrs {
            name: Attr::none("name"),
            risk: Attr::none("risk"),
            business_value: Attr::none("business_value"),
            requires: Attr::none("requires"),
            implements: Attr::none("implements"),
            depends_on: Attr::none("depends_on"),
            consumers: Attr::none("consumers"),
            replaces: Attr::none("replaces"),
            phase: Attr::none("phase"),
            factory: Attr::none("factory"),
            required: Attr::none("required"),
            check: Attr::none("check"),
            krate: Attr::none("crate"),
            failed: Vec::new(),
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident(CONTRACT)) {
            let list = match list_form(attr) {
                Ok(list) => list,
                Err(error) => {
                    cx.syn_error(error);
                    continue;
                }
            };
            let tokens = without_stray_commas(cx, list.tokens.clone());
            let parser = syn::meta::parser(|meta| {
                // Where the value starts: a value that fails is skipped from here, so
                // that the skip sees every `<` and `|` of it.
                let start = meta.input.fork();
                let Some(key) = meta.path.get_ident().cloned() else {
                    cx.error_spanned_by(&meta.path, unknown_key(meta.path.to_token_stream()));
                    return recover(&start, meta.input);
                };
                let errors_before = cx.error_count();
                let parsed = out
                    .parse_key(cx, &key, &meta)
                    .and_then(|()| nothing_after_value(meta.input, &key));
                if parsed.is_err() || cx.error_count() > errors_before {
                    out.failed.push(key.to_string());
                }
                if let Err(error) = parsed {
                    cx.syn_error(error);
                    return recover(&start, meta.input);
                }
                Ok(())
            });
            if let Err(error) = parser.parse2(tokens) {
                cx.syn_error(error);
            }
        }
        out
    }

    /// The path of `contracts_core` in generated code: the `crate` key's, or
    /// `::contracts_core`.
    pub fn crate_path(&self) -> TokenStream {
        match self.krate.get() {
            Some(path) => path.to_token_stream(),
            None => quote::quote!(::contracts_core),
        }
    }

    /// Whether `key` was given but its value (or one of its items) did not parse.
    pub fn failed(&self, key: &str) -> bool {
        self.failed.iter().any(|failed| failed == key)
    }

    fn parse_key(&mut self, cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<()> {
        match key.to_string().as_str() {
            "name" => {
                let lit = string_value(meta, "name")?;
                let value = lit.value();
                if value.trim().is_empty() {
                    cx.error_spanned_by(&lit, "contract `name` must not be empty");
                } else if value.chars().any(|c| c.is_control() || c == '`') {
                    // Reports put a name on one line, in backticks (and in Markdown).
                    cx.error_spanned_by(
                        &lit,
                        "contract `name` must be one line without backticks or control characters: reports show it in `..`",
                    );
                } else if let Some(c) = value.chars().find(|&c| is_invisible(c)) {
                    // `pool` and `pool\u{200b}` would be two names that read as one.
                    cx.error_spanned_by(
                        &lit,
                        format!("contract `name` must not contain invisible or text-direction characters (found U+{:04X}): two names would read alike, or a report would read reordered", u32::from(c)),
                    );
                } else if value.trim() != value {
                    // `"pool"` and `" pool"` would be two names that read as one.
                    cx.error_spanned_by(
                        &lit,
                        format!(
                            "contract `name` must not start or end with whitespace: write `\"{}\"`",
                            value.trim()
                        ),
                    );
                }
                self.name.set(cx, key, lit);
            }
            "risk" => {
                let value = choice(meta, "risk", &RISKS)?;
                self.risk.set(cx, key, value);
            }
            "business_value" => {
                let lit = string_value(meta, "business_value")?;
                if lit.value().trim().is_empty() {
                    cx.error_spanned_by(
                        &lit,
                        "`business_value` is empty: say what breaks when this component does (`\"takes the orders\"`), or leave the key out",
                    );
                } else if lit.value().chars().any(char::is_control) {
                    // Reports, plans and compliance reports show it on one line
                    // (a Markdown list item in plans, where a newline would end it).
                    cx.error_spanned_by(
                        &lit,
                        "`business_value` must be one line without control characters: reports show it after `= business value of ..:`",
                    );
                } else if let Some(c) = lit.value().chars().find(|&c| reorders_or_breaks(c)) {
                    cx.error_spanned_by(
                        &lit,
                        format!("`business_value` must not contain text-direction characters or line separators (found U+{:04X}): a report would not read as it is written", u32::from(c)),
                    );
                }
                self.business_value.set(cx, key, lit);
            }
            "requires" => {
                let items = list(cx, meta, "requires", |input| input.parse::<Required>())?;
                self.requires.set(cx, key, items);
            }
            "implements" => {
                let items = list(cx, meta, "implements", parse_trait)?;
                self.implements.set(cx, key, items);
            }
            "depends_on" => {
                let items = list(cx, meta, "depends_on", parse_dependency)?;
                self.depends_on.set(cx, key, items);
            }
            "consumers" => {
                let items = list(cx, meta, "consumers", parse_consumer)?;
                self.consumers.set(cx, key, items);
            }
            "replaces" => {
                let ty = type_value(meta, "replaces")?;
                self.replaces.set(cx, key, ty);
            }
            "phase" => {
                let value = choice(meta, "phase", &PHASES)?;
                self.phase.set(cx, key, value);
            }
            "factory" => {
                let ty = type_value(meta, "factory")?;
                self.factory.set(cx, key, ty);
            }
            "required" => {
                if !(meta.input.is_empty() || meta.input.peek(Token![,])) {
                    return Err(
                        meta.error("`required` is a flag and takes no value: write `required`")
                    );
                }
                self.required.set(cx, key, ());
            }
            "check" => {
                let value = meta.value().map_err(|_| {
                    meta.error(
                        "expected `check = path::to::function`, a `fn(&Self) -> Result<(), E>`",
                    )
                })?;
                if value.peek(LitStr) {
                    let lit: LitStr = value.parse()?;
                    let written = lit.value();
                    // A lone name is most often a method, which needs `Self::`.
                    let suggestion = if written.contains("::") {
                        format!("`check = {written}`")
                    } else {
                        format!(
                            "`check = Self::{written}` for a method, `check = {written}` for a function in scope"
                        )
                    };
                    return Err(syn::Error::new_spanned(
                        &lit,
                        format!("expected a path to a function, not a string: write {suggestion}"),
                    ));
                }
                let path: ExprPath = value.parse().map_err(|error| {
                    let what = if value.peek(Token![|]) || value.peek(Token![||]) || value.peek(Token![move]) {
                        "a closure is not accepted: "
                    } else {
                        ""
                    };
                    syn::Error::new(
                        error.span(),
                        format!("{what}expected a path to a `fn(&Self) -> Result<(), E>`: `Self::check`, `check_fn` or `<Self as Trait>::check`"),
                    )
                })?;
                if value.peek(Token![<]) {
                    return Err(value.error(
                        "generic arguments in an expression path take a turbofish: write `::<` here instead of `<` (as in `check = checks::pool::<Pool>`)",
                    ));
                }
                self.check.set(cx, key, path);
            }
            "crate" => {
                let path = crate_path(meta)?;
                self.krate.set(cx, key, path);
            }
            _ => {
                return Err(syn::Error::new_spanned(key, unknown_key(key)));
            }
        }
        Ok(())
    }
}

/// `crate = "path"` (as serde writes it), or the path itself: a path from the crate root
/// (`::contracts`, `crate::reexports::contracts`) or a name in scope.
fn crate_path(meta: &ParseNestedMeta) -> syn::Result<Path> {
    const EXPECTED: &str = "expected the path of `contracts_core` as this crate sees it: `crate = \"migration\"` for a dependency renamed in Cargo.toml, `crate = \"crate::reexports::contracts\"` for a re-export";
    let value = meta.value().map_err(|_| meta.error(EXPECTED))?;
    if value.peek(LitStr) {
        let lit: LitStr = value.parse()?;
        return lit.parse_with(Path::parse_mod_style).map_err(|_| {
            let written = lit.value();
            // The package name where Rust code needs the crate's name.
            let message = if written.contains('-') && !written.contains(' ') {
                format!(
                    "a crate's name in Rust code has `_` where its package name has `-`: write `crate = \"{}\"`",
                    written.replace('-', "_")
                )
            } else {
                EXPECTED.to_owned()
            };
            syn::Error::new_spanned(&lit, message)
        });
    }
    value
        .call(Path::parse_mod_style)
        .map_err(|error| syn::Error::new(error.span(), EXPECTED))
}

/// Takes the type's `#[contract(..)]` attributes out of a derive's input, made into
/// the `Attribute`s syn would make, and returns the rest of the input for syn.
///
/// Why: syn reads an input by walking every group in it (a round trip to the compiler
/// per group), and [`ContainerAttrs::parse`] walks the attribute's groups again to parse
/// the list. The contract attribute holds most of an input's groups (a list per key,
/// parentheses per signature), and here only its two outer levels are looked at. Only
/// when every `#[contract..]` on the type is written as a list: any other form, which
/// [`list_form`] reports, leaves them all to syn, so that their order (and their errors'
/// order) stays, and so does an attribute a macro's `$m:meta` wrote, which may be one.
/// Only the type's own attributes, which come first, are looked at (not those of its
/// generics or fields). Among them only the contract ones are read, in their order, so
/// they may go back after the others.
pub fn take_contract_attributes(input: TokenStream) -> (TokenStream, Vec<Attribute>) {
    use proc_macro2::{Delimiter, TokenTree};
    let trees: Vec<TokenTree> = input.into_iter().collect();
    let mut rest = Vec::with_capacity(trees.len());
    let mut taken = Vec::new();
    let mut i = 0;
    while i < trees.len() {
        let attribute = match (&trees[i], trees.get(i + 1)) {
            (TokenTree::Punct(pound), Some(TokenTree::Group(brackets)))
                if pound.as_char() == '#' && brackets.delimiter() == Delimiter::Bracket =>
            {
                Some((pound, brackets))
            }
            _ => None,
        };
        // The type's own attributes come first: the rest (its generics, fields and
        // their attributes) is syn's.
        let Some((pound, brackets)) = attribute else {
            rest.extend(trees[i..].iter().cloned());
            break;
        };
        let inner: Vec<TokenTree> = brackets.stream().into_iter().collect();
        match inner.as_slice() {
            [TokenTree::Ident(name), TokenTree::Group(list)]
                if list.delimiter() == Delimiter::Parenthesis && name == CONTRACT =>
            {
                taken.push(Attribute {
                    pound_token: Token![#](pound.span()),
                    style: syn::AttrStyle::Outer,
                    bracket_token: syn::token::Bracket(brackets.delim_span()),
                    meta: syn::Meta::List(syn::MetaList {
                        path: Path::from(name.clone()),
                        delimiter: syn::MacroDelimiter::Paren(syn::token::Paren(list.delim_span())),
                        tokens: list.stream(),
                    }),
                });
            }
            // Another form of `#[contract..]`, or an attribute from a macro's `$m:meta`
            // (an invisible group) that may be one: all of them are left to syn.
            [TokenTree::Ident(name), ..] if name == CONTRACT => {
                return (trees.into_iter().collect(), Vec::new());
            }
            [TokenTree::Group(fragment), ..] if fragment.delimiter() == Delimiter::None => {
                return (trees.into_iter().collect(), Vec::new());
            }
            _ => rest.extend([trees[i].clone(), trees[i + 1].clone()]),
        }
        i += 2;
    }
    (rest.into_iter().collect(), taken)
}

/// `#[contract]` and `#[contract = ..]` are not the list form every key needs.
fn list_form(attr: &Attribute) -> syn::Result<&syn::MetaList> {
    match &attr.meta {
        syn::Meta::List(list) => Ok(list),
        other => Err(syn::Error::new_spanned(
            other,
            "expected `#[contract(key = value, ..)]`",
        )),
    }
}

/// The attribute's tokens without stray commas (`risk = "high",, name = ".."`, or one
/// before the first key), each reported: syn would stop at the first with a vague error
/// and hide every key after it.
fn without_stray_commas(cx: &Ctxt, tokens: TokenStream) -> TokenStream {
    // The tokens as they are when nothing is dropped (the common case): a stream made
    // anew would be handed to the compiler once more.
    let original = tokens.clone();
    let mut dropped = false;
    let mut kept = TokenStream::new();
    // The start counts as after a separator.
    let mut after_comma = true;
    // A literal where a key belongs was dropped: its comma goes with it.
    let mut after_literal = false;
    for token in tokens {
        let is_comma = matches!(&token, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',');
        if is_comma && after_literal {
            after_literal = false;
            dropped = true;
            continue;
        }
        if is_comma && after_comma {
            cx.error_spanned_by(&token, "stray `,`: remove it");
            dropped = true;
            continue;
        }
        // `name = "x", "stray"`: syn would stop at "expected ident" and hide every key
        // after it.
        if after_comma && matches!(token, proc_macro2::TokenTree::Literal(_)) {
            cx.error_spanned_by(
                &token,
                "expected a key (`name = \"..\"`, `requires(..)`, ..), found a literal: a value goes after its key's `=`",
            );
            after_literal = true;
            dropped = true;
            continue;
        }
        after_literal = false;
        after_comma = is_comma;
        kept.extend([token]);
    }
    if dropped {
        kept
    } else {
        original
    }
}

/// A value must end at the next `,`: `check = Self::check()` or `replaces = A B` has
/// something after the value, which syn would report as a bare "expected `,`" and stop.
fn nothing_after_value(input: ParseStream, key: &Ident) -> syn::Result<()> {
    if input.is_empty() || input.peek(Token![,]) {
        return Ok(());
    }
    let hint = if key == "check" && input.peek(syn::token::Paren) {
        ": `check` names the function, it does not call it; remove the `(..)`"
    } else {
        ""
    };
    Err(input.error(format!(
        "unexpected tokens after the value of `{key}`; expected `,` or the end of the attribute{hint}"
    )))
}

/// After a value that failed to parse, moves `input` to the end of that value, found by
/// skipping from its `start` (a fork taken before parsing it).
fn recover(start: &syn::parse::ParseBuffer, input: ParseStream) -> syn::Result<()> {
    use syn::parse::discouraged::Speculative;
    let scan = start.fork();
    skip_value(&scan)?;
    input.advance_to(&scan);
    Ok(())
}

/// Whether the input is `, key ..`: a comma, then a name with `=` or `(` after it (a
/// misspelled key included), or a known flag key (`required`) with `,` or the end.
fn key_follows_comma(input: ParseStream) -> bool {
    let ahead = input.fork();
    if ahead.parse::<Token![,]>().is_err() {
        return false;
    }
    // `Ident::parse_any`: the `crate` key is a keyword.
    let Ok(key) = ahead.call(<Ident as syn::ext::IdentExt>::parse_any) else {
        return false;
    };
    let starts_value =
        (ahead.peek(Token![=]) && !ahead.peek(Token![==])) || ahead.peek(syn::token::Paren);
    let lone_flag =
        KEYS.iter().any(|known| key == known) && (ahead.is_empty() || ahead.peek(Token![,]));
    starts_value || lone_flag
}

/// Skips the rest of a key whose value could not be parsed, up to the next `,` that is
/// not inside `<..>` (`Ok::<(), String>` is one value), so that the rest of the value
/// is not read as more keys. A `<` may also be a comparison (`|p| p.len() < 3`): a `,`
/// followed by a key and its `=`, `(` or end ends the value whatever the count says.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    // A closure's `|a, b|` is one unit: its commas separate parameters, not keys.
    if input.peek(Token![=]) && !input.peek(Token![==]) {
        input.parse::<Token![=]>()?;
    }
    if input.peek(Token![|]) && !input.peek(Token![||]) {
        input.parse::<Token![|]>()?;
        while !input.is_empty() && !input.peek(Token![|]) {
            input.parse::<proc_macro2::TokenTree>()?;
        }
        if !input.is_empty() {
            input.parse::<Token![|]>()?;
        }
    }
    let mut angles = 0usize;
    let mut previous: Option<char> = None;
    loop {
        let at_end = input.is_empty()
            || (input.peek(Token![,]) && (angles == 0 || key_follows_comma(input)));
        if at_end {
            break;
        }
        let token = input.parse::<proc_macro2::TokenTree>()?;
        let punct = match &token {
            proc_macro2::TokenTree::Punct(punct) => Some(punct.as_char()),
            _ => None,
        };
        match punct {
            Some('<') => angles += 1,
            // `->` and `=>` are arrows, not closing angles.
            Some('>') if !matches!(previous, Some('-' | '=')) => angles = angles.saturating_sub(1),
            _ => {}
        }
        previous = punct;
    }
    Ok(())
}

fn choice(
    meta: &ParseNestedMeta,
    key: &str,
    accepted: &[&'static str],
) -> syn::Result<Spanned<&'static str>> {
    let expected = accepted
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let value = meta
        .value()
        .map_err(|_| meta.error(format!("expected `{key} = ..` with one of {expected}")))?;
    let lit: LitStr = value.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            format!("expected a string: one of {expected}"),
        )
    })?;
    let text = lit.value();
    match accepted.iter().find(|v| **v == text) {
        Some(value) => Ok(Spanned { value, lit }),
        None => Err(syn::Error::new_spanned(
            &lit,
            format!("unknown {key} \"{text}\", expected one of {expected}"),
        )),
    }
}

/// `key = "text"`.
fn string_value(meta: &ParseNestedMeta, key: &str) -> syn::Result<LitStr> {
    let value = meta
        .value()
        .map_err(|_| meta.error(format!("expected `{key} = \"..\"`")))?;
    value.parse().map_err(|error: syn::Error| {
        syn::Error::new(error.span(), format!("expected a string: `{key} = \"..\"`"))
    })
}

/// `key = Type`; a string where a type belongs gets its own hint.
fn type_value(meta: &ParseNestedMeta, key: &str) -> syn::Result<Type> {
    let value = meta
        .value()
        .map_err(|_| meta.error(format!("expected `{key} = Type`")))?;
    if value.peek(LitStr) {
        let lit: LitStr = value.parse()?;
        return Err(syn::Error::new_spanned(
            &lit,
            format!(
                "expected a type, not a string: write `{key} = {}`",
                lit.value()
            ),
        ));
    }
    let ty = crate::ast::parse_type(value).map_err(|error: syn::Error| {
        syn::Error::new(error.span(), format!("expected a type: `{key} = TypeName`"))
    })?;
    no_inferred(ty, &format!("{key} = .."))
}

/// `key(item, item, ..)`: each item that fails to parse is reported and skipped, so one
/// bad item does not hide the next.
fn list<T>(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    key: &str,
    parse_item: fn(ParseStream) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!("expected a list: `{key}(..)`")));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let mut items = Vec::new();
    while !content.is_empty() {
        if content.peek(Token![,]) {
            let comma: Token![,] = content.parse()?;
            cx.error_spanned_by(comma, format!("stray `,` in `{key}(..)`: remove it"));
            continue;
        }
        let start = content.fork();
        match parse_item(&content) {
            Ok(item) if content.is_empty() || content.peek(Token![,]) => items.push(item),
            Ok(_) if key == "depends_on" && content.peek(syn::token::Paren) => {
                // `maybe(Pool)`: a wrapper that is not `optional(..)`.
                cx.syn_error(syn::Error::new(
                    start.span(),
                    "only `optional(..)` wraps a dependency: write `Pool` for a required one, `optional(Pool)` for an optional one",
                ));
                skip_value(&content)?;
            }
            // `consumers(Engine: [run])`: the methods follow `=`, as in the grammar.
            Ok(_) if key == "consumers" && content.peek(Token![:]) && !content.peek(Token![::]) => {
                cx.syn_error(
                    content.error(
                        "a consumer's methods follow `=`: `consumers(Engine = [run, stop])`",
                    ),
                );
                skip_value(&content)?;
            }
            Ok(_) => {
                cx.syn_error(
                    content.error(format!("expected `,` between the items of `{key}(..)`")),
                );
                skip_value(&content)?;
            }
            Err(error) => {
                cx.syn_error(error);
                recover(&start, &content)?;
            }
        }
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(items)
}

/// Whether `optional(` comes next.
fn starts_optional(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<Ident>().is_ok_and(|ident| ident == "optional") && fork.peek(syn::token::Paren)
}

/// A trait of `implements(..)`: a path.
fn parse_trait(input: ParseStream) -> syn::Result<TraitBound> {
    if starts_optional(input) {
        return Err(input.error(
            "`optional(..)` marks a dependency; `implements(..)` lists traits the type always implements",
        ));
    }
    if input.peek(syn::Lifetime) {
        return Err(input.error(
            "`implements(..)` lists traits; a lifetime is not one (a component is `'static` already: validation finds it by `TypeId`)",
        ));
    }
    if let Some(error) = literal_item(input, "implements", "a trait") {
        return Err(error);
    }
    if input.peek(Token![?]) {
        return Err(input
            .error("`?Trait` relaxes a bound; `implements(..)` lists traits the type implements"));
    }
    // `crate::`, `super::` and `self::` paths start with keywords, which `Ident`
    // does not peek; other keywords (`dyn Sink`) are not a trait path. `for<'a> Trait`
    // is a bound too.
    if !(input.peek(Ident)
        || input.peek(Token![crate])
        || input.peek(Token![super])
        || input.peek(Token![self])
        || input.peek(Token![Self])
        || input.peek(Token![::])
        || input.peek(Token![for]))
    {
        // syn would say "expected identifier".
        return Err(input.error("expected a trait: `implements(Send, Sync, EventSink)`"));
    }
    // A trait bound, so that `Fn(u8) -> u8` and `for<'a> PartialEq<&'a str>` read as
    // they would after `T:`.
    let bound: TraitBound = input.parse()?;
    if let Some(maybe) = bound.maybe {
        return Err(syn::Error::new(
            maybe.span,
            "`?Trait` relaxes a bound; `implements(..)` lists traits the type implements",
        ));
    }
    Ok(bound)
}

/// A literal where a list wants a type or trait: `depends_on("Pool")`, `implements(5)`.
fn literal_item(input: ParseStream, key: &str, what: &str) -> Option<syn::Error> {
    // A name, the common case, is no literal unless it is `true` or `false`. Asked
    // first: syn peeks for a literal by trying to parse one, which makes an error
    // (message and all) each time it fails.
    if let Some((ident, _)) = input.cursor().ident() {
        let name = ident.to_string();
        if name != "true" && name != "false" {
            return None;
        }
    }
    if input.peek(LitStr) {
        let lit: LitStr = input.fork().parse().ok()?;
        return Some(syn::Error::new_spanned(
            &lit,
            format!(
                "expected {what}, not a string: write `{key}({})`",
                lit.value()
            ),
        ));
    }
    if input.peek(syn::Lit) {
        return Some(input.error(format!("expected {what} in `{key}(..)`, found a literal")));
    }
    None
}

/// `Type`, `dyn Trait` or `optional(Type)`.
fn parse_dependency(input: ParseStream) -> syn::Result<Dependency> {
    if starts_optional(input) {
        input.parse::<Ident>()?;
        let content;
        let parens = syn::parenthesized!(content in input);
        let parsed = (|| {
            if content.is_empty() {
                return Err(syn::Error::new(
                    parens.span.join(),
                    "`optional(..)` needs a type: `optional(Pool)`",
                ));
            }
            if content.peek(Ident)
                && content
                    .fork()
                    .parse::<Ident>()
                    .is_ok_and(|i| i == "optional")
            {
                return Err(
                    content.error("`optional(..)` cannot be nested: write `optional(Type)`")
                );
            }
            if let Some(error) = literal_item(&content, "optional", "a type") {
                return Err(error);
            }
            let ty = named_type(&content, "optional(..)")?;
            if !content.is_empty() {
                return Err(content.error(
                    "`optional(..)` takes one type: write `optional(A), optional(B)` for several",
                ));
            }
            Ok(ty)
        })();
        // On an error the rest is skipped, so that syn adds no "unexpected token".
        let ty = parsed.inspect_err(|_| {
            let _ = content.parse::<proc_macro2::TokenStream>();
        })?;
        Ok(Dependency { ty, optional: true })
    } else {
        if let Some(error) = literal_item(input, "depends_on", "a type") {
            return Err(error);
        }
        Ok(Dependency {
            ty: named_type(input, "depends_on(..)")?,
            optional: false,
        })
    }
}

/// A type in `written` (`depends_on(..)`): a component's own, so `_` (which would leave
/// the compiler to guess) is refused.
fn named_type(input: ParseStream, written: &str) -> syn::Result<Type> {
    let ty = crate::ast::parse_type(input)?;
    no_inferred(ty, written)
}

fn no_inferred(ty: Type, written: &str) -> syn::Result<Type> {
    match crate::sig::inferred_in(&ty) {
        Some(underscore) => Err(syn::Error::new(
            underscore.span(),
            format!("`_` is not a type `{written}` can name: write the component's type"),
        )),
        None => Ok(ty),
    }
}

/// `Consumer` or `Consumer = [method, method]`.
fn parse_consumer(input: ParseStream) -> syn::Result<Consumer> {
    if let Some(error) = literal_item(input, "consumers", "a type") {
        return Err(error);
    }
    let ty = named_type(input, "consumers(..)")?;
    if !input.peek(Token![=]) {
        return Ok(Consumer { ty, methods: None });
    }
    input.parse::<Token![=]>()?;
    if !input.peek(syn::token::Bracket) {
        return Err(
            input.error("expected the methods this consumer calls: `Consumer = [method, ..]`")
        );
    }
    let content;
    let brackets = syn::bracketed!(content in input);
    if content.is_empty() {
        return Err(syn::Error::new(
            brackets.span.join(),
            "an empty method list: write the consumer alone (`Consumer`) when its methods are unspecified, or list the methods it calls",
        ));
    }
    let methods = Punctuated::<Ident, Token![,]>::parse_terminated(&content).map_err(|error| {
        // The rest is skipped, so that syn adds no "unexpected token".
        let _ = content.parse::<proc_macro2::TokenStream>();
        syn::Error::new(
            error.span(),
            "expected method names: `Consumer = [method, ..]`, each a name from `requires(..)`",
        )
    })?;
    Ok(Consumer {
        ty,
        methods: Some(methods.into_iter().collect()),
    })
}

/// `#[contract(..)]` on a field. `dependency` belongs to `MigrationContract`, `skip` and
/// `flatten` to `ComponentSource`; both derives accept all three so that one struct can
/// derive both, and each ignores the keys of the other.
pub struct FieldAttrs {
    pub dependency: Option<Span>,
    pub skip: Option<Span>,
    pub flatten: Option<Span>,
}

const FIELD_KEYS: &str = "`dependency` (MigrationContract), `skip` or `flatten` (ComponentSource)";

impl FieldAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = FieldAttrs {
            dependency: None,
            skip: None,
            flatten: None,
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident(CONTRACT)) {
            if let Err(error) = list_form(attr) {
                cx.syn_error(error);
                continue;
            }
            let result = attr.parse_nested_meta(|meta| {
                let slot = match meta.path.get_ident().map(ToString::to_string).as_deref() {
                    Some("dependency") => &mut out.dependency,
                    Some("skip") => &mut out.skip,
                    Some("flatten") => &mut out.flatten,
                    _ => {
                        cx.error_spanned_by(
                            &meta.path,
                            format!(
                                "unknown contract field attribute `{}`, expected {FIELD_KEYS}",
                                meta.path.to_token_stream()
                            ),
                        );
                        return skip_value(meta.input);
                    }
                };
                if slot.is_some() {
                    cx.error_spanned_by(
                        &meta.path,
                        format!(
                            "duplicate contract attribute `{}`: give each key once",
                            meta.path.to_token_stream()
                        ),
                    );
                }
                *slot = Some(meta.path.segments[0].ident.span());
                if !(meta.input.is_empty() || meta.input.peek(Token![,])) {
                    cx.error_spanned_by(
                        &meta.path,
                        format!(
                            "`{}` is a flag and takes no value",
                            meta.path.to_token_stream()
                        ),
                    );
                    skip_value(meta.input)?;
                }
                Ok(())
            });
            if let Err(error) = result {
                cx.syn_error(error);
            }
        }
        out
    }
}

/// `#[contract(..)]` where none is accepted (enum variants).
pub fn reject(cx: &Ctxt, attrs: &[Attribute], place: &str) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(CONTRACT)) {
        cx.error_spanned_by(
            attr,
            format!("`#[contract(..)]` is not accepted on {place}: put it on the type, or `#[contract(dependency)]` on a field"),
        );
    }
}

impl ToTokens for Dependency {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.ty.to_tokens(tokens);
    }
}
