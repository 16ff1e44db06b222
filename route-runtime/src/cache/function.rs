//! Cached functions: what [`#[cache]`](macro@crate::cache) expands to, Next's
//! `'use cache'` with `cacheLife` and `cacheTag`.
//!
//! A call looks its key up (the function's id and its arguments as JSON) in
//! the [`Cache`] in scope ([`Cache::scope`], else the [`global`] one):
//! - fresh (younger than the entry's `revalidate`): the stored value;
//! - stale (older, or marked by [`revalidate_tag_with`](super::revalidate_tag_with)):
//!   the stored value, while one background call (per process, and per
//!   store through its lock) computes and stores the new one;
//! - missing, expired (older than its `expire`) or unreadable: the function
//!   runs inline; concurrent callers of the same key wait for that one run.
//!
//! The store failing never fails the caller: the function is then called
//! directly, with a warning (target `route_runtime::cache`).

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::FutureExt;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::flight::{self, Leader, Outcome, Role};
use super::handler::{release_lock, store_entry, take_lock};
use super::life::CacheLife;
use super::store::{CacheEntry, LockToken};
use super::{Cache, Counters, global};

const LOG: &str = "route_runtime::cache";

tokio::task_local! {
    /// The cached function being computed in this task: what `cache_tag` and
    /// `cache_life` write to.
    static SCOPE: RefCell<CallScope>;
    /// The cache cached functions use in this task ([`Cache::scope`]).
    static CURRENT: Cache;
}

#[derive(Debug, Default)]
struct CallScope {
    tags: Vec<String>,
    /// From `cache_life` inside the call.
    set: Option<CacheLife>,
    /// The shortest life of the cached functions it called.
    nested: Option<CacheLife>,
}

impl CallScope {
    /// The life of the entry: set in the call, else in the attribute, else
    /// Next's `default` shortened by the cached functions it called.
    fn life(&self, attr: Option<CacheLife>) -> CacheLife {
        match (self.set.or(attr), self.nested) {
            (Some(life), _) => life,
            (None, Some(nested)) => CacheLife::DEFAULT.min(nested),
            (None, None) => CacheLife::DEFAULT,
        }
    }
}

/// Tags the value of the cached function being computed, as Next's
/// `cacheTag`: [`revalidate_tag`](super::revalidate_tag) with that tag then
/// invalidates it, beside the tags of its `#[cache(tags = [..])]`.
///
/// The tag also reaches the cached functions that called this one, and the
/// entry of a cached route whose render called it (in a cached route's
/// handler itself, it tags the route's entry, like [`CacheTags`](super::CacheTags)).
/// Anywhere else it does nothing but log a warning (Next throws).
///
/// ```
/// use route_runtime::cache::{cache, cache_tag};
///
/// #[cache(life = "hours", tags = ["posts"])]
/// async fn post(id: u32) -> String {
///     cache_tag(format!("post-{id}"));
///     format!("post {id}")
/// }
/// ```
pub fn cache_tag(tag: impl Into<String>) {
    let tag = tag.into();
    if SCOPE
        .try_with(|s| s.borrow_mut().tags.push(tag.clone()))
        .is_err()
    {
        tracing::warn!(target: LOG, tag, "cache_tag() outside a #[cache] fn: ignored");
    }
}

/// Sets the life of the value of the cached function being computed, as
/// Next's `cacheLife` (it wins over the attribute's `life`):
///
/// ```
/// use route_runtime::cache::{cache, cache_life, CacheLife};
///
/// #[cache]
/// async fn price(sku: String) -> u64 {
///     cache_life(if sku.starts_with("flash-") { CacheLife::SECONDS } else { CacheLife::DAYS });
///     42
/// }
/// ```
///
/// Outside a `#[cache]` fn it does nothing but log a warning.
pub fn cache_life(life: CacheLife) {
    if SCOPE.try_with(|s| s.borrow_mut().set = Some(life)).is_err() {
        tracing::warn!(target: LOG, ?life, "cache_life() outside a #[cache] fn: ignored");
    }
}

impl Cache {
    /// Runs `fut` with this cache as the one `#[cache]` functions use
    /// (instead of the [`global`] one), including in the background
    /// refreshes they start. Tests use it to stay independent; two caches on
    /// one Redis stand for two instances.
    pub async fn scope<F: Future>(&self, fut: F) -> F::Output {
        CURRENT.scope(self.clone(), fut).await
    }
}

