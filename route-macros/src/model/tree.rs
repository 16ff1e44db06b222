//! Route files -> a checked, sorted list of routes, or every error at once.

use std::collections::BTreeMap;

use super::error;
use super::ident;
use super::segment::{self, Segment};

/// One `route.rs`, as found on disk: its folders below the app folder.
#[derive(Debug, Clone)]
pub struct RouteFile {
    /// Folder names from the app folder down, as written (`["(shop)", "users", "[id]"]`).
    pub dirs: Vec<String>,
}

/// A parameter of a route, in URL order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name as written in the folder (`user-id`).
    pub name: String,
    /// The Rust field name (`user_id`, `r#type`).
    pub field: String,
    pub kind: ParamKind,
    /// Index of the URL segment where the parameter starts.
    pub index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// `[id]` -> `String`
    One,
    /// `[...slug]` -> `Vec<String>`
    CatchAll,
    /// `[[...slug]]` -> `Option<Vec<String>>`
    OptionalCatchAll,
}

/// A routed `route.rs`.
#[derive(Debug, Clone)]
pub struct Route {
    /// Folder names from the app folder down, as written.
    pub dirs: Vec<String>,
    /// URL segments (groups left out).
    pub segments: Vec<Segment>,
    /// Next.js's name of the route, groups left out: `/users/[id]`.
    pub route: String,
    /// The same with groups written: `/(shop)/users/[id]`.
    pub route_with_groups: String,
    /// The axum patterns that serve it (two for an optional catch-all).
    pub patterns: Vec<String>,
    pub params: Vec<Param>,
}

impl Route {
    /// `app/users/[id]/route.rs`, for messages.
    pub fn file(&self, app: &str) -> String {
        file_of(app, &self.dirs)
    }
}

fn file_of(app: &str, dirs: &[String]) -> String {
    let mut s = app.trim_end_matches('/').to_string();
    for d in dirs {
        s.push('/');
        s.push_str(d);
    }
    s.push_str("/route.rs");
    s
}

fn dir_of(app: &str, dirs: &[String]) -> String {
    let mut s = app.trim_end_matches('/').to_string();
    for d in dirs {
        s.push('/');
        s.push_str(d);
    }
    s
}

/// Checks every route file and returns the routes in a stable order, or every
/// error found. `app` is the folder as the user wrote it, for messages.
/// Every file's route that could be read, and every error: the routes let
/// `routes!` compile the files (so their own errors are reported in the same
/// build), the errors say what keeps the tree from being served.
pub fn build(app: &str, files: &[RouteFile]) -> (Vec<Route>, Vec<String>) {
    let mut errors = Vec::new();
    let mut routes = Vec::new();
    let mut files: Vec<&RouteFile> = files.iter().collect();
    files.sort_by(|a, b| a.dirs.cmp(&b.dirs));
    for file in files {
        match route_of(app, file) {
            Ok(Some(route)) => routes.push(route),
            Ok(None) => {}
            Err(mut e) => errors.append(&mut e),
        }
    }
    check_tree(app, &routes, &mut errors);
    errors.dedup();
    (routes, errors)
}

/// One file: `Ok(None)` when it sits below a private folder.
fn route_of(app: &str, file: &RouteFile) -> Result<Option<Route>, Vec<String>> {
    let Some(segments) = url_segments(app, &file.dirs)? else {
        return Ok(None);
    };
    let params = params_of(&dir_of(app, &file.dirs), &segments)?;
    Ok(Some(Route {
        dirs: file.dirs.clone(),
        route: next_route(&file.dirs, false),
        route_with_groups: next_route(&file.dirs, true),
        patterns: patterns(&segments),
        segments,
        params,
    }))
}

/// The segments of a file's folders that are in its URL (groups left out);
/// `None` below a `_private` folder. Every malformed folder is reported,
/// named by its path; one above a `_private` folder still counts.
fn url_segments(app: &str, dirs: &[String]) -> Result<Option<Vec<Segment>>, Vec<String>> {
    let mut errors = Vec::new();
    let mut segments = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        match segment::parse(dir) {
            Ok(Segment::Private) if errors.is_empty() => return Ok(None),
            Ok(Segment::Private) => return Err(errors),
            Ok(seg) if seg.in_url() => segments.push(seg),
            Ok(_) => {}
            Err(e) => errors.push(e.replacen(
                &format!("`{dir}`"),
                &format!("`{}`", dir_of(app, &dirs[..=i])),
                1,
            )),
        }
    }
    if errors.is_empty() {
        Ok(Some(segments))
    } else {
        Err(errors)
    }
}

