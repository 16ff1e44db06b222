//! The query side of `NextUrl`: `SearchParams::parse` and its
//! `URLSearchParams` serialiser (`to_string`, `NextUrl::search`). Never
//! panics, and serialising then parsing gives the same pairs back, both for
//! a parsed query and for arbitrary pairs.
#![no_main]

use arbitrary::Arbitrary;
use http::uri::PathAndQuery;
use libfuzzer_sys::fuzz_target;
use route_runtime::request::{NextUrl, SearchParams};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    query: &'a [u8],
    pairs: Vec<(&'a str, &'a str)>,
    host: Option<&'a str>,
}

fuzz_target!(|input: Input<'_>| {
    let query = String::from_utf8_lossy(input.query);
    let parsed = SearchParams::parse(&query);
    let again = SearchParams::parse(&parsed.to_string());
    assert_eq!(parsed, again, "{query:?}");

    let built: SearchParams = input.pairs.iter().copied().collect();
    let serialized = built.to_string();
    assert_eq!(SearchParams::parse(&serialized), built, "{serialized:?}");
    let got: Vec<(&str, &str)> = built.iter().collect();
    assert_eq!(got, input.pairs);

    // The same bytes as a request target, when `http` accepts them.
    let mut target = b"/p?".to_vec();
    target.extend_from_slice(input.query);
    if let Ok(pq) = PathAndQuery::try_from(target.as_slice()) {
        let url = NextUrl::new(pq, input.host);
        let search = url.search().to_owned();
        assert!(search.is_empty() || search.starts_with('?'), "{search:?}");
        assert_eq!(
            &SearchParams::parse(&search),
            url.search_params(),
            "{search:?}"
        );
        let _ = (url.href(), url.origin(), url.host(), url.pathname());
    }
});
