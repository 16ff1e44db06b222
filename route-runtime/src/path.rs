//! The request path as the router sees it: is it canonical, and if not, what
//! to do about it. Runs on every request, so the common case is one byte scan
//! with no allocation.

use std::borrow::Cow;

use route_rules::uri::DecodeError;

/// What to do with a request path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathCheck {
    /// Serve it as it is.
    Canonical,
    /// Trailing slash, empty segments or dot segments (`.`, `..`, `%2e%2e`):
    /// 308 to this path (query not included). Never served in place, so the
    /// layers around the router only ever see canonical paths.
    Redirect(String),
    /// Cannot be decoded: 400 with this reason.
    Invalid(&'static str),
}

/// Checks a request path (`/users/42`).
pub(crate) fn check(path: &str) -> PathCheck {
    if path == "/" {
        return PathCheck::Canonical;
    }
    let bytes = path.as_bytes();
    // Fast path: no `//`, no trailing `/`, no `%`, no `/.`.
    let mut prev = 0u8;
    let mut suspicious = false;
    for &b in bytes {
        if (b == b'/' && prev == b'/') || b == b'%' || (b == b'.' && prev == b'/') {
            suspicious = true;
            break;
        }
        prev = b;
    }
    if !suspicious && prev != b'/' {
        return PathCheck::Canonical;
    }
    slow_check(path)
}

fn slow_check(path: &str) -> PathCheck {
    let mut dots = false;
    let mut empty = false;
    let rest = path.strip_prefix('/').unwrap_or(path);
    for seg in rest.split('/') {
        if seg.is_empty() {
            empty = true;
        } else if is_dot(seg) {
            dots = true;
        } else if seg.contains('%')
            && let Err(reason) = decode(seg)
        {
            return PathCheck::Invalid(reason);
        }
    }
    if dots {
        PathCheck::Redirect(resolve(rest))
    } else if empty {
        PathCheck::Redirect(collapse(rest))
    } else {
        PathCheck::Canonical
    }
}

/// `.` or `..`, also percent-encoded (`%2e`, `.%2E`, ...), as URL parsers do.
/// Works on bytes: a segment may hold any UTF-8 (`/abéé`), and slicing a
/// `str` inside a character would panic.
fn is_dot(seg: &str) -> bool {
    let seg = seg.as_bytes();
    let enc = |s: &[u8]| s.eq_ignore_ascii_case(b"%2e");
    match seg.len() {
        1 => seg == b".",
        2 => seg == b"..",
        3 => enc(seg),
        4 => (seg[0] == b'.' && enc(&seg[1..])) || (seg[3] == b'.' && enc(&seg[..3])),
        6 => enc(&seg[..3]) && enc(&seg[3..]),
        _ => false,
    }
}

fn is_dot_dot(seg: &str) -> bool {
    is_dot(seg) && seg != "." && !seg.eq_ignore_ascii_case("%2e")
}

/// Resolves dot segments and drops empty ones; never climbs above `/`.
fn resolve(rest: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in rest.split('/') {
        if seg.is_empty() || (is_dot(seg) && !is_dot_dot(seg)) {
            continue;
        }
        if is_dot_dot(seg) {
            out.pop();
        } else {
            out.push(seg);
        }
    }
    join(&out)
}

/// Drops empty segments: `/users//42/` -> `/users/42`.
fn collapse(rest: &str) -> String {
    let out: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    join(&out)
}

fn join(segs: &[&str]) -> String {
    let mut s = String::with_capacity(segs.iter().map(|s| s.len() + 1).sum::<usize>().max(1));
    for seg in segs {
        s.push('/');
        s.push_str(seg);
    }
    if s.is_empty() {
        s.push('/');
    }
    s
}

/// Percent-decodes one path segment (`+` stays `+`).
pub(crate) fn decode(seg: &str) -> Result<Cow<'_, str>, &'static str> {
    route_rules::uri::decode(seg).map_err(|e| match e {
        DecodeError::Malformed => "malformed percent-encoding in the request path",
        DecodeError::NotUtf8 => "the request path is not UTF-8 once percent-decoded",
    })
}

/// The raw segments of a path: `/users/42` -> `users`, `42`; `/` -> nothing.
pub(crate) fn segments(path: &str) -> std::str::Split<'_, char> {
    let rest = path.strip_prefix('/').unwrap_or(path);
    let mut split = rest.split('/');
    if rest.is_empty() {
        split.next();
    }
    split
}

#[cfg(test)]
mod tests {
    use super::PathCheck::*;
    use super::*;

    #[test]
    fn canonical_paths_pass_untouched() {
        for p in [
            "/",
            "/users/42",
            "/rss.xml",
            "/a+b",
            "/users/a%2Fb",
            "/caf%C3%A9",
            "/.well-known/x",
            "/a/.b",
            "/a/..b",
            "/abéé",
            "/éé",
            "/a/é.",
            "/a/.é",
        ] {
            assert_eq!(check(p), Canonical, "{p}");
        }
    }

    #[test]
    fn slashes_redirect() {
        let cases = [
            ("/users/", "/users"),
            ("/users/42/", "/users/42"),
            ("/users//42", "/users/42"),
            ("//", "/"),
            ("/does-not-exist/", "/does-not-exist"),
            ("/abéé/", "/abéé"),
        ];
        for (p, to) in cases {
            assert_eq!(check(p), Redirect(to.into()), "{p}");
        }
    }

    #[test]
    fn dot_segments_redirect_and_never_climb_above_root() {
        let cases = [
            ("/blog/a/../b", "/blog/b"),
            ("/blog/a/%2e%2e/b", "/blog/b"),
            ("/blog/a/%2E%2e/b", "/blog/b"),
            ("/blog/a/.%2e/b", "/blog/b"),
            ("/users/%2e%2e", "/"),
            ("/../../etc/passwd", "/etc/passwd"),
            ("/a/./b/.", "/a/b"),
            ("/a/%2e/b", "/a/b"),
            ("/a//../b/", "/b"),
        ];
        for (p, to) in cases {
            assert_eq!(check(p), Redirect(to.into()), "{p}");
        }
    }

    #[test]
    fn undecodable_paths_are_invalid() {
        for p in [
            "/users/%ZZ",
            "/users/%",
            "/blog/%E0%A4%A",
            "/a/%C3",
            "/x/%2",
        ] {
            assert!(matches!(check(p), Invalid(_)), "{p}");
        }
    }

    #[test]
    fn decode_keeps_plus_and_decodes_escapes() {
        assert_eq!(decode("a+b").unwrap(), "a+b");
        assert_eq!(decode("a%2Fb").unwrap(), "a/b");
        assert_eq!(decode("caf%C3%A9").unwrap(), "café");
        assert_eq!(decode("hello%20world").unwrap(), "hello world");
    }

    #[test]
    fn segments_of_root_and_paths() {
        assert_eq!(segments("/").count(), 0);
        assert_eq!(segments("/a/b").collect::<Vec<_>>(), ["a", "b"]);
    }
}
