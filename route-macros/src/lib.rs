//! Proc macros of [`route-runtime`](https://docs.rs/route-runtime): `routes!`
//! and `#[route]`. Depend on `route-runtime`, which re-exports them; the
//! generated code names it by absolute path.

use proc_macro::TokenStream;

mod expand;
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
