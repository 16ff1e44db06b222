//! Cookie formatting against the strings Next.js sends, the merge rules, and
//! the request-scoped store through a real axum router.

use axum::Router;
use axum::body::Body;
use axum::response::IntoResponse;
use axum::routing::get;
use cookie::time::OffsetDateTime;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, Request};
use tower::ServiceExt;

use super::*;
use crate::Response;

fn y2030() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap()
}

fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Replaces the `Expires=` of a cookie set with a max-age, which is now-based.
fn volatile(s: &str) -> String {
    match s.find("; Expires=") {
        Some(i) if s.contains("Max-Age=") => {
            let rest = &s[i + 2..];
            let end = rest.find("; ").map_or(s.len(), |j| i + 2 + j);
            format!("{}; Expires=<volatile>{}", &s[..i], &s[end..])
        }
        _ => s.to_owned(),
    }
}

#[test]
fn formats_like_nextjs_cookies_set() {
    let cases = [
        (SetCookie::new("b", "1"), "b=1; Path=/"),
        (
            SetCookie::new("prefs", "dark mode;=")
                .path("/cookies")
                .same_site(SameSite::Strict)
                .expires(y2030())
                .domain("example.com"),
            "prefs=dark%20mode%3B%3D; Path=/cookies; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Domain=example.com; SameSite=strict",
        ),
        (
            SetCookie::new("none", "x")
                .same_site(SameSite::None)
                .secure(true)
                .partitioned(true)
                .priority(Priority::High),
            "none=x; Path=/; Secure; SameSite=none; Partitioned; Priority=high",
        ),
        (
            SetCookie::removal("c"),
            "c=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ),
        (
            SetCookie::new("posted", "yes").http_only(true),
            "posted=yes; Path=/; HttpOnly",
        ),
        (
            SetCookie::new("u", "é€ *'()!~-_."),
            "u=%C3%A9%E2%82%AC%20*'()!~-_.; Path=/",
        ),
    ];
    for (cookie, expected) in cases {
        assert_eq!(cookie.normalized().to_string(), expected);
    }
}

#[test]
fn max_age_also_sets_expires() {
    let before = OffsetDateTime::now_utc().unix_timestamp();
    let c = SetCookie::new("session", "abc123")
        .http_only(true)
        .max_age(3600)
        .path("/")
        .same_site(SameSite::Lax)
        .secure(true)
        .normalized();
    assert_eq!(
        volatile(&c.to_string()),
        "session=abc123; Path=/; Expires=<volatile>; Max-Age=3600; Secure; HttpOnly; SameSite=lax"
    );
    let expires = c.expires_at().unwrap().unix_timestamp();
    assert!(
        expires >= before + 3600 && expires <= OffsetDateTime::now_utc().unix_timestamp() + 3600
    );
    // Max-Age=0 writes no Expires, as `if (cookie.maxAge)` in Next.js
    assert_eq!(
        SetCookie::new("a", "1").max_age(0).normalized().to_string(),
        "a=1; Path=/; Max-Age=0"
    );
}

#[test]
fn rejects_header_injection() {
    for name in [
        "",
        "a b",
        "a;b",
        "a\r\nSet-Cookie: x",
        "a=b",
        "caf\u{e9}",
        "a\tb",
    ] {
        assert!(SetCookie::new(name, "1").validate().is_err(), "{name:?}");
    }
    assert!(
        SetCookie::new("a", "1")
            .domain("x.com\r\nX: y")
            .validate()
            .is_err()
    );
    assert!(
        SetCookie::new("a", "1")
            .path("/a;Secure")
            .validate()
            .is_err()
    );
    // values are encoded, so anything is fine
    let c = SetCookie::new("a", "\r\n;\0");
    assert!(c.validate().is_ok());
    assert_eq!(c.to_string(), "a=%0D%0A%3B%00");
}

#[test]
fn serializes_like_the_js_object() {
    let c = SetCookie::new("token", "abc").path("/");
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        serde_json::json!({"name": "token", "value": "abc", "path": "/"})
    );
    let c = SetCookie::new("a", "1")
        .expires(y2030())
        .http_only(true)
        .same_site(SameSite::Lax);
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        serde_json::json!({"name": "a", "value": "1", "expires": "2030-01-01T00:00:00.000Z", "httpOnly": true, "sameSite": "lax"})
    );
}

