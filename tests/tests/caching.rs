//! Route segment config through `routes!`: force-static, revalidate (SWR),
//! generate_static_params with DYNAMIC_PARAMS = false, a config a POST export
//! turns off, MAX_DURATION, and the manifest. Time is tokio's paused clock.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use route_runtime::axum::http::{header, Method, StatusCode};
use route_runtime::axum::Router;
use route_tests::{get, send};
use serde_json::Value;

static RENDERS: AtomicU64 = AtomicU64::new(0);

/// A number that changes on every render (the fixtures' "timestamp").
pub fn next_render() -> u64 {
    RENDERS.fetch_add(1, Ordering::SeqCst)
}

// The fixture's force-static-with-post route warns (its config has no
// effect); that warning is the point of the route, so it is allowed here.
#[allow(deprecated)]
fn app() -> (Router, route_runtime::Manifest) {
    let (app, manifest) = route_runtime::routes!("../fixtures/cache", manifest);
    (app, manifest)
}

async fn render_of(app: &Router, uri: &str) -> (StatusCode, Option<String>, Value) {
    let (res, body) = get(app, uri).await;
    let cc = res
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_string());
    (
        res.status(),
        cc,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

#[tokio::test(start_paused = true)]
async fn segment_config_caches_like_next() {
    let (app, manifest) = app();
    // Every static route renders before serving; the `Dynamic::Error` one
    // that reads `headers()` fails there, naming its path.
    let err = route_runtime::prerender(app.clone())
        .await
        .expect_err("error-reads must fail");
    assert_eq!(err.failures.len(), 1, "{err}");
    assert_eq!(err.failures[0].0, "/error-reads");
    assert_eq!(err.failures[0].1, StatusCode::INTERNAL_SERVER_ERROR);

    // revalidate = 2: stale-while-revalidate.
    let (_, cc, r1) = render_of(&app, "/revalidate").await;
    assert_eq!(
        cc.as_deref(),
        Some("s-maxage=2, stale-while-revalidate=31535998")
    );
    tokio::time::advance(Duration::from_millis(2500)).await;
    let (_, _, stale) = render_of(&app, "/revalidate").await;
    assert_eq!(
        stale["render"], r1["render"],
        "the first request after the window gets the old body"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, _, fresh) = render_of(&app, "/revalidate").await;
    assert!(
        fresh["render"].as_u64() > r1["render"].as_u64(),
        "then the regenerated one"
    );
    let (_, _, hit) = render_of(&app, "/revalidate").await;
    assert_eq!(hit["render"], fresh["render"]);

    // force-static: rendered once, served forever, no query or headers seen.
    let (status, cc, first) = render_of(&app, "/force-static").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cc.as_deref(), Some("s-maxage=31536000"));
    assert_eq!(first["search"], "");
    assert_eq!(first["ua"], Value::Null);
    tokio::time::advance(Duration::from_secs(3600 * 24 * 400)).await;
    let (_, _, again) = render_of(&app, "/force-static?q=1").await;
    assert_eq!(again["render"], first["render"]);
    let (res, body) = send(&app, Method::HEAD, "/force-static", "").await;
    assert_eq!((res.status(), body.as_str()), (StatusCode::OK, ""));

    // generate_static_params + DYNAMIC_PARAMS = false.
    let (status, cc, p1) = render_of(&app, "/products/1").await;
    assert_eq!(
        (status, cc.as_deref()),
        (StatusCode::OK, Some("s-maxage=31536000"))
    );
    assert_eq!(p1["pid"], "1");
    let (status, _, p2) = render_of(&app, "/products/a%20b").await;
    assert_eq!((status, p2["pid"].as_str()), (StatusCode::OK, Some("a b")));
    let (status, _, _) = render_of(&app, "/products/3").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // force-static in a file that also exports POST: dynamic, as in Next.
    let (_, cc, a) = render_of(&app, "/force-static-with-post?q=1").await;
    assert_eq!(a["search"], "", "GET still sees the stripped request");
    let (_, _, b) = render_of(&app, "/force-static-with-post").await;
    assert_eq!(cc, None);
    assert_ne!(a["render"], b["render"]);

    // The default: dynamic, no Cache-Control.
    let (_, cc, a) = render_of(&app, "/default").await;
    let (_, _, b) = render_of(&app, "/default").await;
    assert_eq!(cc, None);
    assert_ne!(a["render"], b["render"]);

    // A cached route answers other methods like any route.
    let (res, _) = send(&app, Method::POST, "/force-static", "").await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, OPTIONS");

    // The manifest says which is which, like `next build`.
    let table = manifest.to_string();
    for line in [
        "○ /force-static",
        "○ /revalidate",
        "○ /products/[pid]",
        "ƒ /force-static-with-post",
        "ƒ /default",
    ] {
        assert!(table.contains(line), "missing {line:?} in\n{table}");
    }
    assert!(manifest.get("/revalidate").is_some_and(|r| r.is_static));
}

#[tokio::test(start_paused = true)]
async fn max_duration_is_a_504() {
    let (app, _) = app();
    let (res, _) = get(&app, "/slow").await;
    assert_eq!(res.status(), StatusCode::GATEWAY_TIMEOUT);
}

/// Two trees in one app, each nested: each is prerendered under its mount
/// (asked through the router: no process-global registry), and keeps its own
/// 405 and automatic OPTIONS.
#[tokio::test(start_paused = true)]
#[allow(deprecated)]
async fn two_nested_trees_keep_their_own_prerender_405_and_options() {
    let (x, _) = route_runtime::routes!("../fixtures/cache", manifest);
    let (y, _) = route_runtime::routes!("../fixtures/cache", manifest);
    let app: Router = Router::new().nest("/x", x).nest("/y", y);

    let err = route_runtime::prerender_nested(app.clone(), &["/x", "/y"])
        .await
        .expect_err("error-reads must fail in both trees");
    let mut failed: Vec<&str> = err.failures.iter().map(|f| f.0.as_str()).collect();
    failed.sort_unstable();
    assert_eq!(failed, ["/x/error-reads", "/y/error-reads"]);

    // Rendered by the prerender, before this request: an older render.
    for mount in ["/x", "/y"] {
        let before = RENDERS.load(Ordering::SeqCst);
        let (status, _, body) = render_of(&app, &format!("{mount}/force-static")).await;
        assert_eq!(status, StatusCode::OK);
        let render = body["render"].as_u64().expect("a render number");
        assert!(
            render < before,
            "{mount}: rendered at start-up ({render} < {before})"
        );
    }
    // Nothing found at a mount with no tree.
    assert_eq!(
        route_runtime::prerender_nested(app.clone(), &["/none"]).await,
        Ok(0)
    );

    for mount in ["/x", "/y"] {
        let uri = format!("{mount}/force-static");
        let (res, _) = send(&app, Method::DELETE, &uri, "").await;
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, OPTIONS", "{uri}");
        let (res, _) = send(&app, Method::OPTIONS, &uri, "").await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{uri}");
        assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, OPTIONS", "{uri}");
    }
}
