//! A [`CacheStore`] in Redis, shared by several server instances.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client};

use super::store::{BoxFuture, CacheEntry, CacheStore, LockToken, StoreError, new_token};

/// `revalidate_tag_with`: marks each existing entry hash (KEYS) stale at
/// ARGV[1] and expiring at ARGV[2] (empty: no expiry), keeping earlier marks.
const MARK: &str = r"
local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('EXISTS', k) == 1 then
    if not redis.call('HGET', k, 'stale_at') then redis.call('HSET', k, 'stale_at', ARGV[1]) end
    if ARGV[2] ~= '' then
      local e = redis.call('HGET', k, 'expires_at')
      if (not e) or tonumber(e) > tonumber(ARGV[2]) then redis.call('HSET', k, 'expires_at', ARGV[2]) end
    end
    n = n + 1
  end
end
return n";

const UNLOCK: &str = r"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/// A [`CacheStore`] in Redis (feature `redis`): entries, tag and route
/// indexes, invalidations and regeneration locks are shared by every
/// instance pointing at the same server and namespace, so `revalidate_tag`
/// on one instance is seen by all and a stale entry is regenerated once
/// across them (a `SET NX PX` lock).
///
/// The connection is made on first use and remade after a failure. While
/// Redis is unreachable every call fails fast (connect and response time-outs,
/// one second each by default) and the cache serves routes dynamically,
/// logging a warning: an outage never turns into a 500.
///
/// Keys, under the namespace `ns` (default `route-cache`): `ns:e:<path>` a
/// hash of `meta` (JSON) and `body`; `ns:t:<tag>` and `ns:r:<route>` sets of
/// paths; `ns:l:<path>` the regeneration lock. Bound the memory with Redis's
/// own `maxmemory` policy, or [`entry_ttl`](Self::entry_ttl).
///
/// ```no_run
/// use route_runtime::cache::{self, Cache, RedisStore};
/// let store = RedisStore::open("redis://127.0.0.1:6379/").unwrap().namespace("myapp-v42");
/// let _ = cache::set_global(Cache::new(store));
/// ```
pub struct RedisStore {
    client: Client,
    conn: Arc<Mutex<Option<MultiplexedConnection>>>,
    ns: String,
    entry_ttl: Option<Duration>,
    timeout: Duration,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("server", &self.client.get_connection_info().addr)
            .field("namespace", &self.ns)
            .field("entry_ttl", &self.entry_ttl)
            .finish_non_exhaustive()
    }
}

fn err(e: redis::RedisError) -> StoreError {
    StoreError::new(format!("redis: {e}"))
}

impl RedisStore {
    /// A store for the server at `url` (`redis://host:port/db`). Nothing is
    /// connected yet; an invalid URL is an error.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = Client::open(url).map_err(err)?;
        Ok(RedisStore {
            client,
            conn: Arc::default(),
            ns: "route-cache".to_owned(),
            entry_ttl: None,
            timeout: Duration::from_secs(1),
        })
    }

    /// Prefixes every key with `ns` (a build id, say, so that a new deploy
    /// starts from an empty cache).
    pub fn namespace(mut self, ns: impl Into<String>) -> Self {
        self.ns = ns.into();
        self
    }

    /// Lets Redis drop entries `ttl` after they were stored.
    pub fn entry_ttl(mut self, ttl: Duration) -> Self {
        self.entry_ttl = Some(ttl);
        self
    }

    /// The connect and response time-out (default one second).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn key(&self, kind: &str, name: &str) -> String {
        format!("{}:{kind}:{name}", self.ns)
    }

    async fn conn(&self) -> Result<MultiplexedConnection, StoreError> {
        if let Some(c) = self.conn.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            return Ok(c.clone());
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(self.timeout)
            .set_response_timeout(self.timeout);
        let c = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(err)?;
        *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = Some(c.clone());
        Ok(c)
    }

    /// Forgets the connection after an I/O failure, so that the next call reconnects.
    fn check<T>(&self, r: redis::RedisResult<T>) -> Result<T, StoreError> {
        r.map_err(|e| {
            if e.is_io_error()
                || e.is_connection_dropped()
                || e.is_timeout()
                || e.is_connection_refusal()
            {
                *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = None;
            }
            err(e)
        })
    }

    async fn delete_paths(
        &self,
        paths: &[String],
        extra: Option<String>,
    ) -> Result<u64, StoreError> {
        let mut conn = self.conn().await?;
        let mut pipe = redis::pipe();
        for p in paths {
            pipe.del(self.key("e", p));
        }
        if let Some(k) = extra {
            pipe.del(k).ignore();
        }
        let counts: Vec<u64> = self.check(pipe.query_async(&mut conn).await)?;
        Ok(counts.iter().sum())
    }
}

