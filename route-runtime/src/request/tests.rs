//! Body decoding and a real axum Router driven with `oneshot`.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use futures_util::StreamExt;
use http::{StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;

fn request(method: &str, uri: &str, content_type: Option<&str>, body: Body) -> Request {
    let mut builder = http::Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        builder = builder.header(header::CONTENT_TYPE, ct);
    }
    Request::from(builder.body(body).unwrap())
}

fn post_body(content_type: Option<&str>, body: impl Into<Body>) -> Request {
    request("POST", "/", content_type, body.into())
}

/// A body with no size hint, delivered in the given chunks.
fn chunked(chunks: &[&'static [u8]]) -> Body {
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

const BOUNDARY: &str = "----route-runtime-test";

/// The conformance case `form-multipart`, encoded as a browser would.
fn multipart_body() -> String {
    let mut body = String::new();
    for (name, value) in [("name", "Ada"), ("email", "ada@example.com"), ("tag", "x")] {
        body += &format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    body += &format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nfile contents\r\n--{BOUNDARY}--\r\n"
    );
    body
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

async fn response_text(response: Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

// ---- JSON ----

#[tokio::test]
async fn json_valid_ignores_content_type() {
    let value = post_body(Some("text/plain"), r#"{"a":1}"#)
        .json_value()
        .await
        .unwrap();
    assert_eq!(value, json!({"a": 1}));
    let value = post_body(None, "\u{FEFF}[1,2,3]")
        .json_value()
        .await
        .unwrap();
    assert_eq!(value, json!([1, 2, 3]));

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Typed {
        name: String,
        n: Vec<Option<f64>>,
    }
    let typed: Typed = post_body(None, r#"{"name":"Ada","n":[1,2.5,null]}"#)
        .json()
        .await
        .unwrap();
    assert_eq!(typed.name, "Ada");
    assert_eq!(typed.n, [Some(1.0), Some(2.5), None]);
}

#[tokio::test]
async fn json_invalid_and_empty_are_400_with_a_message() {
    let err = post_body(Some("application/json"), "{not json")
        .json_value()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::InvalidJson(_)), "{err:?}");
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        err.to_string(),
        "invalid JSON body: key must be a string at line 1 column 2"
    );

    let err = post_body(Some("application/json"), "")
        .json_value()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::EmptyJson), "{err:?}");
    assert_eq!(err.to_string(), "empty body where JSON was expected");
    let err = post_body(None, " \r\n").json_value().await.unwrap_err();
    assert!(matches!(err, BodyError::EmptyJson), "{err:?}");

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Needs {
        id: u32,
    }
    let err = post_body(None, r#"{"id":"x"}"#)
        .json::<Needs>()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::InvalidJson(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("invalid JSON body: invalid type"),
        "{err}"
    );
}

// ---- text and bytes ----

#[tokio::test]
async fn text_is_lossy_utf8() {
    let text = post_body(
        Some("application/octet-stream"),
        vec![0xFF, 0x00, b'a', b'b'],
    )
    .text()
    .await
    .unwrap();
    assert_eq!(text, "\u{FFFD}\u{0}ab");
    assert_eq!(text.encode_utf16().count(), 4);

    let text = post_body(None, "café ✓ 🚀").text().await.unwrap();
    assert_eq!(text, "café ✓ 🚀");
    assert_eq!(text.encode_utf16().count(), 9);

    assert_eq!(post_body(None, Body::empty()).text().await.unwrap(), "");
    assert_eq!(post_body(None, "\u{FEFF}x").text().await.unwrap(), "x");
    let text = request("POST", "/", None, chunked(&[b"hello\n", b"world"]))
        .text()
        .await;
    assert_eq!(text.unwrap(), "hello\nworld");
}

#[tokio::test]
async fn bytes_are_raw() {
    let bytes = post_body(None, vec![0xEF, 0xBB, 0xBF, 0xFF])
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], [0xEF, 0xBB, 0xBF, 0xFF]);
}

// ---- forms ----

