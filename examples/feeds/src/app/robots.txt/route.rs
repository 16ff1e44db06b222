//! `robots.txt`: crawl everything but the API, and say where the sitemap is.

use route_runtime::{route, Request, Response};

#[route]
pub async fn GET(request: Request) -> Response {
    let origin = request.next_url().origin();
    Response::new(format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {origin}/sitemap.xml\n"
    ))
    .header("content-type", "text/plain; charset=utf-8")
}
