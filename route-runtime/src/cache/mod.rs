//! Route segment config and response caching, as Next.js does it, made visible.
//!
//! A `route.rs` file opts in with segment config consts ([`Dynamic`],
//! [`Revalidate`], …, gathered by `routes!` into a [`SegmentConfig`]); the
//! generated router wraps the file's GET handler in [`Cached`]. Cached
//! responses live in a [`CacheStore`]: a bounded in-memory [`MemoryStore`] by
//! default, or (feature `redis`) a `RedisStore` shared by several instances.
//!
//! What Next does, and so this module:
//! - `ForceStatic` (GET-only file): rendered once, from a request with no
//!   headers, cookies or query, and served forever with
//!   `Cache-Control: s-maxage=31536000`; HEAD is served from the same entry.
//! - `Revalidate::Seconds(n)`: `Cache-Control: s-maxage=n, stale-while-revalidate=<31536000-n>`;
//!   once older than `n` s, the entry is served once more while one background
//!   regeneration replaces it (concurrent requests share that regeneration).
//! - Only 2xx GET/HEAD responses without `Set-Cookie` are stored; a streamed
//!   body is stored once complete (up to a size cap).
//! - [`revalidate_path`] and [`revalidate_tag`] purge entries on demand;
//!   [`revalidate_tag_with`] (Next 16's `revalidateTag(tag, profile)`) marks
//!   them stale, to be served once more while they regenerate.
//!
//! Functions are cached too: [`macro@cache`] on an async fn is Next's
//! `'use cache'`, with [`CacheLife`] profiles (`cacheLife`) and tags
//! ([`cache_tag`], `cacheTag`), in the same store:
//!
//! ```
//! use route_runtime::cache::{cache, Cache, MemoryStore};
//!
//! #[cache(life = "minutes", tags = ["prices"])]
//! async fn price(sku: String) -> u64 {
//!     sku.len() as u64 * 100 // a slow lookup, in real life
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let cache = Cache::new(MemoryStore::default());
//! cache.scope(async {
//!     assert_eq!(price("abc".to_owned()).await, 300); // computed
//!     assert_eq!(price("abc".to_owned()).await, 300); // from the cache
//! }).await;
//! assert_eq!((cache.stats().fn_misses, cache.stats().fn_hits), (1, 1));
//! # });
//! ```
//!
//! Users cannot tell what Next caches; here every decision is logged at
//! `debug` level (target `route_runtime::cache`) and counted in [`stats`].
//! No response header is added beyond `Cache-Control`.
//!
//! ```
//! use axum::{routing::get, Router};
//! use route_runtime::cache::{Cache, Cached, Dynamic, MemoryStore, SegmentConfig};
//!
//! async fn handler() -> &'static str { "rendered once" }
//!
//! const CONFIG: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);
//! let cache = Cache::new(MemoryStore::default());
//! let app: Router = Router::new().route(
//!     "/about",
//!     get(Cached::new(handler, "/about", CONFIG, &["GET"]).with_cache(cache)),
//! );
//! # let _ = app;
//! ```

mod config;
mod env;
mod flight;
pub(crate) mod function;
mod handler;
mod life;
mod memory;
mod prerender;
#[cfg(feature = "redis")]
mod redis;
mod store;

#[cfg(all(test, feature = "redis"))]
mod function_redis_tests;
#[cfg(test)]
mod function_tests;
#[cfg(all(test, feature = "redis"))]
mod redis_tests;
#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub use config::{
    CacheMode, Dynamic, FetchCache, MUTATING_METHODS, ONE_YEAR_SECS, Revalidate, Runtime,
    SegmentConfig,
};
pub use env::{REDIS_URL_ENV, set_global_from_env};
pub use function::{cache_life, cache_tag};
pub use handler::{CacheTags, Cached, StaticRender};
pub use life::CacheLife;
pub use memory::{DEFAULT_MEMORY_BYTES, MemoryStore};
pub(crate) use prerender::Prerendering;
pub use prerender::{PrerenderError, prerender};
#[cfg(feature = "redis")]
pub use redis::RedisStore;
pub use route_runtime_macros::cache;
pub use store::{BoxFuture, CacheEntry, CacheStore, Clock, LockToken, StoreError, TokioClock};

/// The default cap on a body to be cached: 10 MiB. Larger responses are
/// streamed through and not stored.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// How long a regeneration lock is held at most, should its holder die.
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(30);

