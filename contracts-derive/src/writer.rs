//! A flat token writer for the largest and most regular part of the expansion, the
//! descriptor.
//!
//! Why not `quote!`: inside a proc-macro every token crosses the bridge to the compiler,
//! and `quote!` pays that crossing per interpolation: each `#tokens` concatenates one
//! stream into another, each nested `quote!` builds a stream of its own, and each literal
//! in a template is lexed from text. Built that way, the descriptor was a third of the
//! derive's run time (BENCHMARKS.md, tenth session). This writer collects plain token
//! trees and hands each group's contents to the compiler once.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

pub struct TokenWriter {
    trees: Vec<TokenTree>,
    /// The span of the tokens written next, as `quote_spanned!` would give them.
    span: Span,
}

impl TokenWriter {
    pub fn new() -> Self {
        TokenWriter {
            trees: Vec::new(),
            span: Span::call_site(),
        }
    }

    /// Writes what `write` writes with `span`, then goes back to the current span.
    pub fn spanned(&mut self, span: Span, write: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.span, span);
        write(self);
        self.span = outer;
    }

    /// One identifier or keyword.
    pub fn word(&mut self, word: &str) {
        self.trees
            .push(TokenTree::Ident(Ident::new(word, self.span)));
    }

    pub fn ident(&mut self, ident: &Ident) {
        self.trees.push(TokenTree::Ident(ident.clone()));
    }

    /// An operator of one or more characters, such as `&`, `::` or `!`.
    pub fn op(&mut self, op: &str) {
        let mut chars = op.chars().peekable();
        while let Some(c) = chars.next() {
            let spacing = if chars.peek().is_some() {
                Spacing::Joint
            } else {
                Spacing::Alone
            };
            let mut punct = Punct::new(c, spacing);
            punct.set_span(self.span);
            self.trees.push(TokenTree::Punct(punct));
        }
    }

    /// `a::b::c`, with a leading `::` when the first segment is empty.
    pub fn path(&mut self, segments: &[&str]) {
        for (i, segment) in segments.iter().enumerate() {
            if i > 0 {
                self.op("::");
            }
            if !segment.is_empty() {
                self.word(segment);
            }
        }
    }

    /// `path!(..)`, the arguments written by `write`.
    pub fn macro_call(&mut self, path: &[&str], write: impl FnOnce(&mut Self)) {
        self.path(path);
        self.op("!");
        self.group(Delimiter::Parenthesis, write);
    }

    /// `field: ` before a value.
    pub fn field(&mut self, name: &str) {
        self.word(name);
        self.op(":");
    }

    pub fn str(&mut self, value: &str) {
        self.literal(Literal::string(value));
    }

    pub fn u8(&mut self, value: u8) {
        self.literal(Literal::u8_unsuffixed(value));
    }

    /// `2u8`, as `quote!` writes a `u8` value.
    pub fn u8_suffixed(&mut self, value: u8) {
        self.literal(Literal::u8_suffixed(value));
    }

    pub fn bool(&mut self, value: bool) {
        self.word(if value { "true" } else { "false" });
    }

    fn literal(&mut self, mut literal: Literal) {
        literal.set_span(self.span);
        self.trees.push(TokenTree::Literal(literal));
    }

    /// Tokens made elsewhere (a user's type, a `quote!`ed piece), as they are.
    pub fn tokens(&mut self, tokens: impl IntoIterator<Item = TokenTree>) {
        self.trees.extend(tokens);
    }

    /// A delimited group whose contents `write` writes.
    pub fn group(&mut self, delimiter: Delimiter, write: impl FnOnce(&mut Self)) {
        let mut inner = TokenWriter {
            trees: Vec::new(),
            span: self.span,
        };
        write(&mut inner);
        let mut group = Group::new(delimiter, inner.finish());
        group.set_span(self.span);
        self.trees.push(TokenTree::Group(group));
    }

    /// `&[a, b, c]`, each element written by `write`.
    pub fn slice<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut Self, T),
    ) {
        self.op("&");
        self.group(Delimiter::Bracket, |w| {
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    w.op(",");
                }
                write(w, item);
            }
        });
    }

    pub fn finish(self) -> TokenStream {
        self.trees.into_iter().collect()
    }
}
