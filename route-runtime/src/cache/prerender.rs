//! Rendering static routes before the server accepts requests.

use std::fmt;

use axum::Router;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Static paths that failed to render at startup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrerenderError {
    /// Each failing path, its status and the start of its body.
    pub failures: Vec<(String, StatusCode, String)>,
}

impl fmt::Display for PrerenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "prerendering failed for {} path(s):",
            self.failures.len()
        )?;
        for (path, status, body) in &self.failures {
            write!(f, "\n  `{path}`: {status}")?;
            if !body.is_empty() {
                write!(f, ": {body}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for PrerenderError {}

/// Marks the requests [`prerender`] sends: folder middleware and `proxy.rs`
/// let them by (as `next build` renders without middleware; at request time
/// the middleware runs around the cached answer).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prerendering;

/// Renders each of `paths` with a GET through `router`, so that the cached
/// routes among them are in the cache before the first real request (Next's
/// build-time prerendering). Every path is tried; those not answering 2xx are
/// reported together, with the start of their body (a [`Dynamic::Error`]
/// route reading request data fails here, at startup).
///
/// Returns the number of paths rendered.
///
/// ```
/// # async fn run() -> Result<(), route_runtime::cache::PrerenderError> {
/// use axum::{routing::get, Router};
/// let app: Router = Router::new().route("/about", get(|| async { "about" }));
/// route_runtime::cache::prerender(app.clone(), ["/about".to_owned()]).await?;
/// # Ok(()) }
/// ```
///
/// [`Dynamic::Error`]: super::Dynamic::Error
pub async fn prerender<I>(router: Router, paths: I) -> Result<usize, PrerenderError>
where
    I: IntoIterator<Item = String>,
{
    let mut failures = Vec::new();
    let mut done = 0;
    for path in paths {
        let req = match Request::builder()
            .method(Method::GET)
            .uri(&path)
            .extension(Prerendering)
            .body(Body::empty())
        {
            Ok(req) => req,
            Err(err) => {
                failures.push((
                    path,
                    StatusCode::BAD_REQUEST,
                    format!("invalid path: {err}"),
                ));
                continue;
            }
        };
        let res = match router.clone().oneshot(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        };
        let status = res.status();
        if status.is_success() {
            // Drain the body (a route that is not cached may stream).
            let _ = res.into_body().collect().await;
            tracing::debug!(target: "route_runtime::cache", path, "prerendered");
            done += 1;
        } else {
            let body = res
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            let text: String = String::from_utf8_lossy(&body).chars().take(200).collect();
            failures.push((path, status, text));
        }
    }
    if failures.is_empty() {
        Ok(done)
    } else {
        Err(PrerenderError { failures })
    }
}
