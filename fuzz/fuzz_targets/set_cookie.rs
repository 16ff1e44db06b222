//! `SetCookie` name/value/attribute validation and its `Set-Cookie`
//! formatting: never panics, and a cookie that validates always formats to
//! a legal header value whose `name=value` pair reads back as the same name
//! and value (no attribute or header injection).
#![no_main]

use arbitrary::Arbitrary;
use http::HeaderValue;
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;
use route_runtime::__fuzz::set_cookie_header;
use route_runtime::cookies::{Priority, SameSite, SetCookie};
use time::OffsetDateTime;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    name: &'a str,
    value: &'a str,
    path: Option<&'a str>,
    domain: Option<&'a str>,
    max_age: Option<i64>,
    expires: Option<i64>,
    flags: u8,
}

fuzz_target!(|input: Input<'_>| {
    let mut c = SetCookie::new(input.name, input.value)
        .secure(input.flags & 1 != 0)
        .http_only(input.flags & 2 != 0)
        .partitioned(input.flags & 4 != 0);
    if let Some(p) = input.path {
        c = c.path(p);
    }
    if let Some(d) = input.domain {
        c = c.domain(d);
    }
    if let Some(m) = input.max_age {
        c = c.max_age(m);
    }
    if let Some(at) = input
        .expires
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
    {
        c = c.expires(at);
    }
    c = match input.flags >> 4 & 3 {
        0 => c,
        1 => c.same_site(SameSite::Lax),
        2 => c.same_site(SameSite::Strict),
        _ => c.same_site(SameSite::None),
    };
    if input.flags & 8 != 0 {
        c = c.priority(Priority::High);
    }
    if c.validate().is_err() {
        return;
    }
    let header = set_cookie_header(c);
    assert!(HeaderValue::from_str(&header).is_ok(), "{header:?}");
    let pair = header.split("; ").next().unwrap_or_default();
    let (name, value) = pair.split_once('=').expect("name=value");
    assert_eq!(name, input.name, "{header:?}");
    assert!(!value.contains([';', ' ', ',', '"', '\\']), "{header:?}");
    assert_eq!(
        percent_decode_str(value).decode_utf8().ok().as_deref(),
        Some(input.value)
    );
    // Attributes are exactly the ones set, never something smuggled in.
    let attrs = header.split("; ").skip(1).count();
    let want = 1 // Path, always
        + usize::from(input.max_age.is_some_and(|m| m != 0) || input.expires.is_some_and(|s| OffsetDateTime::from_unix_timestamp(s).is_ok()))
        + usize::from(input.max_age.is_some())
        + usize::from(input.domain.is_some_and(|d| !d.is_empty()))
        + (input.flags & 7).count_ones() as usize
        + usize::from(input.flags >> 4 & 3 != 0)
        + usize::from(input.flags & 8 != 0);
    let path_empty = input.path == Some("");
    assert_eq!(attrs + usize::from(path_empty), want, "{header:?}");
});
