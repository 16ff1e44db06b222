//! The storage side of the cache: entries, the [`CacheStore`] trait, the clock.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

/// A boxed, `Send` future: what [`CacheStore`] methods return, so that the
/// trait stays object safe (`Arc<dyn CacheStore>`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One cached response: what a [`CacheStore`] keeps under a request path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    /// The response status (always 2xx for a stored entry).
    pub status: StatusCode,
    /// The response headers, without `Set-Cookie` (never cached),
    /// `Cache-Control` (set from the route's config when served) and the
    /// framing headers `Content-Length`/`Transfer-Encoding`.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// Route tags plus per-response [`CacheTags`](super::CacheTags).
    pub tags: Vec<String>,
    /// The route pattern that rendered it, like `/blog/[slug]`.
    pub route: String,
    /// When it was rendered, in milliseconds of the cache's [`Clock`].
    pub created_at_ms: u64,
    /// From when on it is stale whatever its age (set by
    /// [`revalidate_tag_with`](super::revalidate_tag_with)): the next read
    /// serves it once more and refreshes it in the background.
    pub stale_at_ms: Option<u64>,
    /// From when on it must not be served at all: the next read recomputes
    /// inline (a cached function's `expire`, or `revalidate_tag_with`'s).
    pub expires_at_ms: Option<u64>,
}

impl CacheEntry {
    /// Approximate memory size in bytes, used to bound the in-memory store.
    pub fn weight(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len() + 32)
            .sum();
        let tags: usize = self.tags.iter().map(|t| t.len() + 24).sum();
        self.body.len() + headers + tags + self.route.len() + 128
    }

    /// The age of the entry at `now_ms`.
    pub fn age(&self, now_ms: u64) -> Duration {
        Duration::from_millis(now_ms.saturating_sub(self.created_at_ms))
    }

    /// Whether [`stale_at_ms`](Self::stale_at_ms) has come at `now_ms`.
    pub fn is_marked_stale(&self, now_ms: u64) -> bool {
        self.stale_at_ms.is_some_and(|at| now_ms >= at)
    }

    /// Whether [`expires_at_ms`](Self::expires_at_ms) has come at `now_ms`.
    pub fn is_expired(&self, now_ms: u64) -> bool {
        self.expires_at_ms.is_some_and(|at| now_ms >= at)
    }

    /// This entry marked stale at `now_ms` and expiring at `expire_at_ms`
    /// (an earlier mark or expiry it already has is kept).
    pub fn marked_stale(&self, now_ms: u64, expire_at_ms: Option<u64>) -> CacheEntry {
        let min = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        CacheEntry {
            stale_at_ms: min(self.stale_at_ms, Some(now_ms)),
            expires_at_ms: min(self.expires_at_ms, expire_at_ms),
            ..self.clone()
        }
    }

    /// Everything but the body, as JSON (used by stores that serialize).
    pub fn meta_json(&self) -> String {
        let headers: Vec<(&str, &[u8])> = self
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_bytes()))
            .collect();
        serde_json::json!({
            "status": self.status.as_u16(),
            "headers": headers,
            "tags": self.tags,
            "route": self.route,
            "created_at_ms": self.created_at_ms,
            "stale_at_ms": self.stale_at_ms,
            "expires_at_ms": self.expires_at_ms,
        })
        .to_string()
    }

    /// The inverse of [`meta_json`](Self::meta_json), with the body given apart.
    pub fn from_meta_json(meta: &str, body: Bytes) -> Result<Self, StoreError> {
        #[derive(serde::Deserialize)]
        struct Meta {
            status: u16,
            headers: Vec<(String, Vec<u8>)>,
            tags: Vec<String>,
            route: String,
            created_at_ms: u64,
            #[serde(default)]
            stale_at_ms: Option<u64>,
            #[serde(default)]
            expires_at_ms: Option<u64>,
        }
        let bad = |what: &str| StoreError::new(format!("corrupt cache entry: {what}"));
        let m: Meta = serde_json::from_str(meta).map_err(|e| bad(&e.to_string()))?;
        let status = StatusCode::from_u16(m.status).map_err(|_| bad("status"))?;
        let mut headers = HeaderMap::with_capacity(m.headers.len());
        for (k, v) in m.headers {
            let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| bad("header name"))?;
            let value = HeaderValue::from_bytes(&v).map_err(|_| bad("header value"))?;
            headers.append(name, value);
        }
        Ok(CacheEntry {
            status,
            headers,
            body,
            tags: m.tags,
            route: m.route,
            created_at_ms: m.created_at_ms,
            stale_at_ms: m.stale_at_ms,
            expires_at_ms: m.expires_at_ms,
        })
    }
}

/// A store failure (Redis down, a corrupt entry). The cache answers it by
/// serving the route dynamically and logging a warning, never with a 500.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(String);

impl StoreError {
    /// A store error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        StoreError(message.into())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cache store error: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// A held regeneration lock; give it back with [`CacheStore::unlock`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockToken {
    /// The locked key.
    pub key: String,
    /// A random value identifying this holder, so that only it can unlock.
    pub token: String,
}

