//! The cache chosen by the environment: [`Cache::from_env`].

use super::{Cache, MemoryStore, StoreError};

/// The environment variable that selects the shared Redis cache.
pub const REDIS_URL_ENV: &str = "REDIS_URL";

impl Cache {
    /// The cache the environment asks for: a `cache::RedisStore`
    /// at `$REDIS_URL` when it is set and not empty (feature `redis`), so that
    /// every instance started with the same URL shares one cache; otherwise
    /// an in-memory [`MemoryStore`] of the default size.
    ///
    /// An invalid URL is an error, and so is `REDIS_URL` in a build without
    /// the `redis` feature (rather than a silently unshared cache). Nothing
    /// is connected yet: an unreachable Redis means routes are rendered
    /// dynamically, with a warning, until it is back.
    ///
    /// One line in `main`, before serving ([`set_global_from_env`] does the same):
    ///
    /// ```
    /// use route_runtime::cache::{self, Cache};
    ///
    /// # // SAFETY of the test: single-threaded doctest.
    /// # unsafe { std::env::remove_var("REDIS_URL") };
    /// let cache = Cache::from_env()?;
    /// assert!(format!("{cache:?}").contains("MemoryStore"));
    /// let _ = cache::set_global(cache);
    /// # Ok::<(), route_runtime::cache::StoreError>(())
    /// ```
    pub fn from_env() -> Result<Cache, StoreError> {
        match std::env::var(REDIS_URL_ENV) {
            Ok(url) if !url.trim().is_empty() => redis_cache(url.trim()),
            _ => Ok(Cache::new(MemoryStore::default())),
        }
    }
}

#[cfg(feature = "redis")]
fn redis_cache(url: &str) -> Result<Cache, StoreError> {
    let store = super::RedisStore::open(url)?;
    tracing::info!(target: "route_runtime::cache", store = ?store, "cache shared through Redis ({REDIS_URL_ENV})");
    Ok(Cache::new(store))
}

#[cfg(not(feature = "redis"))]
fn redis_cache(_url: &str) -> Result<Cache, StoreError> {
    Err(StoreError::new(format!(
        "{REDIS_URL_ENV} is set, but route-runtime was built without its `redis` feature: \
         add `features = [\"redis\"]` to its dependency line, or unset {REDIS_URL_ENV}"
    )))
}

/// Installs [`Cache::from_env`] as the process-wide cache that routes use:
/// the one line `main` needs to share the cache between instances when
/// `REDIS_URL` is set.
///
/// ```no_run
/// # async fn run(app: route_runtime::Router) -> std::io::Result<()> {
/// route_runtime::cache::set_global_from_env()?;
/// route_runtime::serve(app).await
/// # }
/// ```
///
/// An error when the environment's cache cannot be made (see
/// [`Cache::from_env`]) or a cache is already installed or in use.
pub fn set_global_from_env() -> Result<(), StoreError> {
    super::set_global(Cache::from_env()?).map_err(|_| {
        StoreError::new(
            "the global cache is already set or in use: call `set_global_from_env` before serving",
        )
    })
}

impl From<StoreError> for std::io::Error {
    /// So that `?` works in a `main` returning `std::io::Result`.
    fn from(e: StoreError) -> Self {
        std::io::Error::other(e)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redis_url_without_the_feature_is_an_error() {
        // Only this test touches REDIS_URL in the unit tests.
        #[cfg(not(feature = "redis"))]
        {
            let err = super::redis_cache("redis://127.0.0.1:1/").unwrap_err();
            assert!(err.to_string().contains("`redis` feature"), "{err}");
        }
        #[cfg(feature = "redis")]
        {
            let cache = super::redis_cache("redis://127.0.0.1:1/").unwrap();
            assert!(format!("{cache:?}").contains("RedisStore"));
            assert!(super::redis_cache("nope://").is_err());
        }
    }
}
