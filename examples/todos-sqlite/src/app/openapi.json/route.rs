//! `GET /openapi.json`: the OpenAPI 3.1 document of this API.

use route_runtime::openapi::OpenApi;
use route_runtime::route;

/// The OpenAPI 3.1 document of this API.
#[route]
pub async fn GET() -> OpenApi {
    crate::openapi().clone()
}
