//! `RequestCookies::from_headers`, the `Cookie` header parser every
//! `req.cookies()` / `cookies()` runs: never panics, and what it returns is
//! consistent (`get` finds every name `get_all` lists, names are unique).
//! The input is split on `0xFF` into several `Cookie` headers.
#![no_main]

use http::{HeaderMap, HeaderValue, header::COOKIE};
use libfuzzer_sys::fuzz_target;
use route_runtime::cookies::RequestCookies;

fuzz_target!(|data: &[u8]| {
    let mut headers = HeaderMap::new();
    for part in data.split(|&b| b == 0xFF) {
        if let Ok(value) = HeaderValue::from_bytes(part) {
            headers.append(COOKIE, value);
        }
    }
    let cookies = RequestCookies::from_headers(&headers);
    let all = cookies.get_all();
    assert_eq!(all.len(), cookies.len());
    assert_eq!(cookies.is_empty(), all.is_empty());
    let mut names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    for c in all {
        assert!(cookies.has(&c.name), "{:?}", c.name);
        assert_eq!(cookies.get(&c.name).map(|g| g.value), Some(c.value.clone()));
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "duplicate names in {all:?}");
});