#[test]
fn merge_response_first_then_store_and_response_wins() {
    let mut headers = HeaderMap::new();
    headers.append(SET_COOKIE, "fromResponse=2; Path=/".parse().unwrap());
    headers.append(SET_COOKIE, "fromResponse2=3".parse().unwrap());
    headers.append(SET_COOKIE, "same=response".parse().unwrap());
    headers.append(SET_COOKIE, "not a cookie".parse().unwrap());
    let store = vec![
        SetCookie::new("fromStore", "1").normalized(),
        SetCookie::new("same", "store").normalized(),
    ];
    merge_set_cookies(&mut headers, store, Precedence::Existing);
    assert_eq!(
        set_cookies(&headers),
        [
            "fromResponse=2; Path=/",
            "fromResponse2=3; Path=/",
            "same=response; Path=/",
            "not a cookie",
            "fromStore=1; Path=/"
        ]
    );

    let mut headers = HeaderMap::new();
    headers.append(SET_COOKIE, "same=response; HttpOnly".parse().unwrap());
    merge_set_cookies(
        &mut headers,
        vec![SetCookie::new("same", "new").normalized()],
        Precedence::New,
    );
    assert_eq!(set_cookies(&headers), ["same=new; Path=/"]);
}

/// A router whose handlers run inside `scope`, as generated handlers do.
fn app() -> Router {
    async fn scoped<F, R>(req: Request<Body>, f: F) -> axum::response::Response
    where
        F: FnOnce() -> R,
        R: std::future::Future<Output = axum::response::Response>,
    {
        scope(req.headers().clone(), None, f()).await
    }
    Router::new()
        .route(
            "/cookies/set",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let store = cookies().unwrap();
                    store.set("b", "1").unwrap();
                    store
                        .set_with(SetCookie::new("none", "x").same_site(SameSite::None).secure(true).partitioned(true).priority(Priority::High))
                        .unwrap();
                    store.set("dup", "first").unwrap();
                    store.set("dup", "second").unwrap();
                    let err = store.set("bad name", "x").unwrap_err();
                    assert!(err.to_string().contains("invalid cookie name"));
                    Response::json(&serde_json::json!({"ok": true})).into_response()
                })
            })
            .post(|req: Request<Body>| {
                scoped(req, || async {
                    cookies().unwrap().set_with(SetCookie::new("posted", "yes").http_only(true)).unwrap();
                    Response::empty(204).into_response()
                })
            }),
        )
        .route(
            "/cookies/read",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let store = cookies().unwrap();
                    let all: Vec<_> = store.get_all().iter().map(|c| [c.name().to_owned(), c.value().to_owned()]).collect();
                    Response::json(&serde_json::json!({"token": store.get("token"), "has": store.has("token"), "all": all}))
                        .into_response()
                })
            }),
        )
        .route(
            "/cookies/delete",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let store = cookies().unwrap();
                    let before = store.has("c");
                    store.delete("c").unwrap();
                    let after = store.has("c");
                    Response::json(&serde_json::json!({"before": before, "after": after, "value": store.get("c").map(|c| c.value().to_owned())}))
                        .into_response()
                })
            }),
        )
        .route(
            "/cookies/merge",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    cookies().unwrap().set("fromStore", "1").unwrap();
                    Response::text("merged")
                        .append_header("set-cookie", "fromResponse=2; Path=/")
                        .append_header("set-cookie", "fromResponse2=3")
                        .into_response()
                })
            }),
        )
        .route(
            "/cookies/response-header",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let token = cookies().unwrap().get("token").map(|c| c.value().to_owned());
                    Response::text("Hello, Next.js!")
                        .header("set-cookie", format!("token={}", token.as_deref().unwrap_or("none")))
                        .into_response()
                })
            }),
        )
        .route(
            "/headers",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let h = headers().unwrap();
                    Response::json(&serde_json::json!({"custom": h.get("X-Custom"), "referer": h.get("referer"), "has": h.has("x-custom")}))
                        .into_response()
                })
            }),
        )
        .route(
            "/headers/fetch",
            get(|req: Request<Body>| async move {
                let map = req.headers().clone();
                let req = crate::Request::from(req);
                scope(map, None, async move {
                    let h = headers().unwrap();
                    let names = ["accept", "cookie", "set-cookie", "x-name", "x-empty", "x-absent"];
                    let fetch: serde_json::Map<_, _> = names.iter().map(|n| (n.to_string(), h.get(n).into())).collect();
                    let request: serde_json::Map<_, _> = names.iter().map(|n| (n.to_string(), req.header(n).into())).collect();
                    let cookies: Vec<_> = cookies().unwrap().get_all().iter().map(|c| [c.name().to_owned(), c.value().to_owned()]).collect();
                    Response::json(&serde_json::json!({
                        "fetch": fetch, "request": request, "cookies": cookies, "set_cookie": h.get_set_cookie(),
                    }))
                    .into_response()
                })
                .await
            }),
        )
        .route(
            "/cookies/delete-all",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let store = cookies().unwrap();
                    for c in store.get_all() {
                        store.delete(c.name()).unwrap();
                    }
                    Response::empty(204).into_response()
                })
            }),
        )
        .route(
            "/late",
            get(|req: Request<Body>| {
                scoped(req, || async {
                    let store = cookies().unwrap();
                    // keep a handle past the response, as a spawned task might
                    tokio::spawn(async move {
                        tokio::task::yield_now().await;
                        store
                    });
                    Response::empty(204).into_response()
                })
            }),
        )
}

