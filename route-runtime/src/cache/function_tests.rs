//! `#[cache]` functions through the real macro, on a memory store and a
//! clock moved by hand (the Redis ones are in `redis_tests.rs`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use futures_util::future::join_all;
use http::Request;
use http_body_util::BodyExt;
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

use super::tests::DownStore;
use super::*;
use crate::cache::cache;

/// A clock moved by hand.
#[derive(Debug, Clone, Default)]
pub(super) struct ManualClock(pub(super) Arc<AtomicU64>);

impl ManualClock {
    pub(super) fn advance(&self, d: Duration) {
        self.0.fetch_add(d.as_millis() as u64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

fn cache_with(clock: &ManualClock) -> Cache {
    Cache::builder(MemoryStore::default())
        .clock(clock.clone())
        .build()
}

/// Waits (bounded, on tokio's paused clock) until `done` holds.
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("timed out waiting for {what}");
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Post {
    id: u32,
    title: String,
    version: usize,
}

static POSTS_CALLS: AtomicUsize = AtomicUsize::new(0);

#[cache(life = "hours", tags = ["posts"])]
async fn posts(page: u32) -> Vec<Post> {
    let version = POSTS_CALLS.fetch_add(1, Ordering::SeqCst) + 1;
    vec![Post {
        id: page,
        title: format!("page {page}"),
        version,
    }]
}

#[tokio::test(start_paused = true)]
async fn memoised_by_arguments_then_stale_while_revalidate_then_expired() {
    let clock = ManualClock::default();
    let cache = cache_with(&clock);
    cache
        .scope(async {
            let v1 = posts(1).await;
            assert_eq!(posts(1).await, v1, "a hit");
            let other = posts(2).await;
            assert_eq!(other[0].id, 2, "other arguments, other entry");
            let s = cache.stats();
            assert_eq!((s.fn_hits, s.fn_misses), (1, 2));

            // 1 h 1 s later ("hours": revalidate 1 h): stale served, one refresh.
            clock.advance(Duration::from_secs(3601));
            let stale = join_all((0..5).map(|_| posts(1))).await;
            assert!(
                stale.iter().all(|v| *v == v1),
                "all five get the stale value"
            );
            until("the refresh", || cache.stats().fn_refreshes == 1).await;
            until("the refreshed value", || cache.stats().fn_stale == 5).await;
            let mut fresh = posts(1).await;
            for _ in 0..100 {
                if fresh != v1 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
                fresh = posts(1).await;
            }
            assert!(
                fresh[0].version > v1[0].version,
                "refreshed in the background"
            );
            assert_eq!(
                cache.stats().fn_refreshes,
                1,
                "one refresh for five stale reads"
            );

            // A day and more later ("hours": expire 1 d): recomputed inline.
            let before = posts(2).await;
            clock.advance(Duration::from_secs(86_401));
            let after = posts(2).await;
            assert!(
                after[0].version > before[0].version,
                "not the expired value"
            );
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn revalidate_tag_expires_and_revalidate_tag_with_marks_stale() {
    let clock = ManualClock::default();
    let cache = cache_with(&clock);
    cache
        .scope(async {
            let v1 = posts(7).await;
            // One argument: expire now; the next call computes inline.
            assert_eq!(cache.revalidate_tag("posts").await, Ok(1));
            let v2 = posts(7).await;
            assert!(v2[0].version > v1[0].version);
            assert_eq!(posts(7).await, v2, "then cached again");

            // "max": stale now; the next call gets v2 and refreshes.
            assert_eq!(
                cache.revalidate_tag_with("posts", CacheLife::MAX).await,
                Ok(1)
            );
            assert_eq!(posts(7).await, v2, "stale value served");
            until("the refresh", || cache.stats().fn_refreshes == 1).await;
            let v3 = posts(7).await;
            assert!(v3[0].version > v2[0].version, "refreshed: {v3:?}");

            // "minutes": stale now, expired an hour later (blocking then).
            assert_eq!(
                cache.revalidate_tag_with("posts", CacheLife::MINUTES).await,
                Ok(1)
            );
            clock.advance(Duration::from_secs(3600));
            let v4 = posts(7).await;
            assert!(v4[0].version > v3[0].version, "expired: computed inline");

            // A profile whose `expire` is zero expires now, as Next's `expireNow`.
            const NOW: CacheLife =
                CacheLife::new(Duration::ZERO, Duration::ZERO, Some(Duration::ZERO));
            cache.revalidate_tag_with("posts", NOW).await.unwrap();
            let v5 = posts(7).await;
            assert!(v5[0].version > v4[0].version);
            assert_eq!(cache.revalidate_tag("nobody").await, Ok(0));
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn tags_and_life_set_inside_the_call() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[cache(tags = ["posts"])]
    async fn post(id: u32) -> (u32, usize) {
        cache_tag(format!("post-{id}"));
        if id == 0 {
            cache_life(CacheLife::SECONDS);
        }
        (id, CALLS.fetch_add(1, Ordering::SeqCst))
    }

    let clock = ManualClock::default();
    let cache = cache_with(&clock);
    cache
        .scope(async {
            let (a, b) = (post(1).await, post(2).await);
            assert_eq!(cache.revalidate_tag("post-1").await, Ok(1), "only post 1");
            assert_ne!(post(1).await, a);
            assert_eq!(post(2).await, b);

            // `cache_life(SECONDS)`: expired after a minute, where the
            // attribute's default profile never expires.
            let zero = post(0).await;
            clock.advance(Duration::from_secs(61));
            assert_ne!(post(0).await, zero, "expired after a minute");
            assert_eq!(post(2).await, b, "still served (stale at most)");
        })
        .await;
    // Outside a cached fn they do nothing (and warn).
    cache_tag("ignored");
    cache_life(CacheLife::MAX);
}

#[tokio::test(start_paused = true)]
async fn concurrent_misses_make_one_call() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[cache(life = "minutes")]
    async fn slow(key: String) -> String {
        CALLS.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        format!("value of {key}")
    }

    let cache = cache_with(&ManualClock::default());
    let all = cache
        .scope(join_all((0..10).map(|_| slow("k".to_owned()))))
        .await;
    assert!(all.iter().all(|v| v == "value of k"));
    assert_eq!(CALLS.load(Ordering::SeqCst), 1, "one call for ten callers");
}

#[tokio::test(start_paused = true)]
async fn errors_are_returned_and_never_cached() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[cache(life = "hours")]
    async fn lookup(name: &str) -> Result<usize, String> {
        let n = CALLS.fetch_add(1, Ordering::SeqCst);
        if name == "bad" {
            Err(format!("no {name}"))
        } else {
            Ok(n)
        }
    }

    let cache = cache_with(&ManualClock::default());
    cache
        .scope(async {
            assert_eq!(lookup("bad").await, Err("no bad".to_owned()));
            assert_eq!(lookup("bad").await, Err("no bad".to_owned()));
            assert_eq!(CALLS.load(Ordering::SeqCst), 2, "errors are not cached");
            let ok = lookup("good").await;
            assert_eq!(lookup("good").await, ok);
            assert_eq!(CALLS.load(Ordering::SeqCst), 3);
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn borrowed_arguments_are_owned_for_the_refresh() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[cache(life(stale = 0, revalidate = 10, expire = 100))]
    async fn greet(name: &str, ids: &[u32], (a, b): (u8, u8)) -> String {
        let n = CALLS.fetch_add(1, Ordering::SeqCst);
        format!("{name} {ids:?} {} #{n}", a + b)
    }

    let clock = ManualClock::default();
    let cache = cache_with(&clock);
    cache
        .scope(async {
            let first = greet("ann", &[1, 2], (1, 2)).await;
            assert_eq!(first, "ann [1, 2] 3 #0");
            assert_eq!(greet("ann", &[1, 2], (1, 2)).await, first);
            clock.advance(Duration::from_secs(11));
            assert_eq!(greet("ann", &[1, 2], (1, 2)).await, first, "stale");
            until("the refresh", || CALLS.load(Ordering::SeqCst) == 2).await;
            until("the refreshed value", || cache.stats().fn_refreshes == 1).await;
            tokio::time::sleep(Duration::from_millis(5)).await;
            assert_eq!(greet("ann", &[1, 2], (1, 2)).await, "ann [1, 2] 3 #1");
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn nested_calls_pass_their_tags_and_shorter_life_up() {
    static INNER: AtomicUsize = AtomicUsize::new(0);
    static OUTER: AtomicUsize = AtomicUsize::new(0);

    #[cache(life = "seconds", tags = ["prices"])]
    async fn price(sku: u32) -> usize {
        sku as usize * 100 + INNER.fetch_add(1, Ordering::SeqCst)
    }

    /// No `life`: Next's default, shortened by what it calls.
    #[cache]
    async fn cart(skus: Vec<u32>) -> (usize, usize) {
        let mut total = 0;
        for sku in skus {
            total += price(sku).await;
        }
        (total, OUTER.fetch_add(1, Ordering::SeqCst))
    }

    let clock = ManualClock::default();
    let cache = cache_with(&clock);
    cache
        .scope(async {
            let c1 = cart(vec![1, 2]).await;
            assert_eq!(cart(vec![1, 2]).await, c1);
            // `price`'s tag reached `cart`'s entry.
            assert_eq!(cache.revalidate_tag("prices").await, Ok(3));
            let c2 = cart(vec![1, 2]).await;
            assert_ne!(c2, c1);
            // `price`'s life ("seconds": expire 1 min) reached `cart`'s.
            clock.advance(Duration::from_secs(61));
            let c3 = cart(vec![1, 2]).await;
            assert_ne!(c3.1, c2.1, "cart expired with its prices");
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn a_failing_store_calls_the_function() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[cache(life = "max")]
    async fn answer(q: u8) -> usize {
        q as usize + CALLS.fetch_add(1, Ordering::SeqCst)
    }

    let cache = Cache::new(DownStore);
    cache
        .scope(async {
            assert_eq!(answer(40).await, 40);
            assert_eq!(answer(40).await, 41, "called again, never an error");
        })
        .await;
    assert_eq!(cache.stats().store_errors, 2);
    assert!(
        cache
            .revalidate_tag_with("x", CacheLife::MAX)
            .await
            .is_err()
    );
}

#[tokio::test(start_paused = true)]
async fn revalidate_tag_with_serves_a_route_stale_while_it_regenerates() {
    let clock = ManualClock::default();
    let cache = cache_with(&clock);
    let renders = Arc::new(AtomicUsize::new(0));
    let r = renders.clone();
    let handler = move || {
        let n = r.fetch_add(1, Ordering::SeqCst) + 1;
        async move { format!("render {n}") }
    };
    // Static (no `revalidate`): only a tag revalidation makes it stale.
    const CONFIG: SegmentConfig = SegmentConfig::new()
        .dynamic(Dynamic::ForceStatic)
        .tags(&["posts"]);
    let cached = Cached::new(handler, "/feed", CONFIG, &["GET"]).with_cache(cache.clone());
    let app = Router::new().route("/feed", get(cached));
    let get_feed = || async {
        let res = app
            .clone()
            .oneshot(Request::get("/feed").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(body.to_vec()).unwrap()
    };
    assert_eq!(get_feed().await, "render 1");
    assert_eq!(get_feed().await, "render 1");
    assert_eq!(
        cache.revalidate_tag_with("posts", CacheLife::MAX).await,
        Ok(1)
    );
    assert_eq!(get_feed().await, "render 1", "stale, regenerating");
    until("the regeneration", || renders.load(Ordering::SeqCst) == 2).await;
    let mut body = get_feed().await;
    for _ in 0..100 {
        if body == "render 2" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
        body = get_feed().await;
    }
    assert_eq!(body, "render 2");

    // With "minutes": stale now, and an hour later a blocking render.
    cache
        .revalidate_tag_with("posts", CacheLife::MINUTES)
        .await
        .unwrap();
    clock.advance(Duration::from_secs(3600));
    assert_eq!(get_feed().await, "render 3", "expired: rendered inline");

    // One argument: expire now.
    cache.revalidate_tag("posts").await.unwrap();
    assert_eq!(get_feed().await, "render 4");
}

#[tokio::test(start_paused = true)]
async fn a_cached_route_carries_the_tags_of_the_functions_it_calls() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[cache(life = "days", tags = ["authors"])]
    async fn author(id: u32) -> String {
        cache_tag(format!("author-{id}"));
        format!("author {id} v{}", CALLS.fetch_add(1, Ordering::SeqCst))
    }

    let cache = cache_with(&ManualClock::default());
    // A static route with no tags of its own, calling the cached fn.
    const CONFIG: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);
    let cached = Cached::new(|| author(7), "/author", CONFIG, &["GET"]).with_cache(cache.clone());
    let app = Router::new().route("/author", get(cached));
    let get_author = || async {
        let res = app
            .clone()
            .oneshot(Request::get("/author").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(body.to_vec()).unwrap()
    };
    assert_eq!(get_author().await, "author 7 v0");
    assert_eq!(get_author().await, "author 7 v0");
    assert_eq!(
        cache.stats().fn_misses,
        1,
        "the render used the route's cache"
    );
    // The fn's tags (attribute and `cache_tag`) reach the route's entry: one
    // revalidation purges both.
    assert_eq!(cache.revalidate_tag("author-7").await, Ok(2));
    assert_eq!(get_author().await, "author 7 v1");
    assert_eq!(cache.revalidate_tag("authors").await, Ok(2));
    assert_eq!(get_author().await, "author 7 v2");
}
