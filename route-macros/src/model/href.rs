//! What `href!` needs from the model, in plain Rust: which routes are closest
//! to a name that is not one (for the message), and whether a mount prefix
//! is a URL path.

/// Edit distance (Levenshtein, by characters) between two route names.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The names, closest to `target` first (ties in name order).
pub fn closest<'a>(target: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .map(|n| (distance(target, n), n))
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().map(|(_, n)| n).collect()
}

/// A mount prefix (`/v1`, `/api/v2`) as `href!` writes it before every URL:
/// a path of non-empty segments that are not dot segments, written the way
/// a client sends it (what a path segment may hold, `%XX` escapes).
pub fn check_prefix(prefix: &str) -> Result<(), &'static str> {
    if prefix.is_empty() {
        return Ok(());
    }
    let Some(rest) = prefix.strip_prefix('/') else {
        return Err("it must start with `/`");
    };
    for seg in rest.split('/') {
        if seg.is_empty() {
            return Err("it may not end with `/` nor hold `//`");
        }
        let decoded = seg.replace("%2e", ".").replace("%2E", ".");
        if decoded == "." || decoded == ".." {
            return Err("it may not hold a dot segment (`.`, `..`)");
        }
        let bytes = seg.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                let ok = bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                if !ok {
                    return Err("a `%` must start an escape of two hex digits");
                }
                i += 3;
                continue;
            }
            if !(b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)) {
                return Err("write it percent-encoded, as a client sends it (`%20` for a space)");
            }
            i += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let cases = [
            ("", "", 0),
            ("abc", "", 3),
            ("", "abc", 3),
            ("/users/[id]", "/users/[id]", 0),
            ("/user/[id]", "/users/[id]", 1),
            ("/users/[uid]", "/users/[id]", 1),
            ("kitten", "sitting", 3),
            ("café", "cafe", 1),
        ];
        for (a, b, d) in cases {
            assert_eq!(distance(a, b), d, "{a} {b}");
            assert_eq!(distance(b, a), d, "{b} {a}");
        }
    }

    #[test]
    fn closest_first() {
        let names = ["/", "/blog/[...slug]", "/users", "/users/[id]"];
        assert_eq!(
            closest("/user/[id]", names),
            ["/users/[id]", "/users", "/", "/blog/[...slug]"]
        );
    }

    #[test]
    fn prefixes() {
        for ok in [
            "",
            "/v1",
            "/api/v2",
            "/a%20b",
            "/caf%C3%A9",
            "/.well-known",
            "/a.b",
        ] {
            assert_eq!(check_prefix(ok), Ok(()), "{ok}");
        }
        let bad = [
            ("v1", "start with"),
            ("/", "end with"),
            ("/v1/", "end with"),
            ("/a//b", "end with"),
            ("/a/../b", "dot segment"),
            ("/%2E", "dot segment"),
            ("/a b", "percent-encoded"),
            ("/a?b", "percent-encoded"),
            ("/a#b", "percent-encoded"),
            ("/é", "percent-encoded"),
            ("/%zz", "escape"),
            ("/%2", "escape"),
        ];
        for (prefix, why) in bad {
            let err = check_prefix(prefix).expect_err(prefix);
            assert!(err.contains(why), "{prefix}: {err}");
        }
    }
}
