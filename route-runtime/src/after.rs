//! [`after()`]: work that runs once the response has been sent, Next.js'
//! `after` from `next/server`.
//!
//! ```
//! use route_runtime::prelude::*;
//!
//! async fn handler() -> Result<Response, OutsideRequestScope> {
//!     after(async {
//!         // The client already has its answer; the request's headers and
//!         // cookies are still readable here.
//!         let agent = headers().ok().and_then(|h| h.get("user-agent"));
//!         tracing::info!(?agent, "logged after the response");
//!     })?;
//!     Ok(Response::json(&serde_json::json!({ "status": "success" })))
//! }
//! ```
//!
//! When the work runs: once the response's body has been handed to the
//! connection in full, or dropped (a `HEAD`, a client that went away, a
//! handler cancelled by its `MAX_DURATION`), whichever comes first; also
//! after an error response, a redirect, or a handler that panicked. The
//! trigger is the response body itself, so it works the same under
//! [`serve`](fn@crate::serve) and under plain `axum::serve`. Each piece of
//! work is its own tokio task: a panic there is logged (target
//! `route_runtime::after`) and never reaches a client; an `Err` it returns is
//! logged too.
//!
//! Shutting down: [`Server`](crate::Server) waits for pending work after the
//! last connection closed, at most [`Server::after_timeout`](crate::Server::after_timeout)
//! (30 s by default). With `axum::serve`, call [`drain`] after it returns.
//!
//! As in Next.js, `after` does not make a route dynamic: in a cached route
//! the work runs after each render (at startup, on regeneration), not on
//! each cache hit.

use std::fmt::Display;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use futures_util::FutureExt;
use http_body::{Frame, SizeHint};
use tokio::sync::Notify;

use crate::cookies::{OutsideRequestScope, Scope};

const LOG: &str = "route_runtime::after";

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A piece of work, counted in [`pending`] from the moment it is queued.
pub(crate) type Counted = (Task, Pending);

/// Schedules `work` to run after the response has been sent, Next.js'
/// `after(callback)`.
///
/// `work` is a future, so nothing of it runs before then. Inside it,
/// [`cookies()`](crate::cookies()) and [`headers()`](crate::headers()) read
/// the request (setting a cookie fails: the response is gone), and `after`
/// may be called again. Its output is `()` or a `Result` whose error is
/// logged.
///
/// Fails outside a request scope, like `cookies()` (a route file gets the
/// scope when it names `after`).
///
/// ```
/// use route_runtime::prelude::*;
///
/// async fn handler() -> Result<Response, OutsideRequestScope> {
///     after(async {
///         let session = cookies().ok().and_then(|c| c.get("session-id"));
///         let session = session.as_ref().map_or("anonymous", |c| c.value()).to_owned();
///         Ok::<(), std::io::Error>(log_user_action(&session).await?)
///     })?;
///     Ok(Response::text("done"))
/// }
/// async fn log_user_action(_session: &str) -> std::io::Result<()> { Ok(()) }
///
/// assert!(after(async {}).is_err()); // not inside a request
/// ```
pub fn after<F>(work: F) -> Result<(), OutsideRequestScope>
where
    F: Future + Send + 'static,
    F::Output: AfterOutput,
{
    let scope = crate::cookies::current_scope("after()")?;
    let task: Task = Box::pin(async move { work.await.report() });
    if scope.finished() {
        // Called from after-work (or once the response is out): run it now.
        launch(scope, vec![(task, Pending::new())]);
    } else {
        scope.after.push(task);
    }
    Ok(())
}

/// What the work given to [`after()`] may return: `()`, or a `Result` whose
/// error is logged at `error` level (target `route_runtime::after`).
pub trait AfterOutput: Send + 'static {
    /// Reports the outcome of one piece of work.
    fn report(self);
}

impl AfterOutput for () {
    fn report(self) {}
}

impl<E: Display + Send + 'static> AfterOutput for Result<(), E> {
    fn report(self) {
        if let Err(err) = self {
            tracing::error!(target: LOG, error = %err, "after() work failed");
        }
    }
}

/// How many pieces of [`after()`] work are running or waiting for their
/// response to be sent, in this process.
///
/// ```
/// assert_eq!(route_runtime::after::pending(), 0);
/// ```
pub fn pending() -> usize {
    TRACKER.count.load(Ordering::SeqCst)
}

