//! Links built by a tree's `href!`: [`Href`], and [`HrefError`] for the
//! values no URL can carry.
//!
//! `routes!` gives each tree an `href!`, which checks the route and its
//! params against the folders at compile time and builds the URL at run
//! time. In the tree's route files it is in scope by name; in the rest of
//! the crate it is `app::href!` for `routes!(mod app)`:
//!
//! ```
//! use route_runtime::{Href, HrefError};
//!
//! // `src/app/users/[id]/route.rs` and the others (the `tests/fixtures/href` of this repository).
//! route_runtime::routes!(mod app = "../../tests/fixtures/href");
//!
//! # fn main() -> Result<(), HrefError> {
//! let user = app::href!("/users/[id]", id = 42)?;
//! assert_eq!(user, "/users/42");
//! let post = app::href!("/blog/[...slug]", slug = ["a", "b c"])?;
//! assert_eq!(post, "/blog/a/b%20c");
//! let docs = app::href!("/docs/[[...slug]]")?;
//! assert_eq!(docs, "/docs");
//! let search: Href = app::href!("/search", ?q = "x y", page = 2);
//! assert_eq!(search, "/search?q=x+y&page=2");
//! // `..` has no URL: a compile error as a literal, an error at run time.
//! let dots = String::from("..");
//! assert!(app::href!("/users/[id]", id = dots).is_err());
//! let _ = route_runtime::redirect(user);
//! # Ok(()) }
//! ```
//!
//! - The route is written as `RouteContext` names it, with or without its
//!   `(group)` folders; groups are not in the URL.
//! - `[id]` takes anything [`Display`]; `[...slug]` a list (anything
//!   `IntoIterator` of `Display` items) of at least one item; `[[...slug]]` a
//!   list or nothing. A param is named by its Rust field name (`user_id`,
//!   `r#type`) or by its folder name as a string (`"user-id" = 7`).
//! - `?key = value, ..` after the params appends query pairs, in the order
//!   written, form-encoded as `URLSearchParams` reads them (`x y` is `x+y`).
//! - Values are borrowed and evaluated once each, in the order written.
//!
//! A route the tree does not have (the message lists the routes, closest
//! first), a missing, unknown or repeated param, a list for `[id]`, a single
//! value for a catch-all, and a literal no segment can carry are compile
//! errors at the literal or the argument.
//!
//! Each value is written as one path segment, percent-encoded (everything
//! but ASCII letters, digits and `-._~!$&'()*+,;=:@`) so that the router
//! decodes it back to the same `ctx.params`. Three values have no URL: the
//! empty string, `.` and `..` (clients and the router resolve `.`, `..`,
//! `%2E` and `%2E%2E` as dot segments and drop empty segments; written as
//! they are, `/files/..` would be `/`, and an empty first segment would make
//! `//host`, another site). So a route with params gives
//! `Result<Href, HrefError>`, and a route without params, which cannot fail,
//! an [`Href`].
//!
//! `routes!(mod app, href_prefix = "/v1")` writes `/v1` before every URL,
//! for a router mounted with `Router::nest("/v1", app::router())`.
//! `routes!(mod app, href_export = app_href)` also exports the macro from
//! the crate as `app_href!` (for the app's integration tests, another crate).

use std::fmt::{self, Display, Write};
use std::ops::Deref;

use axum::response::{IntoResponse, Response};
use http::StatusCode;

/// A URL path (and query) built by a tree's `href!`: derefs to `&str`, and
/// goes wherever a URL goes (`redirect(href)`, `format!("{href}")`,
/// `String::from(href)`).
///
/// ```
/// # use route_runtime::href::Href;
/// fn takes_str(_: &str) {}
/// # let href: Href = route_runtime::__private::HrefBuilder::new("", 8).finish_static();
/// takes_str(&href);
/// let _ = route_runtime::redirect(&href);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Href(String);

impl Href {
    /// The URL as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl Deref for Href {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Href {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Href> for String {
    fn from(href: Href) -> String {
        href.0
    }
}