async fn call(
    method: &str,
    uri: &str,
    cookie: Option<&str>,
) -> (http::response::Parts, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(cookie) = cookie {
        req = req.header(COOKIE, cookie);
    }
    let req = req.header("x-custom", "v1").body(Body::empty()).unwrap();
    let res = app().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::String(
        String::from_utf8_lossy(&bytes).into_owned(),
    ));
    (parts, json)
}

#[tokio::test]
async fn store_set_matches_golden() {
    let (parts, body) = call("GET", "/cookies/set", None).await;
    assert_eq!(body, serde_json::json!({"ok": true}));
    assert_eq!(
        set_cookies(&parts.headers),
        [
            "b=1; Path=/",
            "none=x; Path=/; Secure; SameSite=none; Partitioned; Priority=high",
            "dup=second; Path=/"
        ]
    );
    let (parts, _) = call("POST", "/cookies/set", None).await;
    assert_eq!(parts.status, 204);
    assert_eq!(
        set_cookies(&parts.headers),
        ["posted=yes; Path=/; HttpOnly"]
    );
}

#[tokio::test]
async fn store_reads_request_cookies() {
    let (_, body) = call(
        "GET",
        "/cookies/read",
        Some("token=hello%20world%3B; q=\"quoted\""),
    )
    .await;
    assert_eq!(
        body,
        serde_json::json!({"token": {"name": "token", "value": "hello world;", "path": "/"}, "has": true,
                           "all": [["token", "hello world;"], ["q", "\"quoted\""]]})
    );
    let (parts, body) = call("GET", "/cookies/read", None).await;
    assert_eq!(
        body,
        serde_json::json!({"token": null, "has": false, "all": []})
    );
    assert!(parts.headers.get(SET_COOKIE).is_none());
}

