//! How much two rendered signatures of one required method differ, for the diff.
//!
//! A snapshot keeps a signature as the text the derive rendered. Comparing that text
//! as a whole calls a renamed parameter or a hand-edited space a changed signature,
//! which fails a ratchet for a change no caller can see. Comparing tokens, without the
//! parameters' names, finds what a caller sees: the receiver, the argument types, the
//! output. Paths are still text: `Result<(), E>` and `std::result::Result<(), E>` may
//! name one type or two, which only the compiler knows.

/// How a signature changed, from a caller's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SignatureChange {
    /// The same tokens: only spacing differs.
    Spacing,
    /// Only the names of parameters or lifetimes differ: every call still compiles.
    ParameterNames,
    /// Lifetimes are written out where elision implies them, or left to elision (and
    /// perhaps names differ too): every call still compiles.
    ElidedLifetimes,
    /// The types differ only in how their paths are qualified (`Result` and
    /// `std::result::Result`): the same types if the short names mean what the long
    /// ones do.
    PathQualifiers,
    /// Another receiver, other argument types or another output.
    Types,
}

/// Classifies the change from `before` to `after`.
pub(super) fn change(before: &str, after: &str) -> SignatureChange {
    let before = tokens(before);
    let after = tokens(after);
    if before == after {
        return SignatureChange::Spacing;
    }
    if as_callers_see(&before) == as_callers_see(&after) {
        return SignatureChange::ParameterNames;
    }
    let before = as_callers_see(&explicit_lifetimes(&before));
    let after = as_callers_see(&explicit_lifetimes(&after));
    if before == after {
        SignatureChange::ElidedLifetimes
    } else if same_but_for_qualifiers(&before, &after) {
        SignatureChange::PathQualifiers
    } else {
        SignatureChange::Types
    }
}

/// The name of the method a rendered signature declares, without `r#`: `notify` for
/// `fn notify(&self)`, `async fn notify<T>(..)`, `fn r#notify(..)` or
/// `fn Notify::notify(..)`; `None` when the
/// signature starts with neither `fn NAME` nor `async fn NAME`.
pub(crate) fn declared_method(signature: &str) -> Option<&str> {
    let tokens = tokens(signature);
    let at = usize::from(tokens.first() == Some(&"async"));
    if tokens.get(at) != Some(&"fn") {
        return None;
    }
    // `fn Trait::name(..)` names a trait's method: the name is the last segment.
    let name = *tokens.get(method_name_at(&tokens, at + 1))?;
    if !is_word_token(name) || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(unraw(name))
}

/// The index of the method's name in a signature whose name (or trait path) starts
/// at `start`: past `Trait::` in `fn Trait::name`.
fn method_name_at(tokens: &[&str], start: usize) -> usize {
    let mut at = start;
    while tokens.get(at + 1) == Some(&"::") && tokens.get(at + 2).is_some_and(|t| is_word_token(t))
    {
        at += 2;
    }
    at
}

/// A method name without `r#`, as the derive records it.
pub(crate) fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// What is wrong with a required method named `name` whose rendered signature is
/// `signature`, as no contract the derive writes has it: the signature declares another
/// method or none, or its brackets do not pair up (`fn get(&self -> u8`). Completes
/// "method `name` has the signature `..`, ".
pub(crate) fn signature_problem(name: &str, signature: &str) -> Option<String> {
    let problem = match declared_method(signature) {
        Some(declared) if declared == unraw(name) => None,
        Some(declared) => Some(format!("which is the signature of `{declared}`")),
        None => Some(format!(
            "which declares no method (a signature starts `fn {0}` or `async fn {0}`)",
            unraw(name)
        )),
    };
    problem.or_else(|| {
        unpaired(signature).map(|bracket| {
            format!(
                "whose `{bracket}` has no partner (parentheses, brackets and braces come in pairs)"
            )
        })
    })
}

