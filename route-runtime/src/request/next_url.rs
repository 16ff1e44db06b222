//! The request URL: [`NextUrl`] (Next's `request.nextUrl`) and [`SearchParams`].
//!
//! Everything here is computed lazily and at most once: a handler that only
//! reads `pathname()` never parses the query, and one that only reads one
//! query parameter never builds the absolute [`Url`].

use std::fmt;
use std::sync::OnceLock;

use http::HeaderValue;
use http::uri::{Authority, PathAndQuery};
use url::{Position, Url};

/// The request URL as Next.js' `request.nextUrl` exposes it.
///
/// Obtained with [`Request::next_url`](crate::request::Request::next_url).
/// `pathname()` is the path exactly as the client sent it (still
/// percent-encoded), `search()` and `search_params()` follow the WHATWG
/// `URLSearchParams` rules, and `href()`/`origin()`/`url()` give the absolute
/// URL, built from the `Host` header (or `localhost`).
///
/// ```
/// use route_runtime::request::NextUrl;
///
/// let url = NextUrl::new("/search?query=a+b&a=1;b=2".parse().unwrap(), Some("example.com"));
/// assert_eq!(url.pathname(), "/search");
/// assert_eq!(url.search(), "?query=a+b&a=1%3Bb%3D2");
/// assert_eq!(url.search_params().get("query"), Some("a b"));
/// assert_eq!(url.href(), "http://example.com/search?query=a+b&a=1;b=2");
/// assert_eq!(url.origin(), "http://example.com");
/// ```
pub struct NextUrl {
    path_and_query: PathAndQuery,
    host: Option<HostSource>,
    search_params: OnceLock<SearchParams>,
    search: OnceLock<String>,
    url: OnceLock<Url>,
}

/// Where the host comes from; kept unparsed until the absolute URL is needed.
#[derive(Clone, Debug)]
pub(crate) enum HostSource {
    Header(HeaderValue),
    Authority(Authority),
}

impl NextUrl {
    /// Builds the URL of a request for `path_and_query` (as sent on the
    /// request line) and an optional host (`Host` header value, `host[:port]`).
    ///
    /// A host that is not a plain `host[:port]` (it has user info, a path,
    /// spaces...) is ignored and `localhost` is used instead.
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/a%20b?x=1".parse().unwrap(), None);
    /// assert_eq!(url.href(), "http://localhost/a%20b?x=1");
    /// assert_eq!(url.pathname(), "/a%20b");
    /// ```
    pub fn new(path_and_query: PathAndQuery, host: Option<&str>) -> Self {
        let host = host
            .and_then(|h| HeaderValue::from_str(h).ok())
            .map(HostSource::Header);
        Self::from_source(path_and_query, host)
    }

    pub(crate) fn from_source(path_and_query: PathAndQuery, host: Option<HostSource>) -> Self {
        NextUrl {
            path_and_query,
            host,
            search_params: OnceLock::new(),
            search: OnceLock::new(),
            url: OnceLock::new(),
        }
    }

    /// The path as the client sent it, still percent-encoded
    /// (`/blog/a%2Fb/c%20d`), with dot segments resolved the way a WHATWG URL
    /// does (`/blog/a/../b` and `/blog/a/%2e%2e/b` give `/blog/b`). Next's
    /// `nextUrl.pathname`.
    ///
    /// Costs nothing for an ordinary path; only a path that a URL parser
    /// would change (dot segments, `\`, characters it percent-encodes) builds
    /// the absolute [`url`](NextUrl::url).
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let pathname = |pq: &str| NextUrl::new(pq.parse().unwrap(), None).pathname().to_owned();
    /// assert_eq!(pathname("/blog/a%2Fb/c%20d"), "/blog/a%2Fb/c%20d");
    /// assert_eq!(pathname("/blog/a/%2e%2e/b?x=1"), "/blog/b");
    /// ```
    pub fn pathname(&self) -> &str {
        let raw = self.path_and_query.path();
        if is_normalized_path(raw) {
            raw
        } else {
            self.url().path()
        }
    }

