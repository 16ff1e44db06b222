use route_runtime::prelude::*;

/// Before routing, every request: old URLs redirected, a legacy path
/// rewritten (served by the route of its new path, through that route's
/// middleware), and a header on every answer, 404s included.
#[middleware]
pub async fn proxy(
    mut req: route_runtime::axum::extract::Request,
    next: Next,
) -> impl IntoResponse {
    let path = req.uri().path();
    if path == "/old-public" {
        return permanent_redirect("/public").into_response();
    }
    if path == "/v0/items" {
        *req.uri_mut() = route_runtime::axum::http::Uri::from_static("/api/items");
    }
    let mut res = next.run(req).await;
    res.headers_mut().insert(
        "x-served-by",
        route_runtime::axum::http::HeaderValue::from_static("route-runtime"),
    );
    res
}
