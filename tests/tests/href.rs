//! `href!` (issue 11, compile-checked links): the URL of a route, built from
//! the tree, routes back to that route with the same `ctx.params`. Checked
//! by examples and by a property over arbitrary strings, each URL sent
//! through the real `routes!` router with `oneshot`.

use std::sync::OnceLock;

use proptest::prelude::*;
use route_runtime::axum::http::{header, StatusCode};
use route_runtime::axum::Router;
use route_runtime::{Href, HrefError};
use route_tests::get;
use serde_json::{json, Value};

// The tree, as an app declares it: `app::href!` comes with `app::router()`.
route_runtime::routes!(mod app = "../fixtures/href");

// The same tree, mounted under `/v1`: the prefix is given once.
route_runtime::routes!(mod v1 = "../fixtures/href", href_prefix = "/v1");

fn router() -> &'static Router {
    static APP: OnceLock<Router> = OnceLock::new();
    APP.get_or_init(app::router)
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// `GET href` through `app`: status and JSON body.
fn follow(app: &Router, href: &str) -> (StatusCode, Value) {
    runtime().block_on(async {
        let (res, body) = get(app, href).await;
        let json = serde_json::from_str(&body).unwrap_or(Value::Null);
        (res.status(), json)
    })
}

#[test]
fn links_to_the_tree() -> Result<(), HrefError> {
    assert_eq!(app::href!("/users/[id]", id = 42)?, "/users/42");
    let slug = ["a", "b c"];
    assert_eq!(app::href!("/blog/[...slug]", slug = slug)?, "/blog/a/b%20c");
    assert_eq!(app::href!("/docs/[[...slug]]")?, "/docs");
    // `app/(shop)/teams/[team]/members/[member]`: groups leave the URL.
    let member = app::href!("/teams/[team]/members/[member]", team = "core", member = 7)?;
    assert_eq!(member, "/teams/core/members/7");
    // A route without params cannot fail: an `Href`, not a `Result`.
    let search: Href = app::href!("/search", ?q = "x y", page = 2);
    assert_eq!(search, "/search?q=x+y&page=2");
    // Empty, `.` and `..` are no URL segment: refused, never resolved elsewhere.
    let id = "..";
    assert_eq!(
        app::href!("/users/[id]", id = id).unwrap_err().param(),
        "id"
    );
    Ok(())
}

#[test]
fn urls_of_the_examples() -> Result<(), HrefError> {
    assert_eq!(app::href!("/users/[id]", id = 42)?, "/users/42");
    assert_eq!(
        app::href!("/blog/[...slug]", slug = ["a", "b c"])?,
        "/blog/a/b%20c"
    );
    assert_eq!(app::href!("/docs/[[...slug]]")?, "/docs");
    assert_eq!(
        app::href!("/docs/[[...slug]]", slug = vec!["x", "y"])?,
        "/docs/x/y"
    );
    let none: Vec<String> = Vec::new();
    assert_eq!(app::href!("/docs/[[...slug]]", slug = &none)?, "/docs");
    // What `ctx.params.slug` of `[[...slug]]` holds, an `Option<Vec<String>>`.
    let slug = Some(vec![String::from("a")]);
    assert_eq!(
        app::href!("/docs/[[...slug]]", slug = slug.iter().flatten())?,
        "/docs/a"
    );
    // Groups leave the URL; the route may be named with or without them.
    let team = app::href!(
        "/teams/[team]/members/[member]",
        team = "core",
        member = "ann"
    )?;
    assert_eq!(team, "/teams/core/members/ann");
    let same = app::href!(
        "/(shop)/teams/[team]/members/[member]",
        member = "ann",
        team = "core"
    )?;
    assert_eq!(same, team);
    // `[type]` and `[user-id]`: by their Rust names or as written.
    let kw = app::href!("/kw/[type]/[user-id]", r#type = "a", user_id = 7)?;
    assert_eq!(kw, "/kw/a/7");
    assert_eq!(
        app::href!("/kw/[type]/[user-id]", "type" = "a", "user-id" = 7)?,
        kw
    );
    // Routes without params cannot fail: an `Href`, no `Result`.
    let meta: Href = app::href!("/%5Fmeta");
    assert_eq!(meta, "/_meta");
    assert_eq!(app::href!("/"), "/");
    assert_eq!(app::href!("/", ?a = 1), "/?a=1");
    assert_eq!(
        app::href!("/search", ?q = "x y", page = 2, "sort-by" = "date&time"),
        "/search?q=x+y&page=2&sort-by=date%26time"
    );
    assert_eq!(
        app::href!("/users/[id]", id = "a/b", ?tab = "posts")?,
        "/users/a%2Fb?tab=posts"
    );
    Ok(())
}

#[test]
fn values_are_borrowed_and_evaluated_once_in_order() -> Result<(), HrefError> {
    let name = String::from("ann");
    let parts = vec![String::from("a"), String::from("b")];
    let mut calls = Vec::new();
    let mut count = |what: &'static str| {
        calls.push(what);
        what
    };
    let href = app::href!(
        "/teams/[team]/members/[member]",
        member = count("member"),
        team = count("team")
    )?;
    assert_eq!(href, "/teams/team/members/member");
    assert_eq!(calls, ["member", "team"]);
    assert_eq!(app::href!("/users/[id]", id = name)?, "/users/ann");
    assert_eq!(app::href!("/blog/[...slug]", slug = &parts)?, "/blog/a/b");
    // Still usable: `href!` borrowed them.
    assert_eq!((name.len(), parts.len()), (3, 2));
    Ok(())
}

