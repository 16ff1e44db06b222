//! End-to-end tests of the cache through real axum routers, on tokio's paused clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures_util::future::join_all;
use http::header::{CACHE_CONTROL, CONTENT_LENGTH, SET_COOKIE, USER_AGENT};
use http::{HeaderMap, Method, Request, StatusCode, Uri};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

/// Counts renders; every render answers with its number.
#[derive(Clone, Default)]
struct Renders(Arc<AtomicUsize>);

impl Renders {
    fn next(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

fn cache() -> Cache {
    Cache::new(MemoryStore::default())
}

const FORCE_STATIC: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);
const REVALIDATE_2: SegmentConfig = SegmentConfig::new().revalidate(Revalidate::Seconds(2));

/// A route `/page` (and `/page/{id}`) whose handler reports what it saw.
fn app(config: SegmentConfig, methods: &[&str], cache: &Cache, renders: &Renders) -> Router {
    let r = renders.clone();
    let handler =
        move |headers: HeaderMap, uri: Uri, ext: Option<axum::Extension<StaticRender>>| {
            let n = r.next();
            async move {
                let ua = headers
                    .get(USER_AGENT)
                    .map(|v| v.to_str().unwrap_or("?").to_owned());
                let static_render = ext.is_some();
                format!(
                    "n={n} ua={ua:?} query={:?} static={static_render}",
                    uri.query()
                )
            }
        };
    let cached = Cached::new(handler, "/page", config, methods).with_cache(cache.clone());
    Router::new().route("/page", get(cached))
}

async fn send(app: &Router, method: Method, uri: &str) -> (StatusCode, HeaderMap, String) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(USER_AGENT, "ua")
        .header("cookie", "a=1")
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

async fn get_body(app: &Router, uri: &str) -> String {
    send(app, Method::GET, uri).await.2
}

/// Lets spawned background work (a regeneration) run to completion.
async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    tokio::time::sleep(Duration::from_millis(1)).await;
}

#[tokio::test(start_paused = true)]
async fn force_static_is_rendered_once_stripped_and_served_forever() {
    let (cache, renders) = (cache(), Renders::default());
    let app = app(FORCE_STATIC, &["GET"], &cache, &renders);
    assert_eq!(prerender(app.clone(), ["/page".to_owned()]).await, Ok(1));
    assert_eq!(renders.count(), 1);

    let (status, headers, body) = send(&app, Method::GET, "/page?q=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "n=1 ua=None query=None static=true");
    assert_eq!(headers[CACHE_CONTROL], "s-maxage=31536000");

    tokio::time::advance(Duration::from_secs(2 * 31_536_000)).await;
    assert_eq!(
        get_body(&app, "/page").await,
        "n=1 ua=None query=None static=true"
    );

    let (status, headers, body) = send(&app, Method::HEAD, "/page").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "");
    assert_eq!(headers[CACHE_CONTROL], "s-maxage=31536000");
    assert_eq!(headers[CONTENT_LENGTH], "34");
    assert_eq!(renders.count(), 1);
    let stats = cache.stats();
    assert_eq!((stats.misses, stats.hits, stats.entries), (1, 3, Some(1)));
}

#[tokio::test(start_paused = true)]
async fn a_mutating_export_turns_force_static_off() {
    let (cache, renders) = (cache(), Renders::default());
    let app = app(FORCE_STATIC, &["GET", "POST"], &cache, &renders);
    // Not cached (rendered every time, no Cache-Control), but GET still sees
    // the stripped request, as Next.js renders it (golden
    // `force-static-with-post-get-1`: `search` is "" for `?q=1`).
    let (_, headers, body) = send(&app, Method::GET, "/page?q=1").await;
    assert_eq!(body, "n=1 ua=None query=None static=true");
    assert!(!headers.contains_key(CACHE_CONTROL));
    assert_eq!(
        get_body(&app, "/page").await,
        "n=2 ua=None query=None static=true"
    );
}

