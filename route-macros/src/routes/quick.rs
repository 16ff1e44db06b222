//! The quick reading of a route file's handlers: the common `#[route]` fn
//! (`/// Doc.` `#[route] pub async fn GET(ctx: RouteContext) -> Json<Value>
//! {}`) read from its outline's bytes, without lexing it into proc-macro2
//! tokens or parsing it with syn.
//!
//! A debug-built proc macro (as cargo builds them) took 0.16 M instructions
//! to lex and parse one such signature with proc-macro2 and syn: at 2,000
//! handlers, 0.5 G of a `cargo check` after an edit. What `routes!` needs
//! of a handler is little: its name, its doc comment, whether it writes its
//! route (`RouteContext<"..">`), and for `GET` which arguments read the
//! request. Anything else about a fn (another attribute, generics, a
//! `State<T>` argument, a lifetime, a type that is not a plain path) and the
//! fn is left in the text that syn parses, as before; so is every other
//! item. [`read`] gives that text back with the fns it read taken out.

use super::outline::{block_comment_end, char_or_lifetime_end, raw_string_end, string_end};
use super::outline::{is_doc_block, is_doc_line, is_ident_start, RawString, IDENT_CONTINUE};
use crate::model::method;

/// A `#[route]` fn read quickly.
#[derive(Debug, PartialEq)]
pub struct QuickFn {
    pub name: String,
    /// Its `///` comment, as [`super::scan::doc_text`] gives it.
    pub doc: String,
    /// It writes `RouteContext<"..">`.
    pub writes_route: bool,
    /// For `GET`: the arguments' types that read request data, as
    /// [`crate::signature::reads_request`] names them.
    pub reads_request: Vec<String>,
}

/// What [`read`] found.
#[derive(Debug, PartialEq)]
pub struct Quick {
    pub fns: Vec<QuickFn>,
    /// The outline without those fns, for syn; `None` when nothing else is
    /// in it (no item, no inner attribute or doc comment).
    pub rest: Option<String>,
}

/// The `#[route]` fns of an outline that read quickly, and the rest of it.
/// `None` when the outline has something this reader does not follow
/// (a byte-string prefix it does not know, an unbalanced group) or names a
/// method twice: syn reads the whole outline then.
pub fn read(outline: &str) -> Option<Quick> {
    let tokens = tokenize(outline)?;
    let items = items(&tokens)?;
    let mut fns = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut others = false;
    for item in &items {
        match quick_fn(item) {
            Some(f) => {
                let (Some(first), Some(last)) = (item.first(), item.last()) else {
                    return None;
                };
                taken.push((first.start, last.end));
                fns.push(f);
            }
            None => others = true,
        }
    }
    // A method named twice: syn's reading says which is the duplicate, in
    // file order.
    let named = fn_names(&tokens);
    if fns
        .iter()
        .any(|f| named.iter().filter(|n| **n == f.name).count() > 1)
    {
        return None;
    }
    let rest = others.then(|| {
        let mut rest = String::with_capacity(outline.len());
        let mut from = 0;
        for (start, end) in &taken {
            rest.push_str(&outline[from..*start]);
            rest.push(' ');
            from = *end;
        }
        rest.push_str(&outline[from..]);
        rest
    });
    Some(Quick { fns, rest })
}

/// Each token of `text` (comments that are not doc comments, and
/// whitespace, left out), as the byte range it spans: what a change to the
/// text must change for [`read`] (and syn, reading the rest) to read
/// something else. `None` where [`tokenize`] gives up.
pub fn token_ranges(text: &str) -> Option<Vec<(usize, usize)>> {
    Some(tokenize(text)?.iter().map(|t| (t.start, t.end)).collect())
}

