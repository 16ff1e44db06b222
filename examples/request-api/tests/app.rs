//! The request-api app through a real router, driven with `oneshot`.

use http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use serde_json::{json, Value};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }
}

async fn send(req: http::request::Builder, body: impl Into<Body>) -> Reply {
    let res = request_api::app()
        .oneshot(req.body(body.into()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn get(uri: &str) -> http::request::Builder {
    Request::builder().uri(uri)
}

fn post(uri: &str) -> http::request::Builder {
    Request::builder().method(Method::POST).uri(uri)
}

#[tokio::test]
async fn cookies_store_reads_the_request_cookie() {
    let res = send(
        get("/api/cookies").header("cookie", "token=abc123; other=1"),
        (),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "Hello, Next.js!");
    assert_eq!(res.set_cookies(), ["token=abc123"]);

    let res = send(get("/api/cookies"), ()).await;
    assert_eq!(res.set_cookies(), ["token=none"]);
}

#[tokio::test]
async fn request_cookies_are_percent_decoded() {
    let res = send(
        get("/api/cookies/request").header("cookie", "token=hello%20world; theme=dark"),
        (),
    )
    .await;
    assert_eq!(
        res.json(),
        json!({
            "token": { "name": "token", "value": "hello world" },
            "all": [["token", "hello world"], ["theme", "dark"]],
        })
    );
    let res = send(get("/api/cookies/request"), ()).await;
    assert_eq!(res.json(), json!({ "token": null, "all": [] }));
}

#[tokio::test]
async fn cookies_are_set_and_deleted() {
    let res = send(post("/api/cookies/session"), ()).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let set = res.set_cookies();
    assert_eq!(set.len(), 2, "{set:?}");
    // Like Next.js, `maxAge` also writes an `Expires` an hour from now.
    assert!(
        set[0].starts_with("session=abc123; Path=/; Expires="),
        "{}",
        set[0]
    );
    assert!(
        set[0].ends_with(" GMT; Max-Age=3600; Secure; HttpOnly; SameSite=lax"),
        "{}",
        set[0]
    );
    assert_eq!(set[1], "theme=dark; Path=/");

    let res = send(
        Request::builder()
            .method(Method::DELETE)
            .uri("/api/cookies/session")
            .header("cookie", "session=abc123"),
        (),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json(), json!({ "deleted": "session" }));
    assert_eq!(
        res.set_cookies(),
        ["session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]
    );
}

#[tokio::test]
async fn headers_are_read_and_referer_sent_back() {
    let res = send(
        get("/api/headers")
            .header("Referer", "https://example.com/page")
            .header("user-agent", "curl/8"),
        (),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["referer"], "https://example.com/page");
    assert_eq!(
        res.json(),
        json!({ "referer": "https://example.com/page", "userAgent": "curl/8" })
    );

    let res = send(get("/api/headers"), ()).await;
    assert!(res.headers.get("referer").is_none());
    assert_eq!(res.json(), json!({ "referer": null, "userAgent": null }));
}

#[tokio::test]
async fn json_body_is_typed_and_bad_bodies_are_400() {
    let res = send(post("/api/items"), r#"{"name":"pear"}"#).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({ "res": { "name": "pear", "quantity": 1 } })
    );

    for bad in [
        "",
        "{",
        r#"{"quantity":2}"#,
        r#"{"name":"x","quantity":-1}"#,
    ] {
        let res = send(post("/api/items"), bad).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert!(!res.body.is_empty(), "{bad:?}: the 400 says why");
    }
}

#[tokio::test]
async fn urlencoded_form() {
    let res = send(
        post("/api/form").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
        "name=Ada+Lovelace&email=ada%40example.com",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({ "name": "Ada Lovelace", "email": "ada@example.com" })
    );

    let res = send(
        post("/api/form").header(header::CONTENT_TYPE, "text/plain"),
        "name=x",
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

const BOUNDARY: &str = "----example-boundary-7MA4YWxkTrZu0gW";

/// A form field: name, `(filename, content type)` for a file, content.
type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a str);

fn multipart(parts: &[Part<'_>]) -> String {
    let mut body = String::new();
    for (name, file, content) in parts {
        body.push_str(&format!("--{BOUNDARY}\r\n"));
        match file {
            Some((filename, ty)) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {ty}\r\n\r\n"
            )),
            None => body.push_str(&format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")),
        }
        body.push_str(content);
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

fn multipart_post(uri: &str) -> http::request::Builder {
    post(uri).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    )
}

#[tokio::test]
async fn multipart_form_and_upload() {
    let body = multipart(&[("name", None, "Ada"), ("email", None, "ada@example.com")]);
    let res = send(multipart_post("/api/form"), body).await;
    assert_eq!(
        res.json(),
        json!({ "name": "Ada", "email": "ada@example.com" })
    );

    let csv = "id,title\n1,first\n2,second\n";
    let body = multipart(&[
        ("description", None, "two rows"),
        ("file", Some(("rows.csv", "text/csv")), csv),
    ]);
    let res = send(multipart_post("/api/upload"), body).await;
    assert_eq!(res.status, StatusCode::CREATED);
    assert_eq!(
        res.json(),
        json!({ "name": "rows.csv", "type": "text/csv", "size": csv.len(), "lines": 3, "description": "two rows" })
    );

    // A text field where the file should be.
    let body = multipart(&[("file", None, "not a file")]);
    let res = send(multipart_post("/api/upload"), body).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.body, "the form has no `file` field with a file");

    // A body cut off before the closing boundary.
    let body = multipart(&[("file", Some(("a.txt", "text/plain")), "abc")]);
    let cut = &body[..body.len() - 10];
    let res = send(multipart_post("/api/upload"), cut.to_owned()).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn query_parameters() {
    let res = send(get("/api/search?query=hello&tag=a&tag=b%2Bc"), ()).await;
    assert_eq!(
        res.json(),
        json!({ "query": "hello", "tags": ["a", "b+c"] })
    );
    let res = send(get("/api/search"), ()).await;
    assert_eq!(res.json(), json!({ "query": null, "tags": [] }));
}

#[tokio::test]
async fn redirects() {
    let res = send(get("/api/redirect"), ()).await;
    assert_eq!(res.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(res.headers[header::LOCATION], "https://nextjs.org/");
    assert_eq!(res.body, "");

    let res = send(get("/api/redirect/permanent"), ()).await;
    assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(res.headers[header::LOCATION], "/api/search?query=moved");

    let res = send(get("/api/redirect/response"), ()).await;
    assert_eq!(res.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(res.headers[header::LOCATION], "https://nextjs.org/docs");

    let res = send(
        get("/api/redirect/response?kind=next").header(header::HOST, "shop.example:8080"),
        (),
    )
    .await;
    assert_eq!(res.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        res.headers[header::LOCATION],
        "http://shop.example:8080/api/search?query=from-next"
    );
}

/// `POST /api/notes` through what `serve()` runs (`Server::into_router`:
/// its layers, the problem+json negotiation among them).
async fn served(accept: Option<&str>, body: &'static str) -> Reply {
    let app = route_runtime::Server::new(request_api::app()).into_router();
    let mut req = post("/api/notes").header("content-type", "application/json");
    if let Some(accept) = accept {
        req = req.header("accept", accept);
    }
    let res = app
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

#[tokio::test]
async fn one_error_type_answers_text_or_problem_json() {
    let res = served(None, r#"{"text":"milk"}"#).await;
    assert_eq!(res.status, StatusCode::CREATED);
    assert_eq!(res.json(), json!({ "text": "milk" }));
    assert_eq!(res.set_cookies(), ["last-note=4; Path=/"]);

    // The body error, as text (what Next.js-style clients get) ...
    let res = served(None, "{").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.headers["content-type"], "text/plain; charset=utf-8");
    assert!(res.body.starts_with("invalid JSON body: "), "{}", res.body);
    // ... and as problem+json for a client that asks for JSON.
    let res = served(Some("application/json"), "{").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.headers["content-type"], "application/problem+json");
    let problem = res.json();
    assert_eq!(problem["type"], "about:blank");
    assert_eq!(problem["title"], "Bad Request");
    assert_eq!(problem["status"], 400);
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON body: "));

    // The handler's own error, with its extra member.
    let res = served(Some("application/json"), r#"{"text":""}"#).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json(),
        json!({
            "type": "about:blank",
            "title": "Unprocessable Entity",
            "status": 422,
            "detail": "text must be 1 to 100 characters",
            "field": "text",
        })
    );
    let res = served(Some("*/*"), r#"{"text":""}"#).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.body, "text must be 1 to 100 characters");
}
