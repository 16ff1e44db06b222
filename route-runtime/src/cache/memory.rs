//! The default store: in process memory, bounded in bytes, LRU eviction.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use moka::future::Cache as Moka;
use moka::ops::compute::{CompResult, Op};
use moka::policy::EvictionPolicy;
use tokio::time::Instant;

use super::store::{BoxFuture, CacheEntry, CacheStore, LockToken, StoreError, new_token};

/// The default byte budget of a [`MemoryStore`]: 64 MiB.
pub const DEFAULT_MEMORY_BYTES: u64 = 64 * 1024 * 1024;

/// An in-memory [`CacheStore`] bounded to a number of bytes (bodies, headers
/// and bookkeeping), evicting the least recently used entries beyond it.
///
/// ```
/// use route_runtime::cache::MemoryStore;
/// let store = MemoryStore::new(16 * 1024 * 1024);
/// # let _ = store;
/// ```
#[derive(Clone)]
pub struct MemoryStore {
    entries: Moka<String, Arc<CacheEntry>>,
    locks: Arc<Mutex<HashMap<String, (String, Instant)>>>,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("entries", &self.entries.entry_count())
            .field("weighted_size", &self.entries.weighted_size())
            .finish()
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new(DEFAULT_MEMORY_BYTES)
    }
}

impl MemoryStore {
    /// A store holding at most `max_bytes` of entries.
    pub fn new(max_bytes: u64) -> Self {
        let entries = Moka::builder()
            .max_capacity(max_bytes)
            .eviction_policy(EvictionPolicy::lru())
            // The key counts too: a cached function's key holds its
            // arguments, which may be long.
            .weigher(|k: &String, v: &Arc<CacheEntry>| {
                u32::try_from(v.weight() + k.len()).unwrap_or(u32::MAX)
            })
            .build();
        MemoryStore {
            entries,
            locks: Arc::default(),
        }
    }

    /// Applies pending removals now (moka applies some lazily), so that
    /// [`CacheStore::entry_count`] is exact.
    pub async fn run_pending_tasks(&self) {
        self.entries.run_pending_tasks().await;
    }

    fn remove_where(&self, pred: impl Fn(&str, &CacheEntry) -> bool) -> Vec<Arc<String>> {
        self.entries
            .iter()
            .filter(|(k, v)| pred(k, v))
            .map(|(k, _)| k)
            .collect()
    }

    async fn remove_all(&self, keys: Vec<Arc<String>>) -> u64 {
        let mut n = 0;
        for key in keys {
            if self.entries.remove(key.as_str()).await.is_some() {
                n += 1;
            }
        }
        self.entries.run_pending_tasks().await;
        n
    }
}

