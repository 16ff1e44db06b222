//! Next.js App Router route handlers (`route.rs` files) on axum.
//!
//! Put `route.rs` files in a folder tree, annotate the handlers with
//! [`#[route]`](route), and turn the tree into an [`axum::Router`] with
//! [`routes!`]:
//!
//! ```ignore
//! let app: axum::Router = route_runtime::routes!("app");
//! route_runtime::serve(app).await?;
//! ```
//!
//! [`prelude`] holds what a route file and `main.rs` use. See the README for
//! the folder grammar and the Next.js → Rust mapping.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

pub mod build;

// `#[cache]` names `::route_runtime`: so do this crate's own tests.
#[cfg(test)]
extern crate self as route_runtime;

// ---- routing core (owner: core) ----
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzz;
#[cfg(feature = "runtime")]
#[doc(hidden)]
pub mod __private;
// What the glue `#[route]` writes names, one segment below the crate root
// (`::route_runtime::__unit6::call2`, `::route_runtime::__Body<_>`): each
// segment of a path is resolved, lowered and hashed again on every check
// of an app, 2,000 handlers over.
#[cfg(feature = "runtime")]
#[doc(hidden)]
pub use call::{
    Async as __Async, Blocking as __Blocking, Body as __Body, Call as __Call, Ctx as __Ctx,
    Head as __Head, unit0 as __unit0, unit1 as __unit1, unit2 as __unit2, unit3 as __unit3,
    unit4 as __unit4, unit5 as __unit5, unit6 as __unit6, unit7 as __unit7, unit8 as __unit8,
    unit9 as __unit9, unit10 as __unit10, unit11 as __unit11, unit12 as __unit12,
    unit13 as __unit13, unit14 as __unit14, unit15 as __unit15,
};
#[cfg(feature = "runtime")]
#[doc(hidden)]
pub use router::{Links as __Links, Methods as __Methods, RouterState as __RouterState};
#[cfg(feature = "runtime")]
mod answer;
#[cfg(feature = "runtime")]
mod call;
#[cfg(feature = "runtime")]
mod context;
#[cfg(feature = "runtime")]
pub mod error;
#[cfg(feature = "runtime")]
pub use error::Error;
#[cfg(feature = "runtime")]
mod extract;
#[cfg(feature = "runtime")]
mod header_text;
#[cfg(feature = "runtime")]
mod manifest;
#[cfg(feature = "runtime")]
pub mod middleware;
#[cfg(feature = "runtime")]
mod path;
#[cfg(feature = "runtime")]
mod router;
#[cfg(feature = "runtime")]
pub use manifest::{Manifest, RouteInfo};

#[cfg(feature = "runtime")]
pub use context::{NoParams, Params, PathError, RouteContext};
#[cfg(feature = "runtime")]
pub use middleware::Next;
#[cfg(feature = "runtime")]
pub use route_runtime_macros::{middleware, route, routes};
#[cfg(feature = "runtime")]
pub use router::{prerender, prerender_nested};

// ---- request side (owner: request) ----
#[cfg(feature = "runtime")]
pub mod request;
// BEGIN request re-exports
#[cfg(feature = "runtime")]
pub use request::{
    BodyError, BodyLimit, BodyStream, FormData, FormFile, FormValue, NextUrl, Request, SearchParams,
};
// END request re-exports

// ---- response side, cookies, headers, CORS, serve (owner: response) ----
#[cfg(feature = "runtime")]
pub mod cookies;
#[cfg(feature = "runtime")]
pub mod cors;
#[cfg(feature = "runtime")]
pub mod response;
#[cfg(feature = "runtime")]
pub mod serve;
// BEGIN response re-exports
#[cfg(feature = "runtime")]
pub use cookies::{cookies, headers};
#[cfg(feature = "runtime")]
pub use response::{Response, not_found, permanent_redirect, redirect};
#[cfg(feature = "runtime")]
pub use serve::{Server, serve};
// END response re-exports

// ---- segment config and caching (owner: cache) ----
#[cfg(feature = "runtime")]
pub mod cache;
// BEGIN cache re-exports
#[cfg(feature = "runtime")]
pub use cache::{CacheLife, cache_life, cache_tag, revalidate_tag_with};
#[cfg(feature = "runtime")]
pub use cache::{
    CacheTags, Dynamic, FetchCache, Revalidate, Runtime, SegmentConfig, revalidate_path,
    revalidate_tag,
};
/// `#[cache]`: see [`cache::cache`](macro@cache::cache).
#[cfg(feature = "runtime")]
pub use route_runtime_macros::cache;
// END cache re-exports

// ---- Next.js 16 request APIs: after, connection, draft mode (owner: next16) ----
#[cfg(feature = "runtime")]
pub mod after;
#[cfg(feature = "runtime")]
mod connection;
#[cfg(feature = "runtime")]
pub mod draft;
#[cfg(feature = "runtime")]
pub use after::after;
#[cfg(feature = "runtime")]
pub use connection::connection;
#[cfg(feature = "runtime")]
pub use draft::{DraftMode, draft_mode};

// Re-exported so that users need only this crate.
#[cfg(feature = "runtime")]
pub use axum;
// What handlers and `main.rs` commonly name, at the root too.
#[cfg(feature = "runtime")]
#[doc(no_inline)]
pub use axum::{Json, Router, extract::State};
#[cfg(feature = "runtime")]
pub use cookies::{SameSite, SetCookie};
#[cfg(feature = "runtime")]
pub use response::Event;

#[cfg(feature = "runtime")]
pub mod prelude;

// ---- compile-checked links (owner: href) ----
#[cfg(feature = "runtime")]
pub mod href;
#[cfg(feature = "runtime")]
pub use href::{Href, HrefError};

// ---- the OpenAPI document of a tree (owner: openapi) ----
#[cfg(feature = "openapi")]
#[cfg_attr(docsrs, doc(cfg(feature = "openapi")))]
pub mod openapi;
/// `routes!(.., openapi)`'s `openapi()`: the item, or (without the feature)
/// an error saying which feature to turn on. Not API.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_item {
    ($($item:tt)*) => { $($item)* };
}
/// Without the `openapi` feature: the one error. Not API.
#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_item {
    ($($item:tt)*) => {
        ::core::compile_error!("`routes!(.., openapi)` needs the `openapi` feature of route-runtime: `route-runtime = { version = \"0.1\", features = [\"openapi\"] }`");
    };
}
/// A handler's schemas (nothing without the feature). Not API.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_quiet {
    ($($item:tt)*) => { $($item)* };
}
/// Without the `openapi` feature: nothing. Not API.
#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_quiet {
    ($($item:tt)*) => {};
}
