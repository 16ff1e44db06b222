//! Per-folder `middleware.rs` and the root `proxy.rs` (fixture
//! `fixtures/middleware`): a folder's middleware runs for every route at or
//! below it, whatever the method or the path's spelling, outermost first; a
//! group's only for the group's routes; `proxy.rs` before routing, for
//! every request.

use route_runtime::axum::body::Body;
use route_runtime::axum::extract::Request;
use route_runtime::axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use route_runtime::axum::Router;
use tower::ServiceExt;

#[derive(Clone, Debug)]
pub struct ShopState {
    pub name: &'static str,
}

/// Appends `name` to the request's `x-trail` (the order middleware ran in).
pub fn trail(req: &mut Request, name: &str) {
    let trail = match req.headers().get("x-trail").and_then(|v| v.to_str().ok()) {
        Some(before) => format!("{before},{name}"),
        None => name.to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&trail) {
        req.headers_mut().insert("x-trail", v);
    }
}

/// The trail a route saw.
pub fn trail_of(headers: &HeaderMap) -> String {
    headers
        .get("x-trail")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn app() -> Router {
    route_runtime::routes!("../fixtures/middleware").with_state(ShopState { name: "shop" })
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, String) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

const AUTH: &[(&str, &str)] = &[("authorization", "yes")];

#[tokio::test]
async fn order_is_proxy_then_root_to_leaf() {
    let app = app();
    let (status, headers, body) = call(&app, Method::GET, "/admin", AUTH).await;
    assert_eq!(status, 200);
    assert_eq!(body, "proxy,root,admin");
    assert_eq!(headers["x-root"], "1");
    assert_eq!(headers["x-proxy"], "1");
    let (_, _, body) = call(&app, Method::GET, "/admin/users/7", AUTH).await;
    assert_eq!(body, "user 7 proxy,root,admin");
    let (_, _, body) = call(&app, Method::GET, "/public", &[]).await;
    assert_eq!(
        body, "proxy,root",
        "a sibling of admin does not run admin's middleware"
    );
}

#[tokio::test]
async fn a_folders_middleware_guards_every_method_and_spelling() {
    let app = app();
    // Every method of the routes below /admin, the automatic HEAD and
    // OPTIONS and the 405 included, and every spelling of the path.
    let cases: &[(Method, &str)] = &[
        (Method::GET, "/admin"),
        (Method::POST, "/admin"),
        (Method::HEAD, "/admin"),
        (Method::OPTIONS, "/admin"),
        (Method::PATCH, "/admin"),
        (Method::GET, "/admin/users/7"),
        (Method::DELETE, "/admin/users/7"),
        (Method::HEAD, "/admin/users/7"),
        (Method::OPTIONS, "/admin/users/7"),
        (Method::PUT, "/admin/users/7"),
        (Method::GET, "/admin/users/%37"),
        (Method::GET, "/admin/users/a%20b"),
    ];
    for (method, path) in cases {
        let (status, _, body) = call(&app, method.clone(), path, &[]).await;
        assert_eq!(status, 401, "{method} {path}: {body}");
        let (status, _, _) = call(&app, method.clone(), path, AUTH).await;
        assert_ne!(status, 401, "{method} {path} with authorization");
    }
    // With authorization, the answers are the route's own.
    assert_eq!(call(&app, Method::PATCH, "/admin", AUTH).await.0, 405);
    assert_eq!(call(&app, Method::OPTIONS, "/admin", AUTH).await.0, 204);
    let (_, _, body) = call(&app, Method::DELETE, "/admin/users/%37", AUTH).await;
    assert_eq!(body, "deleted 7");
    // Spellings that are not the route's path never reach it: a redirect to
    // the canonical path (which the client then requests, through the
    // middleware) or a 404, never the handler's 200.
    for path in [
        "/admin/",
        "/admin//users/7",
        "/public/../admin",
        "/public/%2e%2e/admin",
        "/admin/users/7/",
        "/admin/users/x/../7",
        "/%61dmin",
        "/ADMIN",
    ] {
        let (status, headers, body) = call(&app, Method::GET, path, &[]).await;
        assert!(
            status == 401 || status == 404 || status == 308 || status == 400,
            "{path}: {status} {body}"
        );
        assert!(
            !body.contains("admin"),
            "{path} reached the handler: {body}"
        );
        if status == 308 {
            let location = headers[header::LOCATION].to_str().unwrap().to_string();
            let (again, _, _) = call(&app, Method::GET, &location, &[]).await;
            assert!(
                again == 401 || again == 404,
                "{path} -> {location}: {again}"
            );
        }
    }
}

#[tokio::test]
async fn a_groups_middleware_is_the_groups_only() {
    let app = app();
    let (_, _, body) = call(&app, Method::GET, "/cart", &[]).await;
    assert_eq!(
        body, "proxy,root,shop",
        "the group's middleware, with the router's state"
    );
    let (_, _, body) = call(&app, Method::POST, "/checkout", &[]).await;
    assert_eq!(body, "proxy,root,shop");
    let (_, _, body) = call(&app, Method::GET, "/public", &[]).await;
    assert_eq!(body, "proxy,root");
    // The 405 of a group route runs inside the group's middleware too.
    let (status, headers, _) = call(&app, Method::GET, "/checkout", &[]).await;
    assert_eq!(status, 405);
    assert_eq!(headers["x-root"], "1");
}

#[tokio::test]
async fn proxy_answers_redirects_and_rewrites_before_routing() {
    let app = app();
    let (status, _, _) = call(&app, Method::GET, "/blocked", &[]).await;
    assert_eq!(status, 403);
    let (status, headers, _) = call(&app, Method::GET, "/go", &[]).await;
    assert_eq!(status, 307);
    assert_eq!(headers[header::LOCATION], "/public");
    // A rewrite is routed by its new path, through that route's middleware.
    let (status, _, body) = call(&app, Method::GET, "/old-public", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body, "proxy,root");
    let (status, _, _) = call(&app, Method::GET, "/old-admin", &[]).await;
    assert_eq!(
        status, 401,
        "a rewrite into /admin passes admin's middleware"
    );
    let (_, _, body) = call(&app, Method::GET, "/old-admin", AUTH).await;
    assert_eq!(body, "proxy,root,admin");
    // It runs for paths no route serves too.
    let (status, headers, _) = call(&app, Method::GET, "/nope", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(headers["x-proxy"], "1");
    assert!(
        headers.get("x-root").is_none(),
        "no folder middleware for a 404"
    );
}

#[tokio::test]
async fn cors_layer_applies_to_api_only() {
    let app = app();
    let origin = ("origin", "https://app.example");
    // A preflight for a PUT with a JSON body and credentials.
    let (status, headers, _) = call(
        &app,
        Method::OPTIONS,
        "/api/items",
        &[
            origin,
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "content-type"),
        ],
    )
    .await;
    assert!(status.is_success(), "{status}");
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example"
    );
    assert_eq!(headers["access-control-allow-credentials"], "true");
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(
        methods.contains("PUT") && methods.contains("GET"),
        "{methods}"
    );
    let (status, headers, body) = call(&app, Method::GET, "/api/items", &[origin]).await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "items"));
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example"
    );
    // Outside /api: no CORS headers, so a browser blocks the call.
    let (status, headers, _) = call(&app, Method::GET, "/public", &[origin]).await;
    assert_eq!(status, 200);
    assert!(headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn static_routes_prerender_without_middleware_and_serve_through_it() {
    let app = app();
    route_runtime::prerender(app.clone())
        .await
        .expect("prerender");
    // Rendered once at startup, without any middleware or proxy (as `next
    // build` does); every request still passes them.
    let (status, headers, body) = call(&app, Method::GET, "/cached", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body, "rendered []");
    assert_eq!(headers["x-root"], "1");
    assert_eq!(headers["x-proxy"], "1");
}

#[tokio::test]
async fn trees_with_middleware_nest() {
    let app: Router = Router::new().nest("/v1", app());
    let (status, _, _) = call(&app, Method::GET, "/v1/admin", &[]).await;
    assert_eq!(status, 401);
    let (_, _, body) = call(&app, Method::GET, "/v1/admin", AUTH).await;
    assert_eq!(body, "proxy,root,admin");
    let (_, _, body) = call(&app, Method::GET, "/v1/cart", &[]).await;
    assert_eq!(body, "proxy,root,shop");
}

#[tokio::test]
async fn a_panicking_middleware_is_a_500_and_the_tree_keeps_serving() {
    let app = app();
    let (status, _, _) = call(&app, Method::GET, "/panics", &[("x-panic", "1")]).await;
    assert_eq!(status, 500);
    let (status, _, body) = call(&app, Method::GET, "/panics", &[]).await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "calm"));
}