#[tokio::test(start_paused = true)]
async fn head_first_renders_and_fills_the_entry() {
    let (cache, renders) = (cache(), Renders::default());
    let app = app(FORCE_STATIC, &["GET"], &cache, &renders);
    let (status, _, body) = send(&app, Method::HEAD, "/page").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    assert_eq!(
        get_body(&app, "/page").await,
        "n=1 ua=None query=None static=true"
    );
    assert_eq!(renders.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn revalidate_serves_stale_once_with_a_single_regeneration() {
    let (cache, renders) = (cache(), Renders::default());
    let app = app(REVALIDATE_2, &["GET"], &cache, &renders);
    let (_, headers, body) = send(&app, Method::GET, "/page").await;
    assert_eq!(
        headers[CACHE_CONTROL],
        "s-maxage=2, stale-while-revalidate=31535998"
    );
    assert!(body.starts_with("n=1 "));
    tokio::time::advance(Duration::from_millis(1500)).await;
    assert!(
        get_body(&app, "/page").await.starts_with("n=1 "),
        "still fresh"
    );

    tokio::time::advance(Duration::from_millis(1000)).await; // 2.5 s old
    let bodies = join_all((0..50).map(|_| get_body(&app, "/page"))).await;
    assert!(
        bodies[0].starts_with("n=1 "),
        "first request after expiry gets the stale body"
    );
    assert!(
        bodies
            .iter()
            .all(|b| b.starts_with("n=1 ") || b.starts_with("n=2 "))
    );
    settle().await;
    assert_eq!(
        renders.count(),
        2,
        "one regeneration for 50 concurrent requests"
    );
    assert!(
        get_body(&app, "/page").await.starts_with("n=2 "),
        "fresh after regeneration"
    );
    assert!(get_body(&app, "/page").await.starts_with("n=2 "));

    tokio::time::advance(Duration::from_millis(2500)).await;
    assert!(
        get_body(&app, "/page").await.starts_with("n=2 "),
        "stale again"
    );
    settle().await;
    assert!(get_body(&app, "/page").await.starts_with("n=3 "));
    let stats = cache.stats();
    assert_eq!(stats.regenerations, 2);
    assert_eq!(stats.stale, 51);
    assert_eq!(cache.inner.flights.in_flight(), 0);
}

#[tokio::test(start_paused = true)]
async fn concurrent_misses_share_one_render() {
    let (cache, renders) = (cache(), Renders::default());
    let r = renders.clone();
    let slow = move || {
        let n = r.next();
        async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            format!("n={n}")
        }
    };
    let app = Router::new().route(
        "/slow",
        get(Cached::new(slow, "/slow", FORCE_STATIC, &["GET"]).with_cache(cache.clone())),
    );
    let bodies = join_all((0..50).map(|_| get_body(&app, "/slow"))).await;
    assert!(bodies.iter().all(|b| b == "n=1"), "{bodies:?}");
    assert_eq!(renders.count(), 1);
    assert_eq!(cache.stats().misses, 50);
}

/// `/products/{pid}` with `generate_static_params` = 1, 2.
fn products(config: SegmentConfig, cache: &Cache, renders: &Renders) -> Router {
    let r = renders.clone();
    let handler = move |Path(pid): Path<String>| {
        r.next();
        async move { format!("pid={pid}") }
    };
    let cached = Cached::new(
        handler,
        "/products/[pid]",
        config.static_params(true),
        &["GET"],
    )
    .with_cache(cache.clone())
    .static_paths(|| async { vec!["/products/1".to_owned(), "/products/2".to_owned()] });
    Router::new().route("/products/{pid}", get(cached))
}

#[tokio::test(start_paused = true)]
async fn static_params_without_dynamic_params_404_the_rest() {
    let (cache, renders) = (cache(), Renders::default());
    let config = SegmentConfig::new().dynamic_params(false);
    let app = products(config, &cache, &renders);
    prerender(
        app.clone(),
        ["/products/1".to_owned(), "/products/2".to_owned()],
    )
    .await
    .unwrap();
    assert_eq!(renders.count(), 2);
    let (status, headers, body) = send(&app, Method::GET, "/products/1").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "pid=1"));
    assert_eq!(headers[CACHE_CONTROL], "s-maxage=31536000");
    let (status, headers, body) = send(&app, Method::GET, "/products/3").await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
    assert!(!headers.contains_key(CACHE_CONTROL));
    assert_eq!(renders.count(), 2);

    // An evicted or purged entry is rendered again, never a 404.
    cache.revalidate_path("/products/[pid]").await.unwrap();
    assert_eq!(get_body(&app, "/products/2").await, "pid=2");
    assert_eq!(renders.count(), 3);
}

