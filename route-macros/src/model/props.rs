//! Property tests of the model against references written from the README's
//! folder grammar and its list of tree errors, not from the code: the
//! folder parser and the tree checks never panic, and accept exactly what
//! the README documents.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::segment::{self, Segment};
use super::tree::{self, RouteFile};

const CASES: u32 = 2000;

/// The README's grammar, one rule per row of its table, read in this order:
/// `_x` private; `(x)` a group (`(.)` intercepting routes and `@x` slots are
/// refused); `[x]`, `[...x]`, `[[...x]]` params whose name is non-empty and
/// free of `.`, `/`, `[`, `]`, `{`, `}`; any other bracket is malformed;
/// anything else is static, percent-escapes decoded (a bad one is refused,
/// and so is a name that decodes to `.` or `..`, which no path can reach).
fn reference(folder: &str) -> Result<Segment, ()> {
    let chars: Vec<char> = folder.chars().collect();
    let first = chars.first().copied();
    let last = chars.last().copied();
    if first == Some('_') {
        return Ok(Segment::Private);
    }
    if first == Some('(') && chars.get(1) == Some(&'.') {
        return Err(());
    }
    if first == Some('(') && last == Some(')') && chars.len() >= 2 {
        let inner: String = chars[1..chars.len() - 1].iter().collect();
        return if inner.is_empty() {
            Err(())
        } else {
            Ok(Segment::Group(inner))
        };
    }
    if first == Some('@') {
        return Err(());
    }
    let good_name = |n: &[char]| {
        !n.is_empty()
            && !n
                .iter()
                .any(|c| matches!(c, '.' | '/' | '[' | ']' | '{' | '}'))
    };
    let n = chars.len();
    if n >= 7 && chars[..5] == ['[', '[', '.', '.', '.'] && chars[n - 2..] == [']', ']'] {
        let name = &chars[5..n - 2];
        return if good_name(name) {
            Ok(Segment::OptionalCatchAll(name.iter().collect()))
        } else {
            Err(())
        };
    }
    if n >= 5 && chars[..4] == ['[', '.', '.', '.'] && last == Some(']') {
        let name = &chars[4..n - 1];
        return if good_name(name) {
            Ok(Segment::CatchAll(name.iter().collect()))
        } else {
            Err(())
        };
    }
    if n >= 3 && first == Some('[') && last == Some(']') {
        let name = &chars[1..n - 1];
        return if good_name(name) {
            Ok(Segment::Dynamic(name.iter().collect()))
        } else {
            Err(())
        };
    }
    if chars.iter().any(|&c| c == '[' || c == ']') {
        return Err(());
    }
    // A name that decodes to a dot segment is refused: `/%2e` is resolved
    // before routing (README: "dot segments are resolved before routing").
    match reference_decode(folder) {
        Some(s) if s != "." && s != ".." => Ok(Segment::Static(s)),
        _ => Err(()),
    }
}

/// `%XX` escapes, two hex digits each, decoding to UTF-8.
fn reference_decode(s: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut rest = s.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            out.push(b);
            rest = tail;
        }
    }
    String::from_utf8(out).ok()
}

/// Folder names made of the grammar's own characters, so that most cases
/// are near a rule's edge, plus a few others and raw UTF-8.
fn folder() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "[", "]", "[[", "]]", "...", ".", "..", "(", ")", "_", "@", "%", "%5F", "%5f", "%C3%A9",
        "%C3", "%2F", "%ZZ", "%2", "id", "slug", "a", "x-y", "type", "/", "{", "}", "é", " ", "+",
        "5F",
    ]);
    prop_oneof![
        4 => prop::collection::vec(piece, 0..7).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

proptest! {
    // Cheap (microseconds a case), and where the edge cases are: more cases.
    #![proptest_config(ProptestConfig::with_cases(5 * CASES))]

    #[test]
    fn folder_parser_accepts_exactly_the_documented_grammar(folder in folder()) {
        let got = segment::parse(&folder);
        match (&got, reference(&folder)) {
            (Ok(seg), Ok(want)) => prop_assert_eq!(seg, &want, "{:?}", folder),
            (Err(msg), Err(())) => {
                prop_assert!(msg.contains(&format!("`{folder}`")), "{:?}: {}", folder, msg);
            }
            (got, want) => prop_assert!(false, "{:?}: parser {:?}, grammar {:?}", folder, got, want),
        }
    }
}

// ---- the tree ----

/// Folders for trees: every kind of segment, two names for each param kind,
/// a static name spelt two ways (`a`, `%61`), malformed ones.
fn tree_folder() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a",
        "%61",
        "b",
        "[id]",
        "[slug]",
        "[a-b]",
        "[a_b]",
        "[...rest]",
        "[...all]",
        "[[...opt]]",
        "[[...all]]",
        "(g)",
        "(h)",
        "_p",
        "[[x]]",
        "[x",
    ])
}

