//! A route file's outline: its text with the inside of every outermost
//! `{ .. }` emptied (fn bodies, `impl`s, `mod`s, and a struct literal in a
//! const's value), read at the level of bytes before anything is lexed.
//!
//! `routes!` needs the signatures, attributes and consts of a route file,
//! never what is inside a fn body, an `impl` or a `mod`. Lexing those with
//! proc-macro2 (the compiler's lexer is not an option, see `scan`) and
//! parsing them was most of the macro's own time: at 1,000 route files, 5%
//! of a `cargo check` after an edit. This pass only tracks what can hide a
//! brace (comments, strings, raw strings, chars) and the identifiers that
//! give a file its request scope.

/// What [`outline`] reads from a file.
#[derive(Debug, PartialEq)]
pub struct Outline {
    /// The file with every outermost `{ .. }` emptied to `{}`: the same
    /// items, signatures and config consts, for a fraction of the lexing.
    pub text: String,
    /// The file names `cookies`, `headers`, `after`, `connection` or
    /// `draft_mode` outside comments and strings (Next's `next/headers` and
    /// `next/server` functions): its handlers run in a request scope.
    pub uses_scope: bool,
    /// The file names `RouteContext` or `Params` outside comments and
    /// strings: its module needs `Params` (and the `__Route` marker) even
    /// when its route has no params.
    pub names_params: bool,
}

/// The identifiers that put a file's handlers in a request scope. A
/// `matches!`, not a list searched: this runs for every word of every route
/// file, in a debug build.
fn is_scope_name(word: &[u8]) -> bool {
    matches!(
        word,
        b"cookies" | b"headers" | b"after" | b"connection" | b"draft_mode"
    )
}

/// The outline of `source`, or `None` when it is not well formed at this
/// level (an unclosed comment, string or brace): the caller then lexes the
/// whole file, and the compiler reports what is wrong.
pub fn outline(source: &str) -> Option<Outline> {
    let bytes = source.as_bytes();
    let mut text = String::with_capacity(source.len());
    let mut uses_scope = false;
    let mut names_params = false;
    let mut depth = 0usize;
    // Where the text kept so far ends (the inside of a top-level group, and
    // the `use` items, are left out).
    let mut kept = 0usize;
    let mut item = Item::default();
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let top = depth == 0;
        match b {
            b'/' if next == Some(b'/') => {
                if top && is_doc_line(&bytes[i..]) {
                    item.token(i, false);
                }
                i = memchr(b'\n', bytes, i).unwrap_or(bytes.len());
            }
            b'/' if next == Some(b'*') => {
                if top && is_doc_block(&bytes[i..]) {
                    item.token(i, false);
                }
                i = block_comment_end(bytes, i)?;
            }
            b'"' => {
                if top {
                    item.token(i, false);
                }
                i = string_end(bytes, i + 1)?;
            }
            b'\'' => {
                if top {
                    item.token(i, false);
                }
                i = char_or_lifetime_end(source, i)?;
            }
            b'{' => {
                if top {
                    item.token(i, false);
                    if item.dropping.is_none() {
                        text.push_str(&source[kept..=i]);
                    }
                }
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 && item.dropping.is_none() {
                    kept = i;
                    item = Item::default();
                }
                i += 1;
            }
            b';' if top => {
                if let Some(from) = item.dropping {
                    text.push_str(&source[kept..from]);
                    kept = i + 1;
                }
                item = Item::default();
                i += 1;
            }
            // `pub(crate)`, `pub(in path)`: still only the item's visibility.
            b'(' if top && item.visibility => {
                i += bytes[i..].iter().position(|&b| b == b')')? + 1;
            }
            _ if is_ident_start(b) => {
                let start = i;
                while i < bytes.len() && IDENT_CONTINUE[usize::from(bytes[i])] {
                    i += 1;
                }
                let word = &bytes[start..i];
                // `r"..", r#".."#, br"..", cr".."`: a raw string.
                if matches!(word, b"r" | b"br" | b"cr") && matches!(bytes.get(i), Some(b'"' | b'#'))
                {
                    match raw_string_end(bytes, i) {
                        RawString::Not => {}
                        RawString::Unclosed => return None,
                        RawString::EndsAt(end) => {
                            if top {
                                item.token(start, false);
                            }
                            i = end;
                        }
                    }
                    continue;
                }
                if top {
                    // A `use` item (no attribute, no doc comment on it):
                    // `routes!` reads none, the parser would.
                    if word == b"use"
                        && item.dropping.is_none()
                        && (item.begin.is_none() || item.visibility)
                    {
                        item.dropping = Some(item.begin.unwrap_or(start));
                    }
                    item.token(start, word == b"pub");
                }
                // `b"..", c"..", b'x'`: the literal follows.
                uses_scope |= is_scope_name(word);
                names_params |= matches!(word, b"RouteContext" | b"Params");
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                if top {
                    item.token(i, false);
                }
                i += 1;
            }
        }
    }
    if depth != 0 || item.dropping.is_some() {
        return None;
    }
    text.push_str(&source[kept..]);
    Some(Outline {
        text,
        uses_scope,
        names_params,
    })
}