/// A token of the outline, and where it is.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind<'a>,
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind<'a> {
    Ident(&'a str),
    /// A punctuation byte; `true` when the next byte is punctuation too
    /// (`::`, `->`).
    Punct(u8, bool),
    /// A plain string literal.
    Str,
    /// `/// ..`: its text after the slashes.
    Doc(&'a str),
    /// `//!` or `/*!`: the file's own doc, an item of its own.
    InnerDoc,
    Open(u8),
    Close(u8),
    /// Anything a quick fn never has: a number, a char, a lifetime, a raw
    /// or byte string, a raw identifier, a `/** */` doc comment.
    Other,
}

fn tokenize(text: &str) -> Option<Vec<Token<'_>>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                let rest = &bytes[i..];
                let kind = if is_doc_line(rest) {
                    match text.get(i + 3..end) {
                        Some(doc) if !doc.contains('\r') => Kind::Doc(doc),
                        _ => Kind::Other,
                    }
                } else if rest.starts_with(b"//!") {
                    Kind::InnerDoc
                } else {
                    i = end;
                    continue;
                };
                i = end;
                kind
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let rest = &bytes[i..];
                let kind = if is_doc_block(rest) {
                    Kind::Other
                } else if rest.starts_with(b"/*!") {
                    Kind::InnerDoc
                } else {
                    i = block_comment_end(bytes, i)?;
                    continue;
                };
                i = block_comment_end(bytes, i)?;
                kind
            }
            b'"' => {
                i = string_end(bytes, i + 1)?;
                Kind::Str
            }
            b'\'' => {
                i = char_or_lifetime_end(text, i)?;
                Kind::Other
            }
            b'0'..=b'9' => {
                while i < bytes.len() && (IDENT_CONTINUE[usize::from(bytes[i])] || bytes[i] == b'.')
                {
                    i += 1;
                }
                Kind::Other
            }
            _ if is_ident_start(b) => {
                while i < bytes.len() && IDENT_CONTINUE[usize::from(bytes[i])] {
                    i += 1;
                }
                let word = &text[start..i];
                match bytes.get(i) {
                    // `r"..", r#".."#`, `r#type`, `br".."`, `cr".."`.
                    Some(b'"' | b'#') if matches!(word, "r" | "br" | "cr") => {
                        match raw_string_end(bytes, i) {
                            RawString::EndsAt(end) => i = end,
                            RawString::Unclosed => return None,
                            RawString::Not => {
                                // A raw identifier: its name is read next.
                                i += 1;
                            }
                        }
                        Kind::Other
                    }
                    // `b".."`, `c".."`, `b'x'`.
                    Some(b'"') if matches!(word, "b" | "c") => {
                        i = string_end(bytes, i + 1)?;
                        Kind::Other
                    }
                    Some(b'\'') if word == "b" => {
                        i = char_or_lifetime_end(text, i)?;
                        Kind::Other
                    }
                    _ => Kind::Ident(word),
                }
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                Kind::Open(b)
            }
            b')' | b']' | b'}' => {
                i += 1;
                Kind::Close(b)
            }
            _ if b.is_ascii_punctuation() => {
                i += 1;
                let joint = bytes.get(i).is_some_and(|n| {
                    n.is_ascii_punctuation()
                        && !matches!(n, b'(' | b'[' | b'{' | b')' | b']' | b'}' | b'"' | b'\'')
                });
                Kind::Punct(b, joint)
            }
            _ => return None,
        };
        out.push(Token {
            kind,
            start,
            end: i,
        });
    }
    Some(out)
}

/// The top-level items: each from its first token (an attribute, a doc
/// comment) to its `;` or its closing `}`. An inner doc comment or
/// attribute (`//!`, `#![..]`) is an item of its own.
fn items<'t, 'a>(tokens: &'t [Token<'a>]) -> Option<Vec<&'t [Token<'a>]>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut begin: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let first = *begin.get_or_insert(i);
        let end = match t.kind {
            Kind::Open(_) => {
                depth += 1;
                false
            }
            Kind::Close(c) => {
                depth = depth.checked_sub(1)?;
                let inner = matches!(
                    tokens[first..].get(..2).map(|s| (s[0].kind, s[1].kind)),
                    Some((Kind::Punct(b'#', _), Kind::Punct(b'!', _)))
                );
                depth == 0 && (c == b'}' || (c == b']' && inner))
            }
            Kind::Punct(b';', _) => depth == 0,
            Kind::InnerDoc => depth == 0 && first == i,
            _ => false,
        };
        if end {
            items.push(&tokens[first..=i]);
            begin = None;
        }
    }
    if depth != 0 {
        return None;
    }
    if let Some(first) = begin {
        items.push(&tokens[first..]);
    }
    Some(items)
}