#[tokio::test]
async fn urlencoded_form_keeps_repeats_and_plus_is_space() {
    let body = "name=Ada+Lovelace&email=ada%40example.com&tag=a&tag=b%2Bc";
    let form = post_body(Some("application/x-www-form-urlencoded"), body)
        .form_data()
        .await
        .unwrap();
    assert_eq!(form.get_text("name"), Some("Ada Lovelace"));
    assert_eq!(form.get_text("email"), Some("ada@example.com"));
    let tags: Vec<_> = form
        .get_all("tag")
        .into_iter()
        .filter_map(FormValue::as_text)
        .collect();
    assert_eq!(tags, ["a", "b+c"]);
    let names: Vec<_> = form.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["name", "email", "tag", "tag"]);
    assert!(!form.has("upload"));

    // Parameters on the Content-Type and its case do not matter.
    let form = post_body(
        Some("Application/X-WWW-Form-URLEncoded; charset=UTF-8"),
        "a=1",
    )
    .form_data()
    .await
    .unwrap();
    assert_eq!(form.get_text("a"), Some("1"));
}

#[tokio::test]
async fn multipart_form_has_fields_and_files() {
    let req = post_body(Some(&multipart_type()), multipart_body());
    let form = req.form_data().await.unwrap();
    assert_eq!(form.len(), 4);
    assert_eq!(form.get_text("name"), Some("Ada"));
    assert_eq!(form.get_text("email"), Some("ada@example.com"));
    let file = form.get_file("upload").expect("a file part");
    assert_eq!(file.name(), "a.txt");
    assert_eq!(file.content_type(), "text/plain");
    assert_eq!(file.size(), 13);
    assert_eq!(file.text(), "file contents");
    assert!(form.get_text("upload").is_none());
}

#[tokio::test]
async fn multipart_file_without_content_type_is_text_plain() {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n\
         \x01\x02\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\n\
         Content-Type: Image/PNG\r\n\r\n\r\n--{BOUNDARY}--\r\n"
    );
    let form = post_body(Some(&multipart_type()), body)
        .form_data()
        .await
        .unwrap();
    let f = form.get_file("f").unwrap();
    assert_eq!(
        (f.name(), f.content_type(), f.size()),
        ("x.bin", "text/plain", 2)
    );
    let g = form.get_file("g").unwrap();
    assert_eq!((g.name(), g.content_type(), g.size()), ("", "image/png", 0));
}

#[tokio::test]
async fn form_with_wrong_content_type_leaves_the_body_unread() {
    let req = post_body(Some("text/plain"), "name=Ada");
    let err = req.form_data().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "form data needs Content-Type application/x-www-form-urlencoded or \
         multipart/form-data, got text/plain"
    );
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    assert!(!req.body_used());
    assert_eq!(req.text().await.unwrap(), "name=Ada");

    let err = post_body(None, "a=1").form_data().await.unwrap_err();
    assert!(err.to_string().ends_with("got none"), "{err}");
}

#[tokio::test]
async fn malformed_multipart_is_400() {
    let err = post_body(Some("multipart/form-data"), "x")
        .form_data()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::MalformedMultipart(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("malformed multipart body: "),
        "{err}"
    );

    // Cut off in the middle of a part.
    let body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nva");
    let err = post_body(Some(&multipart_type()), body)
        .form_data()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::MalformedMultipart(_)), "{err:?}");
    assert_eq!(err.into_response().status(), StatusCode::BAD_REQUEST);

    // A part without a name.
    let body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--{BOUNDARY}--\r\n");
    let err = post_body(Some(&multipart_type()), body)
        .form_data()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no `name`"), "{err}");
}

// ---- limits ----

fn with_limit(mut req: Request, limit: BodyLimit) -> Request {
    req.extensions_mut().insert(limit);
    req
}

#[tokio::test]
async fn over_the_limit_is_413_with_or_without_content_length() {
    let limit = BodyLimit::new(8);
    let err = with_limit(post_body(None, "123456789"), limit)
        .text()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::TooLarge { limit: 8 }), "{err:?}");
    let err = with_limit(
        request("POST", "/", None, chunked(&[b"12345", b"6789"])),
        limit,
    )
    .bytes()
    .await
    .unwrap_err();
    assert!(matches!(err, BodyError::TooLarge { limit: 8 }), "{err:?}");
    // Exactly at the limit is fine.
    let ok = with_limit(
        request("POST", "/", None, chunked(&[b"1234", b"5678"])),
        limit,
    );
    assert_eq!(ok.text().await.unwrap(), "12345678");

    let response = err.into_response();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        response_text(response).await,
        "request body is larger than the limit of 8 bytes"
    );
}