/// The cache in scope: [`Cache::scope`]'s, else the global one.
fn current() -> Cache {
    CURRENT
        .try_with(Cache::clone)
        .unwrap_or_else(|_| global().clone())
}

/// A `#[cache]` function: what the macro puts in a `static`.
#[doc(hidden)]
#[derive(Debug)]
pub struct CachedFn {
    /// `module::path::name#<hash of its tokens>`: a changed fn has a new id.
    pub id: &'static str,
    /// The attribute's `life`, if any.
    pub life: Option<CacheLife>,
    /// The attribute's `tags`.
    pub tags: &'static [&'static str],
}

/// How the return value maps to what is stored: all of it ([`Plain`]) or
/// only `Ok` values of a `Result` ([`Fallible`]; errors are returned and
/// never cached).
#[doc(hidden)]
pub trait Mode<R> {
    /// What is stored.
    type Stored;
    /// The value to store, if any.
    fn stored(r: &R) -> Option<&Self::Stored>;
    /// The return value from a stored value.
    fn wrap(v: Self::Stored) -> R;
}

/// Every return value is cached.
#[doc(hidden)]
#[derive(Debug)]
pub struct Plain;

impl<T> Mode<T> for Plain {
    type Stored = T;
    fn stored(r: &T) -> Option<&T> {
        Some(r)
    }
    fn wrap(v: T) -> T {
        v
    }
}

/// `Ok` values are cached, errors are not.
#[doc(hidden)]
#[derive(Debug)]
pub struct Fallible;

impl<T, E> Mode<Result<T, E>> for Fallible {
    type Stored = T;
    fn stored(r: &Result<T, E>) -> Option<&T> {
        r.as_ref().ok()
    }
    fn wrap(v: T) -> Result<T, E> {
        Ok(v)
    }
}

/// What a lookup found.
#[doc(hidden)]
#[derive(Debug)]
pub enum Lookup<R> {
    /// A fresh value.
    Hit(R),
    /// A stale value: return it and start the refresh.
    Stale(R, Refresh),
    /// Nothing to return: compute it with the ticket.
    Compute(Ticket),
}

/// The key of a call: `fn:<id>:<arguments as JSON>`, or `None` (with a
/// warning) when the arguments do not serialize (a map with non-string keys).
fn key(f: &CachedFn, args: &impl Serialize) -> Option<String> {
    match serde_json::to_string(args) {
        Ok(json) => Some(format!("fn:{}:{json}", f.id)),
        Err(err) => {
            tracing::warn!(target: LOG, function = f.id, error = %err,
                "cannot serialize the arguments: calling without the cache");
            None
        }
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    life: LifeMs,
    value: &'a T,
}

#[derive(Deserialize)]
struct EnvelopeIn<T> {
    life: LifeMs,
    value: T,
}

/// A life as stored with the value.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct LifeMs {
    stale: u64,
    revalidate: u64,
    expire: Option<u64>,
}

impl From<CacheLife> for LifeMs {
    fn from(l: CacheLife) -> Self {
        LifeMs {
            stale: u64::try_from(l.stale().as_millis()).unwrap_or(u64::MAX),
            revalidate: l.revalidate_ms(),
            expire: l.expire_ms(),
        }
    }
}

impl From<LifeMs> for CacheLife {
    fn from(l: LifeMs) -> Self {
        use std::time::Duration;
        let revalidate = Duration::from_millis(l.revalidate);
        let expire = l.expire.map(|e| Duration::from_millis(e.max(l.revalidate)));
        CacheLife::new(Duration::from_millis(l.stale), revalidate, expire)
    }
}

/// How a stored value is written and read: [`Json`] for a storable type,
/// [`Never`] (which `#[cache]`'s check has already refused) otherwise.
#[doc(hidden)]
pub trait ValueCodec<T>: Copy + Send + Sync + 'static {
    /// The stored body of `value` with its `life`.
    fn encode(&self, life: CacheLife, value: &T) -> Result<Vec<u8>, String>;
    /// The value and its life from a stored body.
    fn decode(&self, body: &[u8]) -> Result<(T, CacheLife), String>;
}

/// Values as JSON, with their life.
#[doc(hidden)]
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T> Clone for Json<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Json<T> {}
impl<T> std::fmt::Debug for Json<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Json")
    }
}