/// The params of a route at folder `here`: catch-alls last, no name twice,
/// no two names with one field.
fn params_of(here: &str, segments: &[Segment]) -> Result<Vec<Param>, Vec<String>> {
    let mut errors = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    for (index, seg) in segments.iter().enumerate() {
        let (name, kind) = match seg {
            Segment::Dynamic(n) => (n, ParamKind::One),
            Segment::CatchAll(n) => (n, ParamKind::CatchAll),
            Segment::OptionalCatchAll(n) => (n, ParamKind::OptionalCatchAll),
            _ => continue,
        };
        if kind != ParamKind::One && index + 1 != segments.len() {
            let folder = if kind == ParamKind::CatchAll {
                format!("[...{name}]")
            } else {
                format!("[[...{name}]]")
            };
            errors.push(error::catch_all_not_last(here, &folder));
        }
        let field = ident::field_name(name);
        if let Some(prev) = params.iter().find(|p| p.name == *name) {
            errors.push(error::repeated_slug(here, &prev.name));
        } else if let Some(prev) = params.iter().find(|p| p.field == field) {
            errors.push(error::clashing_field_names(here, &prev.name, name, &field));
        }
        params.push(Param {
            name: name.clone(),
            field,
            kind,
            index,
        });
    }
    if errors.is_empty() {
        Ok(params)
    } else {
        Err(errors)
    }
}

fn next_route(dirs: &[String], groups: bool) -> String {
    let mut s = String::new();
    for d in dirs {
        if !groups && d.starts_with('(') {
            continue;
        }
        s.push('/');
        s.push_str(d);
    }
    if s.is_empty() {
        s.push('/');
    }
    s
}

/// URL segments -> axum 0.8 patterns. Static segments are percent-encoded the
/// way a client sends them, since axum matches the raw path.
pub fn patterns(segments: &[Segment]) -> Vec<String> {
    let mut base = String::new();
    for seg in segments {
        match seg {
            Segment::Static(s) => {
                base.push('/');
                route_rules::uri::encode_segment(s, &mut base);
            }
            Segment::Dynamic(n) => {
                base.push_str("/{");
                base.push_str(&ident::plain_name(n));
                base.push('}');
            }
            Segment::CatchAll(n) => {
                base.push_str("/{*");
                base.push_str(&ident::plain_name(n));
                base.push('}');
            }
            Segment::OptionalCatchAll(n) => {
                let parent = if base.is_empty() {
                    "/".to_string()
                } else {
                    base.clone()
                };
                return vec![parent, format!("{base}/{{*{}}}", ident::plain_name(n))];
            }
            Segment::Group(_) | Segment::Private => {}
        }
    }
    if base.is_empty() {
        base.push('/');
    }
    vec![base]
}

/// The checks that need the whole tree, as Next.js's route sorter does them.
/// The cross-route checks: two files reaching one URL (through groups),
/// different slug names at one position, a required and an optional
/// catch-all side by side, an optional catch-all beside its parent's route.
fn check_tree(app: &str, routes: &[Route], errors: &mut Vec<String>) {
    let mut root = Node::default();
    // URL shape -> first file serving it, for duplicates through groups.
    let mut urls: BTreeMap<String, String> = BTreeMap::new();
    for route in routes {
        let file = route.file(app);
        match urls.get(&url_shape(route)) {
            Some(first) => errors.push(error::same_url(first, &file, &route.patterns[0])),
            None => {
                urls.insert(url_shape(route), file.clone());
            }
        }
        root.insert(route, &file, errors);
    }
    root.optional_vs_parent("", errors);
}

/// `/users/[]` for `/users/[id]`: the URLs a route serves, names left out.
fn url_shape(route: &Route) -> String {
    let parts: Vec<&str> = route
        .segments
        .iter()
        .map(|s| match s {
            Segment::Static(n) => n.as_str(),
            Segment::Dynamic(_) => "[]",
            Segment::CatchAll(_) => "[...]",
            Segment::OptionalCatchAll(_) => "[[...]]",
            Segment::Group(_) | Segment::Private => "",
        })
        .collect();
    parts.join("/")
}

/// One position of the URL tree: its static children, and for each dynamic
/// kind the name it was given first and the file that gave it.
#[derive(Default)]
struct Node {
    statics: BTreeMap<String, Node>,
    one: Option<(String, String, Box<Node>)>,
    rest: Option<(String, String)>,
    optional: Option<(String, String)>,
    /// The file whose route ends here.
    route: Option<String>,
}

