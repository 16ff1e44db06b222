//! The feeds through a real router, driven with `oneshot`.

use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use tower::ServiceExt;

async fn get(uri: &str) -> (StatusCode, String, String) {
    let req = Request::get(uri)
        .header(header::HOST, "blog.example")
        .body(Body::empty())
        .unwrap();
    let res = feeds::app().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

/// The text of every `<tag>..</tag>` in `xml`, in order.
fn all<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once(close.as_str()).map(|(inner, _)| inner))
        .collect()
}

#[tokio::test]
async fn rss_feed_lists_every_post() {
    let (status, content_type, xml) = get("/rss.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/rss+xml; charset=utf-8");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\">"));
    assert!(xml.trim_end().ends_with("</rss>"));
    assert_eq!(all(&xml, "item").len(), feeds::POSTS.len());
    assert_eq!(
        all(&xml, "title"),
        [
            "The Route Handlers Blog",
            "Route handlers in Rust",
            "Streaming &amp; server-sent events",
            "Hello, World",
        ]
    );
    assert_eq!(
        all(&xml, "guid"),
        [
            "http://blog.example/blog/route-handlers",
            "http://blog.example/blog/streaming",
            "http://blog.example/blog/hello-world",
        ]
    );
    assert_eq!(
        all(&xml, "pubDate"),
        [
            "Wed, 01 May 2024 00:00:00 GMT",
            "Thu, 14 Mar 2024 00:00:00 GMT",
            "Mon, 25 Dec 2023 00:00:00 GMT",
        ]
    );
    assert_eq!(
        all(&xml, "lastBuildDate"),
        ["Wed, 01 May 2024 00:00:00 GMT"]
    );
    assert!(xml.contains("Chunks, tokens and &lt;p&gt; tags"), "{xml}");
}

#[tokio::test]
async fn robots_txt_points_at_the_sitemap() {
    let (status, content_type, body) = get("/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert_eq!(
        body,
        "User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: http://blog.example/sitemap.xml\n"
    );
}

#[tokio::test]
async fn sitemap_lists_pages_and_posts() {
    let (status, content_type, xml) = get("/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/xml; charset=utf-8");
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    assert_eq!(
        all(&xml, "loc"),
        [
            "http://blog.example/",
            "http://blog.example/blog",
            "http://blog.example/about",
            "http://blog.example/blog/route-handlers",
            "http://blog.example/blog/streaming",
            "http://blog.example/blog/hello-world",
        ]
    );
    assert_eq!(
        all(&xml, "lastmod"),
        [
            "2024-05-01",
            "2024-05-01",
            "2024-05-01",
            "2024-05-01",
            "2024-03-14",
            "2023-12-25"
        ]
    );
}

#[tokio::test]
async fn dotted_folders_are_exact_segments() {
    for uri in ["/rss", "/rss.xml/x", "/sitemap", "/robots"] {
        let (status, _, _) = get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
}