/// Every top-level `fn NAME` (the methods a file names, quick or not).
fn fn_names<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    let mut depth = 0usize;
    let mut names = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            Kind::Ident("fn") if depth == 0 => {
                if let Some(Kind::Ident(name)) = tokens.get(i + 1).map(|t| t.kind) {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}

/// `(/// ..)* #[route] (/// ..)* pub? async? fn METHOD(args) (-> Type)? {}`,
/// with arguments and a return type this reader follows.
fn quick_fn(item: &[Token]) -> Option<QuickFn> {
    let mut i = 0;
    let mut docs = Vec::new();
    let mut route = false;
    loop {
        match item
            .get(i..i + 4)
            .map(|s| [s[0].kind, s[1].kind, s[2].kind, s[3].kind])
        {
            Some(
                [Kind::Punct(b'#', false), Kind::Open(b'['), Kind::Ident("route"), Kind::Close(b']')],
            ) if !route => {
                route = true;
                i += 4;
                continue;
            }
            _ => {}
        }
        match item.get(i)?.kind {
            Kind::Doc(d) => {
                docs.push(d);
                i += 1;
            }
            _ => break,
        }
    }
    if !route {
        return None;
    }
    let kind = |i: usize| item.get(i).map(|t| t.kind);
    if kind(i) == Some(Kind::Ident("pub")) {
        if kind(i + 1) == Some(Kind::Open(b'(')) {
            return None;
        }
        i += 1;
    }
    if kind(i) == Some(Kind::Ident("async")) {
        i += 1;
    }
    if kind(i) != Some(Kind::Ident("fn")) {
        return None;
    }
    let Some(Kind::Ident(name)) = kind(i + 1) else {
        return None;
    };
    if !method::is_method(name) || kind(i + 2) != Some(Kind::Open(b'(')) {
        return None;
    }
    // The arguments: up to the matching `)`.
    let args_start = i + 3;
    let mut depth = 1usize;
    let mut j = args_start;
    while depth > 0 {
        match kind(j)? {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth -= 1,
            _ => {}
        }
        j += 1;
    }
    let args = &item[args_start..j - 1];
    // `-> Type`, then `{}`, and the item ends there.
    let mut k = j;
    if kind(k) == Some(Kind::Punct(b'-', true)) && kind(k + 1) == Some(Kind::Punct(b'>', false)) {
        k += 2;
        if kind(k) == Some(Kind::Open(b'{')) {
            return None;
        }
        while !matches!(kind(k)?, Kind::Open(b'{')) {
            if matches!(kind(k)?, Kind::Ident("where") | Kind::Other | Kind::Doc(_)) {
                return None;
            }
            k += 1;
        }
    }
    if (kind(k), kind(k + 1), k + 2)
        != (Some(Kind::Open(b'{')), Some(Kind::Close(b'}')), item.len())
    {
        return None;
    }
    if args.iter().any(|t| {
        matches!(
            t.kind,
            Kind::Other | Kind::Doc(_) | Kind::InnerDoc | Kind::Ident("State" | "self" | "impl")
        ) || t.kind == Kind::Punct(b'#', false)
    }) {
        return None;
    }
    let writes_route = args.windows(3).any(|w| {
        w[0].kind == Kind::Ident("RouteContext")
            && matches!(w[1].kind, Kind::Punct(b'<', _))
            && w[2].kind == Kind::Str
    });
    // `pattern: Type` each (a trailing comma aside), every type a path.
    let mut reads_request = Vec::new();
    let args = split(args, b',');
    for (n, arg) in args.iter().enumerate() {
        if arg.is_empty() && n + 1 == args.len() {
            break;
        }
        let colon = arg_colon(arg)?;
        if colon == 0 {
            return None;
        }
        if let Some(reads) = reads_request_of(&arg[colon + 1..])? {
            if name == "GET" {
                reads_request.push(reads);
            }
        }
    }
    let doc: Vec<&str> = docs
        .iter()
        .map(|d| d.strip_prefix(' ').unwrap_or(d).trim_end())
        .collect();
    Some(QuickFn {
        name: name.to_string(),
        doc: doc.join("\n").trim().to_string(),
        writes_route,
        reads_request,
    })
}

/// The tokens between top-level `sep`s (outside groups and `<..>`).
fn split<'t, 'a>(tokens: &'t [Token<'a>], sep: u8) -> Vec<&'t [Token<'a>]> {
    let mut parts = Vec::new();
    let (mut depth, mut angle, mut from) = (0usize, 0usize, 0);
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            Kind::Punct(b'<', _) if depth == 0 => angle += 1,
            // Not the `>` of an arrow (`Fn() -> T`).
            Kind::Punct(b'>', _)
                if depth == 0 && i > 0 && tokens[i - 1].kind != Kind::Punct(b'-', true) =>
            {
                angle = angle.saturating_sub(1)
            }
            Kind::Punct(c, _) if c == sep && depth == 0 && angle == 0 => {
                parts.push(&tokens[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[from..]);
    parts
}

/// The `:` between an argument's pattern and its type (not a `::`).
fn arg_colon(arg: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in arg.iter().enumerate() {
        match t.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            Kind::Punct(b':', joint) if depth == 0 => {
                let after_colon = i > 0 && arg[i - 1].kind == Kind::Punct(b':', true);
                if !joint && !after_colon {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// [`crate::signature::reads_request`] of a type written `&? mut? path`
/// (`None` inside: it reads nothing); `None` outside for any other type.
fn reads_request_of(ty: &[Token]) -> Option<Option<String>> {
    let mut i = 0;
    let mut reference = false;
    if ty.first()?.kind == Kind::Punct(b'&', false) {
        reference = true;
        i += 1;
        if ty.get(i).map(|t| t.kind) == Some(Kind::Ident("mut")) {
            i += 1;
        }
    }
    let (last, args) = path(&ty[i..])?;
    let body = !reference && is_body(last, args)?;
    let reads = body || crate::signature::HEAD_READERS.contains(&last);
    Some(reads.then(|| last.to_string()))
}

/// `a::b::C<..>`: its last name and the tokens between its `<..>`.
fn path<'t, 'a>(ty: &'t [Token<'a>]) -> Option<(&'a str, &'t [Token<'a>])> {
    let mut i = 0;
    let colons = |i: usize| {
        matches!(
            (ty.get(i).map(|t| t.kind), ty.get(i + 1).map(|t| t.kind)),
            (
                Some(Kind::Punct(b':', true)),
                Some(Kind::Punct(b':', false))
            )
        )
    };
    if colons(0) {
        i += 2;
    }
    loop {
        let Kind::Ident(name) = ty.get(i)?.kind else {
            return None;
        };
        if crate::signature::starts_other_type(name) {
            return None;
        }
        i += 1;
        if colons(i) {
            i += 2;
            continue;
        }
        return match ty.get(i).map(|t| t.kind) {
            None => Some((name, &[])),
            // `C<..>`, its `>` the type's last token.
            Some(Kind::Punct(b'<', _)) if closing_angle(ty, i)? + 1 == ty.len() => {
                Some((name, &ty[i + 1..ty.len() - 1]))
            }
            _ => None,
        };
    }
}

/// The `>` that closes the `<` at `open` (arrows aside).
fn closing_angle(tokens: &[Token], open: usize) -> Option<usize> {
    let mut angle = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            Kind::Punct(b'<', _) => angle += 1,
            Kind::Punct(b'>', _) if tokens[i - 1].kind != Kind::Punct(b'-', true) => {
                angle -= 1;
                if angle == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// [`crate::signature::is_body`] of the path type `last<args>`.
fn is_body(last: &str, args: &[Token]) -> Option<bool> {
    if crate::signature::wraps_body(last) {
        let Some(first) = split(args, b',')
            .into_iter()
            .next()
            .filter(|a| !a.is_empty())
        else {
            return Some(false);
        };
        // `Option<&T>` and the like are not path types: not the body.
        if first[0].kind == Kind::Punct(b'&', false) {
            return Some(false);
        }
        let (inner, inner_args) = path(first)?;
        return is_body(inner, inner_args);
    }
    Some(crate::signature::BODY_EXTRACTORS.contains(&last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick(src: &str) -> Quick {
        read(src).expect("reads")
    }

    #[test]
    fn the_common_handler_reads_quickly() {
        let q = quick(
            "// A comment.\n/// The user.\n///\n///  Indented.\n#[route]\npub async fn GET(ctx: RouteContext<\"/users/[id]\">, q: Query<Q>, h: &HeaderMap, b: Json<Value>) -> Json<Value> {}\n\
             #[route] pub fn POST(Json(v): Json<V>) {}",
        );
        assert_eq!(
            q.fns,
            [
                QuickFn {
                    name: "GET".into(),
                    doc: "The user.\n\n Indented.".into(),
                    writes_route: true,
                    reads_request: vec!["Query".into(), "HeaderMap".into(), "Json".into()],
                },
                QuickFn {
                    name: "POST".into(),
                    doc: String::new(),
                    writes_route: false,
                    reads_request: vec![],
                },
            ]
        );
        assert_eq!(q.rest, None);
    }

    #[test]
    fn anything_else_is_left_to_syn() {
        for src in [
            "#[route] pub async fn GET(s: State<App>) {}",
            "#[route] pub async fn GET<T>() {}",
            "#[route] pub(crate) async fn GET() {}",
            "#[route] #[cfg(x)] pub async fn GET() {}",
            "#[route] pub async fn GET(x: &'static str) {}",
            "#[route] pub async fn GET() -> impl IntoResponse where X: Y {}",
            "#[route] pub async fn FETCH() {}",
            "/** Doc. */ #[route] pub async fn GET() {}",
            "#[route] pub async fn GET(r#type: String) {}",
            "pub async fn GET() {}",
        ] {
            let q = quick(src);
            assert!(q.fns.is_empty(), "{src}");
            assert_eq!(q.rest.as_deref(), Some(src), "{src}");
        }
        // An argument whose type is not a plain path, or a mistake: syn
        // reads it (and says what is wrong).
        for src in [
            "#[route] pub async fn POST(x: (A, B)) {}",
            "#[route] pub async fn POST(x: A, , y: B) {}",
            "#[route] pub async fn POST(: A) {}",
            "#[route] pub async fn POST(x) {}",
            "#[route] pub async fn POST() -> {}",
        ] {
            assert!(quick(src).fns.is_empty(), "{src}");
        }
        assert_eq!(quick("#[route] pub async fn POST(x: A,) {}").fns.len(), 1);
    }

    #[test]
    fn the_rest_keeps_every_other_item_in_place() {
        let q = quick("//! The file.\nconst X: u8 = 1;\n#[route] pub fn GET() {}\nfn helper() {}");
        assert_eq!(q.fns.len(), 1);
        assert_eq!(
            q.rest.as_deref(),
            Some("//! The file.\nconst X: u8 = 1;\n \nfn helper() {}")
        );
        // A method named twice: all of it to syn, which names the duplicate.
        assert_eq!(
            read("#[route] pub fn GET() {} #[route] fn GET(s: State<S>) {}"),
            None
        );
    }

    #[test]
    fn reads_request_as_the_signature_module_does() {
        for (ty, expected) in [
            ("Json<Value>", Some("Json")),
            ("axum::extract::Json<Value>", Some("Json")),
            ("::axum::Json<Value>", Some("Json")),
            ("Option<Json<T>>", Some("Option")),
            ("Option<HeaderMap>", None),
            ("Result<Form<T>, E>", Some("Result")),
            ("&HeaderMap", Some("HeaderMap")),
            ("&Json<T>", None),
            ("HashMap<String, Vec<u8>>", None),
            ("Request", Some("Request")),
        ] {
            let src = format!("#[route] pub fn GET(x: {ty}) {{}}");
            let q = quick(&src);
            assert_eq!(q.fns.len(), 1, "{ty}");
            let syn_ty: syn::Type = syn::parse_str(ty).expect("a type");
            let by_syn = crate::signature::reads_request(&syn_ty);
            assert_eq!(by_syn.as_deref(), expected, "{ty}");
            assert_eq!(
                q.fns[0].reads_request,
                by_syn.into_iter().collect::<Vec<_>>(),
                "{ty}"
            );
        }
    }
}
