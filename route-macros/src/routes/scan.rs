//! Finds the `route.rs` files below the app folder and reads what `routes!`
//! needs from each: which method handlers it exports.

use std::path::Path;

use walkdir::WalkDir;

use super::config::Config;
use crate::model::{error, method};

/// One `route.rs` found on disk.
#[derive(Debug)]
pub struct ScannedFile {
    /// Folders from the app folder down.
    pub dirs: Vec<String>,
    /// Methods exported with `#[route]`, sorted.
    pub methods: Vec<String>,
    /// Methods exported more than once.
    pub duplicates: Vec<String>,
    /// `#[route]` fns whose name is not a method (`FETCH`): `#[route]`
    /// reports each, spanned; `routes!` names them when nothing else is left.
    pub not_methods: Vec<String>,
    /// The handlers that take `State<T>`: method, and `T` as written.
    pub states: Vec<(String, String)>,
    /// `false` when the file does not parse; rustc reports why when it
    /// compiles the module, so `routes!` adds nothing.
    pub parsed: bool,
    /// Route segment config, as written.
    pub config: Config,
    /// A handler writes its route, `RouteContext<"/users/[id]">` (or the
    /// file does not parse): the module gets the `__route_params!` that
    /// checks the literal.
    pub route_literal: bool,
    /// The file names `cookies` or `headers` (Next's `next/headers`): its
    /// handlers run inside a request scope so those functions work.
    pub uses_scope: bool,
    /// The file names `RouteContext` or `Params` (or could not be read to
    /// tell): its module gets `Params` and `__Route` even without params.
    pub names_params: bool,
    /// Errors in the config, with the file named.
    pub config_errors: Vec<String>,
    /// The method handlers' doc comments and signatures (for the OpenAPI
    /// document), and the file's own `//!` comment.
    pub handlers: Vec<Handler>,
    pub doc: String,
}

/// One method handler of a `route.rs`, as written.
#[derive(Debug)]
pub struct Handler {
    pub method: String,
    /// Its `///` comment, lines joined with `\n`.
    pub doc: String,
    /// Its signature, when it is wanted (for the OpenAPI document).
    pub sig: Option<syn::Signature>,
    /// Its `#[openapi::operation(..)]`.
    pub operation: Option<crate::openapi_attr::Operation>,
}

/// A `middleware.rs` (or the app's `proxy.rs`) found on disk.
#[derive(Debug)]
pub struct ScannedMiddleware {
    /// Folders from the app folder down (groups included): it applies to
    /// the routes below them.
    pub dirs: Vec<String>,
    /// `async fn` (a middleware function) or `fn` (a layer).
    pub is_layer: bool,
    /// `T` of a `State<T>` argument, as written.
    pub state: Option<String>,
    /// `false` when it does not parse (rustc reports why) or has no
    /// `#[middleware]` fn (an error names the file): not mounted.
    pub usable: bool,
}

/// What `scan` found: the route files, the folders' middleware (sorted by
/// folders, so outer before inner), the root's `proxy.rs`, and what is
/// wrong with the middleware files.
#[derive(Debug, Default)]
pub struct Scan {
    pub routes: Vec<ScannedFile>,
    pub middleware: Vec<ScannedMiddleware>,
    pub proxy: Option<ScannedMiddleware>,
    pub errors: Vec<String>,
}

/// Reads what `routes!` needs of each of the `sources` ([`sources`]).
///
/// The files are lexed by proc-macro2's own lexer, not the compiler's: a
/// source string the compiler lexes for a proc macro becomes a source file
/// of the crate, hashed and written to its metadata on every `cargo check`
/// (0.7 s for 1,000 route files). Nothing lexed here reaches the macro's
/// output as tokens (what does, the OpenAPI schema types, goes through
/// [`relex`]); the spans are lost either way (a string lexed for a proc
/// macro is spanned at the call site).
///
/// `signatures`: each handler's `syn::Signature` is wanted (for the OpenAPI
/// document); without it, the common handlers are read quickly
/// ([`super::quick`]).
pub fn scan(sources: Vec<Source>, app: &str, signatures: bool) -> Scan {
    let _fallback = Fallback::force();
    read_sources(sources, app, signatures)
}

