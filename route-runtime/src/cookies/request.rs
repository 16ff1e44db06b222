//! The cookies a request was sent with (`request.cookies` in Next.js).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use cookie::Cookie;
use http::HeaderMap;
use http::header::COOKIE;
use serde::Serialize;

/// One cookie the client sent, as `request.cookies.get(name)` returns it.
///
/// Serializes to `{"name": .., "value": ..}` like Next.js' object.
///
/// ```
/// use route_runtime::cookies::RequestCookie;
/// let c = RequestCookie { name: "token".into(), value: "abc".into() };
/// assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"name":"token","value":"abc"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestCookie {
    /// The cookie's name, as sent.
    pub name: String,
    /// The cookie's value, percent-decoded (double quotes are kept).
    pub value: String,
}

/// The cookies of a request's `Cookie` header(s), in the order they were sent.
///
/// Parsed like Next.js (`@edge-runtime/cookies`): pairs are separated by `;`,
/// values are percent-decoded, surrounding double quotes are kept, a pair whose
/// value is not valid percent-encoded UTF-8 is skipped, and when a name is sent
/// twice the last value wins (at the first one's position).
///
/// ```
/// use route_runtime::cookies::RequestCookies;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("cookie", "token=hello%20world%3B; q=\"quoted\"".parse().unwrap());
/// let cookies = RequestCookies::from_headers(&headers);
/// assert_eq!(cookies.get("token").unwrap().value, "hello world;");
/// assert_eq!(cookies.get("q").unwrap().value, "\"quoted\"");
/// assert!(!cookies.has("missing"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestCookies {
    cookies: Vec<RequestCookie>,
}

impl RequestCookies {
    /// Parses every `Cookie` header of `headers` (several headers are read as
    /// if joined with `; `, as HTTP/2 clients send them).
    ///
    /// ```
    /// # use route_runtime::cookies::RequestCookies;
    /// let cookies = RequestCookies::from_headers(&http::HeaderMap::new());
    /// assert!(cookies.get_all().is_empty());
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> RequestCookies {
        let mut parser = Parser::default();
        for header in headers.get_all(COOKIE) {
            // A header that is not visible ASCII/UTF-8 cannot hold cookies
            // that JS would read either; skip it rather than guess.
            let Ok(header) = std::str::from_utf8(header.as_bytes()) else {
                continue;
            };
            parser.parse_header(header);
        }
        RequestCookies {
            cookies: parser.cookies,
        }
    }

    /// The cookie named `name`, if the request sent one.
    ///
    /// ```
    /// # use route_runtime::cookies::RequestCookies;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("cookie", "a=1; a=2".parse().unwrap());
    /// assert_eq!(RequestCookies::from_headers(&headers).get("a").unwrap().value, "2");
    /// ```
    pub fn get(&self, name: &str) -> Option<RequestCookie> {
        self.cookies.iter().find(|c| c.name == name).cloned()
    }

    /// Every cookie, in the order sent.
    ///
    /// ```
    /// # use route_runtime::cookies::RequestCookies;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("cookie", "token=abc; a=b".parse().unwrap());
    /// let names: Vec<_> = RequestCookies::from_headers(&headers)
    ///     .get_all().iter().map(|c| c.name.clone()).collect();
    /// assert_eq!(names, ["token", "a"]);
    /// ```
    pub fn get_all(&self) -> &[RequestCookie] {
        &self.cookies
    }

    /// Whether the request sent a cookie named `name`.
    ///
    /// ```
    /// # use route_runtime::cookies::RequestCookies;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("cookie", "c=1".parse().unwrap());
    /// assert!(RequestCookies::from_headers(&headers).has("c"));
    /// ```
    pub fn has(&self, name: &str) -> bool {
        self.cookies.iter().any(|c| c.name == name)
    }

    /// The number of distinct cookie names sent.
    ///
    /// ```
    /// # use route_runtime::cookies::RequestCookies;
    /// assert_eq!(RequestCookies::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.cookies.len()
    }

    /// Whether no cookie was sent.
    ///
    /// ```
    /// # use route_runtime::cookies::RequestCookies;
    /// assert!(RequestCookies::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.cookies.is_empty()
    }
}

/// Builds the list in one pass over the header(s). `first` maps each name to
/// its position in `cookies`, so a name sent again costs one lookup rather
/// than a scan of every cookie so far: a header of thousands of distinct
/// names is parsed in time linear in its length, like one that repeats a
/// name. (`HashMap`'s default SipHash is keyed per process, so names chosen
/// to collide cannot make the lookups slow either.)
#[derive(Default)]
struct Parser<'h> {
    cookies: Vec<RequestCookie>,
    first: HashMap<Cow<'h, str>, usize>,
}

