//! The Redis store against a real `redis-server` on a free loopback port,
//! with two routers standing for two server instances.
//!
//! Skipped loudly (a `SKIPPED:` line) when `redis-server` is not on PATH.

use std::io::Write;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::routing::get;
use futures_util::future::join;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

/// A `redis-server` child process, killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Starts `redis-server`, or says loudly that the test is skipped.
async fn redis_server(test: &str) -> Option<Server> {
    let port = free_port();
    let spawned = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(child) = spawned else {
        println!(
            "SKIPPED: redis-server not found (test `{test}`); install it with `apt-get install -y redis-server`"
        );
        eprintln!("SKIPPED: redis-server not found (test `{test}`)");
        return None;
    };
    let server = Server {
        child,
        url: format!("redis://127.0.0.1:{port}/"),
    };
    // Wait (bounded) until it accepts connections.
    let client = ::redis::Client::open(server.url.as_str()).unwrap();
    for _ in 0..200 {
        if let Ok(mut c) = client.get_multiplexed_async_connection().await {
            if ::redis::cmd("PING")
                .query_async::<String>(&mut c)
                .await
                .is_ok()
            {
                return Some(server);
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("redis-server on port {port} did not come up");
}

/// A clock both instances share, moved by hand.
#[derive(Debug, Clone, Default)]
struct SharedClock(Arc<AtomicU64>);

impl Clock for SharedClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// One "instance": its own connection, cache handle and render counter.
fn instance(
    url: &str,
    ns: &str,
    clock: &SharedClock,
    name: &'static str,
) -> (Router, Cache, Arc<AtomicUsize>) {
    let store = RedisStore::open(url).unwrap().namespace(ns);
    let cache = Cache::builder(store).clock(clock.clone()).build();
    let renders = Arc::new(AtomicUsize::new(0));
    let r = renders.clone();
    let handler = move |Path(slug): Path<String>| {
        let n = r.fetch_add(1, Ordering::SeqCst) + 1;
        async move { format!("{slug} by {name} #{n}") }
    };
    const CONFIG: SegmentConfig = SegmentConfig::new()
        .revalidate(Revalidate::Seconds(2))
        .tags(&["posts"]);
    let cached = Cached::new(handler, "/blog/[slug]", CONFIG, &["GET"]).with_cache(cache.clone());
    (
        Router::new().route("/blog/{slug}", get(cached)),
        cache,
        renders,
    )
}

async fn body(app: &Router, path: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn two_instances_share_entries_and_invalidations() {
    let Some(server) = redis_server("two_instances_share_entries_and_invalidations").await else {
        return;
    };
    let clock = SharedClock::default();
    let (a, cache_a, renders_a) = instance(&server.url, "share", &clock, "A");
    let (b, cache_b, renders_b) = instance(&server.url, "share", &clock, "B");

    assert_eq!(
        body(&a, "/blog/hello").await.1,
        "hello by A #1",
        "rendered on A"
    );
    assert_eq!(body(&b, "/blog/hello").await.1, "hello by A #1", "hit on B");
    assert_eq!(renders_b.load(Ordering::SeqCst), 0);
    assert_eq!(cache_b.stats().hits, 1);

    assert_eq!(
        cache_b.revalidate_tag("posts").await,
        Ok(1),
        "invalidated on B"
    );
    assert_eq!(
        body(&a, "/blog/hello").await.1,
        "hello by A #2",
        "fresh on A"
    );
    assert_eq!(body(&b, "/blog/hello").await.1, "hello by A #2");

    body(&b, "/blog/other").await;
    assert_eq!(
        cache_a.revalidate_path("/blog/[slug]").await,
        Ok(2),
        "the whole route, from A"
    );
    assert_eq!(body(&b, "/blog/hello").await.1, "hello by B #2");
    assert_eq!(
        cache_a.revalidate_path("/blog/hello").await,
        Ok(1),
        "one path"
    );
    assert_eq!(cache_a.revalidate_path("/blog/hello").await, Ok(0));
    assert_eq!(renders_a.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_stale_entry_is_regenerated_once_across_instances() {
    let Some(server) = redis_server("a_stale_entry_is_regenerated_once_across_instances").await
    else {
        return;
    };
    let clock = SharedClock::default();
    let (a, cache_a, renders_a) = instance(&server.url, "swr", &clock, "A");
    let (b, cache_b, renders_b) = instance(&server.url, "swr", &clock, "B");
    assert_eq!(body(&a, "/blog/x").await.1, "x by A #1");

    clock.0.fetch_add(3_000, Ordering::SeqCst); // older than REVALIDATE = 2 s
    let (ra, rb) = join(body(&a, "/blog/x"), body(&b, "/blog/x")).await;
    assert_eq!(
        (ra.1.as_str(), rb.1.as_str()),
        ("x by A #1", "x by A #1"),
        "both serve stale"
    );

    // Wait (bounded) for the background regeneration to land.
    let mut fresh = String::new();
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        fresh = body(&b, "/blog/x").await.1;
        if fresh != "x by A #1" {
            break;
        }
    }
    assert!(fresh == "x by A #2" || fresh == "x by B #1", "{fresh}");
    let total = renders_a.load(Ordering::SeqCst) + renders_b.load(Ordering::SeqCst);
    assert_eq!(
        total, 2,
        "one render, then one regeneration across both instances"
    );
    assert_eq!(
        cache_a.stats().regenerations + cache_b.stats().regenerations,
        1
    );
}

/// Collects log output.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn an_outage_serves_dynamically_with_a_warning() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let closed = format!("redis://127.0.0.1:{}/", free_port()); // nobody listens there
    let (app, cache, renders) = instance(&closed, "down", &SharedClock::default(), "A");
    assert_eq!(
        body(&app, "/blog/a").await,
        (StatusCode::OK, "a by A #1".to_owned())
    );
    assert_eq!(
        body(&app, "/blog/a").await,
        (StatusCode::OK, "a by A #2".to_owned())
    );
    assert_eq!(renders.load(Ordering::SeqCst), 2);
    assert_eq!(cache.stats().store_errors, 2);
    assert!(cache.revalidate_tag("posts").await.is_err());
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("WARN"), "{text}");
    assert!(
        text.contains("cache store unavailable: serving dynamically"),
        "{text}"
    );
}

/// Draft mode across two instances sharing Redis: draft requests render on
/// every request on both, and nothing they render reaches the store.
#[tokio::test]
async fn draft_mode_bypasses_the_shared_cache() {
    let Some(server) = redis_server("draft_mode_bypasses_the_shared_cache").await else {
        return;
    };
    let open = || Cache::new(RedisStore::open(&server.url).unwrap().namespace("draft"));
    crate::draft::tests::draft_flow(open(), open()).await;
    let store = RedisStore::open(&server.url).unwrap().namespace("draft");
    let entry = store
        .get("/posts")
        .await
        .unwrap()
        .expect("the published render");
    assert_eq!(entry.body, "render 0, draft false");
}