/// A file `routes!` reads: a `route.rs`, a `middleware.rs` or the app's
/// `proxy.rs`, with its text.
pub struct Source {
    pub kind: SourceKind,
    /// Folders from the app folder down.
    pub dirs: Vec<String>,
    pub text: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SourceKind {
    Route,
    Middleware,
    Proxy,
}

impl SourceKind {
    pub fn file_name(self) -> &'static str {
        match self {
            SourceKind::Route => "route.rs",
            SourceKind::Middleware => "middleware.rs",
            SourceKind::Proxy => "proxy.rs",
        }
    }
}

/// proc-macro2 in its fallback mode (its own lexer and token types) while
/// this lives, or any other `Fallback` made before it. rustc expands one
/// macro at a time, so no other expansion sees the mode.
pub struct Fallback;

thread_local! {
    /// How many [`Fallback`]s live (proc-macro2's switch is not nested).
    static FALLBACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Fallback {
    pub fn force() -> Fallback {
        if FALLBACKS.with(|n| n.replace(n.get() + 1)) == 0 {
            proc_macro2::fallback::force();
        }
        Fallback
    }
}

impl Drop for Fallback {
    fn drop(&mut self) {
        if FALLBACKS.with(|n| {
            n.set(n.get() - 1);
            n.get()
        }) == 0
        {
            proc_macro2::fallback::unforce();
        }
    }
}

/// Is `name` an identifier (not a keyword)? Lexed by proc-macro2's lexer,
/// for the reason [`scan`] gives.
pub fn is_ident(name: &str) -> bool {
    let _fallback = Fallback::force();
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Tokens the scan lexed (fallback tokens), as compiler tokens for the
/// macro's output.
pub fn relex(tokens: &impl quote::ToTokens) -> proc_macro2::TokenStream {
    let text = {
        let _fallback = Fallback::force();
        tokens.to_token_stream().to_string()
    };
    text.parse().unwrap_or_default()
}

/// The files below `dir` that `routes!` reads, in the walk's order (sorted
/// by name, private `_x` folders skipped), each read whole.
pub fn sources(dir: &Path) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    let walk = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('_'))
        });
    for entry in walk {
        let entry = entry.map_err(|e| error::app_dir_unreadable(&dir.display(), &e))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name();
        let kind = if name == "route.rs" {
            SourceKind::Route
        } else if name == "middleware.rs" {
            SourceKind::Middleware
        } else if name == "proxy.rs" {
            SourceKind::Proxy
        } else {
            continue;
        };
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let dirs: Vec<String> = rel
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let text = std::fs::read_to_string(entry.path())
            .map_err(|e| error::app_dir_unreadable(&entry.path().display(), &e))?;
        out.push(Source { kind, dirs, text });
    }
    Ok(out)
}

fn read_sources(sources: Vec<Source>, app: &str, signatures: bool) -> Scan {
    let mut found = Scan::default();
    let mut out = Vec::new();
    for Source { kind, dirs, text } in sources {
        if kind != SourceKind::Route {
            let file_name = display_file(app, &dirs, kind.file_name());
            let mw = read_middleware(dirs, &text, &file_name, &mut found.errors);
            if kind == SourceKind::Middleware {
                found.middleware.push(mw);
            } else if mw.dirs.is_empty() {
                found.proxy = Some(mw);
            } else {
                found.errors.push(error::proxy_not_at_root(
                    &file_name,
                    app.trim_end_matches('/'),
                ));
            }
            continue;
        }
        out.push(read_route_file(&text, dirs, app, signatures));
    }
    // The model's order (by folder names), so that routes and files pair up
    // in one pass.
    out.sort_by(|a, b| a.dirs.cmp(&b.dirs));
    found.routes = out;
    found.middleware.sort_by(|a, b| a.dirs.cmp(&b.dirs));
    found
}

