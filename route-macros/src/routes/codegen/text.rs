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

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

/// Each piece of text as tokens, in order. The pieces are lexed as one
/// string, each in a `{ .. }` of its own, and split back out.
pub fn lex_each(pieces: &[String]) -> Vec<TokenStream> {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len() + 3).sum());
    for piece in pieces {
        text.push('{');
        text.push_str(piece);
        text.push_str("}\n");
    }
    match lex(&text) {
        Ok(tokens) => tokens
            .into_iter()
            .filter_map(|tt| match tt {
                TokenTree::Group(g) => Some(g.stream()),
                _ => None,
            })
            .collect(),
        Err(e) => {
            let msg =
                format!("route_runtime: generated code does not lex ({e}); please report this");
            vec![quote!(::core::compile_error!(#msg);); pieces.len()]
        }
    }
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
    use super::lex_each;

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
