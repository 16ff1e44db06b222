//! `#[cache]` functions on a real `redis-server`, two [`Cache`]s on one
//! server standing for two instances. Skipped loudly without `redis-server`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::function_tests::ManualClock;
use super::redis_tests::{free_port, redis_server};
use super::*;
use crate::cache::cache;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Listing {
    page: u32,
    by: String,
    call: usize,
}

// Which instance is calling, while it calls (a refresh runs in its own
// task, where it is unset: a cached fn must depend on its arguments only).
tokio::task_local! {
    static INSTANCE: &'static str;
}

static CALLS: AtomicUsize = AtomicUsize::new(0);

#[cache(life = "minutes", tags = ["listings"])]
async fn listing(page: u32) -> Listing {
    Listing {
        page,
        by: INSTANCE.try_with(|i| (*i).to_owned()).unwrap_or_default(),
        call: CALLS.fetch_add(1, Ordering::SeqCst),
    }
}

fn instance(url: &str, ns: &str, clock: &ManualClock) -> Cache {
    let store = RedisStore::open(url).unwrap().namespace(ns);
    Cache::builder(store).clock(clock.clone()).build()
}

async fn call_on(cache: &Cache, name: &'static str, page: u32) -> Listing {
    cache.scope(INSTANCE.scope(name, listing(page))).await
}

#[tokio::test]
async fn two_instances_share_cached_values_and_tag_revalidations() {
    let Some(server) =
        redis_server("two_instances_share_cached_values_and_tag_revalidations").await
    else {
        return;
    };
    let clock = ManualClock::default();
    let a = instance(&server.url, "fn-share", &clock);
    let b = instance(&server.url, "fn-share", &clock);

    let first = call_on(&a, "A", 1).await;
    assert_eq!(first.by, "A");
    assert_eq!(call_on(&b, "B", 1).await, first, "B reads A's value");
    assert_eq!(b.stats().fn_hits, 1);
    assert_eq!(b.stats().fn_misses, 0);

    // Expire now, from B: A computes inline.
    assert_eq!(b.revalidate_tag("listings").await, Ok(1));
    let second = call_on(&a, "A", 1).await;
    assert_ne!(second.call, first.call);
    assert_eq!(call_on(&b, "B", 1).await, second);

    // "max" from A: B serves the stale value once and refreshes it, for both.
    assert_eq!(
        a.revalidate_tag_with("listings", CacheLife::MAX).await,
        Ok(1)
    );
    assert_eq!(call_on(&b, "B", 1).await, second, "stale on B");
    let mut third = call_on(&a, "A", 1).await;
    for _ in 0..200 {
        if third != second {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        third = call_on(&a, "A", 1).await;
    }
    assert_ne!(third.call, second.call, "refreshed, and A reads it");
    assert_eq!(third.by, "", "in a background task of its own");
    assert_eq!(
        (a.stats().fn_refreshes, b.stats().fn_refreshes),
        (0, 1),
        "refreshed by B, which read it stale"
    );
}

#[tokio::test]
async fn a_stale_value_is_refreshed_once_across_instances() {
    let Some(server) = redis_server("a_stale_value_is_refreshed_once_across_instances").await
    else {
        return;
    };
    let clock = ManualClock::default();
    let a = instance(&server.url, "fn-swr", &clock);
    let b = instance(&server.url, "fn-swr", &clock);
    let first = call_on(&a, "A", 9).await;

    clock.advance(Duration::from_secs(61)); // "minutes": revalidate 1 min
    let (ra, rb) = futures_util::future::join(call_on(&a, "A", 9), call_on(&b, "B", 9)).await;
    assert_eq!((ra, rb), (first.clone(), first.clone()), "both serve stale");
    let mut fresh = call_on(&b, "B", 9).await;
    for _ in 0..200 {
        if fresh != first {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        fresh = call_on(&b, "B", 9).await;
    }
    assert_ne!(fresh, first);
    assert_eq!(
        a.stats().fn_refreshes + b.stats().fn_refreshes,
        1,
        "one refresh across both instances"
    );

    // An hour later ("minutes": expire 1 h) the value is not served; Redis
    // was also told to drop it then (PEXPIRE).
    clock.advance(Duration::from_secs(3601));
    let expired = call_on(&a, "A", 9).await;
    assert_ne!(expired.call, fresh.call, "recomputed inline");
    let client = ::redis::Client::open(server.url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = ::redis::cmd("KEYS")
        .arg("fn-swr:e:fn:*")
        .query_async(&mut conn)
        .await
        .unwrap();
    let key = keys
        .iter()
        .find(|k| k.contains("::listing#") && k.ends_with(":[9]"))
        .unwrap_or_else(|| panic!("no entry for listing(9) in {keys:?}"));
    let ttl: i64 = ::redis::cmd("PTTL")
        .arg(key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        ttl > 0 && ttl <= 3_600_000,
        "entry TTL is the expire: {ttl} ms ({key})"
    );
}

#[tokio::test]
async fn an_outage_calls_the_function_with_a_warning() {
    let closed = format!("redis://127.0.0.1:{}/", free_port()); // nobody listens there
    let cache = instance(&closed, "down", &ManualClock::default());
    let before = CALLS.load(Ordering::SeqCst);
    let x = call_on(&cache, "A", 3).await;
    let y = call_on(&cache, "A", 3).await;
    assert_eq!((x.page, y.page), (3, 3));
    assert!(
        CALLS.load(Ordering::SeqCst) >= before + 2,
        "called each time"
    );
    assert_eq!(cache.stats().store_errors, 2);
    assert!(
        cache
            .revalidate_tag_with("listings", CacheLife::MAX)
            .await
            .is_err()
    );
}
