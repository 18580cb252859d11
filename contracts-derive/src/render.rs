//! Renders tokens the way a person writes them (`Result<(), BridgeError>`, not
//! `Result < () , BridgeError >`), for the signatures and type names stored in the
//! descriptor and shown in reports.

use proc_macro2::{Delimiter, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;

/// An identifier as a name: without `r#`, as `std::any::type_name` and people write
/// it, so that `r#type` and `type` are one method everywhere.
pub fn name_of(ident: &Ident) -> String {
    // `ident.unraw().to_string()`, with one rendering of the identifier instead of
    // three: each asks the compiler for its text.
    let name = ident.to_string();
    match name.strip_prefix("r#") {
        Some(unraw) => unraw.to_owned(),
        None => name,
    }
}

/// The tokens with each `Self` replaced by the type's name (spanned where `Self` was):
/// the descriptor is a `static` and the check adapter a free function, where `Self` is
/// not in scope.
pub fn spell_out_self(tokens: TokenStream, ident: &Ident) -> TokenStream {
    spell_out_self_trees(tokens, ident).collect()
}

/// [`spell_out_self`], as the top level's token trees.
fn spell_out_self_trees(
    tokens: TokenStream,
    ident: &Ident,
) -> impl Iterator<Item = TokenTree> + '_ {
    tokens.into_iter().map(move |token| match token {
        TokenTree::Ident(word) if word == "Self" => {
            let mut named = ident.clone();
            named.set_span(word.span());
            TokenTree::Ident(named)
        }
        TokenTree::Group(group) => {
            let mut spelled =
                proc_macro2::Group::new(group.delimiter(), spell_out_self(group.stream(), ident));
            spelled.set_span(group.span());
            TokenTree::Group(spelled)
        }
        other => other,
    })
}

/// A type's tokens with `Self` spelled out (see [`spell_out_self`]), and its span as
/// `syn::spanned::Spanned` gives it (the first token's, joined with the last's where
/// the compiler can join spans). A [`plain_path`] is written from the syntax tree,
/// as `Path::to_tokens` would write it.
pub fn type_tokens(ty: &syn::Type, ident: &Ident) -> (Vec<TokenTree>, Span) {
    let trees: Vec<TokenTree> = match plain_path(ty) {
        Some(path) => {
            let mut trees = Vec::new();
            let separator = |spans: &[Span; 2], trees: &mut Vec<TokenTree>| {
                for (c, spacing, span) in [
                    (':', Spacing::Joint, spans[0]),
                    (':', Spacing::Alone, spans[1]),
                ] {
                    let mut punct = Punct::new(c, spacing);
                    punct.set_span(span);
                    trees.push(TokenTree::Punct(punct));
                }
            };
            if let Some(colon) = &path.leading_colon {
                separator(&colon.spans, &mut trees);
            }
            for pair in path.segments.pairs() {
                let word = &pair.value().ident;
                let word = if word == "Self" {
                    let mut named = ident.clone();
                    named.set_span(word.span());
                    named
                } else {
                    word.clone()
                };
                trees.push(TokenTree::Ident(word));
                if let Some(colon) = pair.punct() {
                    separator(&colon.spans, &mut trees);
                }
            }
            trees
        }
        None => spell_out_self_trees(ty.to_token_stream(), ident).collect(),
    };
    let span = match (trees.first(), trees.last()) {
        (Some(first), Some(last)) => first.span().join(last.span()).unwrap_or(first.span()),
        _ => Span::call_site(),
    };
    (trees, span)
}

/// A type's span as `syn::spanned::Spanned` gives it (see [`type_tokens`]), read
/// from the syntax tree for a [`plain_path`].
pub fn type_span(ty: &syn::Type) -> Span {
    let Some(path) = plain_path(ty) else {
        return syn::spanned::Spanned::span(ty);
    };
    let (Some(first), Some(last)) = (path.segments.first(), path.segments.last()) else {
        return syn::spanned::Spanned::span(ty);
    };
    let first = match &path.leading_colon {
        Some(colon) => colon.spans[0],
        None => first.ident.span(),
    };
    first.join(last.ident.span()).unwrap_or(first)
}

