//! Property tests of hostile and arbitrary requests through real routers
//! from `routes!`, driven with `oneshot` (issue 9, "no panic reachable from
//! a request"): request targets from interesting pieces, raw bytes and raw
//! UTF-8 (kept when `http::Uri` accepts them), methods, query strings,
//! Cookie headers, header values, JSON, urlencoded and multipart bodies.
//!
//! Each answer is compared with a reference written from the README (which
//! route a path reaches, what each route answers), so a panic in the router
//! fails the property (it escapes `oneshot`) and a panic in a handler does
//! too (it is a `500`, allowed only from the `panic` fixture route).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use route_runtime::axum::body::{Body, Bytes};
use route_runtime::axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
use route_runtime::axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

const CASES: u32 = 1000;

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

fn app() -> &'static Router {
    static APP: OnceLock<Router> = OnceLock::new();
    APP.get_or_init(|| {
        route_runtime::routes!("../fixtures/app").with_state(AppState { greeting: "hi" })
    })
}

/// Routes that read bodies, cookies, headers and the URL, and one that
/// echoes its params.
fn inputs() -> &'static Router {
    static INPUTS: OnceLock<Router> = OnceLock::new();
    INPUTS.get_or_init(|| route_runtime::routes!("../fixtures/inputs"))
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Result<Value, TestCaseError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            TestCaseError::fail(format!(
                "not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            ))
        })
    }
}

fn send(router: &Router, req: Request<Body>) -> Answer {
    runtime().block_on(async {
        let res = router.clone().oneshot(req).await.expect("infallible");
        let (parts, body) = res.into_parts();
        let body = http_body_util::BodyExt::collect(body)
            .await
            .expect("body")
            .to_bytes();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    })
}

fn request(method: Method, uri: Uri) -> Request<Body> {
    let mut req = Request::new(Body::empty());
    *req.method_mut() = method;
    *req.uri_mut() = uri;
    req
}

// ---- the reference: which route a path reaches, what it answers ----

/// What the README says a path gets, before the method is looked at.
#[derive(Debug, PartialEq)]
enum Reach {
    /// `308` to this path (query kept).
    Redirect(String),
    /// `400`: a segment does not percent-decode to UTF-8.
    BadRequest,
    /// A route of the fixture app.
    Route(Kind),
    NotFound,
}

/// What a route of the fixture app answers, by method.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Get,
    Sync,
    Methods,
    OnlyPost,
    Panic,
    Upload,
}

/// `.` or `..`, also with `%2e` for any dot.
fn is_dot(seg: &str) -> bool {
    let s = seg.to_ascii_lowercase().replace("%2e", ".");
    s == "." || s == ".."
}

/// Every `%` followed by two hex digits, and UTF-8 once decoded.
fn decodes(seg: &str) -> bool {
    let b = seg.as_bytes();
    let escapes_ok = b.iter().enumerate().all(|(i, &c)| {
        c != b'%'
            || (b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
    });
    escapes_ok && percent_decode_str(seg).decode_utf8().is_ok()
}

fn reach(path: &str) -> Reach {
    let segs: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    if path == "/" {
        return Reach::Route(Kind::Get);
    }
    if segs
        .iter()
        .any(|s| !s.is_empty() && !is_dot(s) && !decodes(s))
    {
        return Reach::BadRequest;
    }
    if segs.iter().any(|s| s.is_empty() || is_dot(s)) {
        let mut out: Vec<&str> = Vec::new();
        for s in segs {
            if s.is_empty() || !is_dot(s) {
                if !s.is_empty() {
                    out.push(s);
                }
            } else if s.to_ascii_lowercase().replace("%2e", ".") == ".." {
                out.pop();
            }
        }
        return Reach::Redirect(format!("/{}", out.join("/")));
    }
    let kind = match segs.as_slice() {
        ["about"] | ["_meta"] | ["api", "hello"] | ["rss.xml"] | ["state"] => Kind::Get,
        ["blog", _, ..] | ["docs", ..] | ["kw", _, _] | ["users", _] => Kind::Get,
        ["teams", _, "members", _] => Kind::Get,
        ["sync"] => Kind::Sync,
        ["methods"] => Kind::Methods,
        ["only-post"] => Kind::OnlyPost,
        ["panic"] => Kind::Panic,
        ["small-upload"] => Kind::Upload,
        _ => return Reach::NotFound,
    };
    Reach::Route(kind)
}

/// The statuses `kind` can answer `method` with.
fn statuses(kind: Kind, method: &Method) -> &'static [u16] {
    let m = method.as_str();
    if m == "OPTIONS" {
        return &[204];
    }
    match (kind, m) {
        (Kind::Get, "GET" | "HEAD") => &[200],
        (Kind::Sync, "GET" | "HEAD") => &[200, 400, 418],
        (Kind::Methods, "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE") => &[200],
        (Kind::OnlyPost, "POST" | "PUT") => &[200],
        (Kind::Panic, "GET" | "HEAD" | "POST") => &[500],
        (Kind::Upload, "POST") => &[200, 400, 413],
        _ => &[405],
    }
}