#[tokio::test]
async fn default_limit_is_one_mebibyte() {
    let big = vec![b'a'; BodyLimit::DEFAULT_BODY + 1];
    let err = post_body(None, big.clone()).bytes().await.unwrap_err();
    assert!(
        matches!(err, BodyError::TooLarge { limit } if limit == 1 << 20),
        "{err:?}"
    );
    // The same body is fine as a multipart file (10 MiB).
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&big);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let form = post_body(Some(&multipart_type()), body)
        .form_data()
        .await
        .unwrap();
    assert_eq!(form.get_file("f").unwrap().size(), big.len());
}

#[tokio::test]
async fn multipart_and_urlencoded_limits() {
    let limit = BodyLimit::new(4).with_multipart(64);
    let err = with_limit(
        post_body(Some("application/x-www-form-urlencoded"), "a=123"),
        limit,
    )
    .form_data()
    .await
    .unwrap_err();
    assert!(matches!(err, BodyError::TooLarge { limit: 4 }), "{err:?}");

    let limit = BodyLimit::multipart(64);
    let stream = chunked(&[b"--", b"----route-runtime-test\r\n", &[b'x'; 100]]);
    let err = with_limit(request("POST", "/", Some(&multipart_type()), stream), limit)
        .form_data()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::TooLarge { limit: 64 }), "{err:?}");
    let err = with_limit(post_body(Some(&multipart_type()), multipart_body()), limit)
        .form_data()
        .await
        .unwrap_err();
    assert!(matches!(err, BodyError::TooLarge { limit: 64 }), "{err:?}");
}

#[tokio::test]
async fn streamed_body_is_limited_too() {
    let req = with_limit(
        request("POST", "/", None, chunked(&[b"abc", b"def", b"ghi"])),
        BodyLimit::new(7),
    );
    let mut body = req.body().unwrap();
    assert_eq!(body.next().await.unwrap().unwrap(), "abc");
    assert_eq!(body.next().await.unwrap().unwrap(), "def");
    let err = body.next().await.unwrap().unwrap_err();
    assert!(matches!(err, BodyError::TooLarge { limit: 7 }), "{err:?}");
    assert!(body.next().await.is_none());

    // A known Content-Length over the limit fails on the first poll.
    let req = with_limit(post_body(None, "0123456789"), BodyLimit::new(7));
    let mut body = req.body().unwrap();
    assert!(matches!(
        body.next().await,
        Some(Err(BodyError::TooLarge { limit: 7 }))
    ));
    assert!(body.next().await.is_none());

    let req = post_body(None, "whole");
    let chunks: Vec<_> = req.body().unwrap().collect().await;
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].as_ref().unwrap(), "whole");
}

// ---- read once ----

#[tokio::test]
async fn second_read_is_already_read() {
    let req = post_body(None, r#"{"a":1}"#);
    assert!(!req.body_used());
    req.json_value().await.unwrap();
    assert!(req.body_used());
    assert!(matches!(req.text().await, Err(BodyError::AlreadyRead)));
    assert!(matches!(req.bytes().await, Err(BodyError::AlreadyRead)));
    assert!(matches!(req.body(), Err(BodyError::AlreadyRead)));
    let req = post_body(Some("application/x-www-form-urlencoded"), "a=1");
    req.body().unwrap();
    let err = req.form_data().await.unwrap_err();
    assert!(matches!(err, BodyError::AlreadyRead));
    assert_eq!(err.into_response().status(), StatusCode::BAD_REQUEST);
    // into_inner after a read gives an empty body back.
    let inner = req.into_inner();
    assert!(
        inner
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .is_empty()
    );
}

#[tokio::test]
async fn into_inner_keeps_an_unread_body() {
    let req = request("PUT", "/x?y=1", Some("text/plain"), Body::from("keep"));
    let inner = req.into_inner();
    assert_eq!(inner.method(), http::Method::PUT);
    assert_eq!(inner.uri(), "/x?y=1");
    assert_eq!(inner.headers()[header::CONTENT_TYPE], "text/plain");
    assert_eq!(
        inner.into_body().collect().await.unwrap().to_bytes(),
        "keep"
    );
}

// ---- through a real Router ----

/// The Rust twin of `nextjs-app/app/search/route.js`.
async fn search(req: Request) -> Json<Value> {
    let url = req.next_url();
    let sp = url.search_params();
    Json(json!({
        "pathname": url.pathname(),
        "search": url.search(),
        "query": sp.get("query"),
        "a": sp.get("a"),
        "aAll": sp.get_all("a"),
        "missing": sp.get("missing"),
        "entries": sp.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
    }))
}

/// The Rust twin of `nextjs-app/app/body/form/route.js`.
async fn form(req: Request) -> Result<Json<Value>, BodyError> {
    let form = req.form_data().await?;
    let entries: Vec<Value> = form
        .iter()
        .map(|(name, value)| match value {
            FormValue::Text(text) => json!([name, text]),
            FormValue::File(file) => json!([name, {
                "file": file.name(), "type": file.content_type(), "size": file.size(), "text": file.text(),
            }]),
        })
        .collect();
    let tags: Vec<_> = form
        .get_all("tag")
        .into_iter()
        .filter_map(FormValue::as_text)
        .collect();
    Ok(Json(json!({
        "name": form.get_text("name"), "email": form.get_text("email"), "tags": tags, "entries": entries,
    })))
}

/// The Rust twin of `nextjs-app/app/body/json/route.js`, with `?` answering 400.
async fn json_echo(req: Request) -> Result<Json<Value>, BodyError> {
    let res: Value = req.json().await?;
    Ok(Json(json!({ "res": res })))
}

/// `nextjs-app/app/body/text/route.js`.
async fn text(req: Request) -> Result<Json<Value>, BodyError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("").to_owned());
    let text = req.text().await?;
    Ok(Json(json!({
        "text": text, "length": text.encode_utf16().count(), "contentType": content_type,
    })))
}