    /// The raw query string as sent, without the `?` (`None` when the request
    /// line has no `?`).
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/s?a=1;b=2".parse().unwrap(), None);
    /// assert_eq!(url.raw_query(), Some("a=1;b=2"));
    /// ```
    pub fn raw_query(&self) -> Option<&str> {
        self.path_and_query.query()
    }

    /// The query re-serialized the way `URLSearchParams` does, with a leading
    /// `?`, or `""` when there are no parameters. Next's `nextUrl.search`.
    ///
    /// Spaces become `+`, everything but `A-Za-z0-9*-._` is percent-encoded,
    /// a key without `=` gets one, empty pairs vanish.
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let search = |pq: &str| NextUrl::new(pq.parse().unwrap(), None).search().to_owned();
    /// assert_eq!(search("/s?query=hello%20world%26more"), "?query=hello+world%26more");
    /// assert_eq!(search("/s?query=&a&=v"), "?query=&a=&=v");
    /// assert_eq!(search("/s?"), "");
    /// ```
    pub fn search(&self) -> &str {
        self.search.get_or_init(|| {
            let params = self.search_params();
            if params.is_empty() {
                return String::new();
            }
            form_urlencoded::Serializer::for_suffix(String::from("?"), 1)
                .extend_pairs(&params.pairs)
                .finish()
        })
    }

    /// The parsed query parameters. Next's `nextUrl.searchParams`.
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/s?a=1&a=2".parse().unwrap(), None);
    /// assert_eq!(url.search_params().get_all("a"), ["1", "2"]);
    /// ```
    pub fn search_params(&self) -> &SearchParams {
        self.search_params
            .get_or_init(|| SearchParams::parse(self.raw_query().unwrap_or("")))
    }

    /// The absolute URL, `http://<host>/<path>?<query>`, where the host is the
    /// request's `Host` header (or the URI authority under HTTP/2), and
    /// `localhost` when there is none or it is not a valid `host[:port]`.
    ///
    /// Like any WHATWG URL, its path has dot segments resolved. The scheme is
    /// always `http`: the server itself speaks plain HTTP, and forwarding
    /// headers (`X-Forwarded-*`) are not trusted.
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/api/hello".parse().unwrap(), Some("127.0.0.1:3000"));
    /// assert_eq!(url.url().join("/other").unwrap().as_str(), "http://127.0.0.1:3000/other");
    /// ```
    pub fn url(&self) -> &Url {
        self.url
            .get_or_init(|| build_url(self.host.as_ref(), &self.path_and_query))
    }

    /// The absolute URL as a string (`request.url` in Next).
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/x?y=1".parse().unwrap(), Some("example.com:8080"));
    /// assert_eq!(url.href(), "http://example.com:8080/x?y=1");
    /// ```
    pub fn href(&self) -> &str {
        self.url().as_str()
    }

    /// The origin, `http://<host>[:<port>]`.
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/x".parse().unwrap(), Some("example.com:8080"));
    /// assert_eq!(url.origin(), "http://example.com:8080");
    /// ```
    pub fn origin(&self) -> &str {
        &self.url()[..Position::BeforePath]
    }

    /// The host and port, `host[:port]` (`nextUrl.host`).
    ///
    /// ```
    /// use route_runtime::request::NextUrl;
    ///
    /// let url = NextUrl::new("/x".parse().unwrap(), None);
    /// assert_eq!(url.host(), "localhost");
    /// ```
    pub fn host(&self) -> &str {
        &self.url()[Position::BeforeHost..Position::AfterPort]
    }
}

impl fmt::Debug for NextUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NextUrl")
            .field("path_and_query", &self.path_and_query)
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for NextUrl {
    /// Writes [`href`](NextUrl::href).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.href())
    }
}

