//! No request reaches a handler without passing the layers a user put around
//! the router: every dot-segment spelling of a guarded path (`/x/../users/9`,
//! `/x/%2e%2e/users/9`, `/./users/9`, ...) is answered 308 to the resolved
//! path or by the layer itself, never by the handler. Also under `nest`.

use route_runtime::axum::extract::Request;
use route_runtime::axum::http::{header, StatusCode};
use route_runtime::axum::middleware::{from_fn, Next};
use route_runtime::axum::response::{IntoResponse, Response};
use route_runtime::axum::Router;
use route_tests::get;

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

fn app() -> Router {
    route_runtime::routes!("../fixtures/app").with_state(AppState {
        greeting: "hi from state",
    })
}

/// 401 unless the request says `authorization: yes`.
async fn auth(req: Request, next: Next) -> Response {
    if req.headers().get(header::AUTHORIZATION).is_some() {
        next.run(req).await
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

/// 403 for every path under `/users` or `/v1/users` (a path-prefix guard, the
/// kind that `/x/../users` used to slip past).
async fn guard_users(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/users") || path.starts_with("/v1/users") {
        StatusCode::FORBIDDEN.into_response()
    } else {
        next.run(req).await
    }
}

/// Every dot-segment spelling of `target` (which starts with `/`), with what
/// it resolves to (always `target`).
fn dotted(target: &str) -> Vec<String> {
    let rest = &target[1..];
    let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let mut out = Vec::new();
    for dotdot in ["..", "%2e%2e", "%2E%2E", "%2e.", ".%2E", "%2E%2e"] {
        out.push(format!("/x/{dotdot}/{rest}"));
        out.push(format!("/nope/deeper/{dotdot}/{dotdot}/{rest}"));
        out.push(format!("/{dotdot}/{rest}"));
        out.push(format!("/{first}/y/{dotdot}/{tail}"));
        out.push(format!("{target}/z/{dotdot}"));
    }
    for dot in [".", "%2e", "%2E"] {
        out.push(format!("/{dot}/{rest}"));
        out.push(format!("/{first}/{dot}/{tail}"));
        out.push(format!("{target}/{dot}"));
    }
    out.retain(|p| !p.contains("//"));
    out
}

const TARGETS: [&str; 4] = ["/users/9", "/api/hello", "/blog/a/b", "/docs/a"];

/// What a browser sends for `path`: dot segments (also `%2e`) resolved.
fn resolved(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(1) {
        match seg.to_ascii_lowercase().as_str() {
            "." | "%2e" => {}
            ".." | "%2e%2e" | "%2e." | ".%2e" => {
                out.pop();
            }
            _ => out.push(seg),
        }
    }
    format!("/{}", out.join("/"))
}

#[tokio::test]
async fn route_layer_auth_sees_every_dot_segment_spelling() {
    let app = app().route_layer(from_fn(auth));
    for target in TARGETS {
        let (res, _) = get(&app, target).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{target}");
        for uri in dotted(target) {
            assert_eq!(resolved(&uri), target, "the test's own spelling {uri}");
            // Either the layer answers (the route matched, `route_layer`
            // ran first) or the router redirects; never the handler.
            let (res, _) = get(&app, &uri).await;
            let status = res.status();
            assert!(
                status == StatusCode::UNAUTHORIZED || status == StatusCode::PERMANENT_REDIRECT,
                "{uri}: {status}"
            );
            // Past the layer, the answer is still the redirect.
            let req = Request::builder()
                .uri(&uri)
                .header(header::AUTHORIZATION, "yes")
                .body(route_runtime::axum::body::Body::empty())
                .unwrap_or_default();
            let res = tower::ServiceExt::oneshot(app.clone(), req).await;
            let res = res.unwrap_or_else(|never| match never {});
            assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
            assert_eq!(res.headers()[header::LOCATION], target, "{uri}");
        }
    }
}

#[tokio::test]
async fn path_prefix_layer_sees_every_dot_segment_spelling() {
    let app = app().layer(from_fn(guard_users));
    let (res, _) = get(&app, "/users/9").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for uri in dotted("/users/9") {
        let (res, body) = get(&app, &uri).await;
        let status = res.status();
        assert!(
            status == StatusCode::PERMANENT_REDIRECT || status == StatusCode::FORBIDDEN,
            "{uri}: {status} {body}"
        );
        if status == StatusCode::PERMANENT_REDIRECT {
            assert_eq!(res.headers()[header::LOCATION], "/users/9", "{uri}");
        }
    }
    // Its siblings are served.
    let (res, _) = get(&app, "/api/hello").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn under_nest_the_redirect_is_the_resolved_full_path() {
    let nested = Router::new().nest("/v1", app());
    let guarded = nested.clone().layer(from_fn(guard_users));
    let (res, _) = get(&nested, "/v1/users/9").await;
    assert_eq!(res.status(), StatusCode::OK);
    for uri in dotted("/users/9") {
        let uri = format!("/v1{uri}");
        for app in [&nested, &guarded] {
            let (res, body) = get(app, &uri).await;
            if res.status() == StatusCode::NOT_FOUND && !resolved(&uri).starts_with("/v1/") {
                continue; // climbed out of the mount: not this router's path
            }
            let status = res.status();
            if status == StatusCode::FORBIDDEN {
                continue;
            }
            assert_eq!(status, StatusCode::PERMANENT_REDIRECT, "{uri}: {body}");
            let to = res.headers()[header::LOCATION].to_str().unwrap_or("");
            assert_eq!(to, resolved(&uri), "{uri}");
        }
    }
    // Climbing out of the mount resolves outside it, as a browser would.
    let (res, _) = get(&nested, "/v1/../users/9").await;
    assert!(
        res.status() == StatusCode::NOT_FOUND
            || res.headers().get(header::LOCATION).map(|v| v.as_bytes()) == Some(b"/users/9"),
        "{:?}",
        res.status()
    );
    let (res, _) = get(&nested, "/v1/x/../../users/9").await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(res.headers()[header::LOCATION], "/users/9");
}

#[tokio::test]
async fn the_query_is_kept() {
    let app = app().route_layer(from_fn(auth));
    let (res, _) = get(&app, "/x/%2e%2e/users/9?a=1&b=%20").await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(res.headers()[header::LOCATION], "/users/9?a=1&b=%20");
}