impl<T: Serialize + DeserializeOwned + 'static> ValueCodec<T> for Json<T> {
    fn encode(&self, life: CacheLife, value: &T) -> Result<Vec<u8>, String> {
        serde_json::to_vec(&EnvelopeOut {
            life: life.into(),
            value,
        })
        .map_err(|e| e.to_string())
    }
    fn decode(&self, body: &[u8]) -> Result<(T, CacheLife), String> {
        let e: EnvelopeIn<T> = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        Ok((e.value, e.life.into()))
    }
}

/// The codec of a type that cannot be stored: only in programs that do not
/// compile (the check spanned at the type is the one error shown).
#[doc(hidden)]
pub struct Never<T>(PhantomData<fn() -> T>);

impl<T> Clone for Never<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Never<T> {}
impl<T> std::fmt::Debug for Never<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Never")
    }
}

impl<T: 'static> ValueCodec<T> for Never<T> {
    fn encode(&self, _: CacheLife, _: &T) -> Result<Vec<u8>, String> {
        Err("not storable".to_owned())
    }
    fn decode(&self, _: &[u8]) -> Result<(T, CacheLife), String> {
        Err("not storable".to_owned())
    }
}

/// Autoref dispatch for what `#[cache]` generates: `(&&Value::<T>::new()).codec()`,
/// `(&&KeyOf(&args)).key(&f)`, `(&&Own(&arg)).own()`, `(&&OwnRef(arg)).own()`
/// pick the working impl for types that allow it and a fallback otherwise,
/// so that a type refused by a check is one error, at the type.
#[doc(hidden)]
pub mod dispatch {
    use std::borrow::Borrow;
    use std::marker::PhantomData;

    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::{CachedFn, Json, Never};

    /// The return (or `Ok`) type `T`, for its codec.
    #[derive(Debug)]
    pub struct Value<T>(PhantomData<fn() -> T>);

    impl<T> Value<T> {
        /// The type `T`.
        #[allow(clippy::new_without_default)]
        pub const fn new() -> Self {
            Value(PhantomData)
        }
    }

    /// A storable type's codec.
    pub trait ViaJson<T> {
        /// The JSON codec.
        fn codec(&self) -> Json<T>;
    }
    impl<T: Serialize + DeserializeOwned + Send + 'static> ViaJson<T> for &Value<T> {
        fn codec(&self) -> Json<T> {
            Json(PhantomData)
        }
    }
    /// The fallback codec.
    pub trait NotStorable<T> {
        /// The codec that never stores.
        fn codec(&self) -> Never<T> {
            Never(PhantomData)
        }
    }
    impl<T> NotStorable<T> for Value<T> {}

    /// The arguments, for the key.
    #[derive(Debug)]
    pub struct KeyOf<'a, T>(pub &'a T);

    /// The key of serializable arguments.
    pub trait ViaSerialize {
        /// The key of the call.
        fn key(&self, f: &CachedFn) -> Option<String>;
    }
    impl<T: Serialize> ViaSerialize for &KeyOf<'_, T> {
        fn key(&self, f: &CachedFn) -> Option<String> {
            super::key(f, self.0)
        }
    }
    /// The fallback: no key.
    pub trait NotSerializable {
        /// `None`.
        fn key(&self, f: &CachedFn) -> Option<String> {
            let _ = f;
            None
        }
    }
    impl<T> NotSerializable for KeyOf<'_, T> {}

    /// A by-value argument, to copy for a refresh.
    #[derive(Debug)]
    pub struct Own<'a, T>(pub &'a T);

    /// A copy, by `Clone`.
    pub trait ViaClone<T> {
        /// The copy.
        fn own(&self) -> T;
    }
    impl<T: Clone + Send + 'static> ViaClone<T> for &Own<'_, T> {
        fn own(&self) -> T {
            self.0.clone()
        }
    }
    /// The fallback (never in a program that compiles).
    pub trait NotClone<T> {
        /// Unreachable.
        fn own(&self) -> T {
            unreachable!("refused at compile time by `check_arg`")
        }
    }
    impl<T> NotClone<T> for Own<'_, T> {}

    /// A `&T` argument, to own for a refresh.
    #[derive(Debug)]
    pub struct OwnRef<'a, T: ?Sized>(pub &'a T);

    /// `T::Owned`, by `ToOwned`.
    pub trait ViaToOwned<T: ?Sized> {
        /// The owned form.
        type Owned: Borrow<T> + Send + 'static;
        /// It.
        fn own(&self) -> Self::Owned;
    }
    impl<T: ?Sized + ToOwned> ViaToOwned<T> for &OwnRef<'_, T>
    where
        T::Owned: Send + 'static,
    {
        type Owned = T::Owned;
        fn own(&self) -> T::Owned {
            self.0.to_owned()
        }
    }
    /// The fallback (never in a program that compiles).
    pub trait NotToOwned<T: ?Sized> {
        /// Unreachable.
        fn own(&self) -> Unowned<T> {
            unreachable!("refused at compile time by `check_ref_arg`")
        }
    }
    impl<T: ?Sized> NotToOwned<T> for OwnRef<'_, T> {}

    /// What the fallback "owns".
    #[derive(Debug)]
    pub struct Unowned<T: ?Sized>(PhantomData<fn() -> Box<T>>);

    impl<T: ?Sized> Borrow<T> for Unowned<T> {
        fn borrow(&self) -> &T {
            unreachable!("refused at compile time by `check_ref_arg`")
        }
    }
}