impl Clone for NextUrl {
    fn clone(&self) -> Self {
        NextUrl::from_source(self.path_and_query.clone(), self.host.clone())
    }
}

/// The authority to put in the absolute URL: a plain `host[:port]` or nothing.
fn valid_authority(host: Option<&HostSource>) -> Option<Authority> {
    let authority = match host? {
        HostSource::Header(value) => value.to_str().ok()?.parse::<Authority>().ok()?,
        HostSource::Authority(authority) => authority.clone(),
    };
    // `user@host` parses as an authority but is no Host header anyone should trust.
    (!authority.as_str().contains('@') && !authority.host().is_empty()).then_some(authority)
}

/// Whether the WHATWG URL parser would leave this path unchanged: it starts
/// with `/`, has no dot segment (`.`, `..`, `%2e`...) and only characters
/// outside the path percent-encode set (and no `\`, a separator in `http:` URLs).
fn is_normalized_path(path: &str) -> bool {
    path.starts_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b))
        && !path.split('/').any(is_dot_segment)
}

fn is_dot_segment(segment: &str) -> bool {
    matches!(segment, "." | "..")
        || (segment.contains('%')
            && matches!(
                segment.to_ascii_lowercase().as_str(),
                "%2e" | ".%2e" | "%2e." | "%2e%2e"
            ))
}

fn build_url(host: Option<&HostSource>, path_and_query: &PathAndQuery) -> Url {
    let pq = path_and_query.as_str();
    // `OPTIONS *` and other non-path request targets: no path to keep.
    let pq = if pq.starts_with('/') { pq } else { "/" };
    if let Some(authority) = valid_authority(host)
        && let Ok(url) = Url::parse(&format!("http://{authority}{pq}"))
        && url.host_str().is_some()
    {
        return url;
    }
    Url::parse(&format!("http://localhost{pq}")).unwrap_or_else(|_| localhost_root())
}

fn localhost_root() -> Url {
    // A constant that always parses; this is a bug if it ever panics.
    Url::parse("http://localhost/").expect("`http://localhost/` is a valid URL")
}

/// Query parameters, parsed like WHATWG `URLSearchParams`: pairs split on
/// `&`, key and value on the first `=`, `+` is a space, percent escapes are
/// decoded (a malformed one such as `%ZZ` is kept literally), and invalid
/// UTF-8 becomes U+FFFD. Order and repeats are kept.
///
/// [`Display`](fmt::Display) serializes them back as `URLSearchParams.toString()`
/// does (without a leading `?`).
///
/// ```
/// use route_runtime::request::SearchParams;
///
/// let params = SearchParams::parse("a=1&query=hello%20world&a=2&b");
/// assert_eq!(params.get("a"), Some("1"));
/// assert_eq!(params.get_all("a"), ["1", "2"]);
/// assert_eq!(params.get("query"), Some("hello world"));
/// assert!(params.has("b"));
/// assert_eq!(params.get("missing"), None);
/// assert_eq!(params.to_string(), "a=1&query=hello+world&a=2&b=");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchParams {
    pairs: Vec<(String, String)>,
}

impl SearchParams {
    /// Parses a query string (without the leading `?`; one is tolerated).
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert_eq!(SearchParams::parse("?a=%ZZ").get("a"), Some("%ZZ"));
    /// ```
    pub fn parse(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        SearchParams {
            pairs: form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        }
    }

