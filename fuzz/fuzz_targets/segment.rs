//! The folder-name parser of `routes!` (`route-macros/src/model/segment.rs`,
//! std only, so included as source): never panics, and what it accepts
//! keeps the grammar's invariants.
#![no_main]

// The whole model, as the macro crate compiles it. Change this one line if
// the model moves to its own crate.
#[allow(dead_code, unused_imports, clippy::all)]
#[rustfmt::skip] // formatted with its own crate (edition 2021)
#[path = "../../route-macros/src/model/mod.rs"]
mod model;

use libfuzzer_sys::fuzz_target;
use model::segment::{Segment, parse};

fuzz_target!(|folder: &str| {
    match parse(folder) {
        Ok(Segment::Private) => assert!(folder.starts_with('_'), "{folder:?}"),
        Ok(Segment::Group(inner)) => {
            assert_eq!(format!("({inner})"), folder);
            assert!(!inner.is_empty() && !inner.starts_with('.'), "{folder:?}");
        }
        Ok(Segment::Dynamic(name) | Segment::CatchAll(name) | Segment::OptionalCatchAll(name)) => {
            assert!(!name.is_empty(), "{folder:?}");
            assert!(
                !name.contains(['.', '/', '[', ']', '{', '}']),
                "{folder:?} gave param {name:?}"
            );
            assert!(
                folder.starts_with('[') && folder.ends_with(']'),
                "{folder:?}"
            );
            let _ = model::ident::field_name(&name);
        }
        Ok(Segment::Static(s)) => {
            assert!(!folder.contains(['[', ']']), "{folder:?}");
            assert!(!folder.starts_with(['_', '@']), "{folder:?}");
            assert!(
                !(folder.starts_with('(') && folder.ends_with(')')),
                "{folder:?}"
            );
            if !folder.contains('%') {
                assert_eq!(s, folder);
            }
            // Every escape is `%` and two hex digits (`%+5` is not one).
            let b = folder.as_bytes();
            for (i, _) in folder.match_indices('%') {
                let hex = b.get(i + 1..i + 3);
                assert!(
                    hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
                    "{folder:?} accepted as {s:?}"
                );
            }
            assert!(s != "." && s != "..", "{folder:?}");
        }
        Err(msg) => assert!(msg.contains(&format!("`{folder}`")), "{folder:?}: {msg}"),
    }
});
