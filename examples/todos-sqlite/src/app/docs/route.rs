//! `GET /docs`: the API's documentation page.

use route_runtime::axum::response::Html;
use route_runtime::route;

/// Every operation of the API, with its parameters and schemas: a plain
/// HTML page built from the OpenAPI document (no script, nothing loaded
/// from a CDN).
#[route]
pub async fn GET() -> Html<String> {
    Html(crate::openapi().html("/openapi.json"))
}