#[test]
fn values_no_url_can_carry_are_refused() {
    for value in ["", ".", ".."] {
        let err = app::href!("/users/[id]", id = value).expect_err(value);
        assert_eq!(err.param(), "id");
        let err = app::href!("/blog/[...slug]", slug = ["a", value]).expect_err(value);
        assert_eq!(err.param(), "slug");
    }
    let empty: [&str; 0] = [];
    let err = app::href!("/blog/[...slug]", slug = empty).expect_err("no segments");
    assert!(err.to_string().contains("at least one segment"), "{err}");
    // `...`, `.a` and `%2e` are names like any other.
    assert_eq!(
        app::href!("/blog/[...slug]", slug = ["...", ".a", "%2e"]).unwrap(),
        "/blog/.../.a/%252e"
    );
}

#[test]
fn each_url_routes_back_to_its_route_with_the_same_params() -> Result<(), HrefError> {
    let cases: Vec<(Href, Value)> = vec![
        (app::href!("/"), json!({ "route": "/" })),
        (
            app::href!("/users/[id]", id = "a/b c?#%é")?,
            json!({ "route": "/users/[id]", "params": { "id": "a/b c?#%é" } }),
        ),
        (
            app::href!("/blog/[...slug]", slug = ["a", "b c", "x/y"])?,
            json!({ "route": "/blog/[...slug]", "params": { "slug": ["a", "b c", "x/y"] } }),
        ),
        (
            app::href!("/docs/[[...slug]]")?,
            json!({ "route": "/docs/[[...slug]]", "params": {} }),
        ),
        (
            app::href!("/docs/[[...slug]]", slug = ["+", "~"])?,
            json!({ "route": "/docs/[[...slug]]", "params": { "slug": ["+", "~"] } }),
        ),
        (
            app::href!("/teams/[team]/members/[member]", team = 1, member = 'm')?,
            json!({ "route": "/teams/[team]/members/[member]", "params": { "team": "1", "member": "m" } }),
        ),
        (
            app::href!("/kw/[type]/[user-id]", r#type = "t", user_id = "u")?,
            json!({ "route": "/kw/[type]/[user-id]", "params": { "type": "t", "user-id": "u" } }),
        ),
        (
            app::href!("/%5Fmeta"),
            json!({ "route": "/%5Fmeta", "params": {} }),
        ),
        (
            app::href!("/search", ?q = "x y&z", q = "2", "a+b" = "é"),
            json!({ "route": "/search", "query": [["q", "x y&z"], ["q", "2"], ["a+b", "é"]] }),
        ),
    ];
    for (href, want) in cases {
        let (status, body) = follow(router(), &href);
        assert_eq!(status, StatusCode::OK, "{href}");
        assert_eq!(body, want, "{href}");
    }
    Ok(())
}

#[test]
fn the_mount_prefix_is_given_once() -> Result<(), HrefError> {
    let href = v1::href!("/users/[id]", id = 42)?;
    assert_eq!(href, "/v1/users/42");
    assert_eq!(v1::href!("/"), "/v1");
    assert_eq!(v1::href!("/search", ?q = 1), "/v1/search?q=1");
    let mounted = Router::new().nest("/v1", v1::router());
    let (status, body) = follow(&mounted, &href);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["params"], json!({ "id": "42" }));
    let (status, _) = follow(&mounted, &v1::href!("/search", ?q = 1));
    assert_eq!(status, StatusCode::OK);
    Ok(())
}