#[tokio::test]
async fn store_delete_keeps_has() {
    for cookie in [Some("c=1"), None] {
        let (parts, body) = call("GET", "/cookies/delete", cookie).await;
        assert_eq!(
            body,
            serde_json::json!({"before": cookie.is_some(), "after": true, "value": ""})
        );
        assert_eq!(
            set_cookies(&parts.headers),
            ["c=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]
        );
    }
}

#[tokio::test]
async fn store_merges_after_response_cookies() {
    let (_, _) = call("GET", "/cookies/merge", None).await;
    let (parts, body) = call("GET", "/cookies/merge", None).await;
    assert_eq!(body, "merged");
    assert_eq!(
        set_cookies(&parts.headers),
        [
            "fromResponse=2; Path=/",
            "fromResponse2=3; Path=/",
            "fromStore=1; Path=/"
        ]
    );
    // no store cookie: the raw header passes through verbatim
    let (parts, _) = call("GET", "/cookies/response-header", Some("token=xyz")).await;
    assert_eq!(set_cookies(&parts.headers), ["token=xyz"]);
}

#[tokio::test]
async fn headers_are_case_insensitive_and_null_when_absent() {
    let (_, body) = call("GET", "/headers", None).await;
    assert_eq!(
        body,
        serde_json::json!({"custom": "v1", "referer": null, "has": true})
    );
}

#[tokio::test]
async fn outside_a_request_is_an_error_not_a_panic() {
    assert_eq!(cookies().unwrap_err().static_route(), None);
    assert!(headers().is_err());
    let res = cookies().unwrap_err().into_response();
    assert_eq!(res.status(), 500);
}

#[tokio::test]
async fn setting_after_the_response_is_an_error() {
    let state = std::sync::Arc::new(tokio::sync::Mutex::new(None));
    let keep = state.clone();
    let fut = async move {
        *keep.lock().await = Some(cookies().unwrap());
        Response::empty(204).into_response()
    };
    let res = scope(HeaderMap::new(), None, fut).await;
    assert!(res.headers().get(SET_COOKIE).is_none());
    let store = state.lock().await.take().unwrap();
    let err = store.set("late", "1").unwrap_err();
    assert!(err.to_string().contains("after the response was sent"));
    // the /late route does the same through a router without trouble
    let (parts, _) = call("GET", "/late", None).await;
    assert_eq!(parts.status, 204);
}

/// Repeated request headers through a router: `headers().get` and
/// `Request::header` give the same string, Fetch's `headers.get`.
#[tokio::test]
async fn repeated_headers_are_joined_like_fetch_by_both_apis() {
    let req = Request::get("/headers/fetch")
        .header("accept", "text/html")
        .header("Accept", "application/json")
        .header(COOKIE, "a=1; b=2")
        .header(COOKIE, "c=3; a=4")
        .header(SET_COOKIE, "s=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT")
        .header(SET_COOKIE, "t=2")
        .header(
            "x-name",
            http::HeaderValue::from_bytes("café".as_bytes()).unwrap(),
        )
        .header("x-name", http::HeaderValue::from_bytes(b"caf\xe9").unwrap())
        .header("x-empty", "")
        .body(Body::empty())
        .unwrap();
    let res = app().oneshot(req).await.unwrap();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let expected = serde_json::json!({
        "accept": "text/html, application/json",
        "cookie": "a=1; b=2; c=3; a=4",
        "set-cookie": "s=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT, t=2",
        "x-name": "cafÃ©, café",
        "x-empty": "",
        "x-absent": null,
    });
    assert_eq!(body["fetch"], expected);
    assert_eq!(body["request"], expected);
    // the parser reads every Cookie line: the last `a` wins, at its first place
    assert_eq!(
        body["cookies"],
        serde_json::json!([["a", "4"], ["b", "2"], ["c", "3"]])
    );
    assert_eq!(
        body["set_cookie"],
        serde_json::json!(["s=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT", "t=2"])
    );
}

/// "Log out everywhere": deleting each of thousands of request cookies sends
/// one removal per name, in the order the request sent them.
#[tokio::test]
async fn deleting_every_request_cookie_sends_each_once_in_order() {
    let names: Vec<String> = (0..2000).map(|i| format!("n{i}")).collect();
    let header = names
        .iter()
        .chain(&names)
        .map(|n| format!("{n}=1"))
        .collect::<Vec<_>>()
        .join("; ");
    let (parts, _) = call("GET", "/cookies/delete-all", Some(&header)).await;
    assert_eq!(parts.status, 204);
    let expected: Vec<String> = names
        .iter()
        .map(|n| format!("{n}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
        .collect();
    assert_eq!(set_cookies(&parts.headers), expected);
}
