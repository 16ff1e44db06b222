//! The docs' redirect example: 307 to an absolute URL.

use route_runtime::{redirect, route, Response};

#[route]
pub async fn GET() -> Response {
    redirect("https://nextjs.org/")
}