impl<'h> Parser<'h> {
    fn parse_header(&mut self, header: &'h str) {
        for cookie in Cookie::split_parse(header) {
            let Ok(cookie) = cookie else { continue };
            let Some(value) = decode_uri_component(cookie.value()) else {
                continue;
            };
            // `name_raw` borrows the header, so the index costs no copy of
            // the name; it is always there for a parsed string.
            let name = match cookie.name_raw() {
                Some(raw) => Cow::Borrowed(raw),
                None => Cow::Owned(cookie.name().to_owned()),
            };
            self.insert(name, &value);
        }
    }

    /// The last value sent for a name wins, at the first one's position.
    fn insert(&mut self, name: Cow<'h, str>, value: &str) {
        match self.first.entry(name) {
            Entry::Occupied(seen) => {
                if let Some(existing) = self.cookies.get_mut(*seen.get()) {
                    value.clone_into(&mut existing.value);
                }
            }
            Entry::Vacant(new) => {
                self.cookies.push(RequestCookie {
                    name: new.key().to_string(),
                    value: value.to_owned(),
                });
                new.insert(self.cookies.len() - 1);
            }
        }
    }
}

/// `decodeURIComponent`: `None` where JS would throw (a `%` not followed by two
/// hex digits, or bytes that are not UTF-8).
pub(crate) fn decode_uri_component(s: &str) -> Option<Cow<'_, str>> {
    route_rules::uri::decode(s).ok()
}

impl IntoIterator for RequestCookies {
    type Item = RequestCookie;
    type IntoIter = std::vec::IntoIter<RequestCookie>;

    fn into_iter(self) -> Self::IntoIter {
        self.cookies.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(header: &str) -> Vec<(String, String)> {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, header.parse().unwrap());
        RequestCookies::from_headers(&headers)
            .into_iter()
            .map(|c| (c.name, c.value))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn golden_cases() {
        // cookies-read-present, cookies-request-api, cookies-read-encoded
        assert_eq!(
            parse("token=abc123; other=1"),
            pairs(&[("token", "abc123"), ("other", "1")])
        );
        assert_eq!(
            parse("token=abc; a=b"),
            pairs(&[("token", "abc"), ("a", "b")])
        );
        assert_eq!(
            parse("token=hello%20world%3B; q=\"quoted\""),
            pairs(&[("token", "hello world;"), ("q", "\"quoted\"")])
        );
    }

    #[test]
    fn edge_cases() {
        assert_eq!(parse("a=1;a=2; b=3"), pairs(&[("a", "2"), ("b", "3")]));
        assert_eq!(parse(";; a=1 ;"), pairs(&[("a", "1")]));
        // decodeURIComponent throws on these; Next.js drops the pair
        assert_eq!(parse("bad=%ZZ; ok=1"), pairs(&[("ok", "1")]));
        assert_eq!(parse("bad=50%; ok=1"), pairs(&[("ok", "1")]));
        assert_eq!(parse("bad=%E0%A4; ok=1"), pairs(&[("ok", "1")]));
        assert_eq!(
            parse("empty=; x=%C3%A9"),
            pairs(&[("empty", ""), ("x", "é")])
        );
    }

    /// Thousands of names, each sent twice: the order of first sight and the
    /// last value, exactly as a scan of the list would give them.
    #[test]
    fn many_names_keep_first_position_and_last_value() {
        let names: Vec<String> = (0..3000).map(|i| format!("n{i}")).collect();
        let first = names.iter().map(|n| format!("{n}=old")).collect::<Vec<_>>();
        let again = names.iter().rev().map(|n| format!("{n}=new-{n}"));
        let header = first
            .into_iter()
            .chain(again)
            .collect::<Vec<_>>()
            .join("; ");
        let expected: Vec<(String, String)> = names
            .iter()
            .map(|n| (n.clone(), format!("new-{n}")))
            .collect();
        assert_eq!(parse(&header), expected);
    }

    #[test]
    fn several_headers_and_none() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, "a=1".parse().unwrap());
        headers.append(COOKIE, "b=2; a=3".parse().unwrap());
        let c = RequestCookies::from_headers(&headers);
        assert_eq!(c.get_all().len(), 2);
        assert_eq!(c.get("a").unwrap().value, "3");
        assert!(RequestCookies::from_headers(&HeaderMap::new()).is_empty());
    }
}
