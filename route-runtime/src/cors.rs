//! CORS for route handlers, on top of tower-http's [`CorsLayer`].
//!
//! The docs' pattern (CORS headers set by the handlers, an explicit `OPTIONS`
//! handler for preflights) needs nothing from this module. For the common
//! case, apply [`Cors`] to the whole app or to one route:
//!
//! ```
//! use route_runtime::cors::Cors;
//! let app: axum::Router = axum::Router::new()
//!     .route("/api/hello", axum::routing::get(|| async { "hi" }))
//!     .layer(Cors::permissive());
//! ```
//!
//! A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
//! is answered `204` by the layer, with `Access-Control-Allow-Methods` set to
//! the methods the matched route implements (its `Allow` list, which the
//! layer asks the route itself for: an `OPTIONS` request marked as a probe,
//! answered with `Allow` by the automatic `OPTIONS`, by a generated route's
//! own `OPTIONS` handler without running it, or by axum's `405`). Other
//! requests go to the
//! route, and CORS headers are added to the answer. A plain `OPTIONS` (no
//! `Origin`) still reaches the route and gets its `Allow`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::MatchedPath;
use futures_util::future::Either;
use http::header::{ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderValue, Method, Request, StatusCode};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer, ExposeHeaders};
use tower_layer::Layer;
use tower_service::Service;

use tower::ServiceExt;

use crate::router::AllowProbe;

/// Looks up a route's methods from its axum pattern (see [`Cors::methods_from`]).
pub type MethodsLookup = fn(&str) -> Option<&'static str>;

/// A CORS layer: tower-http's [`CorsLayer`] whose preflight answers list the
/// matched route's own methods.
///
/// ```
/// use route_runtime::cors::Cors;
/// use http::HeaderValue;
/// let cors = Cors::new()
///     .allow_origin(HeaderValue::from_static("https://example.com"))
///     .allow_headers(["content-type", "authorization"])
///     .max_age(86400);
/// ```
#[derive(Clone, Debug)]
pub struct Cors {
    layer: CorsLayer,
    lookup: Option<MethodsLookup>,
}

/// Shorthand for [`Cors::permissive()`].
///
/// ```
/// let app: axum::Router = axum::Router::new().layer(route_runtime::cors::cors());
/// ```
pub fn cors() -> Cors {
    Cors::permissive()
}

impl Cors {
    /// Allows nothing until configured (no origin is allowed).
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::new().allow_origin(http::HeaderValue::from_static("https://a.example"));
    /// ```
    pub fn new() -> Self {
        Cors {
            // The requested method, mirrored (the preflight's answer is then
            // replaced by the route's own methods): unlike `*`, it may be
            // combined with `allow_credentials(true)`.
            layer: CorsLayer::new().allow_methods(AllowMethods::mirror_request()),
            lookup: None,
        }
    }

    /// Any origin, any request header, every response header exposed
    /// (`Access-Control-Allow-Origin: *`).
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::permissive();
    /// ```
    pub fn permissive() -> Self {
        Cors {
            layer: CorsLayer::permissive(),
            lookup: None,
        }
    }

    /// Which origins are allowed: a [`HeaderValue`], a list, [`tower_http::cors::Any`],
    /// or an [`AllowOrigin`] predicate.
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::new()
    ///     .allow_origin([http::HeaderValue::from_static("https://a.example")]);
    /// ```
    pub fn allow_origin(mut self, origin: impl Into<AllowOrigin>) -> Self {
        self.layer = self.layer.allow_origin(origin);
        self
    }

    /// Which request headers a preflight may ask for.
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::new().allow_headers(["content-type"]);
    /// ```
    pub fn allow_headers<I>(mut self, headers: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.layer = self
            .layer
            .allow_headers(AllowHeaders::list(header_names(headers)));
        self
    }

    /// Which response headers scripts may read.
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::new().expose_headers(["x-request-id"]);
    /// ```
    pub fn expose_headers<I>(mut self, headers: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.layer = self
            .layer
            .expose_headers(ExposeHeaders::list(header_names(headers)));
        self
    }