#[test]
fn in_a_route_file_and_in_redirect() {
    runtime().block_on(async {
        let (res, _) = get(router(), "/go?to=a%20b").await;
        assert_eq!(res.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(res.headers()[header::LOCATION], "/users/a%20b");
        for to in ["", ".", "..", "%2e%2e"] {
            let (res, body) = get(router(), &format!("/go?to={to}")).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{to}");
            assert!(body.contains("`id`"), "{to}: {body}");
        }
    });
}

/// Strings that stress the encoding: anything, and the pieces that mean
/// something in a path (`/`, `%`, dots, `?`, `#`, `+`, empty).
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[./%?#+ a-zé]{0,4}",
        1 => prop_oneof![Just(String::new()), Just(".".into()), Just("..".into()), Just("%2e".into())],
    ]
}

/// What `href!` must refuse: exactly the values no URL segment can carry.
fn no_segment(v: &str) -> bool {
    v.is_empty() || v == "." || v == ".."
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn one_param_round_trips(id in value()) {
        match app::href!("/users/[id]", id = id) {
            Err(err) => prop_assert!(no_segment(&id), "{id:?} refused: {err}"),
            Ok(href) => {
                prop_assert!(!no_segment(&id));
                let (status, body) = follow(router(), &href);
                prop_assert_eq!(status, StatusCode::OK, "{}", href);
                prop_assert_eq!(&body["route"], "/users/[id]");
                prop_assert_eq!(&body["params"], &json!({ "id": id }), "{}", href);
            }
        }
    }

    #[test]
    fn two_params_round_trip(team in value(), member in value()) {
        match app::href!("/teams/[team]/members/[member]", team = team, member = member) {
            Err(_) => prop_assert!(no_segment(&team) || no_segment(&member)),
            Ok(href) => {
                let (status, body) = follow(router(), &href);
                prop_assert_eq!(status, StatusCode::OK, "{}", href);
                prop_assert_eq!(&body["params"], &json!({ "team": team, "member": member }));
            }
        }
    }

    #[test]
    fn catch_all_round_trips(slug in prop::collection::vec(value(), 0..5)) {
        match app::href!("/blog/[...slug]", slug = &slug) {
            Err(_) => prop_assert!(slug.is_empty() || slug.iter().any(|s| no_segment(s))),
            Ok(href) => {
                let (status, body) = follow(router(), &href);
                prop_assert_eq!(status, StatusCode::OK, "{}", href);
                prop_assert_eq!(&body["route"], "/blog/[...slug]");
                prop_assert_eq!(&body["params"], &json!({ "slug": slug }), "{}", href);
            }
        }
    }

    #[test]
    fn optional_catch_all_round_trips(slug in prop::collection::vec(value(), 0..5)) {
        match app::href!("/docs/[[...slug]]", slug = &slug) {
            Err(_) => prop_assert!(slug.iter().any(|s| no_segment(s))),
            Ok(href) => {
                let (status, body) = follow(router(), &href);
                prop_assert_eq!(status, StatusCode::OK, "{}", href);
                let want = if slug.is_empty() { json!({}) } else { json!({ "slug": slug }) };
                prop_assert_eq!(&body["params"], &want, "{}", href);
            }
        }
    }

    #[test]
    fn query_round_trips(key in value(), v in value(), id in "[a-z]{1,3}") {
        let href = app::href!("/search", ?"k" = key, v = v, "id" = id);
        let (status, body) = follow(router(), &href);
        prop_assert_eq!(status, StatusCode::OK, "{}", href);
        prop_assert_eq!(&body["query"], &json!([["k", key], ["v", v], ["id", id]]), "{}", href);
    }

    #[test]
    fn a_prefixed_url_routes_under_its_mount(id in value()) {
        if let Ok(href) = v1::href!("/users/[id]", id = id) {
            prop_assert!(href.starts_with("/v1/users/"));
            let mounted = Router::new().nest("/v1", v1::router());
            let (status, body) = follow(&mounted, &href);
            prop_assert_eq!(status, StatusCode::OK, "{}", href);
            prop_assert_eq!(&body["params"], &json!({ "id": id }));
        }
    }
}

/// From another crate: the app exports its `href!` with `href_export`.
#[test]
fn exported_to_another_crate() -> Result<(), HrefError> {
    let href = route_tests::fixture_href!("/blog/[...slug]", slug = ["a", "b c"])?;
    assert_eq!(href, "/blog/a/b%20c");
    let (status, body) = follow(&route_tests::linked::router(), &href);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["params"], json!({ "slug": ["a", "b c"] }));
    Ok(())
}

/// In the expression form the tree's route files have `href!` too.
#[test]
fn in_the_expression_form() {
    let router: Router = route_runtime::routes!("../fixtures/href");
    runtime().block_on(async {
        let (res, _) = get(&router, "/go?to=7").await;
        assert_eq!(res.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(res.headers()[header::LOCATION], "/users/7");
    });
}