/// Hands a hit's tags and life to the cached function that called this one.
fn propagate(tags: &[String], life: CacheLife) {
    let _ = SCOPE.try_with(|outer| {
        let mut outer = outer.borrow_mut();
        outer.tags.extend(tags.iter().cloned());
        outer.nested = Some(outer.nested.map_or(life, |n| n.min(life)));
    });
}

/// Looks the call up; see the module docs.
#[doc(hidden)]
pub async fn lookup<R, M, C>(f: &'static CachedFn, key: Option<String>, codec: C) -> Lookup<R>
where
    M: Mode<R>,
    C: ValueCodec<M::Stored>,
{
    let cache = current();
    let Some(key) = key else {
        return Lookup::Compute(Ticket::uncached(f, cache));
    };
    let counters = &cache.inner.counters;
    loop {
        let now = cache.now_ms();
        match cache.inner.store.get(&key).await {
            Err(err) => {
                Counters::bump(&counters.store_errors);
                tracing::warn!(target: LOG, function = f.id, error = %err,
                    "cache store unavailable: calling the function");
                return Lookup::Compute(Ticket::uncached(f, cache));
            }
            Ok(Some(entry)) if !entry.is_expired(now) => match codec.decode(&entry.body) {
                Ok((value, life)) => {
                    propagate(&entry.tags, life);
                    let age = entry.age(now);
                    if age >= life.revalidate() || entry.is_marked_stale(now) {
                        Counters::bump(&counters.fn_stale);
                        tracing::debug!(target: LOG, function = f.id, ?age, "STALE: refreshing in the background");
                        let refresh = Refresh {
                            f,
                            cache: cache.clone(),
                            key,
                            stale_created_at: entry.created_at_ms,
                        };
                        return Lookup::Stale(M::wrap(value), refresh);
                    }
                    Counters::bump(&counters.fn_hits);
                    tracing::debug!(target: LOG, function = f.id, ?age, "HIT");
                    return Lookup::Hit(M::wrap(value));
                }
                Err(err) => {
                    tracing::warn!(target: LOG, function = f.id, error = %err,
                        "stored value does not deserialize: recomputing");
                }
            },
            Ok(_) => {}
        }
        Counters::bump(&counters.fn_misses);
        tracing::debug!(target: LOG, function = f.id, "MISS: calling");
        match cache.inner.flights.join(&key) {
            Role::Leader(leader) => {
                let lock = take_lock(&cache, &key).await;
                return Lookup::Compute(Ticket {
                    f,
                    cache,
                    key: Some(key),
                    leader: Some(leader),
                    lock,
                });
            }
            Role::Follower(rx) => match flight::wait(rx).await {
                Some(Outcome::Entry(entry)) => {
                    if let Ok((value, life)) = codec.decode(&entry.body) {
                        propagate(&entry.tags, life);
                        return Lookup::Hit(M::wrap(value));
                    }
                    return Lookup::Compute(Ticket::uncached(f, cache));
                }
                Some(Outcome::RenderYourself) => {
                    return Lookup::Compute(Ticket::uncached(f, cache));
                }
                None => continue, // the leader was cancelled: look again
            },
        }
    }
}

/// The duty to compute a missing value, store it and hand it to the callers
/// waiting for it.
#[doc(hidden)]
pub struct Ticket {
    f: &'static CachedFn,
    cache: Cache,
    /// `None`: do not store (the store failed, the arguments do not serialize).
    key: Option<String>,
    leader: Option<Leader>,
    lock: Option<LockToken>,
}

impl std::fmt::Debug for Ticket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ticket")
            .field("function", &self.f.id)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Ticket {
    fn uncached(f: &'static CachedFn, cache: Cache) -> Self {
        Ticket {
            f,
            cache,
            key: None,
            leader: None,
            lock: None,
        }
    }

    /// Runs the function's body, stores an [`Mode::stored`] value, returns
    /// the result.
    pub async fn run<R, M, C>(self, codec: C, fut: impl Future<Output = R>) -> R
    where
        M: Mode<R>,
        C: ValueCodec<M::Stored>,
    {
        let (r, scope) = scoped(fut).await;
        let life = scope.life(self.f.life);
        let tags = entry_tags(self.f, scope.tags);
        propagate(&tags, life);
        let entry = match (&self.key, M::stored(&r)) {
            (Some(_), Some(value)) => make_entry(&self.cache, self.f, codec, value, life, tags),
            _ => None,
        };
        if let (Some(key), Some(entry), Some(_)) = (&self.key, &entry, &self.lock) {
            store_entry(&self.cache, key, entry).await;
        }
        release_lock(&self.cache, self.lock).await;
        if let Some(leader) = self.leader {
            leader.finish(match entry {
                Some(entry) => Outcome::Entry(entry),
                None => Outcome::RenderYourself,
            });
        }
        r
    }
}

/// The right to refresh a stale value in the background.
#[doc(hidden)]
pub struct Refresh {
    f: &'static CachedFn,
    cache: Cache,
    key: String,
    stale_created_at: u64,
}

impl std::fmt::Debug for Refresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Refresh")
            .field("function", &self.f.id)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Refresh {
    /// Spawns `fut` (the body, on copies of the arguments) to replace the
    /// stale value, unless a refresh of this key already runs here or,
    /// through the store's lock, elsewhere.
    pub fn spawn<M, R, C, F>(self, codec: C, fut: F)
    where
        M: Mode<R>,
        C: ValueCodec<M::Stored>,
        F: Future<Output = R> + Send + 'static,
        R: Send + 'static,
    {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(target: LOG, function = self.f.id, "no tokio runtime: stale value not refreshed");
            return;
        };
        let Role::Leader(leader) = self.cache.inner.flights.join(&self.key) else {
            return; // already refreshing in this process
        };
        let Refresh {
            f,
            cache,
            key,
            stale_created_at,
        } = self;
        let scope_cache = cache.clone();
        let task = async move {
            let Some(lock) = take_lock(&cache, &key).await else {
                tracing::debug!(target: LOG, function = f.id, "refresh running elsewhere");
                return;
            };
            // Under the lock: another instance may have refreshed it since our read.
            if let Ok(Some(current)) = cache.inner.store.get(&key).await
                && current.created_at_ms > stale_created_at
            {
                release_lock(&cache, Some(lock)).await;
                leader.finish(Outcome::Entry(current));
                return;
            }
            Counters::bump(&cache.inner.counters.fn_refreshes);
            let run = AssertUnwindSafe(scoped(fut)).catch_unwind().await;
            let outcome = match run {
                Ok((r, scope)) => {
                    let life = scope.life(f.life);
                    let tags = entry_tags(f, scope.tags);
                    match M::stored(&r).and_then(|v| make_entry(&cache, f, codec, v, life, tags)) {
                        Some(entry) => {
                            store_entry(&cache, &key, &entry).await;
                            tracing::debug!(target: LOG, function = f.id, "refreshed");
                            Outcome::Entry(entry)
                        }
                        None => {
                            tracing::warn!(target: LOG, function = f.id,
                                "refresh returned an error: keeping the stale value");
                            Outcome::RenderYourself
                        }
                    }
                }
                Err(_) => {
                    tracing::error!(target: LOG, function = f.id,
                        "refresh panicked: keeping the stale value");
                    Outcome::RenderYourself
                }
            };
            release_lock(&cache, Some(lock)).await;
            leader.finish(outcome);
        };
        // Nested cached calls in the refresh use the same cache.
        runtime.spawn(CURRENT.scope(scope_cache, task));
    }
}