/// A handle on a cache: a store, a clock, counters and the in-flight renders.
/// Cheap to clone; clones share everything.
///
/// Routes use the process-wide [`global`] cache unless given one with
/// [`Cached::with_cache`] (tests do that, to stay independent).
#[derive(Clone)]
pub struct Cache {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) store: Arc<dyn CacheStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) max_body_bytes: usize,
    pub(crate) lock_ttl: Duration,
    pub(crate) counters: Counters,
    pub(crate) flights: flight::Flights,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) hits: AtomicU64,
    pub(crate) misses: AtomicU64,
    pub(crate) stale: AtomicU64,
    pub(crate) regenerations: AtomicU64,
    pub(crate) store_errors: AtomicU64,
    pub(crate) fn_hits: AtomicU64,
    pub(crate) fn_misses: AtomicU64,
    pub(crate) fn_stale: AtomicU64,
    pub(crate) fn_refreshes: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cache")
            .field("store", &self.inner.store)
            .field("clock", &self.inner.clock)
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .field("stats", &self.stats())
            .finish()
    }
}

/// What a cache has done so far: see [`stats`] and [`Cache::stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Requests served from a fresh entry.
    pub hits: u64,
    /// Requests that found no entry and rendered (or waited for a render).
    pub misses: u64,
    /// Requests served from a stale entry while it was regenerated.
    pub stale: u64,
    /// Background regenerations run (one per stale period, not per request).
    pub regenerations: u64,
    /// Store failures answered by serving dynamically (or, for a cached
    /// function, by calling it).
    pub store_errors: u64,
    /// [`#[cache]`](macro@cache) calls answered with a fresh stored value.
    pub fn_hits: u64,
    /// `#[cache]` calls that found no usable value and ran the function
    /// (or waited for a concurrent run).
    pub fn_misses: u64,
    /// `#[cache]` calls answered with a stale value while it was refreshed.
    pub fn_stale: u64,
    /// Background refreshes of stale `#[cache]` values run.
    pub fn_refreshes: u64,
    /// Entries in the store, where it can tell cheaply (in memory: yes).
    pub entries: Option<u64>,
}

impl Cache {
    /// A cache on `store`, with [`TokioClock`] and the default limits.
    pub fn new(store: impl CacheStore) -> Self {
        Self::builder(store).build()
    }

    /// A builder, to set the clock or the limits.
    pub fn builder(store: impl CacheStore) -> CacheBuilder {
        CacheBuilder {
            store: Arc::new(store),
            clock: Arc::new(TokioClock::new()),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            lock_ttl: DEFAULT_LOCK_TTL,
        }
    }

    /// The store behind this cache.
    pub fn store(&self) -> &Arc<dyn CacheStore> {
        &self.inner.store
    }

    /// Now, by this cache's clock (milliseconds since the Unix epoch).
    pub fn now_ms(&self) -> u64 {
        self.inner.clock.now_ms()
    }

    /// Purges the entry for the path `path` (`/blog/hello`) and every entry
    /// of the route pattern `path` (`/blog/[slug]`), as `next/cache`'s
    /// `revalidatePath`. The next request renders afresh. Returns how many
    /// entries were removed.
    pub async fn revalidate_path(&self, path: &str) -> Result<u64, StoreError> {
        let n = self.inner.store.invalidate_path(path).await?;
        tracing::debug!(target: "route_runtime::cache", path, removed = n, "revalidate_path");
        Ok(n)
    }

    /// Expires now every entry tagged `tag` (by its route's config, a
    /// [`CacheTags`] response part, a `#[cache(tags = [..])]` fn or
    /// [`cache_tag`]), as `next/cache`'s one-argument `revalidateTag(tag)`:
    /// the next request or call computes afresh, inline. Returns how many
    /// entries were removed.
    pub async fn revalidate_tag(&self, tag: &str) -> Result<u64, StoreError> {
        let n = self.inner.store.invalidate_tag(tag).await?;
        tracing::debug!(target: "route_runtime::cache", tag, removed = n, "revalidate_tag");
        Ok(n)
    }

    /// Next 16's `revalidateTag(tag, profile)`: marks every entry tagged
    /// `tag` stale now, so that the next read serves it once more and
    /// refreshes it in the background (stale-while-revalidate), and expired
    /// after `profile`'s `expire` (from then on the next read computes
    /// inline). [`CacheLife::MAX`] is Next's recommended `"max"`: stale now,
    /// expired in a year. A profile whose `expire` is zero expires now, like
    /// [`revalidate_tag`](Self::revalidate_tag). Returns how many entries
    /// were marked.
    pub async fn revalidate_tag_with(
        &self,
        tag: &str,
        profile: CacheLife,
    ) -> Result<u64, StoreError> {
        let now = self.now_ms();
        let expire_at = profile.expire_ms().map(|e| now.saturating_add(e));
        let n = self.inner.store.mark_tag_stale(tag, now, expire_at).await?;
        tracing::debug!(target: "route_runtime::cache", tag, ?profile, marked = n, "revalidate_tag_with");
        Ok(n)
    }

