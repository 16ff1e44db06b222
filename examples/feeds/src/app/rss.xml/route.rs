//! Docs: a non-UI response (an RSS feed).
//!
//! ```js
//! export async function GET() {
//!   return new Response(`<?xml version="1.0" encoding="UTF-8" ?>
//! <rss version="2.0">
//! <channel>
//!   <title>Next.js Documentation</title>
//!   ...
//! </channel>
//! </rss>`, { headers: { 'Content-Type': 'text/xml' } })
//! }
//! ```
//!
//! Here the items come from the site's posts, and the feed is served as
//! `application/rss+xml`.

use std::fmt::Write;

use route_runtime::{route, Request, Response};

use crate::{Xml, POSTS};

#[route]
pub async fn GET(request: Request) -> Response {
    let origin = request.next_url().origin();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\">\n<channel>\n",
    );
    let _ = write!(
        xml,
        "  <title>The Route Handlers Blog</title>\n  <link>{origin}/blog</link>\n  <description>Notes on route handlers &amp; streaming</description>\n"
    );
    if let Some(newest) = POSTS.iter().map(|p| p.published).max() {
        let _ = writeln!(xml, "  <lastBuildDate>{}</lastBuildDate>", newest.rfc822());
    }
    for post in POSTS {
        let link = format!("{origin}/blog/{}", post.slug);
        let _ = write!(
            xml,
            "  <item>\n    <title>{}</title>\n    <link>{}</link>\n    <guid>{}</guid>\n    <description>{}</description>\n    <pubDate>{}</pubDate>\n  </item>\n",
            Xml(post.title),
            Xml(&link),
            Xml(&link),
            Xml(post.summary),
            post.published.rfc822(),
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    Response::new(xml).header("content-type", "application/rss+xml; charset=utf-8")
}