impl PartialEq<str> for Href {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Href {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A param value that no URL path segment can carry: the empty string, `.`
/// or `..` (as one value, or as an item of a catch-all), or an empty list for
/// a required catch-all (`[...slug]` needs at least one segment).
///
/// As a response (a handler returning `Result<_, HrefError>` and using `?`)
/// it is a `404 Not Found` saying which param: no URL reaches a resource
/// named by such a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HrefError {
    param: &'static str,
    problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Empty,
    Dot,
    DotDot,
    NoSegments,
}

impl HrefError {
    /// The name of the param, as in its folder (`id` for `[id]`).
    pub fn param(&self) -> &'static str {
        self.param
    }
}

impl Display for HrefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let param = self.param;
        match self.problem {
            Problem::Empty => write!(f, "`{param}` is empty: no URL path segment is empty"),
            Problem::Dot => write!(f, "`{param}` is `.`, a dot segment no URL can carry"),
            Problem::DotDot => write!(f, "`{param}` is `..`, a dot segment no URL can carry"),
            Problem::NoSegments => write!(f, "`{param}` needs at least one segment"),
        }
    }
}

impl std::error::Error for HrefError {}

impl IntoResponse for HrefError {
    fn into_response(self) -> Response {
        (StatusCode::NOT_FOUND, self.to_string()).into_response()
    }
}

/// Builds one URL: what the code `href!` generates calls. Not public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct HrefBuilder {
    out: String,
    error: Option<HrefError>,
    query: bool,
}

impl HrefBuilder {
    /// Starts at the tree's mount prefix (`""` or `/v1`).
    pub fn new(prefix: &'static str, capacity: usize) -> Self {
        let mut out = String::with_capacity(prefix.len() + capacity);
        out.push_str(prefix);
        HrefBuilder {
            out,
            error: None,
            query: false,
        }
    }

    /// A static part of the route, already encoded (`/users`).
    pub fn push_static(&mut self, encoded: &'static str) {
        self.out.push_str(encoded);
    }

    /// `[id]`: one segment.
    pub fn one<T: Display>(&mut self, param: &'static str, value: T) {
        self.segment(param, &value);
    }

    /// `[...slug]` (`required`) or `[[...slug]]`: the segments of a list.
    pub fn many<I>(&mut self, param: &'static str, values: I, required: bool)
    where
        I: IntoIterator,
        I::Item: Display,
    {
        let mut any = false;
        for value in values {
            any = true;
            self.segment(param, &value);
        }
        if required && !any {
            self.fail(param, Problem::NoSegments);
        }
    }

    /// `key=value` in the query string, form-encoded (`x y` is `x+y`).
    pub fn query<T: Display>(&mut self, key: &'static str, value: T) {
        if !self.query && self.out.is_empty() {
            self.out.push('/');
        }
        self.out.push(if self.query { '&' } else { '?' });
        self.query = true;
        self.out
            .extend(form_urlencoded::byte_serialize(key.as_bytes()));
        self.out.push('=');
        let _ = write!(Form(&mut self.out), "{value}");
    }

    /// The URL, or the first value no segment can carry.
    pub fn finish(mut self) -> Result<Href, HrefError> {
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(self.finish_static()),
        }
    }

    /// The URL of a route without params (which cannot fail).
    pub fn finish_static(self) -> Href {
        if self.out.is_empty() {
            return Href("/".to_string());
        }
        Href(self.out)
    }

    /// Writes `/value`, encoded as it is formatted (no copy of the text).
    fn segment<T: Display + ?Sized>(&mut self, param: &'static str, value: &T) {
        let mark = self.out.len();
        self.out.push('/');
        let mut seg = Segment {
            out: &mut self.out,
            len: 0,
            dots: true,
        };
        let _ = write!(seg, "{value}");
        let problem = match (seg.len, seg.dots) {
            (0, _) => Problem::Empty,
            (1, true) => Problem::Dot,
            (2, true) => Problem::DotDot,
            _ => return,
        };
        self.out.truncate(mark);
        self.fail(param, problem);
    }

    fn fail(&mut self, param: &'static str, problem: Problem) {
        if self.error.is_none() {
            self.error = Some(HrefError { param, problem });
        }
    }
}

/// Percent-encodes one path segment as it is written, and tells whether
/// it was all dots, and how long.
struct Segment<'a> {
    out: &'a mut String,
    len: usize,
    dots: bool,
}

