//! The fixture app in `fixtures/app` through a real `axum::Router`, driven
//! with `oneshot`: every grammar row, automatic HEAD/OPTIONS, 405 + Allow,
//! 308 (also for dot segments), percent-decoding, 404, panics.

use route_runtime::axum::http::{header, Method, StatusCode};
use route_runtime::axum::Router;
use route_tests::{get, send};
use serde_json::{json, Value};

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

fn app() -> Router {
    route_runtime::routes!("../fixtures/app").with_state(AppState {
        greeting: "hi from state",
    })
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn every_grammar_row_is_served() {
    let app = app();
    let cases: &[(&str, &str)] = &[
        ("/", "root"),
        ("/about", "about"),
        ("/_meta", "meta"),
        ("/rss.xml", "<rss/>"),
        ("/sync", "sync"),
        ("/state", "hi from state"),
    ];
    for (uri, body) in cases {
        let (res, text) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(text, *body, "{uri}");
    }
    let (_, body) = get(&app, "/api/hello").await;
    assert_eq!(json(&body), json!({"message": "Hello World"}));
    let (_, body) = get(&app, "/users/42").await;
    assert_eq!(
        json(&body),
        json!({"id": "42", "method": "GET", "path": "/users/42"})
    );
    let (_, body) = get(&app, "/blog/a/b/c").await;
    assert_eq!(json(&body), json!(["a", "b", "c"]));
    let (_, body) = get(&app, "/docs").await;
    assert_eq!(json(&body), json!({"params": {}, "present": false}));
    let (_, body) = get(&app, "/docs/a/b").await;
    assert_eq!(
        json(&body),
        json!({"params": {"slug": ["a", "b"]}, "present": true})
    );
    let (res, body) = get(&app, "/teams/acme/members/ada").await;
    assert_eq!(json(&body), json!(["acme", "ada"]));
    // The params struct's `Debug`, `Clone` and `PartialEq`, as derived ones.
    assert_eq!(
        res.headers()["x-params-debug"],
        r#"TeamMemberParams { team: "acme", member: "ada" }"#
    );
    assert_eq!(res.headers()["x-params-eq"], "true");
    let (res, body) = get(&app, "/kw/x/y").await;
    assert_eq!(json(&body), json!({"type": "x", "user-id": "y"}));
    // `Debug` names the Rust fields, as a derived one does (`r#` dropped).
    assert_eq!(
        res.headers()["x-params-debug"],
        r#"TypeUserIdParams { type: "x", user_id: "y" }"#
    );
}

/// Routes whose params have the same names and kinds share one struct, each
/// read from where its params sit: no segment between them, behind a group
/// folder, deeper in the path. Params with the same Rust fields but other
/// names (`user_id`, `user-id`) are another struct.
#[tokio::test]
async fn routes_share_a_params_struct_each_at_its_own_positions() {
    let app = app();
    let (res, body) = get(&app, "/pairs/acme/ada").await;
    assert_eq!(json(&body), json!(["acme", "ada"]));
    assert_eq!(
        res.headers()["x-params-debug"],
        r#"TeamMemberParams { team: "acme", member: "ada" }"#
    );
    let (res, body) = get(&app, "/teams/t/members/m").await;
    assert_eq!(json(&body), json!(["t", "m"]));
    assert_eq!(
        res.headers()["x-params-debug"],
        r#"TeamMemberParams { team: "t", member: "m" }"#
    );
    let (res, body) = get(&app, "/shop/items/a%2Fb").await;
    assert_eq!(json(&body), json!("a/b"));
    assert_eq!(res.headers()["x-params-debug"], r#"IdParams { id: "a/b" }"#);
    let (_, body) = get(&app, "/users/7").await;
    assert_eq!(json(&body)["id"], "7");
    let (res, body) = get(&app, "/tags/x/y").await;
    assert_eq!(json(&body), json!({"type": "x", "user_id": "y"}));
    assert_eq!(
        res.headers()["x-params-debug"],
        r#"TypeUserIdParams2 { type: "x", user_id: "y" }"#
    );
    let (_, body) = get(&app, "/kw/x/y").await;
    assert_eq!(json(&body), json!({"type": "x", "user-id": "y"}));
}

#[tokio::test]
async fn groups_private_folders_and_literal_escapes_are_not_urls() {
    let app = app();
    for uri in [
        "/(marketing)/about",
        "/_lib",
        "/%5Fmeta",
        "/blog",
        "/users/42/extra",
        "/API/hello",
        "/nope",
        "/teams/acme/members",
    ] {
        let (res, _) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn params_are_percent_decoded_and_the_path_is_kept_as_sent() {
    let app = app();
    let cases = [
        ("/users/a%2Fb", "a/b"),
        ("/users/caf%C3%A9", "café"),
        ("/users/hello%20world", "hello world"),
        ("/users/a+b", "a+b"),
    ];
    for (uri, id) in cases {
        let (res, body) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        let v = json(&body);
        assert_eq!(v["id"], id, "{uri}");
        assert_eq!(v["path"], uri, "{uri}");
    }
    let (_, body) = get(&app, "/blog/a%2Fb/c%20d").await;
    assert_eq!(json(&body), json!(["a/b", "c d"]));
}

#[tokio::test]
async fn automatic_head_and_options_and_405_with_allow() {
    let app = app();
    let (res, body) = send(&app, Method::HEAD, "/api/hello", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    assert_eq!(body, "");

    let (res, body) = send(&app, Method::HEAD, "/users/7", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body, "", "HEAD has no body");

    let (res, _) = send(&app, Method::OPTIONS, "/api/hello", "").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, OPTIONS");

    let (res, _) = send(&app, Method::OPTIONS, "/only-post", "").await;
    assert_eq!(res.headers()[header::ALLOW], "OPTIONS, POST, PUT");

    for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let (res, body) = send(&app, m.clone(), "/api/hello", "x").await;
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{m}");
        assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, OPTIONS", "{m}");
        assert_eq!(body, "");
    }
    for m in [Method::GET, Method::HEAD] {
        let (res, _) = send(&app, m.clone(), "/only-post", "").await;
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{m}");
        assert_eq!(res.headers()[header::ALLOW], "OPTIONS, POST, PUT");
    }
    let trace = Method::from_bytes(b"TRACE").unwrap();
    let (res, _) = send(&app, trace, "/methods", "").await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        res.headers()[header::ALLOW],
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    );
    let propfind = Method::from_bytes(b"PROPFIND").unwrap();
    let (res, _) = send(&app, propfind, "/api/hello", "").await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn exported_head_and_options_win_and_every_method_is_routed() {
    let app = app();
    let (res, _) = send(&app, Method::HEAD, "/methods", "").await;
    assert_eq!(res.headers()["x-explicit-head"], "1");
    let (res, _) = send(&app, Method::OPTIONS, "/methods", "").await;
    assert_eq!(res.headers()[header::ALLOW], "custom-from-handler");
    for m in ["GET", "PUT", "PATCH", "DELETE"] {
        let (_, body) = send(
            &app,
            Method::from_bytes(m.as_bytes()).unwrap(),
            "/methods",
            "",
        )
        .await;
        assert_eq!(body, m);
    }
    let (_, body) = send(&app, Method::POST, "/methods", "payload").await;
    assert_eq!(body, "POST payload");
}

#[tokio::test]
async fn trailing_slashes_and_empty_segments_redirect_with_the_query() {
    let app = app();
    let cases = [
        ("/users/", "/users"),
        ("/users/42/", "/users/42"),
        ("/api/hello/?x=1", "/api/hello?x=1"),
        ("/docs/", "/docs"),
        ("/does-not-exist/", "/does-not-exist"),
        ("/users//42", "/users/42"),
        ("/blog/a/", "/blog/a"),
        ("/blog//a", "/blog/a"),
    ];
    for (uri, to) in cases {
        let (res, _) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(res.headers()[header::LOCATION], to, "{uri}");
    }
    let (res, _) = send(&app, Method::POST, "/methods/", "{}").await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    let (res, body) = get(&app, "/").await;
    assert_eq!((res.status(), body.as_str()), (StatusCode::OK, "root"));
}

#[tokio::test]
async fn dot_segments_redirect_to_the_resolved_path() {
    let app = app();
    let cases = [
        ("/blog/a/../b", "/blog/b"),
        ("/blog/a/%2e%2e/b?x=1", "/blog/b?x=1"),
        ("/users/%2e%2e", "/"),
        ("/../../api/./hello", "/api/hello"),
        ("/nope/../users/9", "/users/9"),
        ("/ab\u{e9}\u{e9}/", "/ab\u{e9}\u{e9}"),
    ];
    for (uri, to) in cases {
        let (res, _) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(res.headers()[header::LOCATION], to, "{uri}");
    }
    // Raw UTF-8 in the path is a path like any other (it used to panic).
    let (res, _) = get(&app, "/ab\u{e9}\u{e9}").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn undecodable_paths_are_400() {
    let app = app();
    for uri in ["/users/%ZZ", "/users/%", "/blog/%E0%A4%A", "/nope/%ZZ"] {
        let (res, body) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{uri}");
        assert!(!body.is_empty(), "{uri}: says why");
    }
}

#[tokio::test]
async fn handler_results_and_errors_are_respected() {
    let app = app();
    let (res, body) = get(&app, "/sync?fail=short%20and%20stout").await;
    assert_eq!(res.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(body, "short and stout");
}

#[tokio::test]
async fn panics_are_500_and_the_router_keeps_serving() {
    let app = app();
    for i in 0..1000 {
        let m = if i % 2 == 0 {
            Method::GET
        } else {
            Method::POST
        };
        let (res, body) = send(&app, m, "/panic", "").await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body, "", "no body, as Next.js");
        assert!(res.headers().get(header::CONTENT_TYPE).is_none());
    }
    let (res, body) = get(&app, "/").await;
    assert_eq!((res.status(), body.as_str()), (StatusCode::OK, "root"));
}

#[tokio::test]
async fn the_router_nests_merges_and_layers_like_any_router() {
    let inner = app();
    let app = Router::new()
        .nest("/v1", inner)
        .merge(Router::new().route(
            "/health",
            route_runtime::axum::routing::get(|| async { "ok" }),
        ))
        .layer(route_runtime::axum::middleware::from_fn(
            |req: route_runtime::axum::extract::Request,
             next: route_runtime::axum::middleware::Next| async move {
                let mut res = next.run(req).await;
                res.headers_mut().insert("x-layer", "1".parse().unwrap());
                res
            },
        ));
    let (res, body) = get(&app, "/v1/users/5").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(&body)["id"], "5");
    assert_eq!(res.headers()["x-layer"], "1");
    let (_, body) = get(&app, "/health").await;
    assert_eq!(body, "ok");
    let (res, _) = get(&app, "/v1/users/5/").await;
    assert_eq!(res.headers()[header::LOCATION], "/v1/users/5");
}

#[tokio::test]
async fn a_route_body_limit_is_a_413_and_the_router_keeps_serving() {
    let app = app();
    let (res, body) = send(&app, Method::POST, "/small-upload", "0123456789").await;
    assert_eq!((res.status(), body.as_str()), (StatusCode::OK, "10 bytes"));
    let (res, body) = send(&app, Method::POST, "/small-upload", &"x".repeat(17)).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("16"), "says the limit: {body}");
    // Other routes keep the default limit (1 MiB), and the router serves on.
    let (res, body) = send(&app, Method::POST, "/methods", &"y".repeat(1000)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body.len(), "POST ".len() + 1000);
}