/// One `route.rs` (its folders `dirs` under `app`).
fn read_route_file(source: &str, dirs: Vec<String>, app: &str, signatures: bool) -> ScannedFile {
    let mut file = ScannedFile {
        dirs,
        methods: Vec::new(),
        duplicates: Vec::new(),
        not_methods: Vec::new(),
        states: Vec::new(),
        parsed: false,
        config: Config::default(),
        config_errors: Vec::new(),
        uses_scope: true,
        names_params: true,
        route_literal: true,
        handlers: Vec::new(),
        doc: String::new(),
    };
    if let Some(reading) = read_outline(source, !signatures) {
        file.parsed = true;
        file.route_literal = false;
        file.uses_scope = reading.uses_scope;
        file.names_params = reading.names_params;
        if let Some(ast) = &reading.ast {
            read_handlers(ast, &mut file);
            file.doc = doc_text(&ast.attrs);
            let display = display(app, &file.dirs);
            file.config = Config::read(ast, &display, &mut file.config_errors);
        }
        read_quick(reading.quick, &mut file);
    }
    file
}

/// A route file as `routes!` reads it.
struct Reading {
    /// The `#[route]` fns read quickly.
    quick: Vec<super::quick::QuickFn>,
    /// The rest, parsed without what is inside its top-level braces (fn
    /// bodies, `impl`s), which `routes!` never reads: the signatures,
    /// attributes and consts are what it needs. `None`: nothing else.
    ast: Option<syn::File>,
    uses_scope: bool,
    names_params: bool,
}

/// `None` when the file does not parse (rustc says why, compiling the
/// module). `quick`: read the common handlers without syn.
fn read_outline(source: &str, quick: bool) -> Option<Reading> {
    let Some(outline) = super::outline::outline(source) else {
        // Not well formed to the outline's reading: lexed whole, so that
        // a file the outline misreads is still read right.
        let tokens = source.parse::<proc_macro2::TokenStream>().ok()?;
        let uses_scope = names_scope(tokens.clone());
        let ast = syn::parse2::<syn::File>(without_fn_bodies(tokens)).ok()?;
        return Some(Reading {
            quick: Vec::new(),
            ast: Some(ast),
            uses_scope,
            names_params: true,
        });
    };
    let parse = |text: &str| {
        let tokens = text.parse::<proc_macro2::TokenStream>().ok()?;
        syn::parse2::<syn::File>(tokens).ok()
    };
    if let Some(q) = quick.then(|| super::quick::read(&outline.text)).flatten() {
        let ast = match &q.rest {
            Some(rest) => Some(parse(rest)?),
            None => None,
        };
        return Some(Reading {
            quick: q.fns,
            ast,
            uses_scope: outline.uses_scope,
            names_params: outline.names_params,
        });
    }
    Some(Reading {
        quick: Vec::new(),
        ast: Some(parse(&outline.text)?),
        uses_scope: outline.uses_scope,
        names_params: outline.names_params,
    })
}

/// The quickly read handlers, as [`read_handlers`] and [`Config::read`]
/// take in the others (a quick fn is a method, and named once).
fn read_quick(quick: Vec<super::quick::QuickFn>, file: &mut ScannedFile) {
    for f in quick {
        file.route_literal |= f.writes_route;
        if f.name == "GET" {
            file.config.get_reads_request.extend(f.reads_request);
        }
        file.handlers.push(Handler {
            method: f.name.clone(),
            doc: f.doc,
            sig: None,
            operation: None,
        });
        file.methods.push(f.name);
    }
    file.methods.sort();
}