#[tokio::test(start_paused = true)]
async fn static_params_with_dynamic_params_render_the_rest_on_demand() {
    let (cache, renders) = (cache(), Renders::default());
    let app = products(SegmentConfig::new(), &cache, &renders);
    assert_eq!(get_body(&app, "/products/3").await, "pid=3");
    assert_eq!(get_body(&app, "/products/3").await, "pid=3");
    assert_eq!(renders.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn eviction_never_turns_a_listed_path_into_a_404() {
    // Room for about one entry.
    let cache = Cache::new(MemoryStore::new(300));
    let renders = Renders::default();
    let app = products(SegmentConfig::new().dynamic_params(false), &cache, &renders);
    for _ in 0..3 {
        assert_eq!(get_body(&app, "/products/1").await, "pid=1");
        assert_eq!(get_body(&app, "/products/2").await, "pid=2");
    }
    assert!(renders.count() > 2, "entries were evicted and re-rendered");
}

#[tokio::test(start_paused = true)]
async fn the_store_stays_within_its_byte_budget() {
    let store = MemoryStore::new(4_000);
    let cache = Cache::new(store.clone());
    let handler = |Path(id): Path<String>| async move { format!("{id}:{}", "x".repeat(500)) };
    let app = Router::new().route(
        "/big/{id}",
        get(Cached::new(handler, "/big/[id]", FORCE_STATIC, &["GET"]).with_cache(cache.clone())),
    );
    for i in 0..40 {
        assert_eq!(
            send(&app, Method::GET, &format!("/big/{i}")).await.0,
            StatusCode::OK
        );
    }
    store.run_pending_tasks().await;
    let entries = store.entry_count().unwrap();
    assert!((1..=6).contains(&entries), "{entries} entries");
    // The most recent one survived.
    let before = cache.stats().hits;
    send(&app, Method::GET, "/big/39").await;
    assert_eq!(cache.stats().hits, before + 1);
}

#[tokio::test(start_paused = true)]
async fn revalidate_path_tag_and_pattern_purge_entries() {
    let (cache, renders) = (cache(), Renders::default());
    let r = renders.clone();
    let handler = move |Path(slug): Path<String>| {
        let n = r.next();
        async move {
            let tags = if slug == "tagged" {
                vec!["special"]
            } else {
                vec![]
            };
            (CacheTags::new(tags), format!("{slug} n={n}"))
        }
    };
    const BLOG: SegmentConfig = FORCE_STATIC.tags(&["posts"]);
    let app = Router::new().route(
        "/blog/{slug}",
        get(Cached::new(handler, "/blog/[slug]", BLOG, &["GET"]).with_cache(cache.clone())),
    );
    for slug in ["a", "b", "tagged"] {
        get_body(&app, &format!("/blog/{slug}")).await;
    }
    assert_eq!(renders.count(), 3);

    assert_eq!(cache.revalidate_path("/blog/a").await, Ok(1));
    assert_eq!(get_body(&app, "/blog/a").await, "a n=4");
    assert_eq!(
        get_body(&app, "/blog/b").await,
        "b n=2",
        "other paths untouched"
    );

    assert_eq!(
        cache.revalidate_tag("special").await,
        Ok(1),
        "a per-response tag"
    );
    assert_eq!(get_body(&app, "/blog/tagged").await, "tagged n=5");

    assert_eq!(
        cache.revalidate_tag("posts").await,
        Ok(3),
        "the route's config tag"
    );
    assert_eq!(get_body(&app, "/blog/b").await, "b n=6");

    assert_eq!(
        cache.revalidate_path("/blog/[slug]").await,
        Ok(1),
        "the whole route"
    );
    assert_eq!(get_body(&app, "/blog/b").await, "b n=7");
    assert_eq!(cache.revalidate_tag("nothing").await, Ok(0));
}

#[tokio::test(start_paused = true)]
async fn errors_and_set_cookie_are_never_cached() {
    let (cache, renders) = (cache(), Renders::default());
    let (r1, r2) = (renders.clone(), renders.clone());
    let failing = move || {
        let n = r1.next();
        async move { (StatusCode::NOT_FOUND, format!("n={n}")) }
    };
    let cookie = move || {
        let n = r2.next();
        async move { ([(SET_COOKIE, "s=1")], format!("n={n}")) }
    };
    let app = Router::new()
        .route(
            "/fail",
            get(Cached::new(failing, "/fail", FORCE_STATIC, &["GET"]).with_cache(cache.clone())),
        )
        .route(
            "/cookie",
            get(Cached::new(cookie, "/cookie", FORCE_STATIC, &["GET"]).with_cache(cache.clone())),
        );
    let (status, headers, body) = send(&app, Method::GET, "/fail").await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "n=1"));
    assert!(!headers.contains_key(CACHE_CONTROL));
    assert_eq!(get_body(&app, "/fail").await, "n=2");
    let (_, headers, body) = send(&app, Method::GET, "/cookie").await;
    assert_eq!(
        (headers[SET_COOKIE].to_str().unwrap(), body.as_str()),
        ("s=1", "n=3")
    );
    assert_eq!(get_body(&app, "/cookie").await, "n=4");
    assert_eq!(cache.stats().entries, Some(0));
}