impl Node {
    /// Walks `route` down from this node, reporting clashes on the way.
    fn insert(&mut self, route: &Route, file: &str, errors: &mut Vec<String>) {
        let mut node = self;
        let mut at = String::new();
        for seg in &route.segments {
            match seg {
                Segment::Static(n) => {
                    at.push('/');
                    at.push_str(n);
                    node = node.statics.entry(n.clone()).or_default();
                }
                Segment::Dynamic(n) => {
                    let (name, first, child) = node
                        .one
                        .get_or_insert_with(|| (n.clone(), file.to_string(), Box::default()));
                    if name != n {
                        errors.push(error::different_slug_names(
                            name,
                            n,
                            &format!("{at}/[..]"),
                            first,
                            file,
                        ));
                    }
                    at.push_str(&format!("/[{name}]"));
                    node = child;
                }
                Segment::CatchAll(n) => node.catch_all(n, false, &at, file, errors),
                Segment::OptionalCatchAll(n) => node.catch_all(n, true, &at, file, errors),
                Segment::Group(_) | Segment::Private => {}
            }
        }
        if !matches!(
            route.segments.last(),
            Some(Segment::CatchAll(_) | Segment::OptionalCatchAll(_))
        ) {
            node.route.get_or_insert(file.to_string());
        }
    }

    /// A catch-all (`[...n]`, or `[[...n]]` when `optional`) at this node.
    fn catch_all(
        &mut self,
        n: &str,
        optional: bool,
        at: &str,
        file: &str,
        errors: &mut Vec<String>,
    ) {
        let (mine, other) = if optional {
            (&mut self.optional, &self.rest)
        } else {
            (&mut self.rest, &self.optional)
        };
        if let Some((_, other_file)) = other {
            errors.push(error::required_and_optional_catch_all(other_file, file));
        }
        let (name, first) = mine.get_or_insert_with(|| (n.to_string(), file.to_string()));
        if name != n {
            errors.push(error::different_slug_names(
                name,
                n,
                &format!("{at}/[..]"),
                first,
                file,
            ));
        }
    }

    /// An optional catch-all also serves its parent path: a route there too
    /// is a clash.
    fn optional_vs_parent(&self, url: &str, errors: &mut Vec<String>) {
        if let (Some((_, optional)), Some(route)) = (&self.optional, &self.route) {
            let url = if url.is_empty() { "/" } else { url };
            errors.push(error::optional_catch_all_specificity(route, optional, url));
        }
        for (name, child) in &self.statics {
            child.optional_vs_parent(&format!("{url}/{name}"), errors);
        }
        if let Some((name, _, child)) = &self.one {
            child.optional_vs_parent(&format!("{url}/[{name}]"), errors);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<RouteFile> {
        paths
            .iter()
            .map(|p| RouteFile {
                dirs: p
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            })
            .collect()
    }

    fn ok(paths: &[&str]) -> Vec<Route> {
        let (routes, errors) = build("app", &files(paths));
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
        routes
    }

    fn errs(paths: &[&str]) -> Vec<String> {
        let (_, errors) = build("app", &files(paths));
        assert!(!errors.is_empty(), "{paths:?} should fail");
        errors
    }

    #[test]
    fn every_grammar_row() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("", &["/"], "/"),
            ("api/hello", &["/api/hello"], "/api/hello"),
            ("users/[id]", &["/users/{id}"], "/users/[id]"),
            ("blog/[...slug]", &["/blog/{*slug}"], "/blog/[...slug]"),
            (
                "docs/[[...slug]]",
                &["/docs", "/docs/{*slug}"],
                "/docs/[[...slug]]",
            ),
            ("[[...all]]", &["/", "/{*all}"], "/[[...all]]"),
            ("(marketing)/about", &["/about"], "/about"),
            ("%5Fmeta", &["/_meta"], "/%5Fmeta"),
            ("rss.xml", &["/rss.xml"], "/rss.xml"),
            ("caf%C3%A9", &["/caf%C3%A9"], "/caf%C3%A9"),
            ("a{b}", &["/a%7Bb%7D"], "/a{b}"),
            (
                "teams/[team]/members/[member]",
                &["/teams/{team}/members/{member}"],
                "/teams/[team]/members/[member]",
            ),
            ("[user-id]", &["/{user_id}"], "/[user-id]"),
            ("[type]", &["/{type}"], "/[type]"),
        ];
        for (path, patterns, route) in cases {
            let routes = ok(&[path]);
            assert_eq!(routes.len(), 1, "{path}");
            assert_eq!(&routes[0].patterns, patterns, "{path}");
            assert_eq!(routes[0].route, *route, "{path}");
        }
    }