/// Runs `fut` in a fresh call scope; returns its output and what the body
/// set with `cache_tag` / `cache_life` (and its nested cached calls).
async fn scoped<F: Future>(fut: F) -> (F::Output, CallScope) {
    let cell = RefCell::new(CallScope::default());
    let (out, cell) = SCOPE
        .scope(cell, async move {
            let out = fut.await;
            let scope = SCOPE.with(|s| std::mem::take(&mut *s.borrow_mut()));
            (out, scope)
        })
        .await;
    (out, cell)
}

/// A cached route's render: `fut` with `cache` as the one cached functions
/// use; returns its output and the tags of the cached functions it called
/// (and of `cache_tag` calls in the handler), for the route's entry, so that
/// `revalidate_tag` reaches a route through the functions it calls, as in
/// Next.
pub(crate) async fn render_scope<F: Future>(cache: Cache, fut: F) -> (F::Output, Vec<String>) {
    let (out, scope) = CURRENT.scope(cache, scoped(fut)).await;
    (out, scope.tags)
}

fn entry_tags(f: &CachedFn, mut extra: Vec<String>) -> Vec<String> {
    extra.extend(f.tags.iter().map(|t| (*t).to_owned()));
    extra.sort();
    extra.dedup();
    extra
}

fn make_entry<T>(
    cache: &Cache,
    f: &CachedFn,
    codec: impl ValueCodec<T>,
    value: &T,
    life: CacheLife,
    tags: Vec<String>,
) -> Option<Arc<CacheEntry>> {
    let body = match codec.encode(life, value) {
        Ok(b) => b,
        Err(err) => {
            tracing::warn!(target: LOG, function = f.id, error = %err,
                "cannot serialize the value: not cached");
            return None;
        }
    };
    let now = cache.now_ms();
    Some(Arc::new(CacheEntry {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: Bytes::from(body),
        tags,
        route: format!("fn:{}", f.id),
        created_at_ms: now,
        stale_at_ms: None,
        expires_at_ms: life.expire_ms().map(|e| now.saturating_add(e)),
    }))
}