fn tree_files() -> impl Strategy<Value = Vec<Vec<&'static str>>> {
    prop::collection::btree_set(prop::collection::vec(tree_folder(), 0..4), 1..6)
        .prop_map(|set| set.into_iter().collect())
}

/// One URL segment, as the README's rules see it.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Static(String),
    One(String),
    Rest(String),
    Optional(String),
}

impl Kind {
    /// What two routes share when they are at the same position: the
    /// static name, or just the kind of param.
    fn shape(&self) -> String {
        match self {
            Kind::Static(s) => format!("s:{s}"),
            Kind::One(_) => "[]".into(),
            Kind::Rest(_) => "[...]".into(),
            Kind::Optional(_) => "[[...]]".into(),
        }
    }
}

/// The README's list, checked pairwise over URL segments: a catch-all that
/// is not last; two names at the same position; a slug repeated in one path
/// (or two that make one field); `[...x]` beside `[[...x]]`; `x` beside
/// `x/[[...y]]`; two files reaching one URL through groups. What is below a
/// private folder is not looked at (a malformed folder above one is still
/// an error). `true` when the tree is accepted.
fn reference_tree(files: &[Vec<&str>]) -> bool {
    let mut routes: Vec<Vec<Kind>> = Vec::new();
    'file: for dirs in files {
        let mut url = Vec::new();
        for d in dirs {
            match reference(d) {
                Err(()) => return false,
                Ok(Segment::Private) => continue 'file,
                Ok(Segment::Group(_)) => {}
                Ok(Segment::Static(s)) => url.push(Kind::Static(s)),
                Ok(Segment::Dynamic(n)) => url.push(Kind::One(n)),
                Ok(Segment::CatchAll(n)) => url.push(Kind::Rest(n)),
                Ok(Segment::OptionalCatchAll(n)) => url.push(Kind::Optional(n)),
            }
        }
        routes.push(url);
    }
    let mut names_ok = true;
    for url in &routes {
        let mut fields = BTreeSet::new();
        for (i, k) in url.iter().enumerate() {
            let name = match k {
                Kind::Static(_) => continue,
                Kind::One(n) => n,
                Kind::Rest(n) | Kind::Optional(n) => {
                    if i + 1 != url.len() {
                        return false;
                    }
                    n
                }
            };
            names_ok &= fields.insert(name.replace('-', "_"));
        }
    }
    if !names_ok {
        return false;
    }
    let shapes: Vec<Vec<String>> = routes
        .iter()
        .map(|u| u.iter().map(Kind::shape).collect())
        .collect();
    let mut seen = BTreeMap::new();
    for s in &shapes {
        if seen.insert(s.clone(), ()).is_some() {
            return false;
        }
    }
    for (a, sa) in routes.iter().zip(&shapes) {
        for (b, sb) in routes.iter().zip(&shapes) {
            for i in 0..a.len().min(b.len()) {
                if sa[..i] != sb[..i] {
                    break;
                }
                match (&a[i], &b[i]) {
                    (Kind::One(x), Kind::One(y))
                    | (Kind::Rest(x), Kind::Rest(y))
                    | (Kind::Optional(x), Kind::Optional(y))
                        if x != y =>
                    {
                        return false;
                    }
                    (Kind::Rest(_), Kind::Optional(_)) => return false,
                    _ => {}
                }
            }
            if matches!(a.last(), Some(Kind::Optional(_))) && sa[..sa.len() - 1] == sb[..] {
                return false;
            }
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn tree_checks_accept_exactly_the_documented_trees(files in tree_files()) {
        let input: Vec<RouteFile> = files
            .iter()
            .map(|d| RouteFile { dirs: d.iter().map(|s| s.to_string()).collect() })
            .collect();
        let (routes, errors) = tree::build("app", &input);
        let want = reference_tree(&files);
        prop_assert_eq!(errors.is_empty(), want, "{:?}: {:?}", files, errors);
        if errors.is_empty() {
            {
                let routed = files
                    .iter()
                    .filter(|d| !d.iter().any(|f| f.starts_with('_')))
                    .count();
                prop_assert_eq!(routes.len(), routed);
                for r in &routes {
                    let optional = r.params.last().is_some_and(|p| p.kind == tree::ParamKind::OptionalCatchAll);
                    prop_assert_eq!(r.patterns.len(), if optional { 2 } else { 1 });
                    prop_assert!(r.patterns.iter().all(|p| p.starts_with('/')), "{:?}", r.patterns);
                }
            }
        } else {
            prop_assert!(errors.iter().all(|e| e.contains("`app/")), "{:?}", errors);
        }
    }

    /// Any folder names at all: never a panic, and every error names a file
    /// or folder of the app.
    #[test]
    fn tree_checks_never_panic(files in prop::collection::vec(prop::collection::vec(folder(), 0..4), 0..5)) {
        let input: Vec<RouteFile> = files.iter().map(|d| RouteFile { dirs: d.clone() }).collect();
        let (_, errors) = tree::build("app", &input);
        prop_assert!(errors.iter().all(|e| e.contains("`app")), "{:?}", errors);
    }
}