/// The first parenthesis, bracket or brace of a signature that has no partner,
/// outside literals; `None` when they all pair up.
fn unpaired(signature: &str) -> Option<&str> {
    let mut open = Vec::new();
    for token in tokens(signature) {
        match token {
            "(" | "[" | "{" => open.push(token),
            ")" | "]" | "}" => {
                let partner = match token {
                    ")" => "(",
                    "]" => "[",
                    _ => "{",
                };
                if open.pop() != Some(partner) {
                    return Some(token);
                }
            }
            _ => {}
        }
    }
    open.pop()
}

/// Whether a rendered signature declares an `async fn`, as the derive and
/// `ContractBuilder::requires` record it.
pub(crate) fn is_async(signature: &str) -> bool {
    signature.trim_start().starts_with("async")
}

/// The signature's tokens: literals (whole, spaces included), words (identifiers,
/// keywords, numbers, raw identifiers, lifetimes), `::`, `->`, and single punctuation
/// characters; whitespace separates and is dropped.
fn tokens(signature: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = signature;
    while let Some(first) = rest.chars().next() {
        let len = if first.is_whitespace() {
            rest = &rest[first.len_utf8()..];
            continue;
        } else if let Some(len) = literal_len(rest) {
            // A string or character literal (a const generic argument): its text,
            // spaces included, is its value.
            len
        } else if is_word(first) || (first == '\'' && rest[1..].starts_with(is_word)) {
            // A word, a raw identifier (`r#type`), or a lifetime (`'` and the word after
            // it; a character literal was read above).
            let raw = rest.starts_with("r#") && rest[2..].starts_with(is_word);
            let start = if raw { 2 } else { first.len_utf8() };
            start
                + rest[start..]
                    .find(|c: char| !is_word(c))
                    .unwrap_or(rest.len() - start)
        } else if rest.starts_with("::") || rest.starts_with("->") {
            2
        } else {
            first.len_utf8()
        };
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// The length of the string literal (`"a b"`) or quoted character literal (`' '`,
/// `'\''`) `text` starts with, escapes included; `None` when it starts with neither
/// (a lifetime `'a` is not one, while `'a'` is).
fn literal_len(text: &str) -> Option<usize> {
    if let Some(len) = raw_string_len(text) {
        return Some(len);
    }
    let mut chars = text.char_indices();
    let (_, quote) = chars.next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let mut escaped = false;
    for (index, c) in chars {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if c == quote => return Some(index + c.len_utf8()),
            // A character literal holds one character (or one escape); past that, the
            // quote was a lifetime's.
            _ if quote == '\'' && index > 1 && !text[1..].starts_with('\\') => return None,
            _ => {}
        }
    }
    None
}

/// The length of the raw string literal (`r"a"`, `r#"a "quoted" b"#`, `br".."`, `cr".."`)
/// `text` starts with, which no escape ends early.
fn raw_string_len(text: &str) -> Option<usize> {
    let prefix = if text.starts_with("br") || text.starts_with("cr") {
        2
    } else {
        usize::from(text.starts_with('r'))
    };
    if prefix == 0 {
        return None;
    }
    let hashes = text[prefix..].bytes().take_while(|&b| b == b'#').count();
    let open = prefix + hashes;
    if !text[open..].starts_with('"') {
        return None;
    }
    let closing = format!("\"{}", "#".repeat(hashes));
    let body = open + 1;
    text[body..]
        .find(&closing)
        .map(|end| body + end + closing.len())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_word_token(token: &str) -> bool {
    token.chars().next().is_some_and(is_word)
}

/// The tokens as a caller sees them: without each parameter's `name:` (or
/// `mut name:`), with a by-value receiver's `mut` dropped and `self: &Self` read as
/// `&self`, without a trailing comma, and with named lifetimes renamed in order of
/// appearance (a renamed lifetime is a renamed parameter). Only the parameter list's
/// own level is read.
fn as_callers_see<'s>(tokens: &[&'s str]) -> Vec<&'s str> {
    // Each named lifetime by its order of first appearance: `'a`/`'b` and `'x`/`'y`
    // read alike, while which one the output borrows from still counts.
    const LIFETIMES: [&str; 16] = [
        "'0", "'1", "'2", "'3", "'4", "'5", "'6", "'7", "'8", "'9", "'10", "'11", "'12", "'13",
        "'14", "'15",
    ];
    let mut seen: Vec<&str> = Vec::new();
    let tokens: Vec<&str> = tokens
        .iter()
        .map(|&token| {
            let lifetime = token.len() > 1 && token.starts_with('\'') && !token.ends_with('\'');
            if !lifetime || token == "'static" || token == "'_" {
                return token;
            }
            let index = seen.iter().position(|&l| l == token).unwrap_or_else(|| {
                seen.push(token);
                seen.len() - 1
            });
            LIFETIMES.get(index).copied().unwrap_or(token)
        })
        .collect();
    // The parameter list: the first `(` outside the generics (`<F: Fn(u8)>`).
    let mut angles = 0usize;
    let Some(open) = tokens.iter().position(|&t| {
        match t {
            "<" => angles += 1,
            ">" => angles = angles.saturating_sub(1),
            _ => {}
        }
        t == "(" && angles == 0
    }) else {
        return tokens;
    };
    let mut out: Vec<&str> = tokens[..=open].to_vec();
    let mut depth = 0usize; // nesting inside the parameter list: (), [], <>
    let mut at_parameter_start = true;
    let mut index = open + 1;
    while index < tokens.len() {
        let token = tokens[index];
        if depth == 0 && at_parameter_start {
            at_parameter_start = false;
            let skip_mut = usize::from(token == "mut");
            let name = tokens.get(index + skip_mut).copied();
            let colon = tokens.get(index + skip_mut + 1).copied();
            if name == Some("self") {
                let (receiver, next) = receiver_from_self(&tokens, index + skip_mut + 1);
                out.extend(receiver);
                index = next;
                continue;
            }
            if name.is_some_and(is_word_token) && colon == Some(":") {
                index += skip_mut + 2;
                continue;
            }
        }
        match token {
            "(" | "[" | "<" => depth += 1,
            ")" | "]" | ">" if depth == 0 => {
                // The end of the parameter list: a trailing comma means nothing; the
                // rest (output) is kept as is.
                if out.last() == Some(&",") {
                    out.pop();
                }
                out.extend_from_slice(&tokens[index..]);
                return out;
            }
            ")" | "]" | ">" => depth -= 1,
            "," if depth == 0 => at_parameter_start = true,
            _ => {}
        }
        out.push(token);
        index += 1;
    }
    out
}

