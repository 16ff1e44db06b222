//! The one percent-decoder and the one segment encoder of the project: the
//! macro decodes folder names with them (`%5Fmeta`), the runtime request
//! paths, params and cookies, and encodes params into URLs. One definition,
//! so a folder, a request and a built URL cannot disagree on an escape.

use std::borrow::Cow;

/// Why [`decode`] refused its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hex digits (`%`, `%4`, `%zz`, `%+5`).
    Malformed,
    /// The decoded bytes are not UTF-8 (`%FF`).
    NotUtf8,
}

/// JavaScript's `decodeURIComponent`: every `%XX` becomes its byte, the result
/// must be UTF-8, and a `%` not followed by two hex digits is an error where
/// JS would throw. `+` stays `+`. Borrows when there is nothing to decode.
///
/// ```
/// use route_rules::uri::{decode, DecodeError};
///
/// assert_eq!(decode("a%20b+c").unwrap(), "a b+c");
/// assert_eq!(decode("%5Fmeta").unwrap(), "_meta");
/// assert_eq!(decode("%+5"), Err(DecodeError::Malformed));
/// assert_eq!(decode("%FF"), Err(DecodeError::NotUtf8));
/// ```
pub fn decode(s: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !s.contains('%') {
        return Ok(Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits, checked one by one: `u8::from_str_radix` alone
            // would take `+5` too.
            let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) else {
                return Err(DecodeError::Malformed);
            };
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| DecodeError::NotUtf8)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Appends `value` to `out` as one URL path segment: RFC 3986 `pchar`s stay as
/// they are, every other byte (`/`, `%`, `?`, `#`, space, non-ASCII) is
/// `%XX`. [`decode`] gives `value` back.
///
/// ```
/// let mut out = String::from("/blog/");
/// route_rules::uri::encode_segment("b c/d", &mut out);
/// assert_eq!(out, "/blog/b%20c%2Fd");
/// assert_eq!(route_rules::uri::decode("b%20c%2Fd").unwrap(), "b c/d");
/// ```
pub fn encode_segment(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_table() {
        for (input, want) in [
            ("", Ok("")),
            ("plain", Ok("plain")),
            ("%41%62", Ok("Ab")),
            ("%e2%82%ac", Ok("€")),
            ("a+b", Ok("a+b")),
            ("%", Err(DecodeError::Malformed)),
            ("%4", Err(DecodeError::Malformed)),
            ("%4g", Err(DecodeError::Malformed)),
            ("%+5", Err(DecodeError::Malformed)),
            ("%-5", Err(DecodeError::Malformed)),
            ("%c3", Err(DecodeError::NotUtf8)),
        ] {
            assert_eq!(decode(input).as_deref().map_err(|e| *e), want, "{input:?}");
        }
    }

    #[test]
    fn encode_then_decode_is_identity() {
        for s in [
            "",
            "a b",
            "%",
            "/",
            "..",
            "é€😀",
            "-._~!$&'()*+,;=:@",
            "?#[]",
        ] {
            let mut out = String::new();
            encode_segment(s, &mut out);
            assert!(!out.contains('/'), "{out}");
            assert_eq!(decode(&out).unwrap(), s);
        }
    }
}
