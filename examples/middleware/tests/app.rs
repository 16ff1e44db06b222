//! The example's middleware, through its real router.

use http::{Method, Request, StatusCode};
use route_runtime::axum::body::Body;
use tower::ServiceExt;

fn app() -> route_runtime::Router {
    middleware::app(middleware::AppState {
        admin_token: "t0ken".into(),
    })
}

async fn send(
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let body = http_body_util::BodyExt::collect(body)
        .await
        .unwrap()
        .to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test]
async fn admin_needs_the_token_for_every_method() {
    for method in [
        Method::GET,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
        Method::POST,
    ] {
        let (status, _, _) = send(method.clone(), "/admin/stats", &[]).await;
        assert_eq!(status, 401, "{method}");
        let (status, _, _) = send(
            method.clone(),
            "/admin/stats",
            &[("authorization", "Bearer nope")],
        )
        .await;
        assert_eq!(status, 401, "{method}");
    }
    let (status, _, body) = send(
        Method::GET,
        "/admin/stats",
        &[("authorization", "Bearer t0ken")],
    )
    .await;
    assert_eq!((status.as_u16(), body.as_str()), (200, r#"{"users":42}"#));
    let (status, _, _) = send(
        Method::POST,
        "/admin/stats",
        &[("authorization", "Bearer t0ken")],
    )
    .await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn cors_on_api_only() {
    let origin = ("origin", "http://localhost:3001");
    let (status, headers, _) = send(
        Method::OPTIONS,
        "/api/items",
        &[
            origin,
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "content-type"),
        ],
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:3001"
    );
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(
        headers["access-control-allow-methods"],
        "GET, HEAD, OPTIONS, PUT"
    );
    let (_, headers, _) = send(Method::GET, "/api/events", &[origin]).await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:3001"
    );
    let (status, headers, body) = send(Method::GET, "/public", &[origin]).await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "public"));
    assert!(headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn proxy_redirects_rewrites_and_marks_every_answer() {
    let (status, headers, _) = send(Method::GET, "/old-public", &[]).await;
    assert_eq!(status, 308);
    assert_eq!(headers["location"], "/public");
    let (status, headers, body) = send(
        Method::GET,
        "/v0/items",
        &[("origin", "http://localhost:3001")],
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.as_str()),
        (200, r#"["apple","pear"]"#)
    );
    assert_eq!(
        headers["access-control-allow-origin"], "http://localhost:3001",
        "the rewritten route's middleware ran"
    );
    let (status, headers, _) = send(Method::GET, "/nope", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(headers["x-served-by"], "route-runtime");
}
