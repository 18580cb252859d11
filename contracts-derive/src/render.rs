//! Renders tokens the way a person writes them (`Result<(), BridgeError>`, not
//! `Result < () , BridgeError >`), for the signatures and type names stored in the
//! descriptor and shown in reports.

use proc_macro2::{Delimiter, Ident, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;

/// An identifier as a name: without `r#`, as `std::any::type_name` and people write
/// it, so that `r#type` and `type` are one method everywhere.
pub fn name_of(ident: &Ident) -> String {
    ident.unraw().to_string()
}

/// The tokens with each `Self` replaced by the type's name (spanned where `Self` was):
/// the descriptor is a `static` and the check adapter a free function, where `Self` is
/// not in scope.
pub fn spell_out_self(tokens: TokenStream, ident: &Ident) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(word) if word == "Self" => {
                let mut named = ident.clone();
                named.set_span(word.span());
                TokenTree::Ident(named)
            }
            TokenTree::Group(group) => {
                let mut spelled = proc_macro2::Group::new(
                    group.delimiter(),
                    spell_out_self(group.stream(), ident),
                );
                spelled.set_span(group.span());
                TokenTree::Group(spelled)
            }
            other => other,
        })
        .collect()
}

/// A type as the descriptor names it: `Self` spelled out, rendered. Two types written
/// alike by this measure are one type (a path alias such as `crate::Pool` for `Pool`
/// cannot be resolved here; the runtime sees both as one `TypeId`).
pub fn type_name_of(ty: &syn::Type, ident: &Ident) -> String {
    render(&spell_out_self(ty.to_token_stream(), ident))
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
    use super::render;
    use quote::quote;

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
