//! A request header's values as one string, the way Fetch's `Headers.get`
//! gives it: the single policy behind [`Request::header`](crate::Request::header)
//! and [`RequestHeaders::get`](crate::cookies::RequestHeaders::get).
//!
//! - Every value of the name, in the order received, joined with `", "`;
//!   `Cookie` lines are joined with `"; "` (RFC 9113 §8.2.3, and what undici's
//!   `Headers` and Node's `IncomingMessage` do), so the result is one valid
//!   `Cookie` header. `Set-Cookie` is joined with `", "` too, as Fetch's
//!   `get` does; its separate values are in the `HeaderMap`.
//! - Each byte is one character, U+0000 to U+00FF (latin1, as undici decodes
//!   header bytes): a value with bytes ≥ 0x80 (obs-text) is returned, never
//!   dropped, and nothing is replaced, so `s.chars().map(|c| c as u8)` gives
//!   the bytes back.
//! - `None` when the header is absent, or `name` is not a header name.

use http::header::COOKIE;
use http::{HeaderMap, HeaderName};

/// `headers.get(name)` of Fetch, as described in the [module docs](self).
pub(crate) fn fetch_get(headers: &HeaderMap, name: &str) -> Option<String> {
    let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
    let separator = if name == COOKIE { "; " } else { ", " };
    let mut values = headers.get_all(&name).iter();
    let mut out = latin1(values.next()?.as_bytes());
    for value in values {
        out.push_str(separator);
        push_latin1(&mut out, value.as_bytes());
    }
    Some(out)
}

/// The bytes of a header value as text, one character per byte (latin1).
pub(crate) fn latin1(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    push_latin1(&mut out, bytes);
    out
}

fn push_latin1(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().copied().map(char::from));
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn map(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            let name = HeaderName::from_bytes(name.as_bytes()).unwrap();
            map.append(name, HeaderValue::from_bytes(value).unwrap());
        }
        map
    }

    #[test]
    fn joins_like_fetch() {
        let headers = map(&[
            ("x-multi", b"a"),
            ("accept", b"text/html"),
            ("x-multi", b"b, c"),
            ("cookie", b"a=1"),
            ("cookie", b"b=2"),
            ("set-cookie", b"s=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT"),
            ("set-cookie", b"t=2"),
        ]);
        let cases = [
            ("x-multi", Some("a, b, c")),
            ("X-Multi", Some("a, b, c")),
            ("accept", Some("text/html")),
            ("cookie", Some("a=1; b=2")),
            (
                "set-cookie",
                Some("s=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT, t=2"),
            ),
            ("x-absent", None),
            ("not a name", None),
            ("", None),
        ];
        for (name, expected) in cases {
            assert_eq!(fetch_get(&headers, name).as_deref(), expected, "{name}");
        }
    }

    #[test]
    fn bytes_are_latin1() {
        let headers = map(&[
            ("x-utf8", "café".as_bytes()),
            ("x-latin1", b"caf\xe9"),
            ("x-high", b"\x80\xff"),
            ("x-tab", b"a\tb"),
        ]);
        let cases = [
            ("x-utf8", "cafÃ©"),
            ("x-latin1", "café"),
            ("x-high", "\u{80}\u{ff}"),
            ("x-tab", "a\tb"),
        ];
        for (name, expected) in cases {
            assert_eq!(
                fetch_get(&headers, name).as_deref(),
                Some(expected),
                "{name}"
            );
        }
        let round_trip: Vec<u8> = latin1("café".as_bytes()).chars().map(|c| c as u8).collect();
        assert_eq!(round_trip, "café".as_bytes());
    }

    #[test]
    fn empty_value_is_present() {
        let headers = map(&[("x-empty", b""), ("x-two", b""), ("x-two", b"")]);
        assert_eq!(fetch_get(&headers, "x-empty").as_deref(), Some(""));
        assert_eq!(fetch_get(&headers, "x-two").as_deref(), Some(", "));
    }
}
