use route_runtime::prelude::*;

/// Under no folder middleware: no token, no CORS headers.
#[route]
pub async fn GET() -> &'static str {
    "public"
}
