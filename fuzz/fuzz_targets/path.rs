//! `path::check` (every request path goes through it) and `path::decode`
//! (every param): never panic; a 308 goes to a path that is itself
//! canonical; a decoded segment re-encodes to one that decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use route_runtime::__fuzz::{PathCheck, check, decode};

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    match check(&path) {
        PathCheck::Canonical => {
            // Every segment of a served path decodes (the params come from it).
            for seg in path[1..].split('/').filter(|s| !s.is_empty()) {
                assert!(
                    decode(seg).is_some(),
                    "canonical {path:?} has undecodable {seg:?}"
                );
            }
        }
        PathCheck::Redirect(to) => {
            assert!(to.starts_with('/'), "{path:?} -> {to:?}");
            assert_eq!(check(&to), PathCheck::Canonical, "{path:?} -> {to:?}");
        }
        PathCheck::Invalid => {}
    }
    for seg in path.split('/') {
        if let Some(decoded) = decode(seg) {
            let again = utf8_percent_encode(&decoded, NON_ALPHANUMERIC).to_string();
            assert_eq!(decode(&again).as_deref(), Some(decoded.as_str()), "{seg:?}");
        }
    }
});