// ---- compile-time checks, spanned by `#[cache]` at the user's types ----

/// An argument of a `#[cache]` fn: part of the key, so serializable.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an argument of a `#[cache]` fn: it does not implement `serde::Serialize`",
    label = "not serializable",
    note = "the arguments, serialized as JSON, are the cache key: derive `serde::Serialize` for the type, or take a serializable id and load the rest inside the fn"
)]
pub trait CacheKey {}

#[diagnostic::do_not_recommend]
impl<T: Serialize + ?Sized> CacheKey for T {}

/// A by-value argument of a `#[cache]` fn: copied for a background refresh.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an argument of a `#[cache]` fn: it is not `Clone + Send + 'static`",
    label = "not `Clone + Send + 'static`",
    note = "a stale value is refreshed in the background, with a copy of the arguments: take a `Clone + Send` type by value, or `&T` where `T: ToOwned`"
)]
pub trait CacheArg {}

#[diagnostic::do_not_recommend]
impl<T: Clone + Send + 'static> CacheArg for T {}

/// The referent of a `&T` argument: owned (`T::Owned`) for a background refresh.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`&{Self}` cannot be an argument of a `#[cache]` fn: `{Self}` has no owned form that is `Send + 'static`",
    label = "no `Send + 'static` owned form",
    note = "a stale value is refreshed in the background, with a copy of the arguments: a `&T` argument needs `T: ToOwned` with a `Send + 'static` owned type (`&str` -> `String`)"
)]
pub trait CacheRefArg {}

#[diagnostic::do_not_recommend]
impl<T: ToOwned + ?Sized> CacheRefArg for T where T::Owned: Send + 'static {}

/// The value a `#[cache]` fn returns (or its `Ok` value): stored as JSON.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by a `#[cache]` fn: it must implement `serde::Serialize` and `serde::de::DeserializeOwned`, and be `Send + 'static`",
    label = "cannot be stored",
    note = "the value is stored as JSON (in memory or in Redis) and read back: derive `serde::Serialize` and `serde::Deserialize` for it",
    note = "a fn returning `Result<T, E>` caches only `Ok` values: `T` must be storable, `E` may be anything"
)]
pub trait CacheValue {}

#[diagnostic::do_not_recommend]
impl<T: Serialize + DeserializeOwned + Send + 'static> CacheValue for T {}

/// Checks an argument type is serializable.
#[doc(hidden)]
#[inline(always)]
pub fn check_key<T: CacheKey + ?Sized>() {}

/// Checks a by-value argument type can be copied into a refresh.
#[doc(hidden)]
#[inline(always)]
pub fn check_arg<T: CacheArg>() {}

/// Checks a `&T` argument's `T` can be owned by a refresh.
#[doc(hidden)]
#[inline(always)]
pub fn check_ref_arg<T: CacheRefArg + ?Sized>() {}

/// Checks a return (or `Ok`) type can be stored.
#[doc(hidden)]
#[inline(always)]
pub fn check_value<T: CacheValue>() {}