/// A file's tokens with the body of every top-level fn emptied (`{}`): an
/// item whose tokens before `fn` are only attributes and qualifiers (`pub`,
/// `pub(crate)`, `async`, `const`, `unsafe`, `extern "C"`). What is left
/// parses as the same file, signatures, consts and types intact, for a
/// fraction of the work of parsing every statement.
fn without_fn_bodies(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    /// What the current top-level item is, from its tokens so far.
    #[derive(PartialEq)]
    enum Item {
        /// Only attributes and qualifiers yet.
        Start,
        Fn,
        Other,
    }
    let mut item = Item::Start;
    let mut out = Vec::new();
    let mut after_hash = false;
    for tt in tokens {
        // `#[..]` and `#![..]` belong to no item's keywords.
        let attribute =
            after_hash && matches!(&tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket);
        after_hash = matches!(&tt, TokenTree::Punct(p) if p.as_char() == '#' || (after_hash && p.as_char() == '!'));
        if !(attribute || after_hash) {
            match &tt {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                    let is_fn = item == Item::Fn;
                    item = Item::Start;
                    if is_fn {
                        let mut empty =
                            Group::new(Delimiter::Brace, proc_macro2::TokenStream::new());
                        empty.set_span(g.span());
                        out.push(TokenTree::Group(empty));
                        continue;
                    }
                }
                TokenTree::Punct(p) if p.as_char() == ';' => item = Item::Start,
                TokenTree::Ident(i) if item == Item::Start => {
                    item = match i.to_string().as_str() {
                        "fn" => Item::Fn,
                        "pub" | "async" | "const" | "unsafe" | "extern" => Item::Start,
                        _ => Item::Other,
                    };
                }
                // `pub(crate)`, `extern "C"`.
                TokenTree::Group(_) | TokenTree::Literal(_) if item == Item::Start => {}
                _ if item == Item::Start => item = Item::Other,
                _ => {}
            }
        }
        out.push(tt);
    }
    out.into_iter().collect()
}

/// The one `#[middleware]` fn of a `middleware.rs` or `proxy.rs`.
fn read_middleware(
    dirs: Vec<String>,
    source: &str,
    file_name: &str,
    errors: &mut Vec<String>,
) -> ScannedMiddleware {
    let mut mw = ScannedMiddleware {
        dirs,
        is_layer: false,
        state: None,
        usable: false,
    };
    let Ok(ast) = syn::parse_file(source) else {
        return mw; // rustc reports why, compiling the module
    };
    let mut seen: Option<String> = None;
    for item in &ast.items {
        let syn::Item::Fn(f) = item else { continue };
        let is_attr = |a: &syn::Attribute| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| s.ident == "middleware")
        };
        if !f.attrs.iter().any(is_attr) {
            continue;
        }
        let name = f.sig.ident.to_string();
        if let Some(first) = &seen {
            errors.push(error::two_middleware_fns(file_name, first, &name));
            continue;
        }
        mw.is_layer = f.sig.asyncness.is_none();
        mw.state = crate::signature::handler_state(&f.sig)
            .map(|ty| quote::ToTokens::to_token_stream(ty).to_string());
        mw.usable = true;
        seen = Some(name);
    }
    if seen.is_none() {
        errors.push(error::no_middleware_fn(file_name));
    }
    mw
}

/// `app/admin/middleware.rs`, for messages.
fn display_file(rel: &str, dirs: &[String], name: &str) -> String {
    let mut s = rel.trim_end_matches('/').to_string();
    for d in dirs {
        s.push('/');
        s.push_str(d);
    }
    s.push('/');
    s.push_str(name);
    s
}

fn read_handlers(ast: &syn::File, file: &mut ScannedFile) {
    for item in &ast.items {
        let syn::Item::Fn(f) = item else { continue };
        if !f.attrs.iter().any(is_route_attr) {
            continue;
        }
        let name = f.sig.ident.to_string();
        if !method::is_method(&name) {
            file.not_methods.push(name); // #[route] reports it, spanned on the name
            continue;
        }
        if file.methods.contains(&name) {
            file.duplicates.push(name);
            continue;
        }
        file.route_literal |= writes_route(quote::ToTokens::to_token_stream(&f.sig.inputs));
        if let Some(ty) = crate::signature::handler_state(&f.sig) {
            let ty = quote::ToTokens::to_token_stream(ty).to_string();
            file.states.push((name.clone(), ty));
        }
        file.handlers.push(Handler {
            method: name.clone(),
            doc: doc_text(&f.attrs),
            sig: Some(f.sig.clone()),
            operation: crate::openapi_attr::find(&f.attrs),
        });
        file.methods.push(name);
    }
    file.methods.sort();
}