    /// `Access-Control-Allow-Credentials: true` (not with a `*` origin).
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::new()
    ///     .allow_origin(http::HeaderValue::from_static("https://a.example"))
    ///     .allow_credentials(true);
    /// ```
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.layer = self.layer.allow_credentials(allow);
        self
    }

    /// `Access-Control-Max-Age`, in seconds.
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::permissive().max_age(86400);
    /// ```
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.layer = self.layer.max_age(std::time::Duration::from_secs(seconds));
        self
    }

    /// Where preflights find a route's methods, from its axum pattern,
    /// instead of asking the route. Where the lookup gives `None` (or the
    /// layer sits outside the router, where no route is matched yet), all
    /// methods are allowed.
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::permissive().methods_from(|path| match path {
    ///     "/api/hello" => Some("GET, HEAD, OPTIONS"),
    ///     _ => None,
    /// });
    /// ```
    pub fn methods_from(mut self, lookup: MethodsLookup) -> Self {
        self.lookup = Some(lookup);
        self
    }

    /// The underlying tower-http layer, for settings not mirrored here.
    ///
    /// ```
    /// let cors = route_runtime::cors::Cors::permissive()
    ///     .map_layer(|l| l.allow_private_network(true));
    /// ```
    pub fn map_layer(mut self, f: impl FnOnce(CorsLayer) -> CorsLayer) -> Self {
        self.layer = f(self.layer);
        self
    }
}

impl Default for Cors {
    fn default() -> Self {
        Cors::new()
    }
}

impl<S: Clone> Layer<S> for Cors {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CorsService {
            layer: self.layer.clone(),
            inner,
            lookup: self.lookup,
        }
    }
}

/// The service made by [`Cors`].
#[derive(Clone, Debug)]
pub struct CorsService<S> {
    layer: CorsLayer,
    inner: S,
    lookup: Option<MethodsLookup>,
}

type Boxed<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S, B, ResBody> Service<Request<B>> for CorsService<S>
where
    S: Service<Request<B>, Response = http::Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Default + Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = http::Response<ResBody>;
    type Error = S::Error;
    type Future = Either<S::Future, Boxed<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let is_options = req.method() == Method::OPTIONS;
        let is_preflight = is_options
            && req.headers().contains_key(ORIGIN)
            && req.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD);
        // Take the service `poll_ready` readied, leave a fresh clone behind.
        let fresh = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, fresh);
        if is_options && !is_preflight {
            // A plain OPTIONS is the route's business (its `Allow` answer).
            return Either::Left(inner.call(req));
        }
        let matched = req.extensions().get::<MatchedPath>().cloned();
        let methods = match (self.lookup, &matched) {
            (Some(lookup), Some(path)) => {
                Methods::Known(lookup(path.as_str()).map(HeaderValue::from_static))
            }
            (Some(_), None) => Methods::Known(None),
            (None, _) if is_preflight => Methods::Ask(allow_probe(&req), inner.clone()),
            (None, _) => Methods::Known(None),
        };
        // tower-http's `Cors` is ready whenever the service it wraps is.
        let fut = self.layer.layer(inner).call(req);
        Either::Right(Box::pin(async move {
            let methods = match methods {
                Methods::Known(methods) => methods,
                Methods::Ask(probe, route) => route
                    .oneshot(probe)
                    .await
                    .ok()
                    .and_then(|res| res.headers().get(http::header::ALLOW).cloned()),
            };
            let mut res = fut.await?;
            if is_preflight {
                *res.status_mut() = StatusCode::NO_CONTENT;
                if let Some(methods) = methods {
                    res.headers_mut()
                        .insert(ACCESS_CONTROL_ALLOW_METHODS, methods);
                }
            }
            Ok(res)
        }))
    }
}

/// A preflight's methods: known, or to be asked of the route.
enum Methods<S, B> {
    Known(Option<HeaderValue>),
    Ask(Request<B>, S),
}

/// The request that asks the route for its `Allow` list: an `OPTIONS` to the
/// same URI, marked [`AllowProbe`], no body.
fn allow_probe<B: Default>(req: &Request<B>) -> Request<B> {
    let mut probe = Request::new(B::default());
    *probe.method_mut() = Method::OPTIONS;
    *probe.uri_mut() = req.uri().clone();
    probe.extensions_mut().insert(AllowProbe);
    *probe.version_mut() = req.version();
    if let Some(path) = req.extensions().get::<MatchedPath>() {
        probe.extensions_mut().insert(path.clone());
    }
    probe
}

/// Header names from strings; a string that is not a valid header name is
/// skipped (it could never match a request header anyway).
fn header_names<I>(headers: I) -> Vec<http::HeaderName>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    headers
        .into_iter()
        .filter_map(|h| http::HeaderName::try_from(h.as_ref()).ok())
        .collect()
}
