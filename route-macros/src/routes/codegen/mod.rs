//! Routes -> tokens. Everything lives in one generated module, `__routes`
//! (which sees the calling module's names through `use super::*`): one
//! module per route file (its params struct, the `RouteContext` literal
//! check, the handler signature, its segment config, the file itself), and
//! `fn router()`, one `Router::route` per axum pattern.
//!
//! The router's state type is known when it can be: named by the caller
//! (`state = AppState`) or by a handler (`State<AppState>`); otherwise
//! `router` is generic over it. Either way each handler is type-checked in
//! its own function against a state type, and the router's chain leaves
//! nothing for the compiler to infer.

mod href;
mod openapi;
mod params;
mod text;

pub use text::{deferred, lex_all, splice};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::config::Config;
use super::scan::ScannedMiddleware;
use super::ScannedFile;
use crate::model::{method, Route};

/// The router's state type, as the generated code names it.
pub enum State {
    /// Not known: `router` and the handlers that name none are generic.
    Generic,
    /// Named by the caller: every handler takes it.
    Named(syn::Type),
    /// Named by a handler or a middleware (`State<T>`): `alias`, the path of
    /// the type alias `#[route]`/`#[middleware]` writes for `T`.
    FromHandler { alias: TokenStream },
}

/// Where the generated module goes.
pub enum Layout {
    /// `routes!("app")` in expression position: a `__routes` module in the
    /// block, and the router as the block's value.
    Block,
    /// `routes!(pub mod app)` in item position: the module itself, named by
    /// the caller, with `router()` (and `manifest()`) in it. Only modules at
    /// module level are part of the crate for rust-analyzer.
    Module { vis: syn::Visibility, name: Ident },
}

/// What `routes!` was asked for.
pub struct Output<'a> {
    /// The app folder as written, for messages.
    pub app: &'a str,
    /// The app folder, absolute: the module's `#[path]`.
    pub dir: String,
    pub manifest: bool,
    /// `openapi`: the tree's `openapi()` (and the tuple's last value).
    pub openapi: bool,
    pub state: State,
    pub layout: Layout,
    /// The folders' `middleware.rs`, outer folders first.
    pub middleware: &'a [ScannedMiddleware],
    /// The app's `proxy.rs`.
    pub proxy: Option<&'a ScannedMiddleware>,
    /// Where the router is mounted (`/v1`), written before every `href!` URL.
    pub href_prefix: String,
    /// `href_export = name`: `href!` also as `#[macro_export] name!`, for
    /// other crates (the app's integration tests).
    pub href_export: Option<Ident>,
}