/// A user error type with `From<BodyError>`.
struct AppError(BodyError);
impl From<BodyError> for AppError {
    fn from(err: BodyError) -> Self {
        AppError(err)
    }
}
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.0.into_response();
        response
            .headers_mut()
            .insert("x-app-error", http::HeaderValue::from_static("1"));
        response
    }
}

async fn with_app_error(req: Request) -> Result<String, AppError> {
    Ok(req.json_value().await?.to_string())
}

fn app() -> Router {
    let body_routes = Router::new()
        .route("/json", post(json_echo).put(json_echo))
        .route("/text", post(text))
        .route("/form", post(form))
        .route("/app-error", post(with_app_error))
        .route("/small", post(json_echo).layer(BodyLimit::new(16).layer()));
    Router::new()
        .route("/search", get(search))
        .route(
            "/url",
            get(|req: Request| async move { req.url().to_string() }),
        )
        .nest("/body", body_routes)
}

async fn call(req: http::Request<Body>) -> (StatusCode, Option<String>, String) {
    let response = app().oneshot(req).await.unwrap();
    let status = response.status();
    let ct = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned());
    (status, ct, response_text(response).await)
}

async fn get_json(uri: &str) -> Value {
    let (status, _, body) = call(http::Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn post_req(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> http::Request<Body> {
    let mut builder = http::Request::post(uri);
    if let Some(ct) = content_type {
        builder = builder.header(header::CONTENT_TYPE, ct);
    }
    builder.body(body.into()).unwrap()
}

/// The `/search` answers recorded from Next.js (golden/nextjs.json, group `query`).
#[tokio::test]
async fn router_search_matches_next() {
    assert_eq!(
        get_json("/search?query=hello%20world%26more&a=%E2%9C%93").await,
        json!({"pathname": "/search", "search": "?query=hello+world%26more&a=%E2%9C%93",
               "query": "hello world&more", "a": "✓", "aAll": ["✓"], "missing": null,
               "entries": [["query", "hello world&more"], ["a", "✓"]]})
    );
    assert_eq!(
        get_json("/search?a=1&a=2&query=x").await,
        json!({"pathname": "/search", "search": "?a=1&a=2&query=x", "query": "x", "a": "1",
               "aAll": ["1", "2"], "missing": null,
               "entries": [["a", "1"], ["a", "2"], ["query", "x"]]})
    );
    assert_eq!(
        get_json("/search?query=&a&=v").await,
        json!({"pathname": "/search", "search": "?query=&a=&=v", "query": "", "a": "",
               "aAll": [""], "missing": null, "entries": [["query", ""], ["a", ""], ["", "v"]]})
    );
    assert_eq!(get_json("/search?a=1;b=2").await["search"], "?a=1%3Bb%3D2");
    assert_eq!(get_json("/search?a=%ZZ").await["a"], "%ZZ");
    assert_eq!(get_json("/search?").await["search"], "");
    assert_eq!(get_json("/search?query=a+b&a=c%2Bd").await["query"], "a b");
}

#[tokio::test]
async fn router_url_uses_host_header() {
    let req = http::Request::get("/url?x=1")
        .header(header::HOST, "127.0.0.1:3100")
        .body(Body::empty())
        .unwrap();
    let (_, _, body) = call(req).await;
    assert_eq!(body, "http://127.0.0.1:3100/url?x=1");
    let (_, _, body) = call(http::Request::get("/url").body(Body::empty()).unwrap()).await;
    assert_eq!(body, "http://localhost/url");
}

#[tokio::test]
async fn router_nested_pathname_is_the_original_path() {
    let app = Router::new().nest(
        "/api",
        Router::new().route(
            "/items/{id}",
            get(|req: Request| async move {
                format!("{} {}", req.next_url().pathname(), req.uri().path())
            }),
        ),
    );
    let response = app
        .oneshot(
            http::Request::get("/api/items/a%2Fb?q=1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        response_text(response).await,
        "/api/items/a%2Fb /items/a%2Fb"
    );
}

#[tokio::test]
async fn router_json_bodies() {
    let (status, _, body) = call(post_req(
        "/body/json",
        None,
        r#"{"name":"Ada","n":[1,2.5,null,true],"nested":{"u":"é✓"}}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let expected =
        json!({"res": {"name": "Ada", "n": [1, 2.5, null, true], "nested": {"u": "é✓"}}});
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), expected);

    let (status, ct, body) = call(post_req(
        "/body/json",
        Some("application/json"),
        "{not json",
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(ct.as_deref(), Some("text/plain; charset=utf-8"));
    assert_eq!(
        body,
        "invalid JSON body: key must be a string at line 1 column 2"
    );

    let (status, _, body) = call(post_req(
        "/body/json",
        Some("application/json"),
        Body::empty(),
    ))
    .await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::BAD_REQUEST,
            "empty body where JSON was expected"
        )
    );

    let response = app()
        .oneshot(post_req("/body/app-error", None, "nope"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()["x-app-error"], "1");
    assert!(
        response_text(response)
            .await
            .starts_with("invalid JSON body: expected ident")
    );
}

#[tokio::test]
async fn router_route_body_limit() {
    let (status, _, body) = call(post_req("/body/small", None, r#"{"a":"0123456789"}"#)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body, "request body is larger than the limit of 16 bytes");
    let (status, _, _) = call(post_req("/body/small", None, r#"{"a":1}"#)).await;
    assert_eq!(status, StatusCode::OK);
    // The other routes keep the default limit.
    let (status, _, _) = call(post_req(
        "/body/json",
        None,
        format!(r#"{{"a":"{}"}}"#, "x".repeat(100)),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn router_text_and_forms_match_next() {
    let (_, _, body) = call(post_req(
        "/body/text",
        Some("application/octet-stream"),
        vec![0xFF, 0, b'a', b'b'],
    ))
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"text": "\u{FFFD}\u{0}ab", "length": 4, "contentType": "application/octet-stream"})
    );

    let form_body = "name=Ada+Lovelace&email=ada%40example.com&tag=a&tag=b%2Bc";
    let (status, _, body) = call(post_req(
        "/body/form",
        Some("application/x-www-form-urlencoded"),
        form_body,
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"name": "Ada Lovelace", "email": "ada@example.com", "tags": ["a", "b+c"],
               "entries": [["name", "Ada Lovelace"], ["email", "ada@example.com"], ["tag", "a"], ["tag", "b+c"]]})
    );

    let (status, _, body) = call(post_req(
        "/body/form",
        Some(&multipart_type()),
        multipart_body(),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"name": "Ada", "email": "ada@example.com", "tags": ["x"],
               "entries": [["name", "Ada"], ["email", "ada@example.com"], ["tag", "x"],
                           ["upload", {"file": "a.txt", "type": "text/plain", "size": 13, "text": "file contents"}]]})
    );

    let (status, ct, body) = call(post_req("/body/form", Some("text/plain"), "name=Ada")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(ct.as_deref(), Some("text/plain; charset=utf-8"));
    assert!(body.ends_with("got text/plain"), "{body}");
}
