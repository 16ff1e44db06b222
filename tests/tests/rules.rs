//! The manifest and the runtime agree on every segment config.
//!
//! `fixtures/rules/` (written by `scripts/gen-rules-fixtures`) holds one
//! route file per combination of `DYNAMIC` (unset, `Auto`, `ForceDynamic`,
//! `Error`, `ForceStatic`), `REVALIDATE` (unset, `Never`, `Seconds(0)`,
//! `Seconds(60)`), `DYNAMIC_PARAMS` (unset, `true`, `false`),
//! `generate_static_params` (absent, present: listing `id = 1`) and a `POST`
//! export. For each route, what `routes!(…, manifest)` reports (`○` or `ƒ`) is
//! checked against what the router does: a static route is prerendered and its
//! GET answered from the cache with Next's `Cache-Control`; a dynamic one runs
//! its handler on every request, without that header; with
//! `DYNAMIC_PARAMS = false` a param `generate_static_params` does not list is a
//! `404`, whatever else the file says.

use std::sync::atomic::{AtomicU64, Ordering};

use route_runtime::axum::http::{header, StatusCode};
use route_runtime::axum::Router;
use route_runtime::cache::{Dynamic, Revalidate};
use route_runtime::RouteInfo;
use route_tests::get;
use serde_json::Value;

static RENDERS: AtomicU64 = AtomicU64::new(0);

/// A number that changes on every render of any fixture route.
pub fn next_render() -> u64 {
    RENDERS.fetch_add(1, Ordering::SeqCst)
}

// The routes that ask for caching and export POST warn that the config has
// no effect: the fixtures cover that case on purpose.
#[allow(deprecated)]
fn app() -> (Router, route_runtime::Manifest) {
    route_runtime::routes!("../fixtures/rules", manifest)
}

/// What one GET saw.
struct Seen {
    status: StatusCode,
    cache_control: Option<String>,
    render: Option<u64>,
}

async fn seen(app: &Router, uri: &str) -> Seen {
    let (res, body) = get(app, uri).await;
    let json: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    Seen {
        status: res.status(),
        cache_control: res
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().expect("ascii").to_owned()),
        render: json["render"].as_u64(),
    }
}

/// The request path of `info` with `id` for its param, if it has one.
fn path(info: &RouteInfo, id: &str) -> String {
    info.route.replace("[id]", id)
}

/// Checks one route; returns what disagreed, if anything.
async fn check(app: &Router, info: &RouteInfo) -> Vec<String> {
    let mut wrong = Vec::new();
    let name = info.route;
    let has_params = !info.params.is_empty();
    let restricted = has_params && !info.config.dynamic_params;
    let listed = path(info, "1");
    let first = seen(app, &listed).await;
    let second = seen(app, &listed).await;
    if restricted && !info.config.has_static_params {
        // Nothing is listed: every param is unknown.
        for s in [&first, &second] {
            if s.status != StatusCode::NOT_FOUND {
                wrong.push(format!(
                    "{name}: nothing listed, DYNAMIC_PARAMS = false, got {}",
                    s.status
                ));
            }
        }
    } else {
        for s in [&first, &second] {
            if s.status != StatusCode::OK {
                wrong.push(format!("{name}: GET {listed} is {}", s.status));
            }
        }
        let cached = first.render.is_some() && first.render == second.render;
        if cached != info.is_static {
            wrong.push(format!(
                "{name}: manifest says {}, but a second GET was {}",
                if info.is_static { "static" } else { "dynamic" },
                if cached {
                    "served from the cache"
                } else {
                    "rendered again"
                },
            ));
        }
        if first.cache_control.is_some() != info.is_static {
            wrong.push(format!(
                "{name}: manifest says static = {}, Cache-Control is {:?}",
                info.is_static, first.cache_control
            ));
        }
    }
    if has_params {
        let unlisted = seen(app, &path(info, "2")).await;
        let want = if restricted {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        if unlisted.status != want {
            wrong.push(format!(
                "{name}: DYNAMIC_PARAMS = {}, unlisted param got {} (want {want})",
                info.config.dynamic_params, unlisted.status
            ));
        }
    }
    wrong
}

/// Next's rules, stated once more by hand for the combinations whose answer
/// is not in doubt, so that the two sides cannot agree on a wrong answer.
fn next_says_static(info: &RouteInfo) -> bool {
    let c = &info.config;
    let post = info.methods.contains(&"POST");
    if post || c.dynamic == Dynamic::ForceDynamic || c.revalidate == Revalidate::Seconds(0) {
        return false; // a POST export, force-dynamic, revalidate = 0: ƒ
    }
    if matches!(c.dynamic, Dynamic::ForceStatic | Dynamic::Error) {
        return true;
    }
    if c.revalidate == Revalidate::Seconds(60) || c.has_static_params {
        return true;
    }
    false // auto, no revalidate, nothing listed: a route handler is dynamic
}

#[tokio::test]
async fn manifest_and_runtime_agree_on_every_config() {
    let (app, manifest) = app();
    let mut wrong = Vec::new();
    if manifest.routes.len() != 280 {
        wrong.push(format!(
            "{} routes, want 280: one per combination",
            manifest.routes.len()
        ));
    }
    route_runtime::prerender(app.clone())
        .await
        .expect("every static fixture renders");
    for info in manifest.routes {
        if next_says_static(info) != info.is_static {
            wrong.push(format!(
                "{}: manifest says static = {}",
                info.route, info.is_static
            ));
        }
        wrong.extend(check(&app, info).await);
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn prerendered_routes_are_hits_from_the_first_request() {
    let (app, manifest) = app();
    route_runtime::prerender(app.clone())
        .await
        .expect("every static fixture renders");
    for info in manifest.static_routes() {
        if !info.params.is_empty() && !info.config.has_static_params {
            continue; // nothing to prerender
        }
        let before = RENDERS.load(Ordering::SeqCst);
        let s = seen(&app, &path(info, "1")).await;
        assert_eq!(s.status, StatusCode::OK, "{}", info.route);
        assert!(
            s.render.is_some_and(|r| r < before),
            "{}: static, yet rendered on the first request after prerender",
            info.route
        );
    }
}