impl Write for Segment<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.len += s.len();
        self.dots &= s.bytes().all(|b| b == b'.');
        // The one segment encoder, the router's own (`__to_path` uses it too).
        route_rules::uri::encode_segment(s, self.out);
        Ok(())
    }
}

/// Form-encodes (`application/x-www-form-urlencoded`) as it is written.
struct Form<'a>(&'a mut String);

impl Write for Form<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend(form_urlencoded::byte_serialize(s.as_bytes()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(f: impl FnOnce(&mut HrefBuilder)) -> Result<Href, HrefError> {
        let mut b = HrefBuilder::new("", 16);
        f(&mut b);
        b.finish()
    }

    #[test]
    fn segments_are_percent_encoded() {
        let href = build(|b| {
            b.push_static("/users");
            b.one("id", "a/b c%é");
        });
        assert_eq!(href.unwrap(), "/users/a%2Fb%20c%25%C3%A9");
        let href = build(|b| {
            b.push_static("/blog");
            b.many("slug", ["a", "b c"], true);
        });
        assert_eq!(href.unwrap(), "/blog/a/b%20c");
    }

    #[test]
    fn encodes_as_the_routers_static_segments_and_to_path_do() {
        let all: String = (1..=0x7f_u8).map(char::from).chain(['é', '€']).collect();
        let mut ours = String::new();
        let _ = write!(
            Segment {
                out: &mut ours,
                len: 0,
                dots: false
            },
            "{all}"
        );
        let mut theirs = String::new();
        crate::__private::encode_segment(&all, &mut theirs);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn values_without_a_segment_are_refused() {
        for (value, why) in [("", "empty"), (".", "`.`"), ("..", "`..`")] {
            let err = build(|b| b.one("id", value)).unwrap_err();
            assert_eq!(err.param(), "id");
            assert!(err.to_string().contains(why), "{err}");
        }
        let err = build(|b| b.many("slug", ["a", ".."], true)).unwrap_err();
        assert!(err.to_string().contains("`..`"));
        let err = build(|b| b.many("slug", Vec::<String>::new(), true)).unwrap_err();
        assert!(err.to_string().contains("at least one"));
        // An optional catch-all may be empty; `...` and `.a` are plain names.
        assert_eq!(
            build(|b| b.many("slug", ["...", ".a"], false)).unwrap(),
            "/.../.a"
        );
        assert_eq!(build(|b| b.many("slug", [""; 0], false)).unwrap(), "/");
    }

    /// `Display` impls that write their text in pieces.
    struct Pieces(&'static [&'static str]);

    impl Display for Pieces {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.iter().try_for_each(|p| f.write_str(p))
        }
    }

    #[test]
    fn values_written_in_pieces_are_checked_whole() {
        assert!(build(|b| b.one("id", Pieces(&[".", "."]))).is_err());
        assert!(build(|b| b.one("id", Pieces(&["", ""]))).is_err());
        let ok = build(|b| b.one("id", Pieces(&[".", ".", "."]))).unwrap();
        assert_eq!(ok, "/...");
        let ok = build(|b| b.one("id", Pieces(&["", "a/", "."]))).unwrap();
        assert_eq!(ok, "/a%2F.");
        // A refused value leaves nothing behind.
        let mut b = HrefBuilder::new("/v1", 0);
        b.one("id", "..");
        assert_eq!(b.out, "/v1");
    }

    #[test]
    fn query_is_form_encoded_and_prefix_comes_first() {
        let mut b = HrefBuilder::new("/v1", 16);
        b.push_static("/search");
        b.query("q", "x y&z=1");
        b.query("page", 2);
        assert_eq!(b.finish_static(), "/v1/search?q=x+y%26z%3D1&page=2");
        let mut b = HrefBuilder::new("", 0);
        b.query("q", "é");
        assert_eq!(b.finish_static(), "/?q=%C3%A9");
    }

    #[test]
    fn error_is_a_404_naming_the_param() {
        let err = build(|b| b.one("id", "")).unwrap_err();
        assert_eq!(err.into_response().status(), StatusCode::NOT_FOUND);
    }
}