/// Checks one answer of the fixture app against the reference; a 308 is
/// followed once and must not redirect again.
fn check_app(method: Method, uri: Uri) -> Result<(), TestCaseError> {
    let path = uri.path().to_owned();
    let query = uri.query().map(str::to_owned);
    let answer = send(app(), request(method.clone(), uri.clone()));
    let got = answer.status.as_u16();
    match reach(&path) {
        Reach::Redirect(to) => {
            prop_assert_eq!(got, 308, "{} {}: want 308 to {}", method, uri, to);
            let location = answer
                .headers
                .get(header::LOCATION)
                .ok_or_else(|| TestCaseError::fail(format!("{uri}: 308 without Location")))?;
            let want = match &query {
                Some(q) => format!("{to}?{q}"),
                None => to.clone(),
            };
            prop_assert_eq!(location.as_bytes(), want.as_bytes(), "{} {}", method, uri);
            let next: Uri = Uri::try_from(location.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{uri}: Location {location:?}: {e}")))?;
            prop_assert!(
                !matches!(reach(next.path()), Reach::Redirect(_)),
                "{}: Location {:?} is not canonical",
                uri,
                location
            );
            let again = send(app(), request(method.clone(), next)).status;
            prop_assert!(
                matches!(again.as_u16(), 200 | 204 | 400 | 404 | 405 | 418 | 413)
                    || (again == 500 && to == "/panic"),
                "{} {}: following {:?} gave {}",
                method,
                uri,
                location,
                again
            );
        }
        Reach::BadRequest => prop_assert_eq!(got, 400, "{} {}", method, uri),
        Reach::NotFound => prop_assert_eq!(got, 404, "{} {}", method, uri),
        Reach::Route(kind) => {
            let want = statuses(kind, &method);
            prop_assert!(
                want.contains(&got),
                "{} {}: {:?} answers {:?}, got {} {:?}",
                method,
                uri,
                kind,
                want,
                got,
                String::from_utf8_lossy(&answer.body)
            );
        }
    }
    Ok(())
}

/// On a route with params the path check comes before any answer: the
/// `405` for a method the route lacks and the automatic `OPTIONS` too.
#[test]
fn non_canonical_paths_are_308_or_400_whatever_the_method() {
    for (method, target) in [
        (Method::POST, "/blog//"),
        (Method::POST, "/users/42/"),
        (Method::DELETE, "/users/%2e%2e"),
        (Method::OPTIONS, "/users/%2e%2e"),
        (Method::OPTIONS, "/teams/a/members/./"),
    ] {
        let answer = send(app(), request(method.clone(), Uri::from_static(target)));
        assert_eq!(
            answer.status,
            StatusCode::PERMANENT_REDIRECT,
            "{method} {target}"
        );
    }
    let answer = send(app(), request(Method::POST, Uri::from_static("/blog/%")));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

// ---- generators ----

/// Any Unicode, short: the cases are many, not long.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..10).prop_map(|v| v.into_iter().collect())
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(vec![
        Method::GET,
        Method::GET,
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::TRACE,
        Method::from_bytes(b"PROPFIND").expect("method"),
    ])
}

/// Segments that mean something to the router, and ones near its edges.
#[rustfmt::skip]
const PIECES: &[&str] = &[
        "", "", ".", "..", "%2e", "%2E", ".%2e", "%2e.", "%2e%2e", "%2E%2e", "...", ".a", "a.",
        "users", "42", "blog", "docs", "teams", "members", "kw", "api", "hello", "about",
        "_meta", "%5Fmeta", "_lib", "(marketing)", "rss.xml", "sync", "state", "methods",
        "only-post", "panic", "small-upload", "%", "%Z", "%ZZ", "%2", "%C3", "%C3%A9", "%E0%A4%A",
        "%FF", "%2F", "%25", "%00", "é", "abéé", "éé", "a+b", "~", "!$&'()*,;=:@", "%20",
];

fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(PIECES);
    prop_oneof![
        8 => fixed.prop_map(str::to_owned),
        1 => prop::collection::vec(prop::sample::select(vec!['a', 'b', 'z']), 1..4)
            .prop_map(|v| v.into_iter().collect::<String>()),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn query() -> impl Strategy<Value = Option<String>> {
    let part = prop::sample::select(vec![
        "a", "=", "&", "fail", "fail=x", "%", "%ZZ", "%C3%A9", "+", "?", "/", "..", "é", ";",
        "a=1", "%3D",
    ]);
    prop::option::of(prop::collection::vec(part, 0..5).prop_map(|v| v.concat()))
}

/// Targets built from pieces: `/a/../b/?q`.
fn piece_target() -> impl Strategy<Value = Uri> {
    (prop::collection::vec(piece(), 0..6), any::<bool>(), query()).prop_filter_map(
        "http::Uri refuses it",
        |(segs, slash, query)| {
            let mut t = format!("/{}", segs.join("/"));
            if slash {
                t.push('/');
            }
            if let Some(q) = query {
                t.push('?');
                t.push_str(&q);
            }
            Uri::try_from(t).ok()
        },
    )
}

/// Targets from raw bytes (mostly path bytes, any byte at all sometimes),
/// kept when `http::Uri` accepts them.
fn byte_target() -> impl Strategy<Value = Uri> {
    let byte = prop_oneof![
        6 => prop::sample::select(b"/./%2eE.a9F%/?u=&+C3A9".to_vec()),
        2 => prop::sample::select(vec![0xC3u8, 0xA9, 0xE2, 0x82, 0xAC, 0xFF, 0x80]),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..16).prop_filter_map("http::Uri refuses it", |mut bytes| {
        bytes.insert(0, b'/');
        Uri::from_maybe_shared(Bytes::from(bytes)).ok()
    })
}

/// Targets from arbitrary Unicode, raw (not encoded).
fn unicode_target() -> impl Strategy<Value = Uri> {
    prop::collection::vec(
        prop_oneof![3 => prop::sample::select(vec!['/', '.', '%', 'a', 'é']), 1 => any::<char>()],
        0..12,
    )
    .prop_filter_map("http::Uri refuses it", |chars| {
        let t: String = std::iter::once('/').chain(chars).collect();
        Uri::try_from(t).ok()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Any target from the pieces: the status the reference says, a 308
    /// whose `Location` is canonical, never a panic.
    #[test]
    fn targets_from_pieces_get_their_documented_answer(m in method(), uri in piece_target()) {
        check_app(m, uri)?;
    }

    #[test]
    fn targets_from_raw_bytes_get_their_documented_answer(m in method(), uri in byte_target()) {
        check_app(m, uri)?;
    }

    #[test]
    fn targets_from_raw_unicode_get_their_documented_answer(m in method(), uri in unicode_target()) {
        check_app(m, uri)?;
    }

    /// Behind a `route_layer` that refuses everything, no target of any
    /// kind reaches a handler (the layer bypass of issue 9, in general).
    #[test]
    fn no_target_gets_past_a_route_layer(
        m in method(),
        uri in prop_oneof![piece_target(), byte_target(), unicode_target()],
    ) {
        let answer = send(guarded(), request(m.clone(), uri.clone()));
        prop_assert!(
            matches!(answer.status.as_u16(), 401 | 308 | 400 | 404 | 405 | 204),
            "{} {}: {} {:?}",
            m,
            uri,
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
    }
}

/// The fixture app behind `route_layer(deny)`: every route answers 401.
fn guarded() -> &'static Router {
    static GUARDED: OnceLock<Router> = OnceLock::new();
    GUARDED.get_or_init(|| {
        async fn deny() -> StatusCode {
            StatusCode::UNAUTHORIZED
        }
        app()
            .clone()
            .route_layer(route_runtime::axum::middleware::from_fn(
                |_req: Request<Body>, _next: route_runtime::axum::middleware::Next| deny(),
            ))
    })
}

// ---- params round-trip ----

/// `encodeURIComponent`'s set.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// One param value as one path segment, spelt one of three ways: every
/// byte but letters and digits escaped; `encodeURIComponent`; or the
/// runtime's own minimal encoding with non-ASCII left raw.
fn encode(value: &str, how: u8) -> String {
    match how % 3 {
        0 => utf8_percent_encode(value, NON_ALPHANUMERIC).to_string(),
        1 => utf8_percent_encode(value, URI_COMPONENT).to_string(),
        _ => {
            let mut out = String::new();
            for c in value.chars() {
                if c.is_ascii() {
                    route_runtime::__private::encode_segment(c.encode_utf8(&mut [0; 4]), &mut out);
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// Any non-empty string but `.` and `..`, which no spelling can carry
/// (a client resolves them, and so does the router: a 308).
fn param() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(),
        1 => prop::collection::vec(prop::sample::select(vec![".", "/", "%", "%2e", "é", "+", " ", "?", "#", "a"]), 1..4)
            .prop_map(|v| v.concat()),
    ]
    .prop_filter("not representable in a path", |s| !s.is_empty() && s != "." && s != "..")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Build a path from arbitrary strings, percent-encoding each segment;
    /// the handler's params are those strings.
    #[test]
    fn params_percent_decode_back_to_what_was_encoded(
        a in param(),
        rest in prop::collection::vec(param(), 1..4),
        how in any::<u8>(),
    ) {
        let mut segs: Vec<String> = std::iter::once(&a).chain(&rest).map(|s| encode(s, how)).collect();
        if how % 3 == 2 && Uri::try_from(format!("/{}", segs.join("/"))).is_err() {
            // Raw UTF-8 that `http` refuses (it is not the router's to see).
            segs = std::iter::once(&a).chain(&rest).map(|s| encode(s, 0)).collect();
        }
        let target = format!("/echo/{}", segs.join("/"));
        let uri = Uri::try_from(target.as_str())
            .map_err(|e| TestCaseError::fail(format!("{target:?}: {e}")))?;
        let answer = send(inputs(), request(Method::GET, uri));
        prop_assert_eq!(answer.status, StatusCode::OK, "{}", target);
        prop_assert_eq!(answer.json()?, json!([a, rest]), "{}", target);

        // The optional catch-all of the fixture app, likewise.
        let target = format!("/docs/{}", segs[1..].join("/"));
        let answer = send(app(), request(Method::GET, Uri::try_from(target.as_str()).expect("uri")));
        prop_assert_eq!(answer.status, StatusCode::OK, "{}", target);
        prop_assert_eq!(answer.json()?, json!({"params": {"slug": rest}, "present": true}), "{}", target);
    }
}

// ---- bodies, cookies, headers ----

fn post(path: &str, content_type: Option<&[u8]>, body: Vec<u8>) -> Request<Body> {
    let mut req = Request::new(Body::from(body));
    *req.method_mut() = Method::POST;
    *req.uri_mut() = Uri::try_from(path).expect("uri");
    if let Some(ct) = content_type.and_then(|ct| HeaderValue::from_bytes(ct).ok()) {
        req.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    req
}

/// JSON without floats (whose text form need not round-trip exactly).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn content_type() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=X",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"a b\"",
            "text/plain",
            "APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..40),
    ]
}

#[rustfmt::skip]
const BODY_PIECES: &[&str] = &[
        "--X\r\n", "--X--\r\n", "\r\n", "Content-Disposition: form-data; name=\"a\"\r\n",
        "Content-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n",
        "Content-Type: text/plain\r\n", "{", "}", "[", "]", "\"", "a", "=", "&", "%", "%ZZ",
        "+", "1e999", "-0", "null", ",", ":", "\u{feff}", "é",
];

/// Bodies: mostly pieces of JSON, forms and multipart, sometimes any bytes.
fn body_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(BODY_PIECES);
    prop_oneof![
        4 => prop::collection::vec(piece, 0..12).prop_map(|v| v.concat().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn field_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(vec!['a', 'b', '-', '_', '.', ' ', 'é', '[', ']']), 1 => any::<char>()],
        1..6,
    )
    .prop_map(|v| v.into_iter().collect::<String>())
    .prop_filter("a multipart name cannot hold these", |s| {
        // (control characters make the part's header invalid HTTP)
        !s.contains(['"', '\\']) && !s.chars().any(char::is_control) && s.trim() == s
    })
}

/// A multipart part: a text field or a file.
#[derive(Clone, Debug)]
struct Part {
    name: String,
    file: Option<String>,
    value: Vec<u8>,
}

fn part() -> impl Strategy<Value = Part> {
    (
        field_name(),
        prop::option::of(field_name()),
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..40),
            text().prop_map(String::into_bytes)
        ],
    )
        .prop_map(|(name, file, value)| Part { name, file, value })
}

/// A cookie name: an RFC 6265 token.
fn cookie_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(b"abcXYZ09!#$%&'*+-.^_`|~".to_vec()),
        1..6,
    )
    .prop_map(|v| String::from_utf8(v).expect("ascii"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Any JSON value is echoed as it was sent.
    #[test]
    fn json_bodies_round_trip(value in json_value()) {
        let body = serde_json::to_vec(&value).expect("json");
        let answer = send(inputs(), post("/json", Some(b"application/json"), body));
        prop_assert_eq!(answer.status, StatusCode::OK);
        prop_assert_eq!(answer.json()?, value);
    }

    /// Any body with any content type, to the routes that read bodies:
    /// answered, and only ever with their statuses.
    #[test]
    fn arbitrary_bodies_are_answered_200_400_or_413(
        ct in prop::option::of(content_type()),
        body in body_bytes(),
    ) {
        for path in ["/json", "/form"] {
            let answer = send(inputs(), post(path, ct.as_deref(), body.clone()));
            prop_assert!(
                matches!(answer.status.as_u16(), 200 | 400 | 413),
                "{} {:?} {:?}: {}",
                path,
                ct.as_deref().map(String::from_utf8_lossy),
                String::from_utf8_lossy(&body),
                answer.status
            );
        }
        let answer = send(app(), post("/small-upload", ct.as_deref(), body.clone()));
        prop_assert!(matches!(answer.status.as_u16(), 200 | 413), "{}", answer.status);
    }

    /// Arbitrary pairs, urlencoded as a browser does, read back the same.
    #[test]
    fn urlencoded_forms_round_trip(pairs in prop::collection::vec((text(), text()), 0..6)) {
        let body = form_urlencoded_body(&pairs);
        let answer = send(inputs(), post("/form", Some(b"application/x-www-form-urlencoded"), body.into_bytes()));
        prop_assert_eq!(answer.status, StatusCode::OK);
        let want: Vec<Value> = pairs.iter().map(|(k, v)| json!([k, v])).collect();
        prop_assert_eq!(answer.json()?, Value::Array(want));
    }

    /// Arbitrary text fields and files, multipart-encoded, read back the same.
    #[test]
    fn multipart_forms_round_trip(parts in prop::collection::vec(part(), 0..5), b in any::<u32>()) {
        let boundary = format!("----proptest{b:08x}");
        prop_assume!(parts.iter().all(|p| !contains(&p.value, boundary.as_bytes())));
        let mut body = Vec::new();
        for p in &parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = match &p.file {
                Some(f) => format!("form-data; name=\"{}\"; filename=\"{f}\"", p.name),
                None => format!("form-data; name=\"{}\"", p.name),
            };
            body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if p.file.is_some() {
                body.extend_from_slice(b"Content-Type: application/octet-stream\r\n");
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&p.value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        let answer = send(inputs(), post("/form", Some(ct.as_bytes()), body));
        prop_assert_eq!(answer.status, StatusCode::OK, "{}", String::from_utf8_lossy(&answer.body));
        let want: Vec<Value> = parts
            .iter()
            .map(|p| match &p.file {
                None => json!([p.name, String::from_utf8_lossy(&p.value)]),
                Some(f) => json!([p.name, {"file": f, "type": "application/octet-stream", "bytes": p.value}]),
            })
            .collect();
        prop_assert_eq!(answer.json()?, Value::Array(want));
    }

    /// Cookies with distinct token names and `encodeURIComponent` values
    /// read back as sent, through `req.cookies()` and `cookies()` alike;
    /// and `cookies().set` with any value writes a header that decodes back.
    #[test]
    fn cookies_round_trip(
        jar in prop::collection::btree_map(cookie_name(), text(), 0..6),
        v in text(),
    ) {
        let header_value: Vec<String> = jar
            .iter()
            .map(|(n, v)| format!("{n}={}", utf8_percent_encode(v, URI_COMPONENT)))
            .collect();
        let target = format!("/cookies?{}", form_urlencoded_body(&[("v".into(), v.clone())]));
        let mut req = request(Method::GET, Uri::try_from(target).expect("uri"));
        if !jar.is_empty() {
            req.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&header_value.join("; ")).expect("cookie"));
        }
        let answer = send(inputs(), req);
        prop_assert_eq!(answer.status, StatusCode::OK);
        let got = answer.json()?;
        prop_assert_eq!(&got["same"], &json!(true));
        let got: BTreeSet<(String, String)> = serde_json::from_value(got["cookies"].clone()).expect("pairs");
        let want: BTreeSet<(String, String)> = jar.into_iter().collect();
        prop_assert_eq!(got, want);
        let set = answer.headers.get(header::SET_COOKIE).expect("set-cookie").to_str().expect("ascii");
        let pair = set.split("; ").next().expect("pair");
        let encoded = pair.strip_prefix("seen=").expect("seen=");
        prop_assert_eq!(percent_decode_str(encoded).decode_utf8().expect("utf-8"), v.as_str());
    }

    /// Any Cookie headers (one or several, any bytes `http` accepts): 200,
    /// and both APIs see the same cookies.
    #[test]
    fn arbitrary_cookie_headers_are_read(
        headers in prop::collection::vec(
            prop_oneof![
                3 => prop::collection::vec(prop::sample::select(b"a=b; ;==\"%\t ,\x80\xff".to_vec()), 0..24),
                1 => prop::collection::vec(any::<u8>(), 0..24),
            ],
            0..3,
        ),
    ) {
        let mut req = request(Method::GET, Uri::from_static("/cookies"));
        for h in &headers {
            if let Ok(v) = HeaderValue::from_bytes(h) {
                req.headers_mut().append(header::COOKIE, v);
            }
        }
        let answer = send(inputs(), req);
        prop_assert_eq!(answer.status, StatusCode::OK);
        prop_assert_eq!(&answer.json()?["same"], &json!(true));
    }

    /// Any header values and any query: 200; a single printable-ASCII value
    /// is read the same through `req.header` and `headers()`, and `search`
    /// re-parses to the same search params.
    #[test]
    fn arbitrary_header_values_and_queries_are_read(
        values in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..16), 0..3),
        q in query(),
    ) {
        let target = match &q {
            Some(q) => format!("/headers?{q}"),
            None => "/headers".to_owned(),
        };
        let Ok(uri) = Uri::try_from(target) else { return Ok(()) };
        let mut req = request(Method::GET, uri);
        let mut sent = Vec::new();
        for v in &values {
            if let Ok(v) = HeaderValue::from_bytes(v) {
                sent.push(v.clone());
                req.headers_mut().append("x-fuzz", v);
            }
        }
        let answer = send(inputs(), req);
        prop_assert_eq!(answer.status, StatusCode::OK);
        let got = answer.json()?;
        if let [one] = sent.as_slice() {
            if let Ok(text) = one.to_str() {
                prop_assert_eq!(&got["x"], &json!(text));
                prop_assert_eq!(&got["scoped"], &json!(text));
            }
        }
        let search = got["search"].as_str().expect("search");
        let reparsed: Vec<(String, String)> = form_urlencoded_pairs(search.trim_start_matches('?'));
        let params: Vec<(String, String)> = serde_json::from_value(got["params"].clone()).expect("params");
        prop_assert_eq!(reparsed, params);
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `application/x-www-form-urlencoded`, as a browser encodes a form.
fn form_urlencoded_body(pairs: &[(String, String)]) -> String {
    const FORM: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'*')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b' ');
    let enc = |s: &str| utf8_percent_encode(s, FORM).to_string().replace(' ', "+");
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Parses `application/x-www-form-urlencoded` (`+` is a space).
fn form_urlencoded_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (dec(k), dec(v))
        })
        .collect()
}
