//! Two `routes!` trees in one router through `route_runtime::merge!`: each
//! keeps its own 405, automatic OPTIONS and path checks, both are
//! prerendered, and the one fallback redirects for both.

use std::sync::atomic::Ordering;

use route_runtime::axum::http::{header, Method, StatusCode};
use route_runtime::axum::Router;
use route_tests::{get, send};

route_runtime::routes!(mod shop = "../fixtures/merge/shop");
route_runtime::routes!(mod admin = "../fixtures/merge/admin");

fn app() -> Router {
    route_runtime::merge!(shop, admin)
}

#[tokio::test]
async fn both_trees_answer_with_their_own_methods() {
    let app = app();
    let (res, body) = get(&app, "/products/7").await;
    assert_eq!(
        (res.status(), body.as_str()),
        (StatusCode::OK, "shop product 7")
    );
    let (res, body) = send(&app, Method::PUT, "/products/7", "x").await;
    assert_eq!(
        (res.status(), body.as_str()),
        (StatusCode::OK, "shop put 7 x")
    );
    let (res, body) = send(&app, Method::DELETE, "/admin/users/a%2Fb", "").await;
    assert_eq!(
        (res.status(), body.as_str()),
        (StatusCode::OK, "admin deleted a/b")
    );

    // Each route's 405 and automatic OPTIONS name its own file's methods.
    for (uri, allow) in [
        ("/products/7", "GET, HEAD, OPTIONS, PUT"),
        ("/admin/users/7", "DELETE, GET, HEAD, OPTIONS"),
        ("/catalog", "GET, HEAD, OPTIONS"),
        ("/admin/stats", "GET, HEAD, OPTIONS"),
    ] {
        let (res, _) = send(&app, Method::PATCH, uri, "").await;
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        assert_eq!(res.headers()[header::ALLOW], allow, "{uri}");
        let (res, _) = send(&app, Method::OPTIONS, uri, "").await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{uri}");
        assert_eq!(res.headers()[header::ALLOW], allow, "{uri}");
    }
    let (res, _) = get(&app, "/nowhere").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_one_fallback_redirects_for_both_trees() {
    let app = app();
    for (uri, to) in [
        ("/products/7/", "/products/7"),
        ("/admin//users/7", "/admin/users/7"),
        ("/admin/x/../stats?a=1", "/admin/stats?a=1"),
        ("/catalog/.", "/catalog"),
    ] {
        let (res, _) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(res.headers()[header::LOCATION], to, "{uri}");
    }
    let (res, _) = get(&app, "/admin/users/%ff").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_static_routes_of_both_trees_are_prerendered() {
    let app = app();
    let shop = &shop::__route_0::route::RENDERS;
    let admin = &admin::__route_0::route::RENDERS;
    assert_eq!(route_runtime::prerender(app.clone()).await, Ok(2));
    assert_eq!(
        shop.load(Ordering::SeqCst),
        1,
        "shop's /catalog prerendered"
    );
    assert_eq!(
        admin.load(Ordering::SeqCst),
        1,
        "admin's /admin/stats prerendered"
    );

    // Served from the prerender, not rendered again.
    for (uri, tree) in [("/catalog", "shop"), ("/admin/stats", "admin")] {
        let (res, body) = get(&app, uri).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        let body: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(body["tree"], tree);
        assert_eq!(body["render"], 0, "{uri} served from the prerender");
    }
    assert_eq!(shop.load(Ordering::SeqCst), 1);
    assert_eq!(admin.load(Ordering::SeqCst), 1);
}

/// Without `merge!`, a tree's `routes()` merges into another tree's router
/// (whose fallback then serves both); its static routes are then rendered on
/// their first request rather than prerendered.
#[tokio::test]
async fn routes_merge_into_another_trees_router() {
    let app: Router = shop::router().merge(admin::routes());
    let (res, body) = get(&app, "/admin/users/3").await;
    assert_eq!(
        (res.status(), body.as_str()),
        (StatusCode::OK, "admin user 3")
    );
    let (res, _) = get(&app, "/admin/users/3/").await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
}
