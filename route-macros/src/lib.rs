//! Proc macros of [`route-runtime`](https://docs.rs/route-runtime): `routes!`
//! and `#[route]`. Depend on `route-runtime`, which re-exports them; the
//! generated code names it by absolute path.

use proc_macro::TokenStream;

mod cache;
mod expand;
mod href;
mod middleware;
mod model;
mod openapi_attr;
mod route;
mod routes;
mod signature;

/// Turns a folder of `route.rs` files into an `axum::Router<S>`.
///
/// `routes!("app")` is resolved relative to the file that calls it, like
/// `include_str!`. See the `route-runtime` documentation for the grammar.
///
/// # Grammar
///
/// | folder            | URL                        | `params` field               |
/// |-------------------|----------------------------|------------------------------|
/// | `api/hello`       | `/api/hello`               |                              |
/// | `users/[id]`      | `/users/{id}`              | `id: String`                 |
/// | `blog/[...slug]`  | `/blog/*` (one or more)    | `slug: Vec<String>`          |
/// | `docs/[[...slug]]`| `/docs`, `/docs/*`         | `slug: Option<Vec<String>>`  |
/// | `(group)/about`   | `/about`                   |                              |
/// | `_lib`            | never routed               |                              |
/// | `%5Fmeta`         | `/_meta`                   |                              |
/// | `rss.xml`         | `/rss.xml`                 |                              |
///
/// # Options
///
/// After the folder: `manifest` (also the route table), `openapi` (also the
/// tree's OpenAPI 3.1 document, `route_runtime::openapi::OpenApi`; needs the
/// `openapi` feature of `route-runtime`), `state = AppState` (the router's
/// state type). In the module form (`routes!(mod app, manifest, openapi)`)
/// they add `app::manifest()` and `app::openapi()`; in the expression form
/// the value is a tuple: `(router, manifest, openapi)`, in that order, of
/// what was asked.
///
/// # Errors
///
/// Every malformed folder, clashing route and file without a handler is a
/// compile error naming the folder and the rule, all reported at once.
///
/// # Links
///
/// The tree also gets `href!`, which builds the URL of one of its routes,
/// checked against the folders at compile time:
/// `href!("/users/[id]", id = 42)` is `Ok("/users/42")`. It is in scope by
/// name in the tree's route files, and is `app::href!` in the rest of the
/// crate for `routes!(mod app)`. Options: `href_prefix = "/v1"` when the
/// router is mounted under a prefix (`Router::nest("/v1", ..)`), and
/// `href_export = app_href` to export it as `#[macro_export] app_href!` for
/// other crates. See `route_runtime::href`.
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    routes::entry(input).into()
}

/// Marks a route handler: a function named after its HTTP method (`GET`,
/// `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`), sync or async, whose
/// arguments are `Request`, `RouteContext<"…">` and any axum extractors, in
/// any order, and whose return type implements `IntoResponse`.
#[proc_macro_attribute]
pub fn route(attr: TokenStream, item: TokenStream) -> TokenStream {
    route::expand(attr.into(), item.into()).into()
}

/// Marks the one fn of a `middleware.rs` (or of the app's `proxy.rs`): an
/// `async fn` taking any extractors, then the request (`Request`) and
/// `next: Next`, returning `IntoResponse` (axum's `from_fn` shape); or a
/// plain `fn` without arguments returning a tower layer.
#[proc_macro_attribute]
pub fn middleware(attr: TokenStream, item: TokenStream) -> TokenStream {
    middleware::expand(attr.into(), item.into()).into()
}

/// Caches an async fn's results by its arguments, as Next's `'use cache'`
/// with `cacheLife` and `cacheTag`:
/// `#[cache(life = "hours", tags = ["posts"])] async fn posts(page: u32) -> Vec<Post>`.
///
/// `life` is one of Next's profiles (`"default"`, `"seconds"`, `"minutes"`,
/// `"hours"`, `"days"`, `"weeks"`, `"max"`), a `const` `CacheLife`, or
/// `life(stale = .., revalidate = .., expire = ..)` in seconds; `tags` are
/// string literals (`cache_tag(..)` in the body adds computed ones).
///
/// Within `revalidate` a call returns the stored value; after it, the stored
/// value once more while one background call refreshes it; after `expire`
/// the fn runs inline. Arguments (`Serialize`, and `Clone` or `&T` with
/// `T: ToOwned`) are the key; the value (`Serialize + Deserialize`; for a
/// `Result`, its `Ok` value only) is stored in the app's cache store.
/// See the `route_runtime::cache` module and the README's "Cached functions".
#[proc_macro_attribute]
pub fn cache(attr: TokenStream, item: TokenStream) -> TokenStream {
    cache::expand(attr.into(), item.into()).into()
}

/// Names, for the tree's OpenAPI document (`routes!(.., openapi)`), what a
/// handler's signature does not say: `request = T` (a JSON body),
/// `query = T`, `response = T` (a JSON answer), `error = T` (the JSON of its
/// errors), `status = 201` (the status of a successful answer). Each `T`
/// implements `JsonSchema`. Used as `route_runtime::openapi::operation`; the
/// handler itself is left as it is.
#[proc_macro_attribute]
pub fn operation(attr: TokenStream, item: TokenStream) -> TokenStream {
    openapi_attr::expand(attr.into(), item.into()).into()
}

#[doc(hidden)]
#[proc_macro]
pub fn __route_mismatch(input: TokenStream) -> TokenStream {
    route::mismatch(input.into()).into()
}

/// The tree's `href!` calls this with its routes: checks the call, builds
/// the URL. Not public API.
#[doc(hidden)]
#[proc_macro]
pub fn __route_href(input: TokenStream) -> TokenStream {
    href::expand(input.into()).into()
}