/// The top-level item being read, from its tokens so far.
#[derive(Default)]
struct Item {
    /// Where its first token is (`None`: none yet).
    begin: Option<usize>,
    /// Its tokens so far are its visibility (`pub`, `pub(crate)`).
    visibility: bool,
    /// It is a `use` item, left out of the outline from this byte on.
    dropping: Option<usize>,
}

impl Item {
    fn token(&mut self, at: usize, is_pub: bool) {
        self.visibility = self.begin.is_none() && is_pub;
        self.begin.get_or_insert(at);
    }
}

/// `///` (not `////`): a doc comment, an attribute of the next item (`//!`
/// is the file's).
pub(super) fn is_doc_line(rest: &[u8]) -> bool {
    rest.starts_with(b"///") && !rest.starts_with(b"////")
}

/// `/**` that is not `/***` or `/**/` (`/*!` is the file's).
pub(super) fn is_doc_block(rest: &[u8]) -> bool {
    rest.starts_with(b"/**") && !rest.starts_with(b"/***") && !rest.starts_with(b"/**/")
}

pub(super) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// Can the byte continue an identifier? A table the loops over words index
/// directly (a call per byte, in a debug build, cost more than the rest).
pub(super) const IDENT_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
        b += 1;
    }
    table
};

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map(|p| from + p)
}

/// After a `/* .. */` starting at `i` (they nest).
pub(super) fn block_comment_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// After the closing `"` of a string whose text starts at `i`.
pub(super) fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// What follows an `r` (or `br`, `cr`) word.
pub(super) enum RawString {
    /// A raw identifier (`r#type`).
    Not,
    Unclosed,
    /// A raw string, ending before this byte.
    EndsAt(usize),
}

/// The raw string whose `#`s (or `"`) start at `i`, if it is one.
pub(super) fn raw_string_end(bytes: &[u8], mut i: usize) -> RawString {
    let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
    i += hashes;
    if bytes.get(i) != Some(&b'"') {
        return RawString::Not;
    }
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return RawString::EndsAt(i + 1 + hashes);
        }
        i += 1;
    }
    RawString::Unclosed
}