/// A type as the descriptor names it: `Self` spelled out, rendered. Two types written
/// alike by this measure are one type (a path alias such as `crate::Pool` for `Pool`
/// cannot be resolved here; the runtime sees both as one `TypeId`).
pub fn type_name_of(ty: &syn::Type, ident: &Ident) -> String {
    match plain_path(ty) {
        Some(path) => render_path(path, Some(ident)),
        None => render(&spell_out_self(ty.to_token_stream(), ident)),
    }
}

/// A type as [`render`] writes it, read from the syntax tree when it is a
/// [`plain_path`].
pub fn render_type(ty: &syn::Type) -> String {
    match plain_path(ty) {
        Some(path) => render_path(path, None),
        None => render(ty),
    }
}

/// The path of a type that is a plain path, `Pool` or `crate::db::Pool`: no generic
/// arguments and no `<T as Trait>::` qualifier. Most types in an attribute are one,
/// and their names and tokens are then read from the syntax tree: going through a token
/// stream, as [`render`] and [`spell_out_self`] do, hands every token to the compiler
/// and back (see `writer.rs`).
pub fn plain_path(ty: &syn::Type) -> Option<&syn::Path> {
    match ty {
        syn::Type::Path(syn::TypePath {
            attrs,
            qself: None,
            path,
            // `pairs`, not `iter`: syn's `Punctuated::iter` boxes its iterator.
        }) if attrs.is_empty()
            && path
                .segments
                .pairs()
                .all(|pair| pair.value().arguments.is_none()) =>
        {
            Some(path)
        }
        _ => None,
    }
}

/// A [`plain_path`] as [`render`] writes its tokens (`::a::b`), with `Self` written as
/// `self_type`'s name when one is given, as [`spell_out_self`] would.
fn render_path(path: &syn::Path, self_type: Option<&Ident>) -> String {
    let mut out = String::new();
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for pair in path.segments.pairs() {
        let name = name_of(&pair.value().ident);
        match self_type {
            Some(ident) if name == "Self" => out.push_str(&name_of(ident)),
            _ => out.push_str(&name),
        }
        if pair.punct().is_some() {
            out.push_str("::");
        }
    }
    out
}

/// Tokens as text, each identifier as its [`name_of`].
pub fn render<T: ToTokens>(tokens: &T) -> String {
    let mut out = String::new();
    write_stream(&mut out, tokens.to_token_stream());
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    Word,
    /// A lifetime such as `'a`: `&'a [u8]` needs the space a word would not.
    Lifetime,
    /// A punctuation that glues to what follows: `&`, `::`, `'`, `<`, `#`, `!`.
    Glue,
    /// A punctuation followed by a space: `,`, `:`, `->`, `=`, `+`.
    Spaced,
    Close,
}

