//! `routes!("app")`: input -> resolve the folder -> scan files -> model -> codegen.

mod codegen;
mod config;
mod outline;
mod quick;
mod reuse;
mod scan;
mod watch;

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

use crate::model::{self, error};

pub use scan::ScannedFile;

/// `routes!(..)`: the expansion, or the errors next to a value of the right
/// type (a `Router`, or a `(Router, Manifest)`), so one mistake is one message.
pub fn entry(input: proc_macro::TokenStream) -> TokenStream {
    let item_position = looks_like_item(&input);
    // The input as written, for the key of the output's reuse (`reuse`).
    let text = input.to_string();
    let input: Input = match syn::parse(input) {
        Ok(input) => input,
        Err(err) if item_position => return err.to_compile_error(),
        Err(err) => return with_fallback(err.to_compile_error(), false, false),
    };
    expand(input, &text)
}

/// `routes!(pub mod app)`: item position, whatever else is wrong.
fn looks_like_item(input: &proc_macro::TokenStream) -> bool {
    input.clone().into_iter().next().is_some_and(|tt| {
        let s = tt.to_string();
        s == "pub" || s == "mod"
    })
}

/// The errors, next to a router of the right type that serves nothing.
fn with_fallback(errors: TokenStream, manifest: bool, openapi: bool) -> TokenStream {
    let router = quote!(::route_runtime::__private::axum::Router::new());
    let manifest = manifest.then(
        || quote!(, ::route_runtime::Manifest { routes: &[], proxy: ::core::option::Option::None }),
    );
    let openapi = openapi.then(|| {
        quote!(, ::route_runtime::__openapi_item! { ::route_runtime::openapi::OpenApi::default() })
    });
    let value = if manifest.is_some() || openapi.is_some() {
        quote!((#router #manifest #openapi))
    } else {
        router
    };
    quote!({ #errors #value })
}

/// Puts the pieces where the macro was called: statements and the value in
/// a block, or items (the diagnostics inside a `const _`).
fn assemble(
    layout: &codegen::Layout,
    diagnostics: TokenStream,
    module: TokenStream,
    value: TokenStream,
) -> TokenStream {
    match layout {
        codegen::Layout::Block => quote!({ #diagnostics #module #value }),
        codegen::Layout::Module { .. } => quote! {
            const _: () = { #diagnostics };
            #module
        },
    }
}

fn expand(input: Input, text: &str) -> TokenStream {
    let lit = &input.lit;
    let rel = lit.value();
    let dir = resolve(&rel, lit.span());
    let fail = |msg: String| {
        let error = syn::Error::new(lit.span(), msg).to_compile_error();
        match &input.module {
            None => with_fallback(error, input.manifest, input.openapi),
            Some(_) => error,
        }
    };
    if !dir.is_dir() {
        return fail(error::app_dir_missing(&dir.display()));
    }
    let sources = match scan::sources(&dir) {
        Ok(sources) => sources,
        Err(e) => return fail(e),
    };
    // The output of the last build, when nothing it was made from changed
    // (see `reuse`): not when the output holds the input's own types.
    let reusable = input.state.is_none() && input.href_export.is_none();
    let mut reuse = if reusable {
        reuse::Reuse::open(text, &dir, &sources)
    } else {
        None
    };
    if let Some(saved) = reuse.as_mut().and_then(reuse::Reuse::take) {
        if let Some(out) = reused(&saved, &input, &rel, &dir) {
            return out;
        }
    }
    let found = scan::scan(sources, &rel, input.openapi);
    let scanned = &found.routes;
    if scanned.is_empty() {
        return fail(error::no_route_files(&rel));
    }
    let files: Vec<model::RouteFile> = scanned
        .iter()
        .map(|f| model::RouteFile {
            dirs: f.dirs.clone(),
        })
        .collect();
    let (routes, mut messages) = model::build(&rel, &files);
    messages.extend(found.errors.iter().cloned());
    let (pairs, broken) = pair_files(routes, scanned, &rel, &mut messages);
    // Kept for the next build (see `reuse`).
    if let Some(reuse) = reuse.as_ref().filter(|_| messages.is_empty()) {
        if let Some(saved) = as_text(&input, (&rel, &dir), &pairs, &found, &broken) {
            if let Some(output) = reused(&saved, &input, &rel, &dir) {
                reuse.save(&saved);
                return output;
            }
        }
    }
    full(&input, (&rel, &dir), (&pairs, &broken), &found, messages)
}

/// Each route with its scanned file (the model sorts routes by folders, as
/// the scan does: paired in one pass), the file's own mistakes into
/// `messages`, and whether each file is broken (left out of the router, so
/// that rustc does not report the same mistake again).
fn pair_files<'a>(
    routes: Vec<model::Route>,
    scanned: &'a [ScannedFile],
    rel: &str,
    messages: &mut Vec<String>,
) -> (Vec<(model::Route, &'a ScannedFile)>, Vec<bool>) {
    let mut by_dirs = scanned.iter().peekable();
    let mut pairs = Vec::with_capacity(routes.len());
    let mut broken = Vec::with_capacity(routes.len());
    for route in routes {
        while by_dirs.next_if(|f| f.dirs < route.dirs).is_some() {}
        if let Some(file) = by_dirs.next_if(|f| f.dirs == route.dirs) {
            let before = messages.len();
            file_errors(&route.file(rel), &route, file, messages);
            broken.push(messages.len() > before && !file.methods.is_empty());
            pairs.push((route, file));
        }
    }
    (pairs, broken)
}

/// The expansion made here rather than kept (a tree with mistakes, `state
/// =`, `href_export =`, no `OUT_DIR`): the tree's state, the code, and the
/// mistakes (`messages`) or warnings at the macro's literal.
fn full(
    input: &Input,
    (rel, dir): (&str, &Path),
    (pairs, broken): (&[(model::Route, &ScannedFile)], &[bool]),
    found: &scan::Scan,
    mut messages: Vec<String>,
) -> TokenStream {
    let lit = &input.lit;
    let state = match tree_state(input.state.clone(), pairs, found, rel) {
        Ok(state) => state,
        Err(msg) => {
            messages.push(msg);
            codegen::State::Generic
        }
    };
    let out = output(input, (rel, dir), state, found);
    let ok = messages.is_empty();
    let (module, value) = codegen::expand(pairs, &out, ok, broken);
    if !ok {
        // The errors, and the route modules (so that the files' own errors
        // are reported by the same build), with a router that serves nothing.
        let errors = messages
            .iter()
            .map(|m| syn::Error::new(lit.span(), m).to_compile_error());
        return assemble(&out.layout, quote!(#(#errors)*), module, value);
    }
    let watched = watch_warning(rel, dir, lit);
    let warnings = notes(pairs, rel);
    let warnings = warnings.iter().map(|note| warning(lit, note));
    assemble(&out.layout, quote!(#watched #(#warnings)*), module, value)
}

/// What `codegen` writes from.
fn output<'a>(
    input: &Input,
    (rel, dir): (&'a str, &Path),
    state: codegen::State,
    found: &'a scan::Scan,
) -> codegen::Output<'a> {
    codegen::Output {
        app: rel,
        dir: dir.to_string_lossy().into_owned(),
        manifest: input.manifest,
        openapi: input.openapi,
        state,
        layout: match input.module.clone() {
            None => codegen::Layout::Block,
            Some((vis, name)) => codegen::Layout::Module { vis, name },
        },
        middleware: &found.middleware,
        proxy: found.proxy.as_ref(),
        href_prefix: input
            .href_prefix
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_default(),
        href_export: input.href_export.clone(),
    }
}

/// The output of a tree with nothing to report, as text, for `reuse`:
/// written in proc-macro2's fallback mode, so that nothing reaches the
/// compiler before the one string [`reused`] lexes, as it is for an output
/// read back. The compiler's session then holds the same either way (a
/// session that had also taken the tokens `quote!` makes, one at a time,
/// would differ in what it interned and in what order, and the check after
/// it would encode the crate's metadata again). `None` when the tree's
/// state is an error (reported by the full expansion) or the text cannot be
/// put together.
fn as_text(
    input: &Input,
    (rel, dir): (&str, &Path),
    pairs: &[(model::Route, &ScannedFile)],
    found: &scan::Scan,
    broken: &[bool],
) -> Option<reuse::Saved> {
    let _fallback = scan::Fallback::force();
    let state = tree_state(input.state.clone(), pairs, found, rel).ok()?;
    let mut out = output(input, (rel, dir), state, found);
    // The module's name and visibility are the caller's tokens: a stand-in,
    // replaced where the text is lexed (`reused`).
    if let codegen::Layout::Module { vis, name } = &mut out.layout {
        *vis = syn::Visibility::Inherited;
        *name = quote::format_ident!("{TREE}");
    }
    let ((module, value), texts) = codegen::deferred(|| codegen::expand(pairs, &out, true, broken));
    let printed = [module.to_string(), value.to_string()];
    let [module, value] = <[String; 2]>::try_from(codegen::splice(&printed, &texts)?).ok()?;
    Some(reuse::Saved {
        module,
        value,
        notes: notes(pairs, rel),
    })
}

/// The notes of the tree's warnings: a config that a method ignores.
fn notes(pairs: &[(model::Route, &ScannedFile)], rel: &str) -> Vec<String> {
    pairs
        .iter()
        .filter_map(|(route, file)| {
            let methods = file.config.ignored_by_methods(&file.methods)?;
            Some(error::config_ignored(&route.file(rel), &methods))
        })
        .collect()
}

/// The stand-in for the tree module's name in an output kept as text.
const TREE: &str = "__route_runtime_tree";

/// The output of the last build, made again from its text: the same tokens
/// and warnings as a full expansion (every token at the call site but the
/// module's name and visibility, the caller's); `None` when the text does
/// not lex (a full expansion then).
fn reused(saved: &reuse::Saved, input: &Input, rel: &str, dir: &Path) -> Option<TokenStream> {
    let mut lexed = codegen::lex_all(&[saved.module.as_str(), saved.value.as_str()]).ok()?;
    let value = lexed.pop()?;
    let mut module = lexed.pop()?;
    let layout = match input.module.clone() {
        None => codegen::Layout::Block,
        Some((vis, name)) => {
            // `#[..]* mod __route_runtime_tree { .. }`: the top level only.
            let mut named = TokenStream::new();
            let mut found = false;
            for tt in module {
                match &tt {
                    proc_macro2::TokenTree::Ident(i) if i == "mod" && !found => {
                        named.extend(quote!(#vis));
                        named.extend([tt]);
                    }
                    proc_macro2::TokenTree::Ident(i) if i == TREE && !found => {
                        found = true;
                        named.extend(quote!(#name));
                    }
                    _ => named.extend([tt]),
                }
            }
            if !found {
                return None;
            }
            module = named;
            codegen::Layout::Module { vis, name }
        }
    };
    let lit = &input.lit;
    let watched = watch_warning(rel, dir, lit);
    let warnings = saved.notes.iter().map(|note| warning(lit, note));
    Some(assemble(
        &layout,
        quote!(#watched #(#warnings)*),
        module,
        value,
    ))
}

/// What is wrong in one file that the tree can see: duplicate methods, no
/// handler, its segment config.
fn file_errors(display: &str, route: &model::Route, file: &ScannedFile, out: &mut Vec<String>) {
    for dup in &file.duplicates {
        out.push(error::duplicate_method(display, dup));
    }
    if file.parsed && file.methods.is_empty() {
        out.push(if file.not_methods.is_empty() {
            error::no_handlers(display)
        } else {
            error::no_method_handlers(display, &file.not_methods)
        });
    }
    out.extend(file.config_errors.iter().cloned());
    file.config.check(display, !route.params.is_empty(), out);
}

/// The router's state type: named by the caller, or by the handlers
/// (`State<T>`, the same `T` everywhere), or unknown.
fn tree_state(
    named: Option<syn::Type>,
    pairs: &[(model::Route, &ScannedFile)],
    found: &scan::Scan,
    app: &str,
) -> Result<codegen::State, String> {
    if let Some(ty) = named {
        return Ok(codegen::State::Named(ty));
    }
    // (the alias naming the type, the type as written, the file)
    let mut candidates: Vec<(TokenStream, String, String)> = Vec::new();
    for (i, (route, file)) in pairs.iter().enumerate() {
        for (method, ty) in &file.states {
            let module = quote::format_ident!("__route_{}", i);
            let alias = quote::format_ident!("__State_{}", method);
            candidates.push((quote!(#module::route::#alias), ty.clone(), route.file(app)));
        }
    }
    let files = found.proxy.iter().map(|m| (m, "proxy.rs", None));
    let folders = found
        .middleware
        .iter()
        .enumerate()
        .map(|(k, m)| (m, "middleware.rs", Some(k)));
    for (mw, name, k) in files.chain(folders) {
        let Some(ty) = &mw.state else { continue };
        let module = match k {
            Some(k) => quote::format_ident!("__mw_{}", k),
            None => quote::format_ident!("__proxy"),
        };
        let mut file = app.trim_end_matches('/').to_string();
        for d in &mw.dirs {
            file.push('/');
            file.push_str(d);
        }
        file.push('/');
        file.push_str(name);
        let inner = if k.is_some() {
            quote!(middleware)
        } else {
            quote!(proxy)
        };
        candidates.push((
            quote!(#module::#inner::__State_middleware),
            ty.clone(),
            file,
        ));
    }
    let mut first: Option<&(TokenStream, String, String)> = None;
    for c in &candidates {
        match first {
            None => first = Some(c),
            Some((_, seen, at)) if *seen != c.1 => {
                return Err(error::state_types_differ(seen, at, &c.1, &c.2));
            }
            Some(_) => {}
        }
    }
    Ok(match first {
        None => codegen::State::Generic,
        Some((alias, _, _)) => codegen::State::FromHandler {
            alias: alias.clone(),
        },
    })
}

/// The folder, relative to the calling file (as `include_str!` resolves);
/// `CARGO_MANIFEST_DIR/src` when the caller's file is unknown (rust-analyzer).
fn resolve(rel: &str, _span: Span) -> PathBuf {
    let rel = Path::new(rel);
    if rel.is_absolute() {
        return rel.to_path_buf();
    }
    let caller = proc_macro::Span::call_site().local_file();
    let base = match caller.and_then(|f| f.parent().map(Path::to_path_buf)) {
        Some(parent) if parent.is_absolute() => parent,
        Some(parent) => std::env::current_dir()
            .map(|cwd| cwd.join(&parent))
            .unwrap_or(parent),
        None => {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_default();
            manifest.join("src")
        }
    };
    base.join(rel)
}

/// A visible warning (a use of a deprecated item, spanned on the literal)
/// when cargo would not rebuild the crate for a new or removed route file
/// (see [`watch`]), so it would be silently missed.
fn watch_warning(rel: &str, dir: &Path, lit: &LitStr) -> TokenStream {
    let build = watch::Build::from_env();
    let Err(why) = build.check(dir) else {
        return TokenStream::new();
    };
    let manifest = build.manifest;
    let shown = display_rel(rel, dir, manifest.as_deref());
    let note = match why {
        watch::Unwatched::NoBuildScript => error::not_watched(&shown),
        watch::Unwatched::NarrowBuildScript => error::not_watched_by_build_script(&shown),
    };
    quote::quote_spanned! {lit.span()=>
        {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const route_files_not_watched: () = ();
            #[allow(clippy::let_unit_value)]
            let _ = route_files_not_watched;
        }
    }
}

/// A compile-time warning at the literal (stable Rust has no other way for a
/// proc macro to warn than a use of a deprecated item).
fn warning(lit: &LitStr, note: &str) -> TokenStream {
    quote::quote_spanned! {lit.span()=>
        {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const route_config_has_no_effect: () = ();
            #[allow(clippy::let_unit_value)]
            let _ = route_config_has_no_effect;
        }
    }
}

/// `"app"` or `pub mod app` / `mod app = "app"`, then options: `manifest`,
/// `openapi`, `state = AppState`.
struct Input {
    lit: LitStr,
    /// The item form: the module's visibility and name.
    module: Option<(syn::Visibility, syn::Ident)>,
    manifest: bool,
    openapi: bool,
    state: Option<syn::Type>,
    /// `href_prefix = "/v1"`: where the router is mounted, for `href!`.
    href_prefix: Option<LitStr>,
    /// `href_export = app_href`: `href!` exported from the crate too.
    href_export: Option<syn::Ident>,
}

impl syn::parse::Parse for Input {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let bad = |span| syn::Error::new(span, error::routes_input());
        let (lit, module) = if input.peek(syn::Token![pub]) || input.peek(syn::Token![mod]) {
            let vis: syn::Visibility = input.parse()?;
            input
                .parse::<syn::Token![mod]>()
                .map_err(|e| bad(e.span()))?;
            let name: syn::Ident = input.parse().map_err(|e| bad(e.span()))?;
            let lit = if input.parse::<Option<syn::Token![=]>>()?.is_some() {
                input.parse().map_err(|e| bad(e.span()))?
            } else {
                LitStr::new(&name.to_string(), name.span())
            };
            (lit, Some((vis, name)))
        } else {
            (input.parse().map_err(|e| bad(e.span()))?, None)
        };
        let mut out = Input {
            lit,
            module,
            manifest: false,
            openapi: false,
            state: None,
            href_prefix: None,
            href_export: None,
        };
        while !input.is_empty() {
            input.parse::<syn::Token![,]>().map_err(|e| bad(e.span()))?;
            if input.is_empty() {
                break;
            }
            let ident: syn::Ident = input.parse().map_err(|e| bad(e.span()))?;
            if ident == "manifest" && !out.manifest {
                out.manifest = true;
            } else if ident == "openapi" && !out.openapi {
                out.openapi = true;
            } else if ident == "state" && out.state.is_none() {
                input.parse::<syn::Token![=]>()?;
                out.state = Some(input.parse()?);
            } else if ident == "href_prefix" && out.href_prefix.is_none() {
                input.parse::<syn::Token![=]>()?;
                let prefix: LitStr = input.parse()?;
                if let Err(why) = model::href::check_prefix(&prefix.value()) {
                    return Err(syn::Error::new(
                        prefix.span(),
                        error::href_prefix(&prefix.value(), why),
                    ));
                }
                out.href_prefix = Some(prefix);
            } else if ident == "href_export" && out.href_export.is_none() {
                input.parse::<syn::Token![=]>()?;
                out.href_export = Some(input.parse()?);
            } else {
                return Err(bad(ident.span()));
            }
        }
        Ok(out)
    }
}

/// The folder relative to the crate root, for the build.rs advice.
fn display_rel(rel: &str, dir: &Path, manifest: Option<&Path>) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    manifest
        .and_then(|m| m.canonicalize().ok())
        .and_then(|m| {
            dir.strip_prefix(&m)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .unwrap_or_else(|| rel.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/app")
    }

    /// The fixture tree as `routes!` reads it: its files, and its routes as
    /// the model builds them (from the files in reverse order: the model
    /// sorts; input order must not matter).
    fn fixture() -> (scan::Scan, Vec<model::Route>) {
        let sources = scan::sources(&fixture_dir()).unwrap_or_default();
        assert!(!sources.is_empty(), "the fixture's files are read");
        let found = scan::scan(sources, "app", true);
        let mut files: Vec<model::RouteFile> = found
            .routes
            .iter()
            .map(|f| model::RouteFile {
                dirs: f.dirs.clone(),
            })
            .collect();
        files.reverse();
        let (routes, errors) = model::build("app", &files);
        assert!(errors.is_empty(), "{errors:?}");
        (found, routes)
    }

    /// The route's file in the scan.
    fn file_of<'a>(found: &'a scan::Scan, route: &model::Route) -> &'a ScannedFile {
        let file = found.routes.iter().find(|f| f.dirs == route.dirs);
        file.expect("every route comes from a scanned file")
    }

    fn expand_fixture() -> String {
        expand_fixture_as(codegen::Layout::Block)
    }

    fn expand_fixture_as(layout: codegen::Layout) -> String {
        expand_fixture_with(layout, true)
    }

    /// The fixture expanded, with `manifest` and `openapi` or without.
    fn expand_fixture_with(layout: codegen::Layout, options: bool) -> String {
        let (found, routes) = fixture();
        let pairs: Vec<_> = routes
            .into_iter()
            .map(|r| {
                let file = file_of(&found, &r);
                (r, file)
            })
            .collect();
        let out = codegen::Output {
            app: "app",
            dir: fixture_dir().to_string_lossy().into_owned(),
            manifest: options,
            openapi: options,
            state: codegen::State::Generic,
            layout,
            middleware: &found.middleware,
            proxy: found.proxy.as_ref(),
            href_prefix: String::new(),
            href_export: None,
        };
        let (module, value) = codegen::expand(&pairs, &out, true, &[]);
        quote!(#module #value).to_string()
    }

    #[test]
    fn expansion_is_deterministic() {
        let a = expand_fixture();
        let b = expand_fixture();
        assert_eq!(a, b);
        assert!(a.contains("\"/users/{id}\""), "one Router::route per path");
        assert!(!a.contains("_lib"), "private folders are not compiled");
    }

    /// Under `routes!("app")`, a route without params gets `Params` and
    /// `__Route` only when its file names `RouteContext` or `Params`; in a
    /// documented tree (`routes!(mod app)`) every route gets them.
    #[test]
    fn params_items_only_where_named() {
        let (found, routes) = fixture();
        let without: Vec<_> = routes.iter().filter(|r| r.params.is_empty()).collect();
        let named = without
            .iter()
            .filter(|r| file_of(&found, r).names_params)
            .count();
        assert!(
            named > 0 && named < without.len(),
            "{named} of {}",
            without.len()
        );
        let items = "pub type Params = :: route_runtime :: NoParams";
        assert_eq!(expand_fixture().matches(items).count(), named);
        let module = codegen::Layout::Module {
            vis: syn::parse_quote!(pub),
            name: quote::format_ident!("app"),
        };
        assert_eq!(
            expand_fixture_as(module).matches(items).count(),
            without.len()
        );
    }

    /// A route whose module would hold nothing but its file is declared as
    /// its file; a route with params keeps the module around its file (its
    /// `Params` and `__Route`), and so does every route of a tree whose
    /// modules hold more (here: the manifest's config, OpenAPI).
    #[test]
    fn bare_routes_are_their_file() {
        let plain = expand_fixture_with(codegen::Layout::Block, false);
        let bare = |s: &str| s.contains("[path = \"api/hello/route.rs\"] pub mod __route_");
        assert!(bare(&plain), "{plain}");
        assert!(plain.contains("[path = \"users/[id]\"] pub mod __route_"));
        assert!(plain.contains("__route_GET"));
        let full = expand_fixture();
        assert!(!bare(&full));
        assert!(full.contains("[path = \"api/hello\"] pub mod __route_"));
    }

    #[test]
    fn one_route_call_per_pattern() {
        let a = expand_fixture();
        // A plain route is a link of `__Links` (`. r ("/x" , 0)`), any other
        // a `Router::route`.
        let plain = a.matches(". r (\"").count();
        let other = a.matches(". route (").count();
        // 20 route files; the optional catch-all has two patterns.
        assert_eq!((plain, plain + other), (18, 21));
    }
    #[test]
    fn plain_routes_with_the_same_params_share_a_module() {
        let plain = expand_fixture_with(codegen::Layout::Block, false);
        // `blog/[...slug]`: declared in its group's module, which holds the
        // params items; the router reaches it through the group.
        let decl = "# [path = \"blog/[...slug]/route.rs\"] pub mod __route_5 ;";
        assert!(plain.contains(decl), "{plain}");
        let group = plain
            .split("pub mod __group_")
            .find(|g| g.contains(decl))
            .unwrap_or_default();
        assert!(
            group.contains("pub type Params = super :: SlugCatchAllParams ;"),
            "{group}"
        );
        assert!(group.contains("as __Route ;"), "{group}");
        let k: String = group.chars().take_while(char::is_ascii_digit).collect();
        assert!(
            plain.contains(&format!(". get (__group_{k} :: __route_5 :: __route_GET)")),
            "{plain}"
        );
        assert!(!plain.contains("[path = \"blog/[...slug]\"]"));
        // A documented tree keeps a module per route.
        let module = expand_fixture_with(
            codegen::Layout::Module {
                vis: syn::parse_quote!(pub),
                name: quote::format_ident!("app"),
            },
            false,
        );
        assert!(!module.contains("__group_"), "{module}");
    }

    #[test]
    fn the_glue_names_the_state_a_handler_names() {
        // A tree whose state a handler names (`State<T>`): the glue of the
        // others is for that state; a tree that names none: generic.
        let from_handler = codegen::handler_macro(
            &codegen::State::FromHandler {
                alias: quote!(__route_0::route::__State_GET),
            },
            false,
            &codegen::Layout::Block,
        )
        .to_string();
        assert!(
            from_handler.contains(
                "$ vis fn $ name () -> :: route_runtime :: __Call < super :: super :: __State >"
            ),
            "{from_handler}"
        );
        assert!(!from_handler.contains("AnyState"), "{from_handler}");
        let generic =
            codegen::handler_macro(&codegen::State::Generic, false, &codegen::Layout::Block)
                .to_string();
        assert!(
            generic.contains("$ vis fn $ name < AnyState : :: route_runtime :: __RouterState > ()"),
            "{generic}"
        );
    }
}
