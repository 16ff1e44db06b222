//! `connection()` in each kind of route: a cached route turns per-request
//! (prerender skipped, nothing stored), `Dynamic::Error` is refused like
//! `cookies()`, `force-static` is unaffected, a dynamic route goes on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::get;
use http::StatusCode;
use http::header::CACHE_CONTROL;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::cache::{Cache, Cached, Dynamic, MemoryStore, Revalidate, SegmentConfig};
use crate::connection;
use crate::router::{RouteFn, Tree};

static TREE: Tree = Tree::new(&[]);

/// Counts of one route: handler calls, and those that got past `connection()`.
#[derive(Clone, Default)]
struct Counts {
    started: Arc<AtomicUsize>,
    connected: Arc<AtomicUsize>,
    errors: Arc<Mutex<Vec<String>>>,
}

/// A route file naming `connection`, cached with `config` under `path`.
fn route(path: &'static str, config: SegmentConfig, cache: &Cache, counts: &Counts) -> Router {
    let counts = counts.clone();
    let handler = RouteFn::new(
        move |req: Request, _: ()| {
            let counts = counts.clone();
            async move {
                counts.started.fetch_add(1, Ordering::SeqCst);
                if let Err(err) = connection().await {
                    counts.errors.lock().unwrap().push(err.to_string());
                    return err.into_response();
                }
                let n = counts.connected.fetch_add(1, Ordering::SeqCst);
                let who = req
                    .headers()
                    .get("x-who")
                    .map(|v| v.to_str().unwrap().to_owned());
                crate::Response::text(format!("{n} {}", who.unwrap_or_default())).into_response()
            }
        },
        &TREE,
        false,
        true,
    );
    let cached = Cached::new(handler, path, config, &["GET"]).with_cache(cache.clone());
    Router::new().route(path, get(cached))
}

async fn call(app: &Router, who: &str) -> (http::response::Parts, String) {
    // Every app here has its one route at `/r`.
    let req = http::Request::get("/r").header("x-who", who);
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (parts, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn a_cached_route_that_awaits_connection_renders_per_request() {
    let cache = Cache::new(MemoryStore::default());
    let counts = Counts::default();
    const CONFIG: SegmentConfig = SegmentConfig::new().revalidate(Revalidate::Seconds(60));
    let app = route("/r", CONFIG, &cache, &counts);

    // The startup prerender stops at `connection()`: nothing below it runs,
    // nothing is stored, and it is not a failure.
    assert_eq!(
        crate::cache::prerender(app.clone(), ["/r".to_owned()]).await,
        Ok(1)
    );
    assert_eq!(counts.started.load(Ordering::SeqCst), 1);
    assert_eq!(counts.connected.load(Ordering::SeqCst), 0);

    // Each request renders, with the real request, and is not cached.
    let (first, body) = call(&app, "alice").await;
    assert_eq!((first.status, body.as_str()), (StatusCode::OK, "0 alice"));
    assert!(
        first.headers.get(CACHE_CONTROL).is_none(),
        "{:?}",
        first.headers
    );
    assert_eq!(call(&app, "bob").await.1, "1 bob");
    assert_eq!(cache.stats().entries, Some(0));
    // The route went dynamic once: no more static attempts.
    assert_eq!(counts.started.load(Ordering::SeqCst), 3);
    assert!(counts.errors.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_cached_route_turns_dynamic_on_its_first_request_too() {
    // Without a prerender (a `routes!` tree served with plain `axum::serve`
    // and no `prerender` call), the first request finds out.
    let cache = Cache::new(MemoryStore::default());
    let counts = Counts::default();
    const CONFIG: SegmentConfig = SegmentConfig::new().revalidate(Revalidate::Seconds(60));
    let app = route("/r", CONFIG, &cache, &counts);
    assert_eq!(call(&app, "carol").await.1, "0 carol");
    assert_eq!(call(&app, "dave").await.1, "1 dave");
    assert_eq!(cache.stats().entries, Some(0));
}

#[tokio::test]
async fn connection_under_dynamic_error_is_reported_like_cookies() {
    let cache = Cache::new(MemoryStore::default());
    let counts = Counts::default();
    const CONFIG: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::Error);
    let app = route("/r", CONFIG, &cache, &counts);
    let err = crate::cache::prerender(app.clone(), ["/r".to_owned()])
        .await
        .expect_err("Dynamic::Error + connection() fails at startup");
    assert_eq!(err.failures[0].0, "/r");
    assert_eq!(err.failures[0].1, StatusCode::INTERNAL_SERVER_ERROR);
    let errors = counts.errors.lock().unwrap().clone();
    assert_eq!(
        errors,
        [
            "route `/r` has `DYNAMIC = Dynamic::Error` but called `connection()` while being \
          rendered statically: remove the call, or use `Dynamic::ForceStatic` (request data is \
          then empty) or `Dynamic::ForceDynamic`"
        ]
    );
}

#[tokio::test]
async fn connection_under_force_static_has_no_effect() {
    let cache = Cache::new(MemoryStore::default());
    let counts = Counts::default();
    const CONFIG: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);
    let app = route("/r", CONFIG, &cache, &counts);
    assert_eq!(
        call(&app, "erin").await.1,
        "0 ",
        "rendered once, without request data"
    );
    assert_eq!(call(&app, "frank").await.1, "0 ", "from the cache");
    assert_eq!(cache.stats().entries, Some(1));
}

#[tokio::test]
async fn connection_in_a_dynamic_route_goes_on() {
    let cache = Cache::new(MemoryStore::default());
    let counts = Counts::default();
    let app = route("/r", SegmentConfig::new(), &cache, &counts);
    assert_eq!(call(&app, "gina").await.1, "0 gina");
    assert_eq!(call(&app, "hal").await.1, "1 hal");
}