/// The tokens with every elided lifetime written out, as the compiler reads them:
/// each elided input lifetime (`&T`, `'_`) is a fresh one; an elided output lifetime
/// is the receiver's (`&self`, `&mut self`, `self: &Self`), or else the only input
/// lifetime. Lifetime parameters without bounds leave the generics, since their
/// names were only ever how a signature wrote them. So `fn name<'a>(&'a self) -> &'a str`
/// reads as `fn name(&self) -> &str` does.
///
/// Signatures where elision has scopes of its own (`Fn(&str) -> &str`, `fn` pointer
/// types, `for<'a>`), or an elided output with no lifetime to take, are returned as
/// they are: a change there is still reported as one.
fn explicit_lifetimes<'s>(tokens: &[&'s str]) -> Vec<&'s str> {
    written_out(tokens).unwrap_or_else(|| tokens.to_vec())
}

fn written_out<'s>(tokens: &[&'s str]) -> Option<Vec<&'s str>> {
    // Names for the elided lifetimes, which no written lifetime can take (`'0` is no
    // identifier).
    const FRESH: [&str; 16] = [
        "'0e", "'1e", "'2e", "'3e", "'4e", "'5e", "'6e", "'7e", "'8e", "'9e", "'10e", "'11e",
        "'12e", "'13e", "'14e", "'15e",
    ];
    let own_scope = |t: &&str| {
        matches!(
            *t,
            "Fn" | "FnMut" | "FnOnce" | "AsyncFn" | "AsyncFnMut" | "AsyncFnOnce" | "for"
        )
    };
    if tokens.iter().any(own_scope) || tokens.iter().filter(|&&t| t == "fn").count() != 1 {
        return None;
    }
    // The name, after the trait's path of `fn Trait::name`.
    let name = method_name_at(tokens, tokens.iter().position(|&t| t == "fn")? + 1);
    let mut out: Vec<&str> = tokens.get(..=name)?.to_vec();
    // The generics, without bare lifetime parameters.
    let mut open = name + 1;
    if tokens.get(open) == Some(&"<") {
        let close = matching(tokens, open)?;
        let kept: Vec<&[&str]> = tokens[open + 1..close]
            .split(|&t| t == ",")
            .filter(|param| !param.is_empty() && !matches!(param, [only] if is_lifetime(only)))
            .collect();
        if !kept.is_empty() {
            out.push("<");
            for (n, param) in kept.iter().enumerate() {
                if n > 0 {
                    out.push(",");
                }
                out.extend_from_slice(param);
            }
            out.push(">");
        }
        open = close + 1;
    }
    if tokens.get(open) != Some(&"(") {
        return None;
    }
    let close = matching(tokens, open)?;
    // The inputs: each elided lifetime a fresh one.
    let mut fresh = FRESH.iter().copied();
    let mut inputs: Vec<&str> = Vec::new();
    let mut first_reference = None;
    let mut at = open;
    while at <= close {
        let token = tokens[at];
        at += 1;
        let lifetime = match token {
            "'_" => fresh.next()?,
            "&" => {
                out.push(token);
                match tokens.get(at) {
                    Some(&"'_") => {
                        at += 1;
                        fresh.next()?
                    }
                    Some(&next) if is_lifetime(next) => {
                        at += 1;
                        next
                    }
                    _ => fresh.next()?,
                }
            }
            _ if is_lifetime(token) => token,
            _ => {
                out.push(token);
                continue;
            }
        };
        out.push(lifetime);
        if !inputs.contains(&lifetime) {
            inputs.push(lifetime);
        }
        if token == "&" && first_reference.is_none() {
            first_reference = Some((at, lifetime));
        }
    }
    // `&self`, `&mut self`, `self: &Self`, `self: &mut Self`, lifetimes written or not:
    // the receiver's lifetime is the one of its `&`.
    let receiver = first_reference.and_then(|(after, lifetime)| {
        let after = after + usize::from(tokens.get(after) == Some(&"mut"));
        let by_shorthand = tokens.get(open + 1) == Some(&"&") && tokens.get(after) == Some(&"self");
        let by_type = tokens.get(open + 1..open + 4) == Some(&["self", ":", "&"])
            && tokens.get(after) == Some(&"Self")
            && matches!(tokens.get(after + 1).copied(), Some("," | ")"));
        (by_shorthand || by_type).then_some(lifetime)
    });
    // The output: an elided lifetime is the receiver's, or else the only input one.
    let target = receiver.or(match inputs.as_slice() {
        [only] => Some(*only),
        _ => None,
    });
    let output = &tokens[close + 1..];
    for (n, &token) in output.iter().enumerate() {
        if token == "'_" {
            out.push(target?);
            continue;
        }
        out.push(token);
        if token == "&" && !output.get(n + 1).is_some_and(|next| is_lifetime(next)) {
            out.push(target?);
        }
    }
    Some(out)
}

