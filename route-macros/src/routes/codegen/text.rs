//! Generated code written as text and lexed once, by the compiler.
//!
//! A debug-built proc macro (as cargo builds every proc macro) pays for each
//! token `quote!` makes: a call across the proc-macro bridge, in unoptimized
//! code. For the code written once per route with nothing spanned at the
//! user's source (the params items, the router chain), text lexed by the
//! compiler's optimized lexer costs a fraction of it. The text of a whole
//! tree is one string: one source file for the crate's metadata (a string
//! per route would make one per route, each hashed at every `cargo check`).
//! Every token gets the call site's span, as `quote!` gives them.

use std::cell::RefCell;

use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::quote;

thread_local! {
    /// The pieces [`lex_each`] was given while [`deferred`] runs.
    static DEFERRED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Each piece of text as tokens, in order. The pieces are lexed as one
/// string, each in a `{ .. }` of its own, and split back out. While
/// [`deferred`] runs: a marker for each, put back by [`splice`].
pub fn lex_each(pieces: &[String]) -> Vec<TokenStream> {
    let markers = DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        let texts = d.as_mut()?;
        Some(
            pieces
                .iter()
                .map(|piece| {
                    texts.push(piece.clone());
                    TokenStream::from(TokenTree::Literal(Literal::string(&marker(
                        texts.len() - 1,
                    ))))
                })
                .collect::<Vec<_>>(),
        )
    });
    if let Some(markers) = markers {
        return markers;
    }
    lex_all(pieces).unwrap_or_else(|e| {
        let msg = format!("route_runtime: generated code does not lex ({e}); please report this");
        vec![quote!(::core::compile_error!(#msg);); pieces.len()]
    })
}

/// Each piece of text as tokens, in order, or why the text does not lex.
pub fn lex_all<S: AsRef<str>>(pieces: &[S]) -> Result<Vec<TokenStream>, String> {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.as_ref().len() + 3).sum());
    for piece in pieces {
        text.push('{');
        text.push_str(piece.as_ref());
        text.push_str("}\n");
    }
    let streams: Vec<TokenStream> = lex(&text)?
        .into_iter()
        .filter_map(|tt| match tt {
            TokenTree::Group(g) => Some(g.stream()),
            _ => None,
        })
        .collect();
    if streams.len() != pieces.len() {
        return Err("a piece is not balanced".to_string());
    }
    Ok(streams)
}

/// Runs `f` with the text it has lexed left as text: `f`'s output holds a
/// marker (a string literal) for each piece, given back in order. An output
/// written out as text ([`splice`]) is then lexed once, as one string: the
/// same string whether it was just made or read back from the last build
/// (`routes::reuse`), so the crate's source files (which its hash covers)
/// are the same either way.
pub fn deferred<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let before = DEFERRED.with(|d| d.borrow_mut().replace(Vec::new()));
    let out = f();
    let texts = DEFERRED.with(|d| std::mem::replace(&mut *d.borrow_mut(), before));
    (out, texts.unwrap_or_default())
}

fn marker(k: usize) -> String {
    format!("__route_runtime_text_{k}__")
}

/// `printed` (outputs of [`deferred`], as text) with each piece's marker
/// replaced by the piece, on lines of its own; `None` unless every marker
/// is found exactly once, as a string literal (a route's doc comment could
/// hold one's text).
pub fn splice(printed: &[String], texts: &[String]) -> Option<Vec<String>> {
    let mut out: Vec<String> = printed.to_vec();
    for (k, text) in texts.iter().enumerate() {
        let quoted = format!("\"{}\"", marker(k));
        let mut found = None;
        for (i, s) in out.iter().enumerate() {
            match (s.matches(quoted.as_str()).count(), found) {
                (0, _) => {}
                (1, None) => found = Some(i),
                _ => return None,
            }
        }
        let s = &mut out[found?];
        *s = s.replacen(quoted.as_str(), &format!("\n{text}\n"), 1);
    }
    Some(out)
}

/// The compiler's lexer, directly: proc-macro2's `parse` lexes the text with
/// its own lexer first (to turn a lex error into an `Err`), which cost more
/// than the text saved. Outside a proc macro (unit tests), proc-macro2's.
fn lex(text: &str) -> Result<TokenStream, String> {
    if proc_macro::is_available() {
        return text
            .parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|e| e.to_string());
    }
    text.parse::<TokenStream>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::{deferred, lex_each, splice};

    #[test]
    fn deferred_pieces_are_spliced_back_where_they_were() {
        let ((a, b), texts) = deferred(|| {
            let a = lex_each(&["struct A;".to_string()]).remove(0);
            let b = lex_each(&["// note\nstruct B;".to_string(), "fn c() {}".to_string()]);
            (a, b)
        });
        assert_eq!(texts, ["struct A;", "// note\nstruct B;", "fn c() {}"]);
        let printed = vec![
            quote::quote!(mod m { #a }).to_string(),
            quote::quote!(#(#b)*).to_string(),
        ];
        let norm = |s: &String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let spliced = splice(&printed, &texts).map(|s| s.iter().map(norm).collect::<Vec<_>>());
        assert_eq!(
            spliced.as_deref(),
            Some(
                &[
                    "mod m { struct A; }".to_string(),
                    "// note struct B; fn c() {}".to_string()
                ][..]
            )
        );
        // Not deferred: lexed.
        assert_eq!(
            lex_each(&["struct D;".to_string()])[0].to_string(),
            "struct D ;"
        );
        // A marker's text twice (a doc comment could hold it): not spliced.
        let twice = vec![format!("{} {}", printed[0], printed[0]), printed[1].clone()];
        assert!(splice(&twice, &texts).is_none());
    }

    #[test]
    fn each_piece_comes_back_on_its_own() {
        let pieces = vec![
            "pub struct A { pub x: u8 }".to_string(),
            String::new(),
            ".route(\"/a\", m())".to_string(),
        ];
        let out: Vec<String> = lex_each(&pieces).iter().map(ToString::to_string).collect();
        assert_eq!(
            out,
            ["pub struct A { pub x : u8 }", "", ". route (\"/a\" , m ())"]
        );
    }
}