/// The text of `///` (or `//!`) comments: `#[doc = ".."]` attributes, one
/// leading space of each line dropped.
pub fn doc_text(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }),
                ..
            }) => Some(s.value()),
            _ => None,
        })
        .flat_map(|v| {
            v.split('\n')
                .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    lines.join("\n").trim().to_string()
}

/// `#[route]`, `#[route_runtime::route]`.
pub fn is_route_attr(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "route")
}

/// `app/users/[id]/route.rs`, for messages.
fn display(rel: &str, dirs: &[String]) -> String {
    display_file(rel, dirs, "route.rs")
}

/// Whether the tokens name `cookies`, `headers`, `after`, `connection` or
/// `draft_mode` anywhere (a `use`, a call, a method): such a file gets the
/// request scope.
/// `RouteContext<"..">` somewhere in these tokens.
fn writes_route(tokens: proc_macro2::TokenStream) -> bool {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens.iter().enumerate().any(|(i, tt)| match tt {
        TokenTree::Ident(name) if name == "RouteContext" => matches!(
            (tokens.get(i + 1), tokens.get(i + 2)),
            (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(_))) if p.as_char() == '<'
        ),
        TokenTree::Group(g) => writes_route(g.stream()),
        _ => false,
    })
}

fn names_scope(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => {
            i == "cookies"
                || i == "headers"
                || i == "after"
                || i == "connection"
                || i == "draft_mode"
        }
        proc_macro2::TokenTree::Group(g) => names_scope(g.stream()),
        _ => false,
    })
}

#[cfg(test)]
mod shallow_tests {
    use super::without_fn_bodies;

    fn shallow(src: &str) -> String {
        let tokens: proc_macro2::TokenStream = src.parse().expect("lexes");
        let out = without_fn_bodies(tokens);
        syn::parse2::<syn::File>(out.clone()).expect("still a file");
        out.to_string()
    }

    #[test]
    fn fn_bodies_are_emptied_and_nothing_else() {
        let out = shallow(
            r#"
            #![allow(dead_code)]
            //! The file.
            use std::{fmt, io};
            pub const REVALIDATE: u64 = 60;
            const F: fn() -> u32 = helper;
            pub static S: Cfg = Cfg { a: 1 };
            /// GET docs.
            #[route]
            pub async fn GET(req: Request) -> Json<Value> { let secret_a = 1; Json(json!({})) }
            pub(crate) const unsafe extern "C" fn low() { secret_b() }
            impl Cfg { fn keep_me(&self) { secret_c() } }
            fn helper() -> u32 { secret_d }
            "#,
        );
        for gone in ["secret_a", "secret_b", "secret_d"] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
        for kept in [
            "REVALIDATE : u64 = 60",
            "Cfg { a : 1 }",
            "secret_c",
            "pub async fn GET (req : Request) -> Json < Value > { }",
            "fmt , io",
            "#! [allow (dead_code)]",
            "fn helper () -> u32 { }",
        ] {
            assert!(out.contains(kept), "{kept:?} missing in {out}");
        }
    }
}

/// The outline against the whole lex, on every `.rs` file of the repository's
/// examples and test fixtures: the same signatures, attributes and consts,
/// and the same request scope.
#[cfg(test)]
mod outline_tests {
    use proptest::prelude::*;

    use super::{names_scope, without_fn_bodies};