/// Waits until no [`after()`] work is running in this process, at most
/// `timeout`; returns how many were still running when it ran out (0: all
/// finished). [`Server`](crate::Server) calls it on shutdown; with
/// `axum::serve`, call it once `serve` has returned:
///
/// ```no_run
/// # async fn run(app: axum::Router) -> std::io::Result<()> {
/// use std::time::Duration;
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// axum::serve(listener, app)
///     .with_graceful_shutdown(async { let _ = tokio::signal::ctrl_c().await; })
///     .await?;
/// let unfinished = route_runtime::after::drain(Duration::from_secs(30)).await;
/// if unfinished > 0 {
///     eprintln!("{unfinished} after() tasks did not finish");
/// }
/// # Ok(()) }
/// ```
///
/// Work still waiting for its response (a connection that never finishes
/// sending) counts as running.
pub async fn drain(timeout: Duration) -> usize {
    let all_done = async {
        loop {
            let notified = TRACKER.idle.notified();
            let mut notified = std::pin::pin!(notified);
            notified.as_mut().enable();
            if pending() == 0 {
                return;
            }
            notified.await;
        }
    };
    match tokio::time::timeout(timeout, all_done).await {
        Ok(()) => 0,
        Err(_) => pending(),
    }
}

/// The process's count of after-work not yet finished.
struct Tracker {
    count: AtomicUsize,
    idle: Notify,
}

static TRACKER: Tracker = Tracker {
    count: AtomicUsize::new(0),
    idle: Notify::const_new(),
};

/// One unit of the count, released when dropped (the work finished,
/// panicked, or was dropped with its runtime).
pub(crate) struct Pending;

impl Pending {
    fn new() -> Self {
        TRACKER.count.fetch_add(1, Ordering::SeqCst);
        Pending
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if TRACKER.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            TRACKER.idle.notify_waiters();
        }
    }
}

/// The work one request queued, waiting for its response.
#[derive(Default)]
pub(crate) struct Queue {
    tasks: Mutex<Vec<Counted>>,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.lock().len();
        f.debug_struct("Queue").field("tasks", &n).finish()
    }
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Counted>> {
        self.tasks.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, task: Task) {
        self.lock().push((task, Pending::new()));
    }

    /// Takes the queued work (nothing allocated when there is none).
    pub(crate) fn take(&self) -> Vec<Counted> {
        std::mem::take(&mut *self.lock())
    }
}

/// Runs each task on its own tokio task inside `scope`, counted until it
/// ends; a panic is logged.
pub(crate) fn launch(scope: Scope, tasks: Vec<Counted>) {
    for (task, pending) in tasks {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::error!(target: LOG, "after() work dropped: no tokio runtime to run it on");
            drop(pending);
            continue;
        };
        let scope = scope.clone();
        runtime.spawn(async move {
            let _pending = pending;
            let run = AssertUnwindSafe(task).catch_unwind();
            if let Err(panic) = crate::cookies::run_in(scope, run).await {
                let msg = panic
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("(no message)");
                tracing::error!(target: LOG, panic = msg, "after() work panicked");
            }
        });
    }
}

/// Wraps `response`'s body so that `tasks` run once it has been sent.
pub(crate) fn run_after_body(
    scope: Scope,
    tasks: Vec<Counted>,
    response: &mut axum::response::Response,
) {
    let body = std::mem::take(response.body_mut());
    *response.body_mut() = Body::new(AfterBody {
        inner: body,
        launch: Some(Launch {
            scope: Some(scope),
            tasks,
        }),
    });
}

/// Starts its tasks when dropped.
struct Launch {
    scope: Option<Scope>,
    tasks: Vec<Counted>,
}

impl Drop for Launch {
    fn drop(&mut self) {
        if let Some(scope) = self.scope.take() {
            launch(scope, std::mem::take(&mut self.tasks));
        }
    }
}

pin_project_lite::pin_project! {
    /// A response body that starts the request's after-work at its end (or
    /// when dropped before it).
    struct AfterBody {
        #[pin]
        inner: Body,
        launch: Option<Launch>,
    }
}

impl http_body::Body for AfterBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.project();
        let frame = this.inner.poll_frame(cx);
        if matches!(frame, Poll::Ready(None | Some(Err(_)))) {
            drop(this.launch.take());
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests;