#[test]
fn the_route_table_names_each_routes_middleware_chain() {
    let (_app, manifest): (Router<ShopState>, _) =
        route_runtime::routes!("../fixtures/middleware", manifest);
    let json = manifest.to_json();
    assert_eq!(json["proxy"], "../fixtures/middleware/proxy.rs");
    let route = |name: &str| {
        json["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == name)
            .unwrap_or_else(|| panic!("{name} in {json}"))
            .clone()
    };
    let user = route("/admin/users/[id]");
    assert_eq!(
        user["middleware"],
        serde_json::json!([
            "../fixtures/middleware/middleware.rs",
            "../fixtures/middleware/admin/middleware.rs"
        ])
    );
    assert_eq!(
        user["params"],
        serde_json::json!([{ "name": "id", "type": "String" }])
    );
    assert_eq!(user["methods"], serde_json::json!(["DELETE", "GET"]));
    assert_eq!(
        route("/public")["middleware"],
        serde_json::json!(["../fixtures/middleware/middleware.rs"])
    );
    let cart = route("/cart");
    assert_eq!(
        cart["middleware"][1],
        "../fixtures/middleware/(shop)/middleware.rs"
    );
    let cached = route("/cached");
    assert_eq!(cached["static"], true);
    assert_eq!(cached["config"]["dynamic"], "force-static");
}