/// Where cached responses live. Keys are request paths (`/blog/hello`).
///
/// Implemented by [`MemoryStore`](super::MemoryStore) (the default) and,
/// with the `redis` feature, `RedisStore`. Methods return [`BoxFuture`] so
/// that the trait can be used as `Arc<dyn CacheStore>`.
pub trait CacheStore: Send + Sync + fmt::Debug + 'static {
    /// The entry under `key`, if any.
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<CacheEntry>>, StoreError>>;

    /// Stores `entry` under `key`, indexing it by its tags and route.
    fn put<'a>(
        &'a self,
        key: &'a str,
        entry: Arc<CacheEntry>,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Removes the entry under `key`; returns whether there was one.
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Removes every entry tagged `tag`; returns how many.
    fn invalidate_tag<'a>(&'a self, tag: &'a str) -> BoxFuture<'a, Result<u64, StoreError>>;

    /// Removes the entry whose key is `path` and every entry rendered by the
    /// route pattern `path` (`/blog/[slug]`); returns how many.
    fn invalidate_path<'a>(&'a self, path: &'a str) -> BoxFuture<'a, Result<u64, StoreError>>;

    /// Marks every entry tagged `tag` stale from `now_ms` on and, when
    /// `expire_at_ms` is given, expired from then on
    /// ([`CacheEntry::marked_stale`]); returns how many. This is
    /// `revalidate_tag(tag, profile)`: the next read serves the old value once
    /// more and refreshes it in the background.
    ///
    /// The default implementation removes the entries
    /// ([`invalidate_tag`](Self::invalidate_tag)): a store that cannot
    /// rewrite entries in place still invalidates, the next read then
    /// recomputing inline instead of serving stale.
    fn mark_tag_stale<'a>(
        &'a self,
        tag: &'a str,
        now_ms: u64,
        expire_at_ms: Option<u64>,
    ) -> BoxFuture<'a, Result<u64, StoreError>> {
        let _ = (now_ms, expire_at_ms);
        self.invalidate_tag(tag)
    }

    /// Takes the regeneration lock of `key` for at most `ttl`, or `None` when
    /// someone else (maybe another instance) holds it.
    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<Option<LockToken>, StoreError>>;

    /// Releases a lock taken with [`try_lock`](Self::try_lock), if still held by `token`.
    fn unlock<'a>(&'a self, token: &'a LockToken) -> BoxFuture<'a, Result<(), StoreError>>;

    /// The number of entries, where the store can tell cheaply.
    fn entry_count(&self) -> Option<u64> {
        None
    }
}

/// The time source of a cache: milliseconds since the Unix epoch.
///
/// The default, [`TokioClock`], follows tokio's clock, so tests can use
/// `#[tokio::test(start_paused = true)]` and `tokio::time::advance`.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// Now, in milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
}

/// Wall-clock time read once, then advanced by [`tokio::time::Instant`]
/// (monotonic, and paused/advanced in tokio tests).
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    epoch_ms: u64,
    start: tokio::time::Instant,
}

impl Default for TokioClock {
    fn default() -> Self {
        Self::new()
    }
}

impl TokioClock {
    /// A clock anchored at the current system time.
    pub fn new() -> Self {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        TokioClock {
            epoch_ms,
            start: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now_ms(&self) -> u64 {
        self.epoch_ms + self.start.elapsed().as_millis() as u64
    }
}

/// A random-enough token for locks: process id, time and a counter.
pub(crate) fn new_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos:x}-{n}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_json_round_trips() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.append("x-multi", HeaderValue::from_static("a"));
        headers.append("x-multi", HeaderValue::from_bytes(b"\xffb").unwrap());
        let entry = CacheEntry {
            status: StatusCode::CREATED,
            headers,
            body: Bytes::from_static(b"{}"),
            tags: vec!["posts".into()],
            route: "/blog/[slug]".into(),
            created_at_ms: 42,
            stale_at_ms: Some(50),
            expires_at_ms: None,
        };
        let back = CacheEntry::from_meta_json(&entry.meta_json(), entry.body.clone()).unwrap();
        assert_eq!(back, entry);
        assert!(CacheEntry::from_meta_json("{", Bytes::new()).is_err());
        // Entries written before the marks existed still read.
        let old = r#"{"status":200,"headers":[],"tags":[],"route":"/a","created_at_ms":1}"#;
        let back = CacheEntry::from_meta_json(old, Bytes::new()).unwrap();
        assert_eq!((back.stale_at_ms, back.expires_at_ms), (None, None));
    }

    #[test]
    fn marks_keep_the_earliest() {
        let entry = CacheEntry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            tags: vec![],
            route: "/a".into(),
            created_at_ms: 0,
            stale_at_ms: None,
            expires_at_ms: Some(500),
        };
        assert!(!entry.is_marked_stale(100) && !entry.is_expired(499) && entry.is_expired(500));
        let marked = entry.marked_stale(100, Some(1000));
        assert_eq!(
            (marked.stale_at_ms, marked.expires_at_ms),
            (Some(100), Some(500))
        );
        assert!(!marked.is_marked_stale(99) && marked.is_marked_stale(100));
        let again = marked.marked_stale(200, None);
        assert_eq!(
            (again.stale_at_ms, again.expires_at_ms),
            (Some(100), Some(500))
        );
    }
}