    /// The first value for `name`, or `None`.
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert_eq!(SearchParams::parse("a=1&a=2").get("a"), Some("1"));
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value for `name`, in order (empty when there is none).
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert_eq!(SearchParams::parse("a=1&b=x&a=2").get_all("a"), ["1", "2"]);
    /// assert!(SearchParams::parse("").get_all("a").is_empty());
    /// ```
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether `name` is present (even with an empty value).
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert!(SearchParams::parse("flag").has("flag"));
    /// ```
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// All `(name, value)` pairs in order, repeats included.
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// let params = SearchParams::parse("a=1&=v");
    /// let pairs: Vec<_> = params.iter().collect();
    /// assert_eq!(pairs, [("a", "1"), ("", "v")]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The parameter names in order, repeats included.
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert_eq!(SearchParams::parse("a=1&b=2&a=3").keys().collect::<Vec<_>>(), ["a", "b", "a"]);
    /// ```
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// The number of pairs (URLSearchParams' `size`).
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert_eq!(SearchParams::parse("a=1&&a=2").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// assert!(SearchParams::parse("&&").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl fmt::Display for SearchParams {
    /// Serializes as `application/x-www-form-urlencoded`, like
    /// `URLSearchParams.toString()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let serialized = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.pairs)
            .finish();
        f.write_str(&serialized)
    }
}

