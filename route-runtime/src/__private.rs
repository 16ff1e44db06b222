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

/// One route's params: their struct (shared by the routes whose params have
/// the same names and kinds) and where they sit in this route's path.
/// `routes!` implements it on a marker in each route's module, which a
/// handler's `RouteContext` argument names as its role (`Ctx<super::__Route>`).
pub trait RouteParams {
    /// The params struct.
    type Params: crate::Params;
    /// Where they sit in this route's path.
    const LAYOUT: <Self::Params as crate::Params>::Layout;
}

/// The marker of a route without params.
#[derive(Debug)]
pub enum NoRouteParams {}

impl RouteParams for NoRouteParams {
    type Params = crate::NoParams;
    const LAYOUT: () = ();
}
pub use crate::call::{
    Async, Blocking, Body, Call, Ctx, Head, RouteCall, unit0, unit1, unit2, unit3, unit4, unit5,
    unit6, unit7, unit8, unit9, unit10, unit11, unit12, unit13, unit14, unit15,
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

/// A param's value, borrowed: what a params struct's `Debug` and `Serialize`
/// impls hand to [`debug_params`] and [`serialize_params`], so each impl is
/// one call (cheap for the compiler to check at every `cargo check`).
#[derive(Debug, Clone, Copy)]
pub enum ParamRef<'a> {
    /// `[id]`.
    One(&'a String),
    /// `[...slug]`.
    Rest(&'a Vec<String>),
    /// `[[...slug]]`.
    Optional(&'a Option<Vec<String>>),
}

/// A params struct's `Debug`: what `#[derive(Debug)]` writes.
pub fn debug_params(
    f: &mut core::fmt::Formatter<'_>,
    name: &str,
    fields: &[(&str, ParamRef<'_>)],
) -> core::fmt::Result {
    let mut out = f.debug_struct(name);
    for (key, value) in fields {
        match value {
            ParamRef::One(v) => out.field(key, v),
            ParamRef::Rest(v) => out.field(key, v),
            ParamRef::Optional(v) => out.field(key, v),
        };
    }
    out.finish()
}

/// A params struct's `Serialize`: a struct of its fields (Next's `params`
/// object); an absent optional catch-all is left out, as Next leaves it out.
pub fn serialize_params<S: serde::Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[(&'static str, ParamRef<'_>)],
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut out = serializer.serialize_struct(name, fields.len())?;
    for &(key, value) in fields {
        match value {
            ParamRef::One(v) => out.serialize_field(key, v)?,
            ParamRef::Rest(v) => out.serialize_field(key, v)?,
            ParamRef::Optional(Some(v)) => out.serialize_field(key, v)?,
            ParamRef::Optional(None) => out.skip_field(key)?,
        }
    }
    out.end()
}
