//! `sitemap.xml`: the static pages and every post, from the same data as the
//! feed.

use std::fmt::Write;

use route_runtime::{route, Request, Response};

use crate::{Xml, PAGES, POSTS};

#[route]
pub async fn GET(request: Request) -> Response {
    let origin = request.next_url().origin();
    let newest = POSTS.iter().map(|p| p.published).max();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in PAGES {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            Xml(&format!("{origin}{page}"))
        );
        if let Some(newest) = newest {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", newest.iso());
        }
        xml.push_str("  </url>\n");
    }
    for post in POSTS {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n    <lastmod>{}</lastmod>\n  </url>\n",
            Xml(&format!("{origin}/blog/{}", post.slug)),
            post.published.iso(),
        );
    }
    xml.push_str("</urlset>\n");
    Response::new(xml).header("content-type", "application/xml; charset=utf-8")
}