impl<'a> IntoIterator for &'a SearchParams {
    type Item = (&'a str, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a str, &'a str),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for SearchParams {
    /// Builds parameters from decoded pairs.
    ///
    /// ```
    /// use route_runtime::request::SearchParams;
    ///
    /// let params: SearchParams = [("q", "a b")].into_iter().collect();
    /// assert_eq!(params.to_string(), "q=a+b");
    /// ```
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        SearchParams {
            pairs: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(pq: &str) -> NextUrl {
        NextUrl::new(pq.parse().unwrap(), None)
    }

    /// The conformance cases of `/search` (golden/nextjs.json) and the brief's examples.
    #[test]
    fn search_is_reserialized_like_url_search_params() {
        let cases = [
            ("/search?query=hello", "?query=hello"),
            ("/search", ""),
            ("/search?", ""),
            ("/search?a=1&a=2&query=x", "?a=1&a=2&query=x"),
            (
                "/search?query=hello%20world%26more&a=%E2%9C%93",
                "?query=hello+world%26more&a=%E2%9C%93",
            ),
            ("/search?query=a+b&a=c%2Bd", "?query=a+b&a=c%2Bd"),
            ("/search?query=&a&=v", "?query=&a=&=v"),
            ("/search?a=1;b=2", "?a=1%3Bb%3D2"),
            ("/search?a=%ZZ", "?a=%25ZZ"),
            ("/search?a=%e2%9c%93", "?a=%E2%9C%93"),
            ("/search?&&a=1&&", "?a=1"),
            ("/search?a=*-._~!", "?a=*-._%7E%21"),
        ];
        for (pq, expected) in cases {
            assert_eq!(url(pq).search(), expected, "search of {pq}");
        }
    }

    #[test]
    fn search_params_decode_like_url_search_params() {
        let u = url("/search?query=hello%20world%26more&a=%E2%9C%93");
        let entries: Vec<_> = u.search_params().iter().collect();
        assert_eq!(entries, [("query", "hello world&more"), ("a", "✓")]);

        let u = url("/search?query=a+b&a=c%2Bd");
        assert_eq!(u.search_params().get("query"), Some("a b"));
        assert_eq!(u.search_params().get("a"), Some("c+d"));

        let u = url("/search?query=&a&=v");
        let entries: Vec<_> = u.search_params().iter().collect();
        assert_eq!(entries, [("query", ""), ("a", ""), ("", "v")]);

        let u = url("/search?a=1;b=2");
        assert_eq!(u.search_params().get_all("a"), ["1;b=2"]);
        assert!(!u.search_params().has("b"));

        let u = url("/search?a=%ZZ");
        assert_eq!(u.search_params().get("a"), Some("%ZZ"));

        let u = url("/search?a=1&a=2&query=x");
        let sp = u.search_params();
        assert_eq!(sp.get("a"), Some("1"));
        assert_eq!(sp.get_all("a"), ["1", "2"]);
        assert_eq!(sp.get("missing"), None);
        assert!(sp.get_all("missing").is_empty());
        assert_eq!(sp.len(), 3);

        // Invalid UTF-8 after decoding becomes U+FFFD, like the WHATWG parser.
        assert_eq!(url("/s?a=%FF").search_params().get("a"), Some("\u{FFFD}"));
        assert!(url("/s").search_params().is_empty());
    }

    #[test]
    fn pathname_stays_encoded() {
        assert_eq!(url("/blog/a%2Fb/c%20d").pathname(), "/blog/a%2Fb/c%20d");
        assert_eq!(url("/users/a+b?x=1").pathname(), "/users/a+b");
        assert_eq!(url("/caf%C3%A9").pathname(), "/caf%C3%A9");
        assert_eq!(
            url("/blog/%E2%9C%93/caf%C3%A9").pathname(),
            "/blog/%E2%9C%93/caf%C3%A9"
        );
        assert_eq!(url("/users//42").pathname(), "/users//42");
        assert_eq!(url("/").pathname(), "/");
    }

    /// `blog-dot-segments` and `encoded-dot-dot-in-catch-all` in golden/nextjs.json.
    #[test]
    fn pathname_resolves_dot_segments_like_a_url() {
        let cases = [
            ("/blog/a/../b", "/blog/b"),
            ("/blog/a/%2e%2e/b", "/blog/b"),
            ("/blog/a/%2E./b", "/blog/b"),
            ("/blog/./a/.%2e", "/blog/"),
            ("/users/%2e%2e", "/"),
            ("/a/..", "/"),
            ("/../a", "/a"),
            ("/a\\b", "/a/b"),
            ("/a\"b", "/a%22b"),
            ("/a{b}", "/a%7Bb%7D"),
            ("/a.b/..c/%2e%2ex", "/a.b/..c/%2e%2ex"),
        ];
        for (pq, expected) in cases {
            assert_eq!(url(pq).pathname(), expected, "pathname of {pq}");
        }
        assert!(is_normalized_path("/a.b/..c/%2e%2ex"));
        assert!(!is_normalized_path("/a/%2E"));
    }

    #[test]
    fn absolute_url_uses_a_valid_host_or_localhost() {
        let with = |host: Option<&str>| NextUrl::new("/p?q=1".parse().unwrap(), host);
        assert_eq!(with(Some("example.com")).href(), "http://example.com/p?q=1");
        assert_eq!(
            with(Some("127.0.0.1:3100")).origin(),
            "http://127.0.0.1:3100"
        );
        assert_eq!(with(Some("[::1]:8080")).host(), "[::1]:8080");
        assert_eq!(
            with(Some("EXAMPLE.com:80")).href(),
            "http://example.com/p?q=1"
        );
        for bad in ["evil.com/x?", "user@evil.com", "", "a b", "evil.com#frag"] {
            assert_eq!(
                with(Some(bad)).href(),
                "http://localhost/p?q=1",
                "host {bad:?}"
            );
        }
        assert_eq!(with(None).origin(), "http://localhost");
        let authority = NextUrl::from_source(
            "/x".parse().unwrap(),
            Some(HostSource::Authority("h2.example:8443".parse().unwrap())),
        );
        assert_eq!(authority.href(), "http://h2.example:8443/x");
        // `OPTIONS *` has no path.
        assert_eq!(url("*").href(), "http://localhost/");
    }

    #[test]
    fn url_can_be_joined_like_new_url_relative_to_request_url() {
        let u = NextUrl::new("/redirect/x".parse().unwrap(), Some("localhost:3100"));
        let target = u.url().join("/api/hello").unwrap();
        assert_eq!(target.as_str(), "http://localhost:3100/api/hello");
    }

    #[test]
    fn search_params_collect_and_display() {
        let params: SearchParams = [("a b", "c&d"), ("", "=")].into_iter().collect();
        assert_eq!(params.to_string(), "a+b=c%26d&=%3D");
        assert_eq!(SearchParams::parse(&params.to_string()), params);
    }
}
