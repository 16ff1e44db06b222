//! The Web ways: `NextResponse.redirect(new URL('/api/search', request.url))`
//! and `Response.redirect(url, 301)`.

use route_runtime::{route, Request, Response};

#[route]
pub async fn GET(request: Request) -> Response {
    if request.search_params().get("kind") == Some("next") {
        return match request.url().join("/api/search?query=from-next") {
            Ok(url) => Response::redirect(url, 307),
            Err(e) => Response::text(format!("cannot build the redirect URL: {e}")).status(400),
        };
    }
    Response::redirect("https://nextjs.org/docs", 301)
}
