//! (in progress: the response helper replaces this file)

/// Runs a handler's future in the request scope (placeholder until merged).
pub(crate) async fn scope<F>(_headers: http::HeaderMap, fut: F) -> axum::response::Response
where
    F: std::future::Future<Output = axum::response::Response>,
{
    fut.await
}
