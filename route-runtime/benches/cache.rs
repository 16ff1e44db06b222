//! A cache hit against the same handler run dynamically, through a real
//! axum `Router` (request in, whole body out), in one run.
//!
//! Two handlers: `small` answers `{"time": …}` like the conformance routes;
//! `list` serializes 200 records, a stand-in for a page of data.
//!
//! The `cached_fn` group: a `#[cache]` fn's hit against calling the fn
//! (200 records built and returned), no HTTP.
//!
//! `cargo bench -p route-runtime --bench cache`

use std::hint::black_box;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::routing::get;
use axum::{Json, Router};
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use http_body_util::BodyExt;
use route_runtime::cache::{Cache, Cached, Dynamic, MemoryStore, SegmentConfig};
use serde_json::{Value, json};
use tower::ServiceExt;

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

async fn small() -> Json<Value> {
    Json(json!({ "time": now_ms() }))
}

async fn list() -> Json<Value> {
    let items: Vec<Value> = (0..200)
        .map(|i| json!({ "id": i, "name": format!("item {i}"), "price": i as f64 * 1.25, "tags": ["a", "b"] }))
        .collect();
    Json(json!({ "time": now_ms(), "items": items }))
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Item {
    id: u32,
    name: String,
    price: f64,
}

fn items(n: u32) -> Vec<Item> {
    (0..n)
        .map(|i| Item {
            id: i,
            name: format!("item {i}"),
            price: f64::from(i) * 1.25,
        })
        .collect()
}

async fn items_direct(n: u32) -> Vec<Item> {
    items(n)
}

#[route_runtime::cache(life = "max")]
async fn items_cached(n: u32) -> Vec<Item> {
    items(n)
}

const STATIC: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);

fn app() -> Router {
    let cache = Cache::new(MemoryStore::default());
    Router::new()
        .route("/dynamic/small", get(small))
        .route("/dynamic/list", get(list))
        .route(
            "/cached/small",
            get(Cached::new(small, "/cached/small", STATIC, &["GET"]).with_cache(cache.clone())),
        )
        .route(
            "/cached/list",
            get(Cached::new(list, "/cached/list", STATIC, &["GET"]).with_cache(cache)),
        )
}

async fn fetch(app: &Router, path: &'static str) -> usize {
    let req = Request::get(path).body(Body::empty()).expect("request");
    let res = app.clone().oneshot(req).await.expect("infallible");
    res.into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .len()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let app = app();
    rt.block_on(async {
        // Fill the cache first: the benchmark measures hits.
        route_runtime::cache::prerender(
            app.clone(),
            ["/cached/small".into(), "/cached/list".into()],
        )
        .await
        .expect("prerender");
    });
    for name in ["small", "list"] {
        let mut group = c.benchmark_group(name);
        let (dynamic, cached): (&'static str, &'static str) = match name {
            "small" => ("/dynamic/small", "/cached/small"),
            _ => ("/dynamic/list", "/cached/list"),
        };
        group.bench_function("dynamic", |b| {
            b.iter(|| rt.block_on(fetch(&app, black_box(dynamic))))
        });
        group.bench_function("cache_hit", |b| {
            b.iter(|| rt.block_on(fetch(&app, black_box(cached))))
        });
        group.finish();
    }
    let cache = Cache::new(MemoryStore::default());
    rt.block_on(cache.scope(items_cached(200)));
    let mut group = c.benchmark_group("cached_fn");
    group.bench_function("call", |b| {
        b.iter(|| rt.block_on(items_direct(black_box(200))).len())
    });
    group.bench_function("cache_hit", |b| {
        b.iter(|| rt.block_on(cache.scope(items_cached(black_box(200)))).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