fn write_stream(out: &mut String, stream: TokenStream) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut last = Last::Start;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(ident) => {
                let after_quote = out.ends_with('\'');
                if matches!(
                    last,
                    Last::Word | Last::Lifetime | Last::Spaced | Last::Close
                ) {
                    out.push(' ');
                }
                out.push_str(&name_of(ident));
                last = if after_quote {
                    Last::Lifetime
                } else {
                    Last::Word
                };
            }
            TokenTree::Literal(literal) => {
                if matches!(last, Last::Word | Last::Spaced) {
                    out.push(' ');
                }
                // A literal as written, but a control, text-direction or line-separator
                // character typed into it (a tab in a string) escaped: the text goes into
                // reports and baselines, which refuse those.
                for c in literal.to_string().chars() {
                    if c.is_control() || crate::attr::reorders_or_breaks(c) {
                        out.extend(c.escape_default());
                    } else {
                        out.push(c);
                    }
                }
                last = Last::Word;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                if matches!(last, Last::Spaced | Last::Lifetime)
                    || (matches!(last, Last::Word) && group.delimiter() == Delimiter::Brace)
                {
                    out.push(' ');
                }
                out.push_str(open);
                write_stream(out, group.stream());
                out.push_str(close);
                last = Last::Close;
            }
            TokenTree::Punct(punct) => {
                // Gather a joint operator such as `->` or `::`.
                let mut op = String::from(punct.as_char());
                let mut spacing = punct.spacing();
                while spacing == Spacing::Joint && i + 1 < tokens.len() {
                    match &tokens[i + 1] {
                        TokenTree::Punct(next) if punct.as_char() != '\'' => {
                            op.push(next.as_char());
                            spacing = next.spacing();
                            i += 1;
                        }
                        _ => break,
                    }
                }
                // A trailing comma in generics is not part of the name: `Vec<u8,>` and
                // `Vec<u8>` are one type (in a tuple, `(u8,)`, it is kept: it makes one).
                let closes = matches!(tokens.get(i + 1), Some(TokenTree::Punct(next)) if next.as_char() == '>');
                match op.as_str() {
                    "," if closes => {}
                    "," | ";" => {
                        out.push_str(&op);
                        last = Last::Spaced;
                    }
                    ":" => {
                        out.push(':');
                        last = Last::Spaced;
                    }
                    "->" | "=" | "+" | "=>" => {
                        if last != Last::Start {
                            out.push(' ');
                        }
                        out.push_str(&op);
                        last = Last::Spaced;
                    }
                    ">" | ">>" => {
                        out.push_str(&op);
                        last = Last::Close;
                    }
                    _ => {
                        if matches!(last, Last::Spaced)
                            || (matches!(last, Last::Word | Last::Lifetime | Last::Close)
                                && matches!(op.as_str(), "&" | "*" | "'" | "&&"))
                        {
                            out.push(' ');
                        }
                        out.push_str(&op);
                        last = Last::Glue;
                    }
                }
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{plain_path, render, render_type, spell_out_self, type_name_of, type_tokens};
    use quote::{quote, ToTokens};

    #[test]
    fn plain_paths_read_from_the_tree_as_from_their_tokens() {
        let ident: proc_macro2::Ident = syn::parse_quote!(r#Pool);
        for written in [
            "Pool",
            "crate::db::Pool",
            "::std::sync::Mutex",
            "r#type",
            "Self",
            "Self::Assoc",
        ] {
            let ty: syn::Type = syn::parse_str(written).unwrap();
            assert!(plain_path(&ty).is_some(), "{written}");
            let spelled = spell_out_self(ty.to_token_stream(), &ident);
            assert_eq!(type_name_of(&ty, &ident), render(&spelled), "{written}");
            assert_eq!(render_type(&ty), render(&ty), "{written}");
            let (trees, _) = type_tokens(&ty, &ident);
            let trees: proc_macro2::TokenStream = trees.into_iter().collect();
            assert_eq!(trees.to_string(), spelled.to_string(), "{written}");
        }
        let generic: syn::Type = syn::parse_str("Vec<u8>").unwrap();
        assert!(plain_path(&generic).is_none());
    }

    #[test]
    fn renders_like_people_write() {
        let cases = [
            (
                quote!(fn notify(&self, run_id: &str) -> Result<(), BridgeError>),
                "fn notify(&self, run_id: &str) -> Result<(), BridgeError>",
            ),
            (
                quote!(async fn flush(&self) -> usize),
                "async fn flush(&self) -> usize",
            ),
            (quote!(dyn EventSink + Send), "dyn EventSink + Send"),
            (quote!(std::sync::Arc<Vec<u8>>), "std::sync::Arc<Vec<u8>>"),
            (
                quote!(fn get<'a>(&'a mut self, key: &'a str) -> Option<&'a [u8; 4]>),
                "fn get<'a>(&'a mut self, key: &'a str) -> Option<&'a [u8; 4]>",
            ),
            (
                quote!(fn each(&self, f: impl Fn(u8) -> bool)),
                "fn each(&self, f: impl Fn(u8) -> bool)",
            ),
            (
                quote!(Box<dyn Iterator<Item = u8>>),
                "Box<dyn Iterator<Item = u8>>",
            ),
            (
                quote!(HashMap<String, Vec<u8,>,>),
                "HashMap<String, Vec<u8>>",
            ),
            (quote!(fn pair(&self) -> (u8,)), "fn pair(&self) -> (u8,)"),
            (
                "fn tab(&self) -> [u8; \"x\ty\".len()]".parse().unwrap(),
                "fn tab(&self) -> [u8; \"x\\ty\".len()]",
            ),
            (
                "fn sep(&self) -> [u8; \"a\u{2028}b\".len()]"
                    .parse()
                    .unwrap(),
                "fn sep(&self) -> [u8; \"a\\u{2028}b\".len()]",
            ),
        ];
        for (tokens, expected) in cases {
            assert_eq!(render(&tokens), expected);
        }
    }
}
