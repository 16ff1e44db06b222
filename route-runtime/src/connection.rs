//! [`connection()`]: "what follows needs a real request", Next.js'
//! `connection` from `next/server` (the replacement of `unstable_noStore`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use crate::cache::Dynamic;
use crate::cookies::OutsideRequestScope;

/// Waits for a real request: the rest of the handler is excluded from
/// prerendering and caching, as Next.js' `await connection()`.
///
/// Use it when a handler reads no request data but must not be rendered
/// once and cached, because its answer depends on something else (the
/// time, a random number, a database read that must be fresh).
///
/// - In a handler that runs per request (every route that is not cached,
///   and every request in [draft mode](crate::draft)): returns `Ok(())` at once.
/// - While a cached route (`REVALIDATE`, `generate_static_params`) is
///   rendered for the cache: the render stops there and is thrown away, the
///   request is rendered again with the real request and not stored, and the
///   route is served that way from then on (Next.js turns such a route
///   dynamic at build time). At startup the prerender of that route is
///   skipped.
/// - Under `DYNAMIC = Dynamic::Error`: an error naming the route, the way
///   `cookies()` is (the prerender at startup fails with it).
/// - Under `DYNAMIC = Dynamic::ForceStatic`: `Ok(())`, no effect (Next's rule:
///   force-static wins).
/// - Outside a request scope: an error, like `cookies()` (a route file gets
///   the scope when it names `connection`).
///
/// ```
/// use route_runtime::prelude::*;
///
/// async fn handler() -> Result<Response, OutsideRequestScope> {
///     connection().await?;
///     // Everything below runs per request, never from the cache.
///     let now = std::time::SystemTime::now();
///     Ok(Response::text(format!("{now:?}")))
/// }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// assert!(connection().await.is_err()); // not inside a request
/// # });
/// ```
pub async fn connection() -> Result<(), OutsideRequestScope> {
    let scope = crate::cookies::current_scope("connection()")?;
    let Some(render) = scope.render() else {
        return Ok(());
    };
    match (render.dynamic, &render.bailout) {
        (Dynamic::Error, _) => Err(OutsideRequestScope::static_render(
            "connection()",
            render.route,
        )),
        (Dynamic::ForceStatic, _) | (_, None) => Ok(()),
        (_, Some(bailout)) => {
            bailout.fire();
            // The cache drops this render on the signal (Next's "hanging
            // promise" during prerendering).
            std::future::pending().await
        }
    }
}

/// The signal from a static render that it needs a real request: set by
/// [`connection()`] (and `draft_mode().enable()`), read by the cache, which
/// puts it in the render's request extensions.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bailout {
    inner: Arc<BailoutInner>,
}

#[derive(Debug, Default)]
struct BailoutInner {
    fired: AtomicBool,
    notify: Notify,
}

impl Bailout {
    pub(crate) fn fire(&self) {
        self.inner.fired.store(true, Ordering::SeqCst);
        self.inner.notify.notify_one();
    }

    pub(crate) fn fired(&self) -> bool {
        self.inner.fired.load(Ordering::SeqCst)
    }

    /// Completes once [`fire`](Self::fire) was called (before or after).
    pub(crate) async fn wait(&self) {
        self.inner.notify.notified().await;
    }
}

#[cfg(test)]
mod tests;
