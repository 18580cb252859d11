//! A flat token writer for the largest and most regular part of the expansion, the
//! descriptor.
//!
//! Why not `quote!`: inside a proc-macro every token crosses the bridge to the compiler,
//! and `quote!` pays that crossing per interpolation: each `#tokens` concatenates one
//! stream into another, each nested `quote!` builds a stream of its own, and each literal
//! in a template is lexed from text. Built that way, the descriptor was a third of the
//! derive's run time (BENCHMARKS.md, tenth session). This writer collects plain token
//! trees and hands each group's contents to the compiler once. A syntax tree
//! (`ToTokens`) or a stream made elsewhere is appended to the group's stream as it is,
//! without taking it apart into trees (which would cross the bridge twice more).

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;

pub struct TokenWriter {
    trees: Vec<TokenTree>,
    /// What was written before the `trees`, once a syntax tree or a stream is: the
    /// trees are moved into it then (proc-macro2 keeps them on this side of the bridge
    /// until the group is made).
    written: Option<TokenStream>,
    /// The span of the tokens written next, as `quote_spanned!` would give them.
    span: Span,
}

impl TokenWriter {
    pub fn new() -> Self {
        TokenWriter {
            trees: Vec::with_capacity(64),
            written: None,
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
        self.push(TokenTree::Ident(Ident::new(word, self.span)));
    }

    pub fn ident(&mut self, ident: &Ident) {
        self.push(TokenTree::Ident(ident.clone()));
    }

    /// A lifetime such as `'static`, its name given without the `'`.
    pub fn lifetime(&mut self, name: &str) {
        let mut apostrophe = Punct::new('\'', Spacing::Joint);
        apostrophe.set_span(self.span);
        self.push(TokenTree::Punct(apostrophe));
        self.word(name);
    }

    /// `#[name(..)]`, the arguments written by `write`.
    pub fn attribute(&mut self, name: &str, write: impl FnOnce(&mut Self)) {
        self.op("#");
        self.group(Delimiter::Bracket, |w| {
            w.word(name);
            w.group(Delimiter::Parenthesis, write);
        });
    }

    fn push(&mut self, tree: TokenTree) {
        self.trees.push(tree);
    }

    /// The stream written so far, the trees included.
    fn flush(&mut self) -> &mut TokenStream {
        let written = self.written.get_or_insert_with(TokenStream::new);
        written.extend(self.trees.drain(..));
        written
    }

    /// An operator of one or more characters, such as `&`, `::` or `!`.
    pub fn op(&mut self, op: &str) {
        // Operators are ASCII. A plain loop: this runs for most tokens of an expansion,
        // in a proc-macro built without optimisation, where iterator adapters cost.
        let bytes = op.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let spacing = if i + 1 < bytes.len() {
                Spacing::Joint
            } else {
                Spacing::Alone
            };
            let mut punct = Punct::new(char::from(bytes[i]), spacing);
            punct.set_span(self.span);
            self.push(TokenTree::Punct(punct));
            i += 1;
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
        self.push(TokenTree::Literal(literal));
    }

    /// Token trees made elsewhere, as they are.
    pub fn trees(&mut self, trees: impl IntoIterator<Item = TokenTree>) {
        self.trees.extend(trees);
    }

    /// A stream made elsewhere (a `quote!`ed piece), as it is.
    pub fn stream(&mut self, stream: TokenStream) {
        self.flush().extend([stream]);
    }

    /// A syntax tree (a user's type or path), as syn writes it, with its own spans.
    pub fn node(&mut self, node: &impl ToTokens) {
        node.to_tokens(self.flush());
    }

    /// A delimited group whose contents `write` writes.
    pub fn group(&mut self, delimiter: Delimiter, write: impl FnOnce(&mut Self)) {
        // Room for a typical group's tokens at once: growing a vector step by step
        // costs more than the memory, in a proc-macro built without optimisation.
        let mut inner = TokenWriter {
            trees: Vec::with_capacity(16),
            written: None,
            span: self.span,
        };
        write(&mut inner);
        let mut group = Group::new(delimiter, inner.finish());
        group.set_span(self.span);
        self.push(TokenTree::Group(group));
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

    pub fn finish(mut self) -> TokenStream {
        match self.written {
            None => self.trees.into_iter().collect(),
            Some(_) => std::mem::take(self.flush()),
        }
    }
}
