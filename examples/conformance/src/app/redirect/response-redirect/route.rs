//! `Response.redirect(url, status)` and `NextResponse.redirect(new URL(..))`.

use route_runtime::{route, Request, Response};

#[route]
pub async fn GET(req: Request) -> Response {
    if req.search_params().get("kind") == Some("next") {
        // `new URL('/api/hello', request.url)`: absolute, on the request's origin.
        return match req.url().join("/api/hello") {
            Ok(to) => Response::redirect(to, 307),
            Err(e) => Response::text(format!("cannot build the redirect URL: {e}")).status(400),
        };
    }
    Response::redirect("https://nextjs.org/docs", 301)
}
