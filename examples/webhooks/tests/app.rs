//! The webhook endpoint through a real router, driven with `oneshot`.

use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use tower::ServiceExt;
use webhooks::{sign, Purge, WebhookState};

const SECRET: &str = "It's a Secret to Everybody";
const PUSH: &str = r#"{"ref":"refs/heads/main","repository":{"full_name":"octo/site"}}"#;

async fn deliver(
    state: &WebhookState,
    event: &str,
    signature: Option<&str>,
    body: &str,
) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/webhooks/github")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-github-event", event);
    if let Some(signature) = signature {
        req = req.header("x-hub-signature-256", signature);
    }
    let res = webhooks::app(state.clone())
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn signed_push_succeeds_and_purges_the_repository() {
    let state = WebhookState::new(SECRET);
    let signature = sign(SECRET.as_bytes(), PUSH.as_bytes());
    let (status, body) = deliver(&state, "push", Some(&signature), PUSH).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "Success!");
    assert_eq!(
        state.purged(),
        [Purge {
            tags: vec!["repo:octo/site".into()],
            paths: vec!["/".into(), "/repos/octo/site".into()],
        }]
    );
}

#[tokio::test]
async fn other_events_succeed_without_purging() {
    let state = WebhookState::new(SECRET);
    let body = r#"{"zen":"Keep it logically awesome."}"#;
    let signature = sign(SECRET.as_bytes(), body.as_bytes());
    let (status, text) = deliver(&state, "ping", Some(&signature), body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, "Success!");
    assert!(state.purged().is_empty());
}

#[tokio::test]
async fn bad_or_missing_signatures_are_400_with_the_reason() {
    let state = WebhookState::new(SECRET);
    let good = sign(SECRET.as_bytes(), PUSH.as_bytes());
    let other_secret = sign(b"wrong secret", PUSH.as_bytes());
    let other_body = sign(SECRET.as_bytes(), b"{}");
    let uppercase = good.to_uppercase().replace("SHA256=", "sha256=");
    let cases: &[(Option<&str>, &str)] = &[
        (None, "Webhook error: missing X-Hub-Signature-256 header"),
        (
            Some(""),
            "Webhook error: malformed X-Hub-Signature-256 header: expected sha256=<64 hex digits>",
        ),
        (
            Some("sha1=abcdef"),
            "Webhook error: malformed X-Hub-Signature-256 header: expected sha256=<64 hex digits>",
        ),
        (
            Some("sha256=not-hex"),
            "Webhook error: malformed X-Hub-Signature-256 header: expected sha256=<64 hex digits>",
        ),
        (
            Some("sha256=abcd"),
            "Webhook error: malformed X-Hub-Signature-256 header: expected sha256=<64 hex digits>",
        ),
        (
            Some(&other_secret),
            "Webhook error: signature does not match the payload",
        ),
        (
            Some(&other_body),
            "Webhook error: signature does not match the payload",
        ),
    ];
    for (signature, reason) in cases {
        let (status, body) = deliver(&state, "push", *signature, PUSH).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{signature:?}");
        assert_eq!(body, *reason, "{signature:?}");
    }
    // Hex digits are case-insensitive.
    let (status, _) = deliver(&state, "push", Some(&uppercase), PUSH).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state.purged().len(), 1, "only the valid delivery purged");
}

#[tokio::test]
async fn a_tampered_body_is_refused() {
    let state = WebhookState::new(SECRET);
    let signature = sign(SECRET.as_bytes(), PUSH.as_bytes());
    let tampered = PUSH.replace("octo/site", "evil/site");
    let (status, body) = deliver(&state, "push", Some(&signature), &tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, "Webhook error: signature does not match the payload");
    assert!(state.purged().is_empty());
}

#[tokio::test]
async fn signed_but_not_json_is_400() {
    let state = WebhookState::new(SECRET);
    let body = "not json";
    let signature = sign(SECRET.as_bytes(), body.as_bytes());
    let (status, text) = deliver(&state, "push", Some(&signature), body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        text.starts_with("Webhook error: payload is not JSON"),
        "{text}"
    );
    assert!(state.purged().is_empty());
}

async fn page(state: &WebhookState, uri: &str) -> serde_json::Value {
    let req = Request::get(uri).body(Body::empty()).unwrap();
    let res = webhooks::app(state.clone()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_push_purges_the_cached_repository_page() {
    let state = WebhookState::new(SECRET);
    let first = page(&state, "/repos/octo/site").await;
    let again = page(&state, "/repos/octo/site").await;
    assert_eq!(first["render"], again["render"], "served from the cache");

    let signature = sign(SECRET.as_bytes(), PUSH.as_bytes());
    let (status, _) = deliver(&state, "push", Some(&signature), PUSH).await;
    assert_eq!(status, StatusCode::OK);

    let fresh = page(&state, "/repos/octo/site").await;
    assert_ne!(
        fresh["render"], first["render"],
        "rendered again after the purge"
    );
    assert_eq!(fresh["repo"], "octo/site");
}