/// The index of the bracket closing the one at `open` (`(`, `[` or `<`), counting the
/// three kinds alike.
fn matching(tokens: &[&str], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, &token) in tokens.iter().enumerate().skip(open) {
        match token {
            "(" | "[" | "<" => depth += 1,
            ")" | "]" | ">" => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the token is a lifetime (`'a`, `'static`, `'_`), not a character literal.
fn is_lifetime(token: &str) -> bool {
    token.len() > 1 && token.starts_with('\'') && !token.ends_with('\'')
}

/// A receiver written from `self` on (a `mut` before it dropped: callers cannot see
/// it), with `after_self` the index after `self`: its tokens as a caller sees them and
/// the index after it. `self: &'a Self` is `&'a self`, `self: &'a mut Self` is
/// `&'a mut self` (with or without the lifetime), `self: Self` is `self`;
/// `self: Box<Self>` keeps `self :` before the type, since a parameter of that type
/// under another name makes no method (`x.get()` stops compiling).
fn receiver_from_self<'s>(tokens: &[&'s str], after_self: usize) -> (Vec<&'s str>, usize) {
    if tokens.get(after_self) != Some(&":") {
        return (vec!["self"], after_self);
    }
    let ty = after_self + 1;
    let ends_parameter = |at: usize| matches!(tokens.get(at).copied(), Some("," | ")"));
    if tokens.get(ty) == Some(&"Self") && ends_parameter(ty + 1) {
        return (vec!["self"], ty + 1);
    }
    if tokens.get(ty) == Some(&"&") {
        let mut reference = vec!["&"];
        let mut at = ty + 1;
        for optional in [is_lifetime as fn(&str) -> bool, |t: &str| t == "mut"] {
            if let Some(&token) = tokens.get(at).filter(|t| optional(t)) {
                reference.push(token);
                at += 1;
            }
        }
        if tokens.get(at) == Some(&"Self") && ends_parameter(at + 1) {
            reference.push("self");
            return (reference, at + 1);
        }
    }
    (vec!["self", ":"], ty)
}