fn streamed(chunks: usize) -> Response {
    let s = futures_util::stream::unfold(0, move |i| async move {
        if i == chunks {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        Some((
            Ok::<_, std::io::Error>(Bytes::from(format!("chunk{i};"))),
            i + 1,
        ))
    });
    Body::from_stream(s).into_response()
}

#[tokio::test(start_paused = true)]
async fn a_stream_is_cached_once_complete_and_only_under_the_cap() {
    let r = Renders::default();
    let r2 = r.clone();
    let small = Cache::builder(MemoryStore::default())
        .max_body_bytes(25)
        .build();
    let handler = move || {
        r2.next();
        async { streamed(3) }
    };
    let big = move || async { streamed(5) };
    let app = Router::new()
        .route(
            "/s",
            get(Cached::new(handler, "/s", FORCE_STATIC, &["GET"]).with_cache(small.clone())),
        )
        .route(
            "/big",
            get(Cached::new(big, "/big", FORCE_STATIC, &["GET"]).with_cache(small.clone())),
        );
    assert_eq!(get_body(&app, "/s").await, "chunk0;chunk1;chunk2;");
    assert_eq!(get_body(&app, "/s").await, "chunk0;chunk1;chunk2;");
    assert_eq!(r.count(), 1);
    assert_eq!(
        get_body(&app, "/big").await,
        "chunk0;chunk1;chunk2;chunk3;chunk4;"
    );
    assert_eq!(
        small.stats().entries,
        Some(1),
        "over the cap: streamed, not stored"
    );
}

/// A store that is always down (the cached fns' tests use it too).
#[derive(Debug)]
pub(super) struct DownStore;

impl CacheStore for DownStore {
    fn get<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<Arc<CacheEntry>>, StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn put<'a>(&'a self, _: &'a str, _: Arc<CacheEntry>) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn delete<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn invalidate_tag<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn invalidate_path<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn try_lock<'a>(
        &'a self,
        _: &'a str,
        _: Duration,
    ) -> BoxFuture<'a, Result<Option<LockToken>, StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn unlock<'a>(&'a self, _: &'a LockToken) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
}

#[tokio::test(start_paused = true)]
async fn a_failing_store_degrades_to_dynamic_rendering() {
    let cache = Cache::new(DownStore);
    let renders = Renders::default();
    let app = app(FORCE_STATIC, &["GET"], &cache, &renders);
    let (status, _, body) = send(&app, Method::GET, "/page").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "n=1 ua=None query=None static=true")
    );
    assert_eq!(
        get_body(&app, "/page").await,
        "n=2 ua=None query=None static=true"
    );
    assert_eq!(cache.stats().store_errors, 2);
    assert!(cache.revalidate_tag("x").await.is_err());
}

#[tokio::test(start_paused = true)]
async fn prerender_reports_every_failing_path() {
    let app = Router::new().route("/ok", get(|| async { "ok" })).route(
        "/boom",
        get(|| async {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "route `/boom` read headers",
            )
        }),
    );
    let err = prerender(app, ["/ok", "/boom", "/missing"].map(String::from))
        .await
        .unwrap_err();
    assert_eq!(err.failures.len(), 2);
    assert_eq!(err.failures[0].1, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        err.to_string()
            .contains("`/boom`: 500 Internal Server Error: route `/boom` read headers")
    );
    assert_eq!(err.failures[1].1, StatusCode::NOT_FOUND);
}

#[tokio::test(start_paused = true)]
async fn non_get_methods_pass_through() {
    let (cache, renders) = (cache(), Renders::default());
    let r = renders.clone();
    let h = move |method: Method| {
        r.next();
        async move { method.to_string() }
    };
    let cached = Cached::new(h, "/m", FORCE_STATIC, &["GET"]).with_cache(cache.clone());
    let app = Router::new().route("/m", axum::routing::any(cached));
    assert_eq!(send(&app, Method::DELETE, "/m").await.2, "DELETE");
    assert_eq!(send(&app, Method::DELETE, "/m").await.2, "DELETE");
    assert_eq!(renders.count(), 2);
}

#[tokio::test]
async fn prerender_paths_follow_the_route_kind() {
    let h = || async { "x" };
    let listed = Cached::new(
        h,
        "/products/[pid]",
        SegmentConfig::new().static_params(true),
        &["GET"],
    )
    .static_paths(|| async { vec!["/products/2".to_owned(), "/products/1".to_owned()] });
    assert_eq!(
        listed.prerender_paths().await,
        ["/products/1", "/products/2"]
    );
    let plain = Cached::new(h, "/cache/force-static", FORCE_STATIC, &["GET"]);
    assert_eq!(plain.prerender_paths().await, ["/cache/force-static"]);
    let dynamic = Cached::new(h, "/cache/force-static", FORCE_STATIC, &["GET", "POST"]);
    assert!(dynamic.prerender_paths().await.is_empty());
    assert_eq!(dynamic.mode(), CacheMode::Dynamic);
}