impl CacheStore for MemoryStore {
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<CacheEntry>>, StoreError>> {
        Box::pin(async move { Ok(self.entries.get(key).await) })
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        entry: Arc<CacheEntry>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            self.entries.insert(key.to_owned(), entry).await;
            // Evict now rather than lazily, so that the bound and the counts hold.
            self.entries.run_pending_tasks().await;
            Ok(())
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async move {
            let removed = self.entries.remove(key).await.is_some();
            self.entries.run_pending_tasks().await;
            Ok(removed)
        })
    }

    fn invalidate_tag<'a>(&'a self, tag: &'a str) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let keys = self.remove_where(|_, e| e.tags.iter().any(|t| t == tag));
            Ok(self.remove_all(keys).await)
        })
    }

    fn mark_tag_stale<'a>(
        &'a self,
        tag: &'a str,
        now_ms: u64,
        expire_at_ms: Option<u64>,
    ) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let tagged: Vec<(Arc<String>, Arc<CacheEntry>)> = self
                .entries
                .iter()
                .filter(|(_, e)| e.tags.iter().any(|t| t == tag))
                .collect();
            let mut n = 0;
            for (key, entry) in tagged {
                let marked = Arc::new(entry.marked_stale(now_ms, expire_at_ms));
                // Only if still the entry we read: a newer one (just
                // regenerated) is fresh and stays as it is.
                let result = self
                    .entries
                    .entry_by_ref(key.as_str())
                    .and_compute_with(|current| {
                        std::future::ready(match current {
                            Some(c) if c.value().created_at_ms == entry.created_at_ms => {
                                Op::Put(marked)
                            }
                            _ => Op::Nop,
                        })
                    })
                    .await;
                if matches!(result, CompResult::ReplacedWith(_)) {
                    n += 1;
                }
            }
            self.entries.run_pending_tasks().await;
            Ok(n)
        })
    }

    fn invalidate_path<'a>(&'a self, path: &'a str) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let keys = self.remove_where(|k, e| k == path || e.route == path);
            Ok(self.remove_all(keys).await)
        })
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<Option<LockToken>, StoreError>> {
        Box::pin(async move {
            let now = Instant::now();
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            if locks.get(key).is_some_and(|(_, until)| *until > now) {
                return Ok(None);
            }
            let token = new_token();
            locks.insert(key.to_owned(), (token.clone(), now + ttl));
            Ok(Some(LockToken {
                key: key.to_owned(),
                token,
            }))
        })
    }

    fn unlock<'a>(&'a self, lock: &'a LockToken) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            if locks.get(&lock.key).is_some_and(|(t, _)| *t == lock.token) {
                locks.remove(&lock.key);
            }
            Ok(())
        })
    }

    fn entry_count(&self) -> Option<u64> {
        Some(self.entries.entry_count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::{HeaderMap, StatusCode};

    fn entry(route: &str, tags: &[&str], body: usize) -> Arc<CacheEntry> {
        Arc::new(CacheEntry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; body]),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            route: route.into(),
            created_at_ms: 0,
            stale_at_ms: None,
            expires_at_ms: None,
        })
    }

    #[tokio::test]
    async fn invalidates_by_tag_path_and_pattern() {
        let s = MemoryStore::default();
        s.put("/blog/a", entry("/blog/[slug]", &["posts"], 1))
            .await
            .unwrap();
        s.put("/blog/b", entry("/blog/[slug]", &[], 1))
            .await
            .unwrap();
        s.put("/about", entry("/about", &["posts", "x"], 1))
            .await
            .unwrap();
        assert_eq!(s.invalidate_tag("posts").await.unwrap(), 2);
        assert!(s.get("/blog/b").await.unwrap().is_some());
        assert_eq!(s.invalidate_path("/blog/[slug]").await.unwrap(), 1);
        assert!(s.get("/blog/b").await.unwrap().is_none());
        s.put("/blog/c", entry("/blog/[slug]", &[], 1))
            .await
            .unwrap();
        assert_eq!(s.invalidate_path("/blog/c").await.unwrap(), 1);
        assert_eq!(s.invalidate_path("/blog/c").await.unwrap(), 0);
    }

    #[tokio::test]
    async fn evicts_least_recently_used_beyond_the_budget() {
        // Each entry weighs a little over 1000 bytes; room for about three.
        let s = MemoryStore::new(3_600);
        for key in ["/1", "/2", "/3"] {
            s.put(key, entry(key, &[], 1000)).await.unwrap();
            s.run_pending_tasks().await;
        }
        assert!(s.get("/1").await.unwrap().is_some()); // /1 is now the most recent
        s.put("/4", entry("/4", &[], 1000)).await.unwrap();
        s.run_pending_tasks().await;
        assert_eq!(s.entry_count(), Some(3));
        assert!(s.get("/2").await.unwrap().is_none(), "LRU entry evicted");
        for key in ["/1", "/3", "/4"] {
            assert!(s.get(key).await.unwrap().is_some(), "{key} kept");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn lock_is_exclusive_until_released_or_expired() {
        let s = MemoryStore::default();
        let t = s
            .try_lock("/a", Duration::from_secs(5))
            .await
            .unwrap()
            .unwrap();
        assert!(
            s.try_lock("/a", Duration::from_secs(5))
                .await
                .unwrap()
                .is_none()
        );
        s.unlock(&t).await.unwrap();
        let t2 = s
            .try_lock("/a", Duration::from_secs(5))
            .await
            .unwrap()
            .unwrap();
        // A stale token cannot release the new holder's lock.
        s.unlock(&t).await.unwrap();
        assert!(
            s.try_lock("/a", Duration::from_secs(5))
                .await
                .unwrap()
                .is_none()
        );
        tokio::time::advance(Duration::from_secs(6)).await;
        assert!(
            s.try_lock("/a", Duration::from_secs(5))
                .await
                .unwrap()
                .is_some()
        );
        drop(t2);
    }
}
