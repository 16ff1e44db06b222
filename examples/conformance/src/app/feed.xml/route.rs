//! The docs' JS variant of the RSS example: a string body without a
//! Content-Type, so it is served as `text/plain;charset=UTF-8`.

use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    Response::text(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"></rss>"#,
    )
}