/// The `__routes` module, and (when `router` is set) the expression that
/// builds the router from it. Files `routes!` found wrong (`broken`) are left
/// out, so that rustc does not report the same mistake a second time.
pub fn expand(
    routes: &[(Route, &ScannedFile)],
    out: &Output,
    router: bool,
    broken: &[bool],
) -> (TokenStream, TokenStream) {
    let every = matches!(out.layout, Layout::Module { .. });
    let (shapes, params) = params::params_items(routes, every);
    let (modules, places) = route_modules(routes, &params, out, broken);
    let alias = match &out.state {
        State::Generic => None,
        State::Named(ty) => Some(quote!(pub type __State = #ty;)),
        State::FromHandler { alias } => Some(quote!(pub type __State = #alias;)),
    };
    let middleware = out
        .middleware
        .iter()
        .enumerate()
        .map(|(k, mw)| middleware_module(&middleware_ident(k), mw, "middleware", &out.state));
    let proxy = out
        .proxy
        .map(|mw| middleware_module(&format_ident!("__proxy"), mw, "proxy", &out.state));
    let router_fn = if router {
        router_fn(routes, out, &places)
    } else {
        empty_router()
    };
    let manifest = out.manifest.then(|| manifest_items(routes, out, router));
    let href = href::href_macro(routes.iter().map(|(r, _)| r), out);
    let handler_macro = handler_macro(&out.state, out.openapi, &out.layout);
    let openapi = out
        .openapi
        .then(|| openapi::openapi_fn(routes, out, router));
    let dir = &out.dir;
    let (attrs, vis, name) = match &out.layout {
        Layout::Block => (quote!(#[doc(hidden)]), quote!(), format_ident!("__routes")),
        Layout::Module { vis, name } => {
            let doc = format!("The route tree of `{}`: `router()` serves it.", out.app);
            (quote!(#[doc = #doc]), quote!(#vis), name.clone())
        }
    };
    let module = quote! {
        #attrs
        #[allow(non_snake_case, non_camel_case_types, dead_code, unused_imports, clippy::all)]
        #[path = #dir]
        #vis mod #name {
            use super::*;
            #alias
            #handler_macro
            #href
            #shapes
            #(#modules)*
            #(#middleware)*
            #proxy
            #router_fn
            #manifest
            #openapi
        }
    };
    let value = match (out.manifest, out.openapi) {
        (false, false) => quote!(#name::router()),
        (true, false) => quote!((#name::router(), #name::manifest())),
        (false, true) => quote!((#name::router(), #name::openapi())),
        (true, true) => quote!((#name::router(), #name::manifest(), #name::openapi())),
    };
    (module, value)
}

/// Each route's module (or its place in its group's), and where each
/// route's file is. The modules of the plain routes (see `plain_module`)
/// are one text, lexed once; the others are written with `quote!`. A bare
/// route's module is its file (see `is_bare`); a grouped one's is declared
/// in the module its group shares (see `is_groupable`).
fn route_modules(
    routes: &[(Route, &ScannedFile)],
    params: &[String],
    out: &Output,
    broken: &[bool],
) -> (Vec<TokenStream>, Vec<Place>) {
    let every = matches!(out.layout, Layout::Module { .. });
    let mut plain = String::new();
    let mut modules: Vec<TokenStream> = Vec::new();
    let mut places = Vec::with_capacity(routes.len());
    let mut groups = Groups::default();
    for (i, ((route, file), params)) in routes.iter().zip(params).enumerate() {
        let compile = !broken.get(i).copied().unwrap_or(false);
        let is_plain = is_plain(file, compile, out);
        let place = if !is_plain {
            Place::Own
        } else if is_bare(file, params, &out.state) {
            Place::Bare
        } else if !every && is_groupable(file) {
            Place::Grouped(groups.add(i, route, params))
        } else {
            Place::Own
        };
        places.push(place);
        match place {
            // Declared in its group's module (`Groups::write`, below).
            Place::Grouped(_) => {}
            _ if is_plain => plain_module(i, route, params, place == Place::Bare, &mut plain),
            _ => {
                let params = params::route_params_tokens(params, (route, file));
                modules.push(route_module(
                    &module_ident(i),
                    (route, file),
                    params,
                    compile,
                    out,
                ));
            }
        }
    }
    groups.write(&mut plain);
    modules.extend(text::lex_each(&[plain]));
    (modules, places)
}

/// `MANIFEST` and `fn manifest()`: the route table (empty for a tree with
/// errors, which has no `router`).
fn manifest_items(routes: &[(Route, &ScannedFile)], out: &Output, router: bool) -> TokenStream {
    let proxy_file = match out.proxy {
        Some(mw) if mw.usable => {
            let file = middleware_file(out.app, mw, "proxy.rs");
            quote!(::core::option::Option::Some(#file))
        }
        _ => quote!(::core::option::Option::None),
    };
    let infos = router.then(|| manifest(routes, out));
    quote! {
        pub const MANIFEST: &[::route_runtime::RouteInfo] = &[#infos];
        /// The route table of this tree, as `next build` prints it.
        pub fn manifest() -> ::route_runtime::Manifest {
            ::route_runtime::Manifest { routes: MANIFEST, proxy: #proxy_file }
        }
    }
}

/// `router()` of a tree with errors: serves nothing, has the right type, so
/// the caller's code adds no errors of its own.
fn empty_router() -> TokenStream {
    let p = quote!(::route_runtime::__private);
    quote! {
        pub fn router<__S: #p::RouterState>() -> #p::axum::Router<__S> {
            #p::axum::Router::new()
        }
    }
}

fn module_ident(i: usize) -> Ident {
    format_ident!("__route_{}", i)
}

fn middleware_ident(k: usize) -> Ident {
    format_ident!("__mw_{}", k)
}

/// The module of a `middleware.rs` (`file` = `middleware`) or of the app's
/// `proxy.rs`: the `__route_middleware!` macro its `#[middleware]` expands
/// to, and the file.
fn middleware_module(
    module: &Ident,
    mw: &ScannedMiddleware,
    file: &str,
    state: &State,
) -> TokenStream {
    let dirs = mw.dirs.join("/");
    let file = Ident::new(file, Span::call_site());
    let signature = middleware_macro(state);
    quote! {
        #[path = #dirs]
        pub mod #module {
            #signature
            pub mod #file;
        }
    }
}

/// How the router builds one middleware: `Middleware::from_fn` of the fn
/// `#[middleware]` wrote (for the tree's state), or the layer.
fn middleware_value(path: TokenStream, mw: &ScannedMiddleware, state: &State) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    if mw.is_layer {
        return quote!(#path::__route_layer::<__S>());
    }
    let generic = matches!(state, State::Generic | State::FromHandler { .. }) && mw.state.is_none();
    let turbofish = generic.then(|| quote!(::<__S>));
    quote!(#p::Middleware::<__S>::from_fn(#path::__route_middleware #turbofish))
}

/// `fn router()`: one `Router::route` per axum pattern, the way axum
/// routers are written by hand, then the fallback.
fn router_fn(routes: &[(Route, &ScannedFile)], out: &Output, places: &[Place]) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let proxy = out.proxy.filter(|mw| mw.usable);
    let mut chain = Chain::default();
    let mounted = mounted_middleware(out, &mut chain.lets);
    let plain = plain_links(routes, places, (&mounted, proxy.is_some()), &mut chain);
    for (i, (route, file)) in routes.iter().enumerate() {
        let module = module_ident(i);
        if !plain[i] {
            let around = Around {
                folders: &mounted
                    .iter()
                    .filter(|(_, mw)| route.dirs.starts_with(&mw.dirs))
                    .map(|(var, _)| var)
                    .collect::<Vec<_>>(),
                proxy: proxy.is_some(),
            };
            chain.link(i, (route, file), places[i], &out.state, &around);
        }
        if file.config.is_static(&file.methods) {
            chain
                .statics
                .push(quote!(#module::__static_paths as #p::StaticPaths));
        }
    }
    router_items(out, proxy, chain)
}

/// What `fn router()` is made of: the `let`s before its chain, the chain
/// (its start, `__Links` with the plain routes, then a `Router::route` per
/// other pattern), the tree's static routes and its plain routes' kinds.
#[derive(Default)]
struct Chain {
    lets: Vec<TokenStream>,
    start: TokenStream,
    links: Vec<TokenStream>,
    statics: Vec<TokenStream>,
    kinds: Vec<MethodsKind>,
}

impl Chain {
    /// The link of a route that is not plain (under middleware or a proxy,
    /// with a config wrapper, or an optional catch-all's two patterns).
    fn link(
        &mut self,
        i: usize,
        (route, file): (&Route, &ScannedFile),
        place: Place,
        state: &State,
        around: &Around,
    ) {
        let module = module_ident(i);
        let allow = method::allow_header(file.methods.iter().map(String::as_str));
        let file_path = match place {
            Place::Own => quote!(#module::route),
            Place::Bare => quote!(#module),
            Place::Grouped(k) => {
                let group = group_ident(k);
                quote!(#group::#module)
            }
        };
        let methods = method_router((&module, &file_path), route, file, &allow, state, around);
        // An optional catch-all has two patterns: its method router is built
        // once, before the chain, and cloned for the first.
        match route.patterns.as_slice() {
            [one] => self.links.push(quote!(.route(#one, #methods))),
            many => {
                let Some((last, rest)) = many.split_last() else {
                    return;
                };
                let var = format_ident!("__methods_{}", i);
                self.lets.push(quote!(let #var = #methods;));
                for pat in rest {
                    self.links
                        .push(quote!(.route(#pat, ::core::clone::Clone::clone(&#var))));
                }
                self.links.push(quote!(.route(#last, #var)));
            }
        }
    }
}

/// Each folder's usable middleware, built once before the chain (`let
/// __chain_0 = ..;`, into `lets`); a route holds those of its folders.
fn mounted_middleware<'a>(
    out: &Output<'a>,
    lets: &mut Vec<TokenStream>,
) -> Vec<(Ident, &'a ScannedMiddleware)> {
    let mut mounted = Vec::new();
    for (k, mw) in out
        .middleware
        .iter()
        .enumerate()
        .filter(|(_, mw)| mw.usable)
    {
        let (var, module) = (format_ident!("__chain_{}", k), middleware_ident(k));
        let value = middleware_value(quote!(#module::middleware), mw, &out.state);
        lets.push(quote!(let #var = #value;));
        mounted.push((var, mw));
    }
    mounted
}

/// Which routes are plain (see `plain_link`): their links, as one text
/// lexed once, are the start of the chain (`__Links`; the order of
/// `Router::route` calls does not matter: no two routes of a tree share a
/// pattern), their kinds go to `chain.kinds`.
fn plain_links(
    routes: &[(Route, &ScannedFile)],
    places: &[Place],
    (mounted, proxy): (&[(Ident, &ScannedMiddleware)], bool),
    chain: &mut Chain,
) -> Vec<bool> {
    let mut text = String::from("::route_runtime::__Links::<__S>::new(&__TREE, &__METHODS)");
    let plain = routes
        .iter()
        .enumerate()
        .map(|(i, (route, file))| {
            let unwrapped = !proxy
                && !mounted
                    .iter()
                    .any(|(_, mw)| route.dirs.starts_with(&mw.dirs));
            unwrapped && plain_link((i, places[i]), route, file, (&mut text, &mut chain.kinds))
        })
        .collect();
    chain.start = if chain.kinds.is_empty() {
        quote!(::route_runtime::__private::axum::Router::<__S>::new())
    } else {
        text.push_str(".finish()");
        text::lex_each(&[text]).into_iter().collect()
    };
    plain
}

/// The tree's `__TREE` (and `__METHODS`), and its `fn routes()` and `fn
/// router()`: behind the proxy when the tree has one.
fn router_items(out: &Output, proxy: Option<&ScannedMiddleware>, chain: Chain) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let Chain {
        lets,
        start,
        links,
        statics,
        kinds,
    } = chain;
    let (generics, state, alias) = match out.state {
        State::Generic => (quote!(<__S: #p::RouterState>), quote!(__S), None),
        _ => (
            quote!(),
            quote!(__State),
            Some(quote!(
                type __S = __State;
            )),
        ),
    };
    let mut tree = quote! {
        /// What this tree knows about itself at run time (its static routes).
        #[doc(hidden)]
        pub static __TREE: #p::Tree = #p::Tree::new(&[#(#statics),*]);
    };
    if !kinds.is_empty() {
        tree.extend(methods_table(&kinds));
    }
    let Some(mw) = proxy else {
        let turbofish = matches!(out.state, State::Generic).then(|| quote!(::<__S>));
        return quote! {
            #tree

            /// The routes of this tree, without its fallback (axum keeps one
            /// per router): what `route_runtime::merge!` puts together with
            /// other trees.
            pub fn routes #generics () -> #p::axum::Router<#state> {
                #alias
                #(#lets)*
                #start #(#links)*
            }

            /// The router of this tree: one route per route file, and the
            /// fallback (redirects to canonical paths, the prerender's probe).
            pub fn router #generics () -> #p::axum::Router<#state> {
                #p::finish(routes #turbofish (), &__TREE)
            }
        };
    };
    // With a proxy, the routes are a router of their own (state carried by
    // the proxy), which the proxy calls: it runs before their routing, so
    // the tree has no `routes()` to merge (they would be reached without it).
    let value = middleware_value(quote!(__proxy::proxy), mw, &out.state);
    quote! {
        #tree

        /// The router of this tree: its proxy, then one route per route file.
        pub fn router #generics () -> #p::axum::Router<#state> {
            #alias
            #(#lets)*
            let __router = #p::axum::Router::<()>::new() #(#links)*;
            #p::with_proxy(#p::finish(__router, &__TREE), #value)
        }
    }
}

/// What runs around a route's entries: its folders' middleware (outer
/// first), and whether the tree has a proxy (whose routes take the state it
/// carries).
struct Around<'a> {
    folders: &'a [&'a Ident],
    proxy: bool,
}

impl Around<'_> {
    fn wrap(&self, mut entry: TokenStream) -> TokenStream {
        let p = quote!(::route_runtime::__private);
        for var in self.folders.iter().rev() {
            entry = quote!(#p::Folder::new(#entry, &#var));
        }
        if self.proxy {
            entry = quote!(#p::Stateful::<_, __S>::new(#entry));
        }
        entry
    }
}

/// What a plain route's `Methods` starts from: its `Allow` list, whether
/// its path is checked (it has params), whether its file enters the request
/// scope (`route_runtime::router::MethodsKind`). A tree has a few kinds;
/// its plain links name theirs by index in `__METHODS`.
type MethodsKind = (String, bool, bool);

/// `__METHODS`, the kinds of the tree's plain routes.
fn methods_table(kinds: &[MethodsKind]) -> TokenStream {
    let n = kinds.len();
    let rows = kinds
        .iter()
        .map(|(allow, check_path, scope)| quote!((#allow, #check_path, #scope)));
    quote! {
        /// The plain routes' `Allow` list, path check and request scope.
        const __METHODS: [(&str, bool, bool); #n] = [#(#rows),*];
    }
}

/// `.r("/users/{id}", 0).get(__route_9::__route_GET).post(..)`, written to
/// `text`: the link of a route under no middleware, one pattern, no config
/// wrapper (the most of them), in the chain of `route_runtime::__Links`; its
/// kind in `kinds` (see `methods_table`). `false`, and nothing written, for
/// any other.
fn plain_link(
    (i, place): (usize, Place),
    route: &Route,
    file: &ScannedFile,
    (text, kinds): (&mut String, &mut Vec<MethodsKind>),
) -> bool {
    use std::fmt::Write;
    let [pattern] = route.patterns.as_slice() else {
        return false;
    };
    let config = &file.config;
    let wrapped = |m: &str| {
        (m == "GET" && config.wraps_get(&file.methods))
            || config.body_limit
            || config.max_duration.is_some()
    };
    if file.methods.iter().any(|m| wrapped(m)) {
        return false;
    }
    let allow = method::allow_header(file.methods.iter().map(String::as_str));
    let check_path = !route.params.is_empty();
    let kind = (allow, check_path, file.uses_scope);
    let k = match kinds.iter().position(|c| *c == kind) {
        Some(k) => k,
        None => {
            kinds.push(kind);
            kinds.len() - 1
        }
    };
    let module = file_module(i, place);
    let _ = write!(text, ".r({pattern:?}, {k})");
    // Each handler's fn as a `fn() -> Call<__S>`: the state is inferred, no
    // `::<__S>` to lower and hash per handler.
    for m in &file.methods {
        let _ = write!(text, ".{}({module}::__route_{m})", m.to_lowercase());
    }
    true
}

/// One file's `MethodRouter`: each handler (wrapped for caching, the body
/// limit and the time limit as its config says, then its folders'
/// middleware), the automatic `OPTIONS`, and the `405` for the rest.
/// `module` is the route's module, `file` its file's (the same for a bare
/// route: see `is_bare`).
fn method_router(
    (module, file_path): (&Ident, &TokenStream),
    route: &Route,
    file: &ScannedFile,
    allow: &str,
    state: &State,
    around: &Around,
) -> TokenStream {
    let handlers = FileHandlers {
        module,
        file_path,
        route,
        file,
        state,
    };
    if around.folders.is_empty() && !around.proxy {
        handlers.methods(allow)
    } else {
        handlers.wrapped_methods(allow, around)
    }
}

/// One route file's handlers, as its method router names and wraps them.
struct FileHandlers<'a> {
    module: &'a Ident,
    file_path: &'a TokenStream,
    route: &'a Route,
    file: &'a ScannedFile,
    state: &'a State,
}

impl FileHandlers<'_> {
    /// `__route_9::route::__route_GET::<__S>()`: the handler's `Call`.
    fn call(&self, m: &str) -> TokenStream {
        let file_path = self.file_path;
        let handler = format_ident!("__route_{}", m);
        let generic = matches!(self.state, State::Generic)
            && !self.file.states.iter().any(|(method, _)| method == m);
        let turbofish = generic.then(|| quote!(::<__S>));
        quote!(#file_path::#handler #turbofish ())
    }

    /// The handler's `RouteFn` (path check, request scope).
    fn route_fn(&self, h: &TokenStream) -> TokenStream {
        let p = quote!(::route_runtime::__private);
        let check_path = !self.route.params.is_empty();
        let scope = self.file.uses_scope;
        quote!(#p::RouteFn::new(#h, &__TREE, #check_path, #scope))
    }

    /// The config's wrappers around a handler's `RouteFn`: a cached GET, a
    /// body limit, a timeout (`None` when the file has none of them).
    fn wrap_config(&self, m: &str, route_fn: TokenStream) -> Option<TokenStream> {
        let p = quote!(::route_runtime::__private);
        let (module, file_path, config) = (self.module, self.file_path, &self.file.config);
        let name = &self.route.route;
        let mut h = route_fn;
        let mut wrapped = false;
        if m == "GET" && config.wraps_get(&self.file.methods) {
            let methods_lit: Vec<&str> = self.file.methods.iter().map(String::as_str).collect();
            let paths = config
                .static_params
                .map(|_| quote!(.static_paths(#module::__static_paths)));
            h = quote!(#p::Cached::new(#h, #name, #module::__CONFIG, &[#(#methods_lit),*]) #paths);
            wrapped = true;
        }
        if config.body_limit {
            h = quote!(#p::WithExtension::new(#h, #file_path::BODY_LIMIT));
            wrapped = true;
        }
        if let Some(secs) = config.max_duration {
            h = quote!(#p::Timeout::new(#h, #secs));
            wrapped = true;
        }
        wrapped.then_some(h)
    }

    /// Outside any middleware: `Methods`, each handler named once, its
    /// `RouteFn` made by the runtime; a wrapped one as `.get_with(..)`.
    fn methods(&self, allow: &str) -> TokenStream {
        let p = quote!(::route_runtime::__private);
        let check_path = !self.route.params.is_empty();
        let scope = self.file.uses_scope;
        let handlers = self.file.methods.iter().map(|m| {
            let h = self.call(m);
            let setter = Ident::new(&m.to_lowercase(), Span::call_site());
            match self.wrap_config(m, self.route_fn(&h)) {
                None => quote!(.#setter(#h)),
                Some(w) => {
                    let with = format_ident!("{}_with", setter);
                    quote!(.#with(#w))
                }
            }
        });
        quote!(#p::Methods::<__S>::new(&__TREE, #allow, #check_path, #scope) #(#handlers)* .finish())
    }

    /// Under folder middleware or a proxy: each entry (the handlers, the
    /// automatic `OPTIONS`, under middleware the `405` too) wrapped in it.
    fn wrapped_methods(&self, allow: &str, around: &Around) -> TokenStream {
        let p = quote!(::route_runtime::__private);
        let methods = &self.file.methods;
        let handlers = methods.iter().map(|m| {
            let setter = Ident::new(&m.to_lowercase(), Span::call_site());
            let plain = self.route_fn(&self.call(m));
            let mut h = self.wrap_config(m, plain.clone()).unwrap_or(plain);
            if m == "OPTIONS" {
                h = quote!(#p::OwnOptions::new(#h, #allow));
            }
            let h = around.wrap(h);
            quote!(.#setter(#h))
        });
        // A route with params checks the path before any answer, the 405 and
        // the automatic OPTIONS included.
        let (tree, checked) = if self.route.params.is_empty() {
            (quote!(::core::option::Option::None), quote!())
        } else {
            (
                quote!(::core::option::Option::Some(&__TREE)),
                quote!(.checking_path(&__TREE)),
            )
        };
        let own_options = methods.iter().any(|m| m == "OPTIONS");
        let routes_state = if around.proxy {
            quote!(())
        } else {
            quote!(__S)
        };
        if around.folders.is_empty() {
            let auto_options = (!own_options)
                .then(|| quote!(.options_service(#p::AllowAnswer::options(#allow) #checked)));
            return quote!(#p::methods::<#routes_state>(#allow, #tree) #(#handlers)* #auto_options);
        }
        // Under middleware, the automatic `OPTIONS` and the `405` run inside it too.
        let auto_options = (!own_options).then(|| {
            let entry = around.wrap(quote!(#p::AllowAnswer::options(#allow) #checked));
            quote!(.options(#entry))
        });
        let not_allowed = around.wrap(quote!(#p::AllowAnswer::method_not_allowed(#allow) #checked));
        quote!(#p::methods::<#routes_state>(#allow, #tree) #(#handlers)* #auto_options .fallback(#not_allowed))
    }
}

/// `app/admin/middleware.rs`, for the manifest.
fn middleware_file(app: &str, mw: &ScannedMiddleware, name: &str) -> String {
    let mut s = app.trim_end_matches('/').to_string();
    for d in &mw.dirs {
        s.push('/');
        s.push_str(d);
    }
    s.push('/');
    s.push_str(name);
    s
}

/// `const MANIFEST`: the route table, as `next build` prints it.
fn manifest(routes: &[(Route, &ScannedFile)], out: &Output) -> TokenStream {
    let rt = quote!(::route_runtime);
    let app = out.app;
    let infos = routes.iter().enumerate().map(|(i, (route, file))| {
        let chain: Vec<String> = out
            .middleware
            .iter()
            .filter(|mw| mw.usable && route.dirs.starts_with(&mw.dirs))
            .map(|mw| middleware_file(app, mw, "middleware.rs"))
            .collect();
        let types: Vec<&str> = route
            .params
            .iter()
            .map(|p| match p.kind {
                crate::model::ParamKind::One => "String",
                crate::model::ParamKind::CatchAll => "Vec<String>",
                crate::model::ParamKind::OptionalCatchAll => "Option<Vec<String>>",
            })
            .collect();
        let module = module_ident(i);
        let name = &route.route;
        let file_name = route.file(app);
        let patterns = &route.patterns;
        let methods: Vec<&str> = file.methods.iter().map(String::as_str).collect();
        let allow = method::allow_header(file.methods.iter().map(String::as_str));
        let params: Vec<&str> = route.params.iter().map(|p| p.name.as_str()).collect();
        let is_static = file.config.is_static(&file.methods);
        quote! {
            #rt::RouteInfo {
                route: #name,
                file: #file_name,
                patterns: &[#(#patterns),*],
                methods: &[#(#methods),*],
                allow: #allow,
                params: &[#(#params),*],
                config: #module::__CONFIG,
                is_static: #is_static,
                param_types: &[#(#types),*],
                middleware: &[#(#chain),*],
            }
        }
    });
    quote!(#(#infos),*)
}

/// Is a route's module nothing but its params items and its file (no
/// config, no route literal, no OpenAPI)? [`plain_module`] writes those,
/// [`route_module`] the others.
fn is_plain(file: &ScannedFile, compile: bool, out: &Output) -> bool {
    compile
        && !out.openapi
        && !out.manifest
        && !file.config.wraps_get(&file.methods)
        && !file.route_literal
        && file.config.static_params.is_none()
}

/// Is a plain route's module its file alone, declared where the others
/// have a module around it (`#[path = "about/route.rs"] pub mod
/// __route_3;`)? When the module around it would hold nothing (no params
/// items) and nothing names the file through it (no `State<T>` alias for
/// the tree's state, no `BODY_LIMIT`): one module per route, as a
/// hand-written app has, where each module is an item the compiler pays for
/// at every check. The glue of such a file names nothing in `super` (a tree
/// whose state is known, named by the caller or by a handler's `State<T>`,
/// has the glue name it as `super::super::__State`: no bare routes there,
/// its plain routes are grouped, see `is_groupable`).
fn is_bare(file: &ScannedFile, params: &str, state: &State) -> bool {
    params.is_empty()
        && file.states.is_empty()
        && !file.config.body_limit
        && matches!(state, State::Generic)
}

/// The module of a plain route, appended to `text`.
fn plain_module(i: usize, route: &Route, params: &str, bare: bool, text: &mut String) {
    use std::fmt::Write;
    if bare {
        file_declaration(i, route, text);
    } else {
        let dirs = route.dirs.join("/");
        let _ = write!(
            text,
            "#[path = {dirs:?}] pub mod __route_{i} {{ {params} pub mod route; }} "
        );
    }
}

/// `#[path = "users/[id]/route.rs"] pub mod __route_3; `, appended to
/// `text`: a route's file declared as a module, its path relative to the
/// tree's folder (a bare route's, a grouped one's).
fn file_declaration(i: usize, route: &Route, text: &mut String) {
    use std::fmt::Write;
    let dirs = route.dirs.join("/");
    let file = if dirs.is_empty() {
        "route.rs".to_string()
    } else {
        format!("{dirs}/route.rs")
    };
    let _ = write!(text, "#[path = {file:?}] pub mod __route_{i}; ");
}

/// Where a route's file is declared in the tree's module.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    /// In a module of its own around it (`__route_3::route`), which holds
    /// its params items, config, checks.
    Own,
    /// As the route's module itself (`__route_3`): see [`is_bare`].
    Bare,
    /// In the module of its group (`__group_0::__route_3`): see
    /// [`is_groupable`].
    Grouped(usize),
}

/// Can a plain route that is not bare be declared in a module shared by the
/// routes whose params items are the same (the same `Params` and `__Route`:
/// `/users/[id]` and `/posts/[id]`; or none, for the routes without params
/// of a tree whose state is known)? When nothing else names the file
/// through its module (no `State<T>` alias, no `BODY_LIMIT`), as for
/// [`is_bare`]. Its file reaches `super::Params` and `super::__Route` in
/// the group's module (and `super::super::__State`, two modules down as in
/// a module of its own): the module around it per route, an item the
/// compiler pays for at every check, is gone (at 1,000 routes, 500 of them
/// with params: 118 M instructions of a check after an edit, measured on
/// the expanded code). Only under `routes!("app")`: the tree of
/// `routes!(mod app)` is documented, a module and its `Params` per route.
fn is_groupable(file: &ScannedFile) -> bool {
    file.states.is_empty() && !file.config.body_limit && !file.config.is_static(&file.methods)
}

/// The group modules of a tree's plain routes that are not bare.
#[derive(Default)]
struct Groups {
    /// Each group's params items (its key) and its files' declarations.
    groups: Vec<(String, String)>,
    by_items: std::collections::HashMap<String, usize>,
}

impl Groups {
    /// Declares route `i` in the group of its params items (their text
    /// without the route's own doc line); its group's index.
    fn add(&mut self, i: usize, route: &Route, params: &str) -> usize {
        let items = params
            .rfind("pub type Params")
            .map_or(params, |at| &params[at..]);
        let k = match self.by_items.get(items) {
            Some(&k) => k,
            None => {
                let k = self.groups.len();
                self.by_items.insert(items.to_string(), k);
                self.groups.push((items.to_string(), String::new()));
                k
            }
        };
        file_declaration(i, route, &mut self.groups[k].1);
        k
    }

    /// The group modules, appended to `text`: `#[path = ""]`, so that the
    /// files' paths are relative to the tree's folder, as a bare route's.
    fn write(&self, text: &mut String) {
        use std::fmt::Write;
        for (k, (items, decls)) in self.groups.iter().enumerate() {
            let _ = write!(
                text,
                "#[path = \"\"] pub mod __group_{k} {{ {items} {decls}}} "
            );
        }
    }
}

fn group_ident(k: usize) -> Ident {
    format_ident!("__group_{}", k)
}

/// The path of a route's file module from the tree's module.
fn file_module(i: usize, place: Place) -> String {
    match place {
        Place::Own => format!("__route_{i}::route"),
        Place::Bare => format!("__route_{i}"),
        Place::Grouped(k) => format!("__group_{k}::__route_{i}"),
    }
}

/// One route's module: its params, config and static paths,
/// `__route_params!` (what `RouteContext<"/route">` in the file expands to),
/// and its `route.rs` (declared unless `routes!` found it wrong: `compile`).
fn route_module(
    module: &Ident,
    (route, file): (&Route, &ScannedFile),
    params: TokenStream,
    compile: bool,
    out: &Output,
) -> TokenStream {
    // Without `openapi`, one `__route_openapi!` (that expands to nothing)
    // for the whole tree.
    let openapi = out.openapi.then(|| openapi::route_macro(file));
    let config = out.manifest || file.config.wraps_get(&file.methods);
    // Relative to the tree's module (whose own `#[path]` is the app folder):
    // rust-analyzer resolves a relative `#[path]` inside a module as rustc
    // does, and joins an absolute one onto the module's folder.
    // The root route's folder is the tree's own: `""` (not `"."`, which
    // rustc would print in every message as `app/./route.rs`).
    let dirs = route.dirs.join("/");
    let file_module = compile.then(|| {
        quote!(
            pub mod route;
        )
    });
    // The config as a value: for the manifest and the cache, when there is one.
    let config = config.then(|| config_const(&file.config));
    let static_paths = file
        .config
        .wraps_get(&file.methods)
        .then(|| static_paths(route, &file.config));
    // `RouteContext<"/users/[id]">`: the literal's check, for a file that
    // writes one (a bare `RouteContext` is `RouteContext<super::Params>`).
    let route_params = file.route_literal.then(|| {
        let name = &route.route;
        let mut accepted = vec![route.route.clone()];
        if route.route_with_groups != route.route {
            accepted.push(route.route_with_groups.clone());
        }
        quote! {
            macro_rules! __route_params {
                #( (#accepted) => { super::Params }; )*
                ($other:literal) => { ::route_runtime::__private::route_mismatch!(super::Params, $other, #name) };
            }
        }
    });
    quote! {
        #[path = #dirs]
        pub mod #module {
            #params
            #config
            #static_paths

            #route_params

            #openapi

            #file_module
        }
    }
}

/// `__route_handler!`, defined once per tree (a `macro_rules!` is in scope
/// in the modules declared after it): the signature of the fn `#[route]`
/// writes, `fn __route_GET<S>() -> Call<S>`, from what the tree
/// knows of the state. The attribute passes the state type its handler names
/// through `State<T>` (or nothing) and the body.
pub(crate) fn handler_macro(state: &State, openapi: bool, layout: &Layout) -> TokenStream {
    // No `#[allow]` per fn: the tree's module allows `non_snake_case` and
    // `clippy::all` for everything in it (each lint attribute is a lint
    // level the compiler pushes and checks, 2,000 of them at 1,000 routes).
    // `#[doc(hidden)]` only where the tree is documented (`routes!(mod
    // app)`): under `routes!("app")` the whole tree is hidden already.
    let attrs = match layout {
        Layout::Module { .. } => quote!(#[doc(hidden)]),
        Layout::Block => quote!(),
    };
    // With `openapi`, the handler's schemas fn too (`__route_openapi!`, one
    // per route module); without it, nothing more per handler.
    let openapi = openapi.then(|| quote!(__route_openapi! { $method }));
    // What `#[route]` passes, with as few tokens (and no group) as it can,
    // each one crossing the proc-macro bridge: the fn's visibility and name
    // (`: T` for a handler that names its state), the call fn (`unit6
    // call2`), each argument's type and role, the handler's value, flavour
    // and output, and the handler. The paths into the runtime are written
    // here.
    let call = quote! {
        ::route_runtime::$unit::$call::<_, $($A, ::route_runtime::$R $(<$RA>)?,)* $O, ::route_runtime::$M, $T,
    };
    let args = quote! {
        $unit:ident $call:ident; $($A:ty as $R:ident $(<$RA:ty>)?),*; $O:ty, $M:ident, $T:ty, $method:ident
    };
    // A handler that names its state (`: T`): the glue for that state.
    let own_state = quote! {
        ($vis:vis $name:ident: $S:ty, #args) => {
            #attrs
            $vis fn $name() -> ::route_runtime::__Call<$S> {
                #call $S>($method)
            }
            #openapi
        };
    };
    // The glue for the tree's state, two modules below the tree (`is_bare`).
    let tree_state = |pattern: TokenStream| {
        quote! {
            (#pattern, #args) => {
                #attrs
                $vis fn $name() -> ::route_runtime::__Call<super::super::__State> {
                    #call super::super::__State>($method)
                }
                #openapi
            };
        }
    };
    let arms = match state {
        // Every handler's glue is for the state the caller names.
        State::Named(_) => tree_state(quote!($vis:vis $name:ident $(: $S:ty)?)),
        // A handler that names no state gets the tree's (which its
        // `State<T>` handlers name): no fn generic over the state, which a
        // check pays for per handler (88 M instructions at 2,000 handlers,
        // measured on the expanded code).
        State::FromHandler { .. } => {
            let tree = tree_state(quote!($vis:vis $name:ident));
            quote!(#tree #own_state)
        }
        State::Generic => quote! {
            ($vis:vis $name:ident, #args) => {
                #attrs
                $vis fn $name<AnyState: ::route_runtime::__RouterState>() -> ::route_runtime::__Call<AnyState> {
                    #call AnyState>($method)
                }
                #openapi
            };
            #own_state
        },
    };
    quote! {
        macro_rules! __route_handler {
            #arms
        }
    }
}

/// `__route_middleware!`: the signature of the fn `#[middleware]` writes,
/// from what the tree knows of the state. The attribute passes the state
/// type its fn names through `State<T>` (or nothing) and the body.
fn middleware_macro(state: &State) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let sig = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, clippy::too_many_arguments, clippy::all)]
    };
    let req = quote!($req: #p::axum::extract::Request);
    let res = quote!(#p::axum::response::Response);
    match state {
        State::Named(_) => quote! {
            macro_rules! __route_middleware {
                ([$($vis:tt)*] $name:ident, [$($T:tt)*], $req:ident, $state:ident, $next:ident, $S:ident, $body:block) => {
                    #sig
                    $($vis)* async fn $name(#req, $state: super::super::__State, $next: #p::Next) -> #res {
                        type $S = super::super::__State;
                        $body
                    }
                };
            }
        },
        State::Generic | State::FromHandler { .. } => quote! {
            macro_rules! __route_middleware {
                ([$($vis:tt)*] $name:ident, [], $req:ident, $state:ident, $next:ident, $S:ident, $body:block) => {
                    #sig
                    $($vis)* async fn $name<$S: #p::RouterState>(#req, $state: $S, $next: #p::Next) -> #res $body
                };
                ([$($vis:tt)*] $name:ident, [$($T:tt)+], $req:ident, $state:ident, $next:ident, $S:ident, $body:block) => {
                    #sig
                    $($vis)* async fn $name(#req, $state: $($T)+, $next: #p::Next) -> #res {
                        type $S = $($T)+;
                        $body
                    }
                };
            }
        },
    }
}

/// The file's segment config as one `SegmentConfig` const, from the values
/// `routes!` read (and checked) in the file.
fn config_const(c: &Config) -> TokenStream {
    let cache = quote!(::route_runtime::cache);
    let mut calls = Vec::new();
    if let Some(d) = &c.dynamic {
        let v = Ident::new(d, Span::call_site());
        calls.push(quote!(.dynamic(#cache::Dynamic::#v)));
    }
    match c.revalidate {
        Some(None) => calls.push(quote!(.revalidate(#cache::Revalidate::Never))),
        Some(Some(n)) => calls.push(quote!(.revalidate(#cache::Revalidate::Seconds(#n)))),
        None => {}
    }
    if let Some(b) = c.dynamic_params {
        calls.push(quote!(.dynamic_params(#b)));
    }
    if let Some(n) = c.max_duration {
        calls.push(quote!(.max_duration(#n)));
    }
    if let Some(r) = &c.preferred_region {
        calls.push(quote!(.preferred_region(#r)));
    }
    if !c.tags.is_empty() {
        let tags = &c.tags;
        calls.push(quote!(.tags(&[#(#tags),*])));
    }
    if c.static_params.is_some() {
        calls.push(quote!(.static_params(true)));
    }
    quote! {
        /// This file's route segment config.
        pub const __CONFIG: #cache::SegmentConfig = #cache::SegmentConfig::new() #(#calls)*;
    }
}

/// The request paths to prerender: the route's own URL when it has no
/// params, else what `generate_static_params` lists.
fn static_paths(route: &Route, c: &Config) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let body = if route.params.is_empty() {
        let url = &route.patterns[0];
        quote!(::std::vec![::std::string::String::from(#url)])
    } else {
        match c.static_params {
            Some(is_async) => {
                let await_ = is_async.then(|| quote!(.await));
                quote! {
                    route::generate_static_params() #await_
                        .iter()
                        .map(__to_path)
                        .collect()
                }
            }
            None => quote!(::std::vec::Vec::new()),
        }
    };
    quote! {
        pub fn __static_paths() -> ::core::pin::Pin<::std::boxed::Box<
            dyn ::core::future::Future<Output = ::std::vec::Vec<::std::string::String>> + ::core::marker::Send,
        >> {
            #p::static_paths(async { #body })
        }
    }
}
