//! `permanentRedirect('/api/search?query=moved')` (308).

use route_runtime::{permanent_redirect, route, Response};

#[route]
pub async fn GET() -> Response {
    permanent_redirect("/api/search?query=moved")
}