    /// What `routes!` reads of `source` through its outline, against what
    /// it reads when the whole file is lexed: `Err` says what differs.
    /// `Ok(false)`: the file does not parse (nothing to compare).
    fn same_reading(source: &str) -> Result<bool, String> {
        let whole = source
            .parse::<proc_macro2::TokenStream>()
            .ok()
            .and_then(|t| {
                let scope = names_scope(t.clone());
                syn::parse2::<syn::File>(without_fn_bodies(t))
                    .ok()
                    .map(|f| (f, scope))
            });
        let Some((whole, scope)) = whole else {
            return Ok(false);
        };
        let outline = super::super::outline::outline(source).ok_or("no outline")?;
        if outline.uses_scope != scope {
            return Err(format!(
                "request scope: {} against {scope}",
                outline.uses_scope
            ));
        }
        let outlined: syn::File =
            syn::parse_str(&outline.text).map_err(|e| format!("outline does not parse: {e}"))?;
        if outlined.attrs != whole.attrs {
            return Err("the file's attributes differ".into());
        }
        // The `use` items are left out; every other item is there.
        let items = |f: &syn::File| -> Vec<syn::Item> {
            let no_use = |i: &&syn::Item| !matches!(i, syn::Item::Use(u) if u.attrs.is_empty());
            f.items.iter().filter(no_use).cloned().collect()
        };
        let (outlined, whole) = (
            syn::File {
                items: items(&outlined),
                ..outlined
            },
            syn::File {
                items: items(&whole),
                ..whole
            },
        );
        if outlined.items.len() != whole.items.len() {
            return Err(format!(
                "{} items against {}",
                outlined.items.len(),
                whole.items.len()
            ));
        }
        for (a, b) in outlined.items.iter().zip(&whole.items) {
            let same = match (a, b) {
                (syn::Item::Fn(a), syn::Item::Fn(b)) => a.sig == b.sig && a.attrs == b.attrs,
                // A const's value may differ (a brace inside brackets is
                // emptied); what the config reads of it may not (below).
                (syn::Item::Const(a), syn::Item::Const(b)) => {
                    (&a.ident, &a.ty) == (&b.ident, &b.ty)
                }
                (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
            };
            if !same {
                return Err(format!("{a:?} against {b:?}"));
            }
        }
        let config = |f: &syn::File| {
            let mut errors = Vec::new();
            let c = super::Config::read(f, "f", &mut errors);
            format!("{c:?} {errors:?}")
        };
        if config(&outlined) != config(&whole) {
            return Err(format!(
                "config {} against {}",
                config(&outlined),
                config(&whole)
            ));
        }
        Ok(true)
    }

    /// What `routes!` takes from a route file: read quickly where it can
    /// (`quick`), or all of it by syn.
    fn scanned(source: &str, quick: bool) -> String {
        let f = super::read_route_file(source, Vec::new(), "app", !quick);
        let mut handlers: Vec<(&str, &str)> = f
            .handlers
            .iter()
            .map(|h| (h.method.as_str(), h.doc.as_str()))
            .collect();
        handlers.sort();
        format!(
            "methods {:?} duplicates {:?} not methods {:?} states {:?} parsed {} scope {} literal {} config {:?} {:?} doc {:?} handlers {handlers:?}",
            f.methods,
            f.duplicates,
            f.not_methods,
            f.states,
            f.parsed,
            f.uses_scope,
            f.route_literal,
            f.config,
            f.config_errors,
            f.doc,
        )
    }

    fn quick_reads_as_syn(source: &str) -> Result<(), String> {
        let (quick, by_syn) = (scanned(source, true), scanned(source, false));
        if quick == by_syn {
            Ok(())
        } else {
            Err(format!("quick: {quick}\nsyn:   {by_syn}"))
        }
    }

    #[test]
    fn the_outline_reads_every_file_of_the_repository_as_the_whole_lex_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let (mut seen, mut quick_fns) = (0, 0);
        for dir in ["tests/fixtures", "examples", "tests/ui"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.expect("readable");
                if entry.path().extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let source = std::fs::read_to_string(entry.path()).expect("readable");
                match same_reading(&source) {
                    Ok(parsed) => seen += usize::from(parsed),
                    Err(e) => panic!("{}: {e}", entry.path().display()),
                }
                if let Err(e) = quick_reads_as_syn(&source) {
                    panic!("{}: {e}", entry.path().display());
                }
                let outline = super::super::outline::outline(&source);
                let quick = outline.and_then(|o| super::super::quick::read(&o.text));
                quick_fns += quick.map_or(0, |q| q.fns.len());
            }
        }
        assert!(seen > 50, "only {seen} files read");
        assert!(quick_fns > 50, "only {quick_fns} handlers read quickly");
    }

    /// Text that hides braces, quotes and scope names from a careless reader.
    fn body_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "let s = \"}\";",
            "let c = '{';",
            "let q = '\\'';",
            "let u = '\\u{7d}';",
            "let e = '\u{e9}';",
            "let r = r#\"}\"#;",
            "let r2 = r##\"\"#}\"##;",
            "let b = b\"{\";",
            "let bc = b'}';",
            "// } {\n",
            "/* } /* { */ } */",
            "{ let x = 1; }",
            "'outer: loop { break 'outer; }",
            "let h = cookies();",
            "let n = \"headers\";",
            "let t = r#type;",
            "x.after(1);",
            "match v { _ => {} }",
            "let l: &'static str = \"\";",
        ])
    }

    fn body() -> impl Strategy<Value = String> {
        prop::collection::vec(body_piece(), 0..6).prop_map(|p| format!("{{ {} }}", p.join(" ")))
    }

    /// A top-level item of a route file, its bodies made of `body_piece`s.
    fn item() -> impl Strategy<Value = String> {
        let templates = prop::sample::select(vec![
            "use a::{b, c};",
            "pub use x::y as z;",
            "pub(crate) use route_runtime::headers;",
            "#[allow(unused)] use w;",
            "/// The handler.\n#[route]\npub async fn GET(ctx: RouteContext<\"/a/[id]\">, s: State<AppState>) -> String BODY",
            "#[route] pub fn POST(req: Request) -> Json<Value> BODY",
            "/** Doc. */ #[route] pub async fn DELETE() BODY",
            "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;",
            "pub const REVALIDATE: Revalidate = Revalidate::Seconds(60);",
            "pub const DYNAMIC_PARAMS: bool = false;",
            "impl S { fn f(&self) -> u8 BODY }",
            "fn helper<'a>(x: &'a str) -> impl Sized + use<'a> BODY",
            "pub async fn generate_static_params() -> Vec<super::Params> BODY",
            "const X: &[S] = &[S { a: \"}\" }];",
            "// a comment {\n",
            "/* } */",
            "struct T { a: u8 }",
            "mod m { use q; }",
            // Handlers the quick reading reads (or leaves to syn).
            "/// Get it.\n///\n///   Indented.  \n#[route]\npub async fn GET(ctx: RouteContext<\"/a/[id]\">, q: Query<Q>, h: &HeaderMap) -> Json<Value> BODY",
            "#[route] pub async fn PUT(ctx: RouteContext, body: Json<Value>,) BODY",
            "#[route]\n/// After the attribute.\npub fn PATCH(Json(v): Json<V>) -> impl IntoResponse BODY",
            "#[route] pub async fn HEAD(r: Option<Json<T>>, f: Result<Form<F>, E>) -> Result<Json<T>, E> BODY",
            "#[route] async fn OPTIONS(x: axum::extract::Query<std::collections::HashMap<String, Vec<u8>>>) BODY",
            "#[route] pub async fn GET(req: ::axum::extract::Request, j: &Json<T>, c: Option<&CookieJar>) BODY",
            "#[route] pub async fn DELETE(f: Box<dyn Fn(u8) -> u8>) BODY",
            "#[route] pub async fn FETCH() BODY",
            "#[route(x)] pub async fn POST() BODY",
        ]);
        (templates, body()).prop_map(|(t, b)| t.replace("BODY", &b))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any file made of such items reads the same through the outline.
        #[test]
        fn the_outline_reads_generated_files_as_the_whole_lex_does(
            items in prop::collection::vec(item(), 0..8),
        ) {
            let source = format!("//! A route.\n{}", items.join("\n"));
            let parsed = same_reading(&source);
            prop_assert!(matches!(parsed, Ok(true)), "{parsed:?}\n{source}");
            let quick = quick_reads_as_syn(&source);
            prop_assert!(quick.is_ok(), "{quick:?}\n{source}");
        }
    }
}