impl CacheStore for RedisStore {
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<CacheEntry>>, StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            type Fields = (Option<String>, Option<Vec<u8>>, Option<u64>, Option<u64>);
            let (meta, body, stale_at, expires_at): Fields = self.check(
                redis::cmd("HMGET")
                    .arg(self.key("e", key))
                    .arg("meta")
                    .arg("body")
                    .arg("stale_at")
                    .arg("expires_at")
                    .query_async(&mut conn)
                    .await,
            )?;
            match (meta, body) {
                (Some(meta), Some(body)) => {
                    let entry = CacheEntry::from_meta_json(&meta, Bytes::from(body))?;
                    // Marks set in place by `mark_tag_stale`.
                    let entry = match stale_at {
                        Some(at) => entry.marked_stale(at, expires_at),
                        None => entry,
                    };
                    Ok(Some(Arc::new(entry)))
                }
                _ => Ok(None),
            }
        })
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        entry: Arc<CacheEntry>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let ekey = self.key("e", key);
            let mut pipe = redis::pipe();
            pipe.atomic()
                .del(&ekey)
                .ignore()
                .hset_multiple(
                    &ekey,
                    &[
                        ("meta", entry.meta_json().into_bytes()),
                        ("body", entry.body.to_vec()),
                    ],
                )
                .ignore();
            // Redis drops the entry once it may no longer be served (a cached
            // function's `expire`), or after `entry_ttl`, whichever is sooner.
            let own = entry
                .expires_at_ms
                .map(|at| Duration::from_millis(at.saturating_sub(entry.created_at_ms).max(1)));
            let ttl = match (own, self.entry_ttl) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(ttl) = ttl {
                pipe.pexpire(&ekey, ttl.as_millis().min(i64::MAX as u128) as i64)
                    .ignore();
            }
            for tag in &entry.tags {
                pipe.sadd(self.key("t", tag), key).ignore();
            }
            pipe.sadd(self.key("r", &entry.route), key).ignore();
            self.check(pipe.query_async::<()>(&mut conn).await)
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async move { Ok(self.delete_paths(&[key.to_owned()], None).await? > 0) })
    }

    fn invalidate_tag<'a>(&'a self, tag: &'a str) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let tkey = self.key("t", tag);
            let paths: Vec<String> = self.check(
                redis::cmd("SMEMBERS")
                    .arg(&tkey)
                    .query_async(&mut conn)
                    .await,
            )?;
            self.delete_paths(&paths, Some(tkey)).await
        })
    }

    fn mark_tag_stale<'a>(
        &'a self,
        tag: &'a str,
        now_ms: u64,
        expire_at_ms: Option<u64>,
    ) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let paths: Vec<String> = self.check(
                redis::cmd("SMEMBERS")
                    .arg(self.key("t", tag))
                    .query_async(&mut conn)
                    .await,
            )?;
            if paths.is_empty() {
                return Ok(0);
            }
            let script = redis::Script::new(MARK);
            let mut invocation = script.prepare_invoke();
            for p in &paths {
                invocation.key(self.key("e", p));
            }
            invocation
                .arg(now_ms)
                .arg(expire_at_ms.map(|at| at.to_string()).unwrap_or_default());
            self.check(invocation.invoke_async(&mut conn).await)
        })
    }

    fn invalidate_path<'a>(&'a self, path: &'a str) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let rkey = self.key("r", path);
            let mut paths: Vec<String> = self.check(
                redis::cmd("SMEMBERS")
                    .arg(&rkey)
                    .query_async(&mut conn)
                    .await,
            )?;
            if !paths.iter().any(|p| p == path) {
                paths.push(path.to_owned());
            }
            self.delete_paths(&paths, Some(rkey)).await
        })
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<Option<LockToken>, StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let token = new_token();
            let set: Option<String> = self.check(
                redis::cmd("SET")
                    .arg(self.key("l", key))
                    .arg(&token)
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl.as_millis().max(1) as u64)
                    .query_async(&mut conn)
                    .await,
            )?;
            Ok(set.map(|_| LockToken {
                key: key.to_owned(),
                token,
            }))
        })
    }

    fn unlock<'a>(&'a self, lock: &'a LockToken) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let script = redis::Script::new(UNLOCK);
            let _: i64 = self.check(
                script
                    .key(self.key("l", &lock.key))
                    .arg(&lock.token)
                    .invoke_async(&mut conn)
                    .await,
            )?;
            Ok(())
        })
    }
}