    #[test]
    fn groups_are_kept_in_the_long_name_only() {
        let r = &ok(&["(shop)/cart"])[0];
        assert_eq!(r.route, "/cart");
        assert_eq!(r.route_with_groups, "/(shop)/cart");
    }

    #[test]
    fn params_in_url_order_with_kinds_and_fields() {
        let r = &ok(&["(g)/teams/[team]/[...rest]"])[0];
        assert_eq!(
            r.params,
            vec![
                Param {
                    name: "team".into(),
                    field: "team".into(),
                    kind: ParamKind::One,
                    index: 1
                },
                Param {
                    name: "rest".into(),
                    field: "rest".into(),
                    kind: ParamKind::CatchAll,
                    index: 2
                },
            ]
        );
    }

    #[test]
    fn private_folders_and_everything_below_are_not_routed() {
        let routes = ok(&["_lib", "_lib/[broken", "api/_internal/x", "api/hello"]);
        let patterns: Vec<_> = routes.iter().map(|r| r.patterns[0].as_str()).collect();
        assert_eq!(patterns, ["/api/hello"]);
    }

    #[test]
    fn output_is_sorted_whatever_the_input_order() {
        let a: Vec<_> = ok(&["b", "a/[x]", "a"])
            .into_iter()
            .map(|r| r.route)
            .collect();
        let b: Vec<_> = ok(&["a", "b", "a/[x]"])
            .into_iter()
            .map(|r| r.route)
            .collect();
        assert_eq!(a, b);
        assert_eq!(a, ["/a", "/a/[x]", "/b"]);
    }

    #[test]
    fn tree_errors() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["blog/[...slug]/edit"], &["`app/blog/[...slug]/edit`", "catch-all must be the last part"]),
            (&["docs/[[...slug]]/x"], &["catch-all must be the last part"]),
            (&["users/[id]", "users/[slug]/posts"], &["`app/users/[id]/route.rs`", "`app/users/[slug]/posts/route.rs`", "different slug names", "`id` !== `slug`"]),
            (&["(a)/x/[id]", "(b)/x/[key]"], &["different slug names"]),
            (&["[id]/[id]"], &["`id` is used twice"]),
            (&["[a-b]/[a_b]"], &["both become the field `a_b`"]),
            (&["x/[...a]", "x/[[...a]]"], &["both a required and an optional catch-all"]),
            (&["x/[...a]", "x/[...b]"], &["different slug names"]),
            (&["docs", "docs/[[...slug]]"], &["`app/docs/route.rs` and `app/docs/[[...slug]]/route.rs` both serve `/docs`"]),
            (&["", "[[...all]]"], &["both serve `/`"]),
            (&["(a)/about", "(b)/about"], &["`app/(a)/about/route.rs` and `app/(b)/about/route.rs` both resolve to `/about`"]),
            (&["about", "(b)/about"], &["both resolve to `/about`"]),
            (&["x/[[id]]"], &["`app/x/[[id]]`", "optional segments must be catch-all"]),
            (&["x/[....a]"], &["exactly three dots"]),
        ];
        for (paths, needles) in cases {
            let all = errs(paths).join("\n");
            for needle in *needles {
                assert!(
                    all.contains(needle),
                    "{paths:?}: missing {needle:?} in\n{all}"
                );
            }
        }
    }

    #[test]
    fn a_broken_folder_above_a_private_one_is_reported() {
        // Found by `props::tree_checks_accept_exactly_the_documented_trees`:
        // the private folder used to swallow the error above it.
        let e = errs(&["[[x]]/_p", "[y/(g)/_q"]);
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e[0].contains("`app/[[x]]`"), "{e:#?}");
        assert_eq!(ok(&["a/_p/[[x]]", "a"]).len(), 1);
    }

    #[test]
    fn every_broken_folder_is_reported_at_once() {
        let e = errs(&["a/[[id]]", "b/[x", "c/[...s]/d", "ok"]);
        assert_eq!(e.len(), 3, "{e:#?}");
    }

    #[test]
    fn siblings_of_different_kinds_are_fine() {
        ok(&["shop/[id]", "shop/[...rest]", "shop/new", "shop"]);
        ok(&["docs/[[...slug]]", "docs/intro"]);
    }
}