/// After a char literal (`'{'`, `'\''`, `'\u{7b}'`, `'é'`) or a lifetime or
/// label (`'a`, `'static`) starting at `i`.
pub(super) fn char_or_lifetime_end(source: &str, i: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    match bytes.get(i + 1) {
        Some(b'\\') => {
            // An escape: up to the closing quote (`'\''` skips its own).
            let mut j = i + 3;
            while j < bytes.len() && bytes[j] != b'\'' {
                j += 1;
            }
            (j < bytes.len()).then_some(j + 1)
        }
        Some(_) => {
            let c = source[i + 1..].chars().next()?;
            let after = i + 1 + c.len_utf8();
            if bytes.get(after) == Some(&b'\'') {
                Some(after + 1)
            } else {
                Some(i + 1) // a lifetime: its name is read as a word
            }
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{outline, Outline};

    fn text(src: &str) -> String {
        outline(src).expect("well formed").text
    }

    #[test]
    fn top_level_groups_are_emptied() {
        assert_eq!(
            text("#[route]\npub async fn GET(a: A) -> B { let x = { 1 }; x }\nconst X: u8 = 1;"),
            "#[route]\npub async fn GET(a: A) -> B {}\nconst X: u8 = 1;"
        );
        assert_eq!(text("impl S { fn f() {} } mod m { }"), "impl S {} mod m {}");
    }

    #[test]
    fn use_items_are_left_out_unless_something_is_said_of_them() {
        assert_eq!(
            text("//! A file.\nuse a::{b, c};\npub use d;\npub(crate) use e::f as g;\nfn h() {}"),
            "//! A file.\n\n\n\nfn h() {}"
        );
        // An attribute or a doc comment on a `use` would move to the next
        // item: such a `use` stays.
        assert_eq!(text("#[cfg(x)] use a;"), "#[cfg(x)] use a;");
        assert_eq!(text("/// Doc.\nuse a;"), "/// Doc.\nuse a;");
        assert_eq!(text("/** Doc. */ use a;"), "/** Doc. */ use a;");
        // `use` in a signature (precise capturing) is not an item.
        assert_eq!(
            text("fn f<'a>() -> impl Sized + use<'a> { 1 }"),
            "fn f<'a>() -> impl Sized + use<'a> {}"
        );
        // The scope names are read in the `use` items too.
        assert!(
            outline("use route_runtime::cookies;")
                .expect("well formed")
                .uses_scope
        );
    }

    #[test]
    fn braces_in_literals_and_comments_do_not_count() {
        let src = r####"fn a() { let s = "}{\"}"; let c = '}'; let d = '\''; let e = '\u{7d}'; }
fn b() { let r = r#"}"#; let r2 = r##"x"#}"##; let b = b"}"; let bc = b'{'; }
// } a comment {
/* } /* nested { */ } */
fn c<'a>(x: &'a str) -> &'a str { 'outer: loop { break 'outer; } x }
fn d() { let é = 'é'; let r#type = 1; }"####;
        assert_eq!(
            text(src),
            "fn a() {}\nfn b() {}\n// } a comment {\n/* } /* nested { */ } */\nfn c<'a>(x: &'a str) -> &'a str {}\nfn d() {}"
        );
    }

    /// The names the outline notes (the request scope's functions, and
    /// `RouteContext`/`Params`), found as identifiers only: not in a
    /// literal, a comment, or a longer identifier.
    #[test]
    fn names_are_found_outside_literals_and_comments() {
        // (source, uses_scope, names_params)
        let cases = [
            ("use route_runtime::cookies;", true, false),
            ("fn GET() { let h = headers(); }", true, false),
            ("fn GET() { draft_mode().enable(); }", true, false),
            ("fn GET() { let s = \"cookies\"; }", false, false),
            ("// headers\nfn GET() { /* after */ }", false, false),
            (
                "fn GET() { let my_headers = 1; let cookiesx = 2; }",
                false,
                false,
            ),
            ("fn GET() { let s = r#\"headers\"#; }", false, false),
            ("pub async fn GET(ctx: RouteContext) {}", false, true),
            ("pub async fn GET(_: RouteContext<\"/a\">) {}", false, true),
            ("use route_runtime::RouteContext;", false, true),
            (
                "fn GET() { let p: Option<super::Params> = None; }",
                false,
                true,
            ),
            (
                "pub async fn GET() -> &'static str { \"ok\" }",
                false,
                false,
            ),
            ("fn GET() { let s = \"RouteContext\"; }", false, false),
            ("// Params\nfn GET() { /* RouteContext */ }", false, false),
            (
                "fn GET() { let MyParams = 1; let RouteContexts = 2; }",
                false,
                false,
            ),
            ("fn GET(ctx: RouteContext) { cookies(); }", true, true),
        ];
        for (src, scope, params) in cases {
            let o = outline(src).expect("well formed");
            assert_eq!((o.uses_scope, o.names_params), (scope, params), "{src}");
        }
    }

    #[test]
    fn malformed_files_are_left_to_the_compiler() {
        for src in [
            "fn a() {",
            "fn a() }",
            "fn a() { \"x }",
            "/* x",
            "fn a() { r#\"x }",
            "r#\"x",
        ] {
            assert_eq!(outline(src), None::<Outline>, "{src}");
        }
    }

    /// The outline parses as the same file, item for item (its `use` items
    /// left out).
    #[test]
    fn the_outline_parses_as_the_same_items() {
        let src = r#"
//! A route.
use route_runtime::{route, RouteContext};
pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;
pub const X: S = S { a: 1 };
/// Says hi.
#[route]
pub async fn GET(ctx: RouteContext<"/users/[id]">, s: State<AppState>) -> String {
    match 1 { _ => {} }
    "hi".into()
}
impl S { fn f(&self) {} }
"#;
        let mut full: syn::File = syn::parse_str(src).expect("parses");
        full.items.retain(|i| !matches!(i, syn::Item::Use(_)));
        let outlined: syn::File = syn::parse_str(&text(src)).expect("parses");
        assert_eq!(full.items.len(), outlined.items.len());
        assert_eq!(full.attrs, outlined.attrs);
        for (a, b) in full.items.iter().zip(&outlined.items) {
            match (a, b) {
                (syn::Item::Fn(a), syn::Item::Fn(b)) => {
                    assert_eq!(a.sig, b.sig);
                    assert_eq!(a.attrs, b.attrs);
                }
                (syn::Item::Const(a), syn::Item::Const(b)) => assert_eq!(a.ident, b.ident),
                (syn::Item::Impl(_), syn::Item::Impl(_)) => {}
                (a, b) => panic!("{a:?} became {b:?}"),
            }
        }
    }
}