/// Whether the two token lists differ only in how much of each path is written: at
/// every path, one side's segments end the other's (`Result` and
/// `std::result::Result`, `Error` and `io::Error`), while `v1::Request` and
/// `v2::Request` are two types.
fn same_but_for_qualifiers(before: &[&str], after: &[&str]) -> bool {
    let (before, after) = (paths(before), paths(after));
    before.len() == after.len()
        && before.iter().zip(&after).all(|(a, b)| {
            let shorter = a.len().min(b.len());
            a[a.len() - shorter..] == b[b.len() - shorter..]
        })
}

/// Keywords that may stand before a path in a signature, and are no segment of it.
const KEYWORDS: [&str; 14] = [
    "mut", "dyn", "impl", "const", "as", "for", "where", "fn", "unsafe", "extern", "async", "move",
    "ref", "static",
];

/// The tokens grouped into paths: each `word (:: word)*` (a leading `::` dropped) is one
/// group of its words, every other token a group of its own.
fn paths<'s>(tokens: &[&'s str]) -> Vec<Vec<&'s str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut continues_path = false;
    for &token in tokens {
        if token == "::" {
            continues_path = true;
            continue;
        }
        // A keyword before `::` (`&mut ::app::Buf`, `impl ::std::fmt::Debug`) is not
        // a segment of the path after it.
        let extend = continues_path
            && is_word_token(token)
            && out.last().is_some_and(|last| {
                last.iter().all(|t| is_word_token(t))
                    && last.last().is_some_and(|t| !KEYWORDS.contains(t))
            });
        if extend {
            if let Some(last) = out.last_mut() {
                last.push(token);
            }
        } else {
            out.push(vec![token]);
        }
        continues_path = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use SignatureChange::*;

    #[test]
    fn the_declared_method_is_read_past_async_generics_and_raw_identifiers() {
        for (signature, name) in [
            ("fn notify(&self) -> u8", Some("notify")),
            ("async fn flush(&self) -> usize", Some("flush")),
            ("fn get<T: Default>(&self) -> T", Some("get")),
            ("fn r#type(&self) -> u8", Some("type")),
            ("  fn  spaced (&self)", Some("spaced")),
            // A trait's method, as `fn Trait::name` requires it.
            ("fn Source::go(&self) -> u8", Some("go")),
            ("async fn tasks::Run::run(&self)", Some("run")),
            ("fn Source::(&self)", Some("Source")),
            ("notify(&self)", None),
            ("async notify(&self)", None),
            ("fn (&self)", None),
            ("fn", None),
            ("", None),
        ] {
            assert_eq!(declared_method(signature), name, "{signature}");
        }
        assert_eq!(signature_problem("type", "fn r#type(&self)"), None);
        assert_eq!(signature_problem("r#type", "fn type(&self)"), None);
        assert_eq!(
            signature_problem("flush", "fn notify(&self) -> u8").as_deref(),
            Some("which is the signature of `notify`")
        );
    }

    #[test]
    fn spacing_is_not_a_change() {
        assert_eq!(
            change(
                "fn notify(&self, run: &str) -> Result<(), String>",
                "fn notify(&self,run:&str)->Result<(),String>"
            ),
            Spacing
        );
        assert_eq!(
            tokens("fn a<'a>(&'a self)"),
            ["fn", "a", "<", "'a", ">", "(", "&", "'a", "self", ")"]
        );
    }

    #[test]
    fn renamed_parameters_are_told_apart_from_other_types() {
        let before = "fn send(&self, run: &str, mut n: u32) -> usize";
        assert_eq!(
            change(before, "fn send(&self, run_id: &str, count: u32) -> usize"),
            ParameterNames
        );
        assert_eq!(
            change(before, "fn send(&self, run: &String, n: u32) -> usize"),
            Types
        );
        assert_eq!(
            change(before, "fn send(&mut self, run: &str, n: u32) -> usize"),
            Types
        );
        assert_eq!(
            change(before, "fn send(&self, run: &str, n: u32) -> isize"),
            Types
        );
        // A parameter that moved is a change even if the names follow it.
        assert_eq!(
            change(
                "fn put(&self, key: &str, count: u32)",
                "fn put(&self, count: u32, key: &str)"
            ),
            Types
        );
    }

    #[test]
    fn names_inside_types_are_kept() {
        // `Fn(x: ..)` is not valid Rust, but generic arguments and nested parentheses
        // must not be read as parameters of the method.
        let before = "fn map(&self, f: impl Fn(&str) -> u8, pair: (u8, Vec<u8>)) -> Option<u8>";
        assert_eq!(
            as_callers_see(&tokens(before)).concat(),
            "fnmap(&self,implFn(&str)->u8,(u8,Vec<u8>))->Option<u8>"
        );
        assert_eq!(
            as_callers_see(&tokens("fn boxed(self: Box<Self>, _: u8)")).concat(),
            "fnboxed(self:Box<Self>,u8)"
        );
    }

    #[test]
    fn receivers_are_compared_as_callers_use_them() {
        // A method is not an associated function, whatever the parameter's type.
        assert_eq!(
            change(
                "fn get(self: Box<Self>) -> u8",
                "fn get(this: Box<Self>) -> u8"
            ),
            Types
        );
        assert_eq!(change("fn get(self: &Self)", "fn get(this: &Self)"), Types);
        // Spellings of one receiver.
        assert_eq!(
            change("fn get(&self)", "fn get(self: &Self)"),
            ParameterNames
        );
        assert_eq!(
            change(
                "fn get(&mut self, n: u8)",
                "fn get(self: &mut Self, count: u8)"
            ),
            ParameterNames
        );
        assert_eq!(change("fn into(self)", "fn into(mut self)"), ParameterNames);
        assert_eq!(
            change("fn into(self)", "fn into(self: Self)"),
            ParameterNames
        );
        assert_eq!(change("fn get(&self)", "fn get(&mut self)"), Types);
        assert_eq!(change("fn get(&self)", "fn get(self)"), Types);
    }

    #[test]
    fn lifetimes_generics_raw_names_and_trailing_commas() {
        assert_eq!(
            change(
                "fn get<'a>(&'a self, key: &'a str) -> &'a str",
                "fn get<'b>(&'b self, key: &'b str) -> &'b str"
            ),
            ParameterNames
        );
        assert_eq!(
            change("fn get(&self) -> &'static str", "fn get(&self) -> &str"),
            Types
        );
        // Which input the output borrows from is what a caller relies on.
        assert_eq!(
            change(
                "fn get<'a, 'b>(&'a self, key: &'b str) -> &'a str",
                "fn get<'a, 'b>(&'a self, key: &'b str) -> &'b str"
            ),
            Types
        );
        assert_eq!(
            change(
                "fn map<F: Fn(u8) -> u8>(&self, f: F) -> u8",
                "fn map<F: Fn(u8) -> u8>(&self, g: F) -> u8"
            ),
            ParameterNames
        );
        assert_eq!(
            change("fn set(&self, r#type: u8)", "fn set(&self, kind: u8)"),
            ParameterNames
        );
        assert_eq!(
            change("fn set(&self, a: u8,)", "fn set(&self, a: u8)"),
            ParameterNames
        );
        assert_eq!(tokens("r#type r#"), ["r#type", "r", "#"]);
        // Literals are whole tokens: the spaces inside are their value.
        assert_eq!(
            tokens("Sep<' '> L<\"a b\"> '\\'' 'a"),
            ["Sep", "<", "' '", ">", "L", "<", "\"a b\"", ">", "'\\''", "'a"]
        );
        assert_eq!(
            change("fn sep(&self) -> Sep<' '>", "fn sep(&self) -> Sep<'\t'>"),
            Types
        );
        assert_eq!(
            tokens(r##"L<r#"a " b"#> r"x y" br"z""##),
            ["L", "<", r##"r#"a " b"#"##, ">", r#"r"x y""#, r#"br"z""#]
        );
        assert_eq!(
            change(
                r##"fn f(&self) -> L<r#"a " b"#>"##,
                r##"fn f(&self) -> L<r#"a "  b"#>"##
            ),
            Types
        );
        assert_eq!(
            change(
                r##"fn f(&self) -> L<cr#"a " b"#>"##,
                r##"fn f(&self) -> L<cr#"a "  b"#>"##
            ),
            Types
        );
        assert_eq!(
            change(
                "fn l(&self) -> Label<\"a b\">",
                "fn l(&self) -> Label<\"a  b\">"
            ),
            Types
        );
        // Character literals (const generic arguments) are values, not lifetimes.
        assert_eq!(
            tokens("Grade<'A'> b'x'"),
            ["Grade", "<", "'A'", ">", "b", "'x'"]
        );
        assert_eq!(
            change(
                "fn set(&self, g: Grade<'A'>)",
                "fn set(&self, g: Grade<'B'>)"
            ),
            Types
        );
        assert_eq!(
            change("fn set(&self, t: Tag<b'x'>)", "fn set(&self, t: Tag<b'y'>)"),
            Types
        );
    }

    #[test]
    fn elided_lifetimes_read_as_written_out() {
        // The output borrows from the receiver, written or elided.
        for written in [
            "fn name<'a>(&'a self) -> &'a str",
            "fn name<'s>(self: &'s Self) -> &'s str",
            "fn name(&'_ self) -> &'_ str",
        ] {
            assert_eq!(
                change("fn name(&self) -> &str", written),
                ElidedLifetimes,
                "{written}"
            );
        }
        assert_eq!(
            change(
                "fn get(&mut self, key: &str) -> Ref<'_, u8>",
                "fn get<'a, 'k>(&'a mut self, key: &'k str) -> Ref<'a, u8>"
            ),
            ElidedLifetimes
        );
        assert_eq!(
            change(
                "fn get<'a>(self: &'a mut Self) -> &'a u8",
                "fn get(&mut self) -> &u8"
            ),
            ElidedLifetimes
        );
        // A trait's method, and the `AsyncFn` family's own elision scope. Naming the
        // trait (as rustc suggests when two have the method) may or may not pick
        // another method: risky, as another path spelling is.
        assert_eq!(
            change("fn go(&self) -> u8", "fn Source::go(&self) -> u8"),
            PathQualifiers
        );
        assert_eq!(
            change(
                "fn Source::go(&self) -> &str",
                "fn Source::go<'a>(&'a self) -> &'a str"
            ),
            ElidedLifetimes
        );
        assert_eq!(
            change(
                "fn run<'a>(&self, f: impl AsyncFn(&'a u8))",
                "fn run(&self, f: impl AsyncFn(&u8))"
            ),
            Types
        );
        // Without a receiver, from the only input lifetime.
        assert_eq!(
            change(
                "fn first<'a>(x: &'a [u8]) -> &'a u8",
                "fn first(x: &[u8]) -> &u8"
            ),
            ElidedLifetimes
        );
        assert_eq!(
            change(
                "fn parse<T>(&self, s: &str) -> T",
                "fn parse<'a, T>(&self, s: &'a str) -> T"
            ),
            ElidedLifetimes
        );
        // Written out, one lifetime for two inputs ties them: another signature.
        assert_eq!(
            change(
                "fn get(&self, key: &str) -> &str",
                "fn get<'a>(&'a self, key: &'a str) -> &'a str"
            ),
            Types
        );
        // The output borrowing from the other input, or living forever.
        assert_eq!(
            change(
                "fn get(&self, key: &str) -> &str",
                "fn get<'k>(&self, key: &'k str) -> &'k str"
            ),
            Types
        );
        assert_eq!(
            change("fn name(&self) -> &str", "fn name(&self) -> &'static str"),
            Types
        );
        assert_eq!(
            change(
                "fn name(&self) -> &str",
                "fn name(self: &Box<Self>) -> &str"
            ),
            Types
        );
        // Elision scopes of their own are left as written: any change is one.
        assert_eq!(
            change(
                "fn map<'a>(&self, f: impl Fn(&'a str) -> &'a str)",
                "fn map(&self, f: impl Fn(&str) -> &str)"
            ),
            Types
        );
        assert_eq!(
            change(
                "fn map(&self, f: for<'x> fn(&'x str) -> &'x str)",
                "fn map(&self, f: fn(&str) -> &str)"
            ),
            Types
        );
    }

    #[test]
    fn qualified_paths_may_name_the_same_type() {
        assert_eq!(
            change(
                "fn notify(&self, run: &str) -> Result<(), String>",
                "fn notify(&self, run: &str) -> std::result::Result<(), String>"
            ),
            PathQualifiers
        );
        assert_eq!(
            change(
                "fn f(&self) -> ::core::fmt::Result",
                "fn f(&self) -> Result"
            ),
            PathQualifiers
        );
        assert_eq!(
            change(
                "fn f(&self) -> io::Result<()>",
                "fn f(&self) -> Result<(), Error>"
            ),
            Types
        );
        // A keyword before a rooted path is no segment of it.
        assert_eq!(
            change(
                "fn f(&self, x: &mut ::app::Buf) -> u8",
                "fn f(&self, x: &::app::Buf) -> u8"
            ),
            Types
        );
        assert_eq!(
            change(
                "fn f(&self, x: impl ::std::fmt::Debug)",
                "fn f(&self, x: impl std::fmt::Debug)"
            ),
            PathQualifiers
        );
        // Both qualified, differently: two types.
        assert_eq!(
            change(
                "fn send(&self, r: crate::v1::Request) -> u8",
                "fn send(&self, r: crate::v2::Request) -> u8"
            ),
            Types
        );
        assert_eq!(
            change("fn f(&self) -> io::Error", "fn f(&self) -> fmt::Error"),
            Types
        );
        assert_eq!(
            change("fn f(&self) -> Error", "fn f(&self) -> std::io::Error"),
            PathQualifiers
        );
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "",
            "(",
            ")",
            "fn",
            "fn f(",
            "fn f(a:",
            "'",
            "fn f(mut",
            "é::ü",
            "::",
            "fn f(self:",
            "fn f(mut self",
            "r#",
            "fn f<'a(",
            "fn f(self: &",
            "fn f(self: & mut",
            ")>(",
            "r#é",
        ] {
            let _ = change(text, "fn f()");
            let _ = change("fn f()", text);
        }
        // Every sequence of four of these pieces: no index out of bounds anywhere.
        let pieces = [
            "fn", " f", "(", ")", "<", ">", "self", ":", "&", "mut", "Self", ",", "'a", "r#", "x",
            "->", "::", "é", "'_",
        ];
        let mut text = String::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        text.clear();
                        text.extend([a, b, c, d]);
                        let _ = change(&text, "fn f(&self)");
                    }
                }
            }
        }
    }
}
