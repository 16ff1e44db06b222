//! Used by the code `routes!` and `#[route]` generate. Not public API: names
//! and signatures may change in any release.

use std::future::Future;

pub use ::axum;
pub use ::serde;
pub use route_runtime_macros::__route_href as href;
pub use route_runtime_macros::__route_mismatch as route_mismatch;

pub use crate::href::HrefBuilder;

pub use crate::cache::Cached;
/// What `#[cache]` expands to.
pub mod cache_fn {
    pub use crate::cache::CacheLife;
    pub use crate::cache::function::dispatch::{KeyOf, Own, OwnRef, Value};
    pub use crate::cache::function::{
        CachedFn, Fallible, Lookup, Mode, Plain, check_arg, check_key, check_ref_arg, check_value,
        lookup,
    };
    /// The dispatch traits, anonymously (glob-imported by the generated fn).
    pub mod dispatch {
        pub use crate::cache::function::dispatch::{
            NotClone as _, NotSerializable as _, NotStorable as _, NotToOwned as _, ViaClone as _,
            ViaJson as _, ViaSerialize as _, ViaToOwned as _,
        };
    }
    pub use ::core::time::Duration;
}
pub use crate::context::PathError;

/// A handler's `RouteContext`, read from the request path: what its
/// `FromRequestParts` does, as a plain call (no future per route).
pub trait FromPath: Sized {
    /// Reads it from the request path.
    fn from_path(path: &str) -> Result<Self, PathError>;
}

impl<P: crate::Params> FromPath for crate::RouteContext<P> {
    fn from_path(path: &str) -> Result<Self, PathError> {
        P::from_path(path).map(|params| crate::RouteContext { params })
    }
}
pub use crate::call::{
    Async, Blocking, Body, Ctx, Head, RouteCall, call0, call1, call2, call2_any, call3, call3_any,
    call4, call4_any, call5, call5_any, call6, call6_any, call7, call7_any, call8, call8_any,
    call9, call9_any, call10, call10_any, call11, call11_any, call12, call12_any, call13,
    call13_any, call14, call14_any, call15, call15_any, call16, call16_any,
};
pub use crate::extract::{Arg, body_extractor, parts_extractor};

/// The extraction traits, anonymously: a generated handler glob-imports this
/// module and gets their methods and nothing else.
pub mod dispatch {
    pub use crate::extract::{NotAnExtractor as _, ViaBody as _, ViaParts as _};
}
pub use crate::manifest::{Manifest, RouteInfo};
pub use crate::middleware::{Folder, Middleware, MiddlewareRequest, Next, Stateful, with_proxy};
use crate::path;
pub use crate::router::RouterState;
pub use crate::router::{
    AllowAnswer, Methods, OwnOptions, RouteFn, StaticPaths, Timeout, Tree, WithExtension, finish,
    finish_merged, methods,
};

/// `P`, whatever `N` is: carries the error of a mismatched `RouteContext`
/// literal in its const argument while the type stays right.
pub type Checked<P, const N: usize> = P;

/// A path with fewer segments than the route has params (it cannot come from
/// the router that matched it).
const NOT_THIS_ROUTE: &str = "the request path does not match this route";

/// A boxed future of a route's static paths.
pub fn static_paths<F>(fut: F) -> ::core::pin::Pin<Box<dyn Future<Output = Vec<String>> + Send>>
where
    F: Future<Output = Vec<String>> + Send + 'static,
{
    Box::pin(fut)
}

/// One URL segment from a param value, percent-encoded as a client sends it.
pub use route_rules::uri::encode_segment;

/// Raw segments of a request path.
pub fn segments(path: &str) -> std::str::Split<'_, char> {
    path::segments(path)
}

/// `[id]`: the next segment, decoded.
pub fn param_one(seg: Option<&str>) -> Result<String, PathError> {
    let seg = seg.ok_or(PathError::new(NOT_THIS_ROUTE))?;
    path::decode(seg)
        .map(|s| s.into_owned())
        .map_err(PathError::new)
}

/// `[...slug]`: the remaining segments (at least one), decoded.
pub fn param_rest<'a>(segs: impl Iterator<Item = &'a str>) -> Result<Vec<String>, PathError> {
    let all = param_optional(segs)?;
    if all.is_empty() {
        return Err(PathError::new(NOT_THIS_ROUTE));
    }
    Ok(all)
}

/// `[[...slug]]`: the remaining segments, possibly none, decoded.
pub fn param_optional<'a>(segs: impl Iterator<Item = &'a str>) -> Result<Vec<String>, PathError> {
    segs.map(|s| {
        path::decode(s)
            .map(|s| s.into_owned())
            .map_err(PathError::new)
    })
    .collect()
}