    /// The counters of this cache.
    pub fn stats(&self) -> CacheStats {
        let c = &self.inner.counters;
        CacheStats {
            hits: c.hits.load(Ordering::Relaxed),
            misses: c.misses.load(Ordering::Relaxed),
            stale: c.stale.load(Ordering::Relaxed),
            regenerations: c.regenerations.load(Ordering::Relaxed),
            store_errors: c.store_errors.load(Ordering::Relaxed),
            fn_hits: c.fn_hits.load(Ordering::Relaxed),
            fn_misses: c.fn_misses.load(Ordering::Relaxed),
            fn_stale: c.fn_stale.load(Ordering::Relaxed),
            fn_refreshes: c.fn_refreshes.load(Ordering::Relaxed),
            entries: self.inner.store.entry_count(),
        }
    }
}

/// Builds a [`Cache`]; from [`Cache::builder`].
#[derive(Debug)]
pub struct CacheBuilder {
    store: Arc<dyn CacheStore>,
    clock: Arc<dyn Clock>,
    max_body_bytes: usize,
    lock_ttl: Duration,
}

impl CacheBuilder {
    /// Uses `clock` for entry ages instead of [`TokioClock`].
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Bodies larger than this are streamed through and not cached.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// How long a regeneration lock lasts if its holder dies.
    pub fn lock_ttl(mut self, ttl: Duration) -> Self {
        self.lock_ttl = ttl;
        self
    }

    /// The cache.
    pub fn build(self) -> Cache {
        Cache {
            inner: Arc::new(Inner {
                store: self.store,
                clock: self.clock,
                max_body_bytes: self.max_body_bytes,
                lock_ttl: self.lock_ttl,
                counters: Counters::default(),
                flights: flight::Flights::default(),
            }),
        }
    }
}

static GLOBAL: OnceLock<Cache> = OnceLock::new();

/// The process-wide cache that routes use by default: a [`MemoryStore`] of
/// [`DEFAULT_MEMORY_BYTES`] unless [`set_global`] installed another first.
pub fn global() -> &'static Cache {
    GLOBAL.get_or_init(|| Cache::new(MemoryStore::default()))
}

/// Installs the process-wide cache (a Redis one, say). Call it before the
/// first request; gives `cache` back if the global cache was already in use.
///
/// ```
/// use route_runtime::cache::{self, Cache, MemoryStore};
/// let _ = cache::set_global(Cache::new(MemoryStore::new(1 << 20)));
/// ```
pub fn set_global(cache: Cache) -> Result<(), Cache> {
    GLOBAL.set(cache)
}

/// [`Cache::revalidate_path`] on the [`global`] cache, for use in any handler:
///
/// ```no_run
/// # async fn webhook() -> Result<(), route_runtime::cache::StoreError> {
/// route_runtime::cache::revalidate_path("/blog/[slug]").await?;
/// # Ok(()) }
/// ```
pub async fn revalidate_path(path: &str) -> Result<u64, StoreError> {
    global().revalidate_path(path).await
}

/// [`Cache::revalidate_tag`] on the [`global`] cache: expire now.
pub async fn revalidate_tag(tag: &str) -> Result<u64, StoreError> {
    global().revalidate_tag(tag).await
}

/// [`Cache::revalidate_tag_with`] on the [`global`] cache: Next 16's
/// `revalidateTag(tag, profile)`, stale-while-revalidate on the next read.
///
/// ```no_run
/// # async fn after_write() -> Result<(), route_runtime::cache::StoreError> {
/// use route_runtime::cache::{revalidate_tag_with, CacheLife};
/// revalidate_tag_with("posts", CacheLife::MAX).await?;
/// # Ok(()) }
/// ```
///
/// Next also has `updateTag(tag)`, which expires a tag *and* lets the Server
/// Action that called it read its own write in the page it re-renders.
/// Route handlers have no such re-render (Next refuses `updateTag` in them):
/// here a handler that needs the next read to be fresh calls
/// [`revalidate_tag`], which expires now.
pub async fn revalidate_tag_with(tag: &str, profile: CacheLife) -> Result<u64, StoreError> {
    global().revalidate_tag_with(tag, profile).await
}

/// [`Cache::stats`] of the [`global`] cache.
pub fn stats() -> CacheStats {
    global().stats()
}
