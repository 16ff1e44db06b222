//! Non-UI responses, from the Next.js route handler docs: an RSS feed, a
//! `robots.txt` and a `sitemap.xml`, all generated from the same data
//! ([`POSTS`]). Folder names with a dot (`rss.xml`) are ordinary URL
//! segments.
//!
//! | route file | URL | Content-Type |
//! | --- | --- | --- |
//! | `app/rss.xml/route.rs` | `/rss.xml` | `application/rss+xml; charset=utf-8` |
//! | `app/robots.txt/route.rs` | `/robots.txt` | `text/plain; charset=utf-8` |
//! | `app/sitemap.xml/route.rs` | `/sitemap.xml` | `application/xml; charset=utf-8` |
//!
//! Absolute URLs are built from the request's origin (`request.nextUrl.origin`),
//! so the same build serves any host.

use std::fmt;

use route_runtime::axum::Router;

/// The application: every `route.rs` under `src/app`.
pub fn app() -> Router {
    route_runtime::routes!("app")
}

/// A calendar date (UTC midnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// e.g. 2024
    pub year: u16,
    /// 1..=12
    pub month: u8,
    /// 1..=31
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, the sitemap's `<lastmod>` format (W3C datetime).
    ///
    /// ```
    /// let d = feeds::Date { year: 2024, month: 5, day: 1 };
    /// assert_eq!(d.iso(), "2024-05-01");
    /// ```
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 822 date, RSS's `<pubDate>` format.
    ///
    /// ```
    /// let d = feeds::Date { year: 2024, month: 5, day: 1 };
    /// assert_eq!(d.rfc822(), "Wed, 01 May 2024 00:00:00 GMT");
    /// ```
    pub fn rfc822(self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = usize::from(self.month.clamp(1, 12));
        format!(
            "{}, {:02} {} {:04} 00:00:00 GMT",
            DAYS[self.weekday()],
            self.day,
            MONTHS[month - 1],
            self.year
        )
    }

    /// 0 = Sunday (Sakamoto's method, Gregorian calendar).
    fn weekday(self) -> usize {
        const T: [usize; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let month = usize::from(self.month.clamp(1, 12));
        let mut y = usize::from(self.year);
        if month < 3 {
            y -= 1;
        }
        (y + y / 4 - y / 100 + y / 400 + T[month - 1] + usize::from(self.day)) % 7
    }
}

/// One blog post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Post {
    /// The URL segment: `/blog/<slug>`.
    pub slug: &'static str,
    /// The title (plain text; escaped when written into XML).
    pub title: &'static str,
    /// A one-line summary.
    pub summary: &'static str,
    /// When it was published.
    pub published: Date,
}

/// The site's posts, newest first.
pub const POSTS: &[Post] = &[
    Post {
        slug: "route-handlers",
        title: "Route handlers in Rust",
        summary: "route.rs files become an axum router.",
        published: Date {
            year: 2024,
            month: 5,
            day: 1,
        },
    },
    Post {
        slug: "streaming",
        title: "Streaming & server-sent events",
        summary: "Chunks, tokens and <p> tags, sent as they come.",
        published: Date {
            year: 2024,
            month: 3,
            day: 14,
        },
    },
    Post {
        slug: "hello-world",
        title: "Hello, World",
        summary: "The first post.",
        published: Date {
            year: 2023,
            month: 12,
            day: 25,
        },
    },
];

/// Static pages listed in the sitemap besides the posts.
pub const PAGES: &[&str] = &["/", "/blog", "/about"];

/// Text escaped for XML content and attribute values.
///
/// ```
/// assert_eq!(feeds::Xml("a < b & \"c\"").to_string(), "a &lt; b &amp; &quot;c&quot;");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Xml<'a>(pub &'a str);

impl fmt::Display for Xml<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                c => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}
