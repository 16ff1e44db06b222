//! The docs' non-UI response example, with an explicit Content-Type.

use route_runtime::{route, Response};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0">

<channel>
  <title>Next.js Documentation</title>
  <link>https://nextjs.org/docs</link>
  <description>The React Framework for the Web</description>
</channel>

</rss>"#;

#[route]
pub async fn GET() -> Response {
    Response::new(RSS).header("content-type", "text/xml")
}
