//! The plain answers the runtime gives for its own errors, shared by the
//! modules whose error types are also responses (`cookies`, `response`), so
//! that neither has to import the other for them.

use axum::response::IntoResponse;
use http::StatusCode;

/// The 500 for a server-side mistake: empty body, no content type (what
/// Next.js sends when a handler throws), the error logged.
pub(crate) fn internal_error(error: &dyn std::fmt::Display) -> axum::response::Response {
    tracing::error!(%error, "route handler error, answering 500");
    // Empty as text; `application/problem+json` for a client asking for JSON.
    crate::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}
