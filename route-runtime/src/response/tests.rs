//! Response builders through a real router, and the server on a loopback
//! port: streaming with compression, panics, CORS, graceful shutdown.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::response::IntoResponse;
use axum::routing::get;
use futures_util::stream;
use http::{Request, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tower::ServiceExt;

use super::*;
use crate::Server;
use crate::cors::Cors;

async fn send(app: Router, req: Request<Body>) -> (http::response::Parts, bytes::Bytes) {
    let (parts, body) = app.oneshot(req).await.unwrap().into_parts();
    (parts, axum::body::to_bytes(body, usize::MAX).await.unwrap())
}

fn get_req(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn builders_match_nextjs_shapes() {
    let app = Router::new()
        .route(
            "/json",
            get(|| async {
                Response::json(&serde_json::json!({"ok": true}))
                    .status(201)
                    .header("x-custom", "yes")
            }),
        )
        .route("/text", get(|| async { Response::text("Hello, Next.js!") }))
        .route("/raw", get(|| async { Response::new("raw") }))
        .route("/empty", get(|| async { Response::empty(204) }))
        .route(
            "/multi",
            get(|| async {
                Response::text("multi")
                    .append_header("x-multi", "a")
                    .append_header("x-multi", "b")
                    .header("cache-control", "public, max-age=60")
                    .header("content-type", "text/plain; charset=utf-8")
            }),
        )
        .route(
            "/bad-header",
            get(|| async { Response::text("x").header("x-bad", "a\r\nb") }),
        )
        .route(
            "/bad-status",
            get(|| async { Response::text("x").status(99u16) }),
        )
        .route(
            "/cookie",
            get(|| async {
                Response::json(&true)
                    .cookie(SetCookie::new("nr", "v").http_only(true).max_age(60))
                    .delete_cookie("gone")
            }),
        );

    let (p, b) = send(app.clone(), get_req("/json")).await;
    assert_eq!(
        (p.status, &p.headers["content-type"], &p.headers["x-custom"]),
        (
            StatusCode::CREATED,
            &"application/json".parse::<http::HeaderValue>().unwrap(),
            &"yes".parse::<http::HeaderValue>().unwrap()
        )
    );
    assert_eq!(&b[..], br#"{"ok":true}"#);
    let (p, b) = send(app.clone(), get_req("/text")).await;
    assert_eq!(p.headers["content-type"], "text/plain;charset=UTF-8");
    assert_eq!(&b[..], b"Hello, Next.js!");
    let (p, _) = send(app.clone(), get_req("/raw")).await;
    assert!(p.headers.get("content-type").is_none());
    let (p, b) = send(app.clone(), get_req("/empty")).await;
    assert_eq!(p.status, 204);
    assert!(b.is_empty() && p.headers.get("content-type").is_none());
    let (p, _) = send(app.clone(), get_req("/multi")).await;
    assert_eq!(
        p.headers.get_all("x-multi").iter().collect::<Vec<_>>(),
        ["a, b"]
    );
    assert_eq!(p.headers["content-type"], "text/plain; charset=utf-8");
    for uri in ["/bad-header", "/bad-status"] {
        let (p, b) = send(app.clone(), get_req(uri)).await;
        assert_eq!(p.status, 500, "{uri}");
        assert!(b.is_empty());
    }
    let (p, _) = send(app.clone(), get_req("/cookie")).await;
    let cookies: Vec<_> = p
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(cookies.len(), 2);
    assert!(
        cookies[0].starts_with("nr=v; Path=/; Expires=")
            && cookies[0].ends_with("; Max-Age=60; HttpOnly"),
        "{cookies:?}"
    );
    assert_eq!(
        cookies[1],
        "gone=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    );
}

#[test]
fn json_serialization_failure_is_a_500() {
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1u8], 1); // a non-string key cannot be a JSON object key
    let res = Response::json(&map);
    assert!(res.error().unwrap().to_string().contains("JSON"));
    assert_eq!(res.into_response().status(), 500);
}

#[test]
fn redirects() {
    let cases = [
        (redirect("https://nextjs.org/"), 307, "https://nextjs.org/"),
        (
            redirect(String::from("/api/hello?from=redirect")),
            307,
            "/api/hello?from=redirect",
        ),
        (permanent_redirect("/api/hello"), 308, "/api/hello"),
        (
            Response::redirect("https://nextjs.org/docs", 301),
            301,
            "https://nextjs.org/docs",
        ),
        (Response::redirect("/x", 302), 302, "/x"),
        (Response::redirect("/x", 303), 303, "/x"),
        (redirect("/caf\u{e9} x"), 307, "/caf%C3%A9%20x"),
    ];
    for (res, status, location) in cases {
        assert!(res.error().is_none());
        let res = res.into_response();
        assert_eq!(res.status(), status);
        assert_eq!(res.headers()["location"], location);
        assert!(res.headers().get("content-type").is_none());
    }
    for bad in [
        redirect("/a\r\nSet-Cookie: x=1"),
        permanent_redirect("/a\nb"),
        Response::redirect("/x", 200),
        Response::redirect("/x", 304),
    ] {
        let res = bad.into_response();
        assert_eq!(res.status(), 500);
        assert!(res.headers().get("location").is_none());
    }
    let res = not_found().into_response();
    assert_eq!(res.status(), 404);
    assert!(res.headers().is_empty());
}

#[tokio::test]
async fn sse_frames_events() {
    let events = stream::iter((0..3).map(|i| {
        Event::default()
            .event("tick")
            .id(i.to_string())
            .data(format!("{i}"))
    }));
    let (p, b) = send(
        Router::new().route("/sse", get(move || async move { Response::sse(events) })),
        get_req("/sse"),
    )
    .await;
    assert_eq!(p.headers["content-type"], "text/event-stream");
    assert_eq!(p.headers["cache-control"], "no-cache");
    assert_eq!(
        std::str::from_utf8(&b).unwrap(),
        "event: tick\nid: 0\ndata: 0\n\nevent: tick\nid: 1\ndata: 1\n\nevent: tick\nid: 2\ndata: 2\n\n"
    );
}

/// Starts `app` through `Server` on a port-0 listener.
async fn start(
    app: Router,
    compression: bool,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = Server::new(app)
        .listener(listener)
        .compression(compression)
        .shutdown_signal(async {
            let _ = rx.await;
        });
    (addr, tx, tokio::spawn(server.run()))
}

async fn read_until(conn: &mut TcpStream, buf: &mut Vec<u8>, needle: &[u8]) {
    let mut chunk = [0u8; 4096];
    while !buf.windows(needle.len()).any(|w| w == needle) {
        let n = tokio::time::timeout(Duration::from_secs(10), conn.read(&mut chunk))
            .await
            .expect("read timed out")
            .unwrap();
        assert!(
            n > 0,
            "connection closed early: {:?}",
            String::from_utf8_lossy(buf)
        );
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Each chunk reaches the client while the handler is still waiting for the
/// next one: the test sends chunk N+1 only after the client saw chunk N.
#[tokio::test]
async fn stream_is_flushed_chunk_by_chunk_even_gzipped() {
    for (compression, accept) in [(true, "gzip"), (true, "br"), (false, "gzip")] {
        let (tx, rx) = mpsc::channel::<&'static str>(1);
        let rx = std::sync::Arc::new(tokio::sync::Mutex::new(Some(rx)));
        let app = Router::new().route(
            "/stream",
            get(move || {
                let rx = rx.clone();
                async move {
                    let rx = rx.lock().await.take().unwrap();
                    Response::stream(tokio_stream_from(rx))
                }
            }),
        );
        let (addr, stop, server) = start(app, compression).await;
        let mut conn = TcpStream::connect(addr).await.unwrap();
        conn.write_all(
            format!("GET /stream HTTP/1.1\r\nhost: x\r\nx-request-id: req-7\r\naccept-encoding: {accept}\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
        let mut buf = Vec::new();
        tx.send("<p>One</p>").await.unwrap();
        read_until(&mut conn, &mut buf, b"\r\n\r\n").await;
        let head = String::from_utf8_lossy(&buf).to_lowercase();
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        assert_eq!(
            head.contains(&format!("content-encoding: {accept}")),
            compression,
            "{head}"
        );
        assert!(
            head.contains("x-request-id: req-7"),
            "the client's id is echoed: {head}"
        );
        // The first chunk must arrive (as a chunk: size line, data, CRLF)
        // before the handler is given the second one.
        let body_start = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        let mut seen_chunks = 0;
        for next in ["<p>Two</p>", "<p>Three</p>"] {
            loop {
                if count_chunks(&buf[body_start..]) > seen_chunks {
                    break;
                }
                let mut chunk = [0u8; 4096];
                let n = tokio::time::timeout(Duration::from_secs(10), conn.read(&mut chunk))
                    .await
                    .expect("chunk not flushed")
                    .unwrap();
                assert!(n > 0);
                buf.extend_from_slice(&chunk[..n]);
            }
            seen_chunks = count_chunks(&buf[body_start..]);
            tx.send(next).await.unwrap();
        }
        drop(tx);
        read_until(&mut conn, &mut buf, b"0\r\n\r\n").await;
        if !compression {
            assert!(String::from_utf8_lossy(&buf).contains("<p>Three</p>"));
        }
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }
}

/// Complete non-empty chunks in a chunked body prefix.
fn count_chunks(mut body: &[u8]) -> usize {
    let mut n = 0;
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let Ok(size) = usize::from_str_radix(
            std::str::from_utf8(&body[..line_end]).unwrap_or("x").trim(),
            16,
        ) else {
            break;
        };
        if size == 0 || body.len() < line_end + 2 + size + 2 {
            break;
        }
        n += 1;
        body = &body[line_end + 2 + size + 2..];
    }
    n
}

fn tokio_stream_from(
    rx: mpsc::Receiver<&'static str>,
) -> impl futures_util::Stream<Item = &'static str> {
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

#[tokio::test]
async fn graceful_shutdown_drains_in_flight_requests() {
    let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
    let release = std::sync::Arc::new(tokio::sync::Mutex::new(Some(release_rx)));
    let (entered_tx, mut entered_rx) = mpsc::channel::<()>(1);
    let app = Router::new()
        .route(
            "/slow",
            get(move || {
                let release = release.clone();
                let entered = entered_tx.clone();
                async move {
                    entered.send(()).await.unwrap();
                    let rx = release.lock().await.take().unwrap();
                    let _ = rx.await;
                    Response::text("done")
                }
            }),
        )
        .route(
            "/panic",
            get(|| async {
                if true {
                    panic!("boom")
                }
                "unreachable"
            }),
        );
    let (addr, stop, server) = start(app, true).await;

    // a panicking plain axum handler gives a 500 and the server lives on
    let mut conn = TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /panic HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    read_until(&mut conn, &mut buf, b"\r\n\r\n").await;
    let head = String::from_utf8_lossy(&buf).to_lowercase();
    assert!(head.starts_with("http/1.1 500"), "{head}");
    assert!(
        !head.contains("x-request-id"),
        "no id the client did not send: {head}"
    );

    let mut conn = TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    entered_rx.recv().await.unwrap();
    stop.send(()).unwrap();
    tokio::task::yield_now().await;
    assert!(
        !server.is_finished(),
        "server stopped before the in-flight request ended"
    );
    release_tx.send(()).unwrap();
    let mut buf = Vec::new();
    conn.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf);
    assert!(
        text.starts_with("HTTP/1.1 200") && text.ends_with("done"),
        "{text}"
    );
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("server did not stop")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn explicit_options_pattern_needs_nothing() {
    let cors = [
        ("access-control-allow-origin", "*"),
        (
            "access-control-allow-methods",
            "GET, POST, PUT, DELETE, OPTIONS",
        ),
        (
            "access-control-allow-headers",
            "Content-Type, Authorization",
        ),
    ];
    let app = Router::new().route(
        "/cors",
        get(move || async move {
            cors.iter()
                .fold(Response::text("Hello, Next.js!"), |r, (k, v)| {
                    r.header(*k, *v)
                })
        })
        .options(move || async move {
            cors.iter()
                .fold(Response::empty(204), |r, (k, v)| r.header(*k, *v))
                .header("access-control-max-age", "86400")
        }),
    );
    let req = Request::options("/cors")
        .header("origin", "https://a.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let (p, _) = send(app, req).await;
    assert_eq!(p.status, 204);
    assert_eq!(p.headers["access-control-max-age"], "86400");
    assert_eq!(
        p.headers["access-control-allow-methods"],
        "GET, POST, PUT, DELETE, OPTIONS"
    );
}

#[tokio::test]
async fn cors_layer_preflight_lists_route_methods() {
    async fn allow() -> impl IntoResponse {
        (
            StatusCode::NO_CONTENT,
            [("allow", "GET, HEAD, OPTIONS, POST")],
        )
    }
    let app = Router::new()
        .route(
            "/items/{id}",
            get(|| async { "item" })
                .post(|| async { "posted" })
                .options(allow),
        )
        .layer(
            Cors::permissive()
                .methods_from(|p| (p == "/items/{id}").then_some("GET, HEAD, OPTIONS, POST")),
        );
    let preflight = Request::options("/items/1")
        .header("origin", "https://a.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let (p, _) = send(app.clone(), preflight).await;
    assert_eq!(p.status, 204);
    assert_eq!(
        p.headers["access-control-allow-methods"],
        "GET, HEAD, OPTIONS, POST"
    );
    assert_eq!(p.headers["access-control-allow-origin"], "*");
    // a plain OPTIONS still reaches the route
    let (p, _) = send(
        app.clone(),
        Request::options("/items/1").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(p.headers["allow"], "GET, HEAD, OPTIONS, POST");
    assert!(p.headers.get("access-control-allow-origin").is_none());
    // an actual request gets the CORS headers on the route's answer
    let (p, b) = send(
        app,
        Request::get("/items/1")
            .header("origin", "https://a.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(p.headers["access-control-allow-origin"], "*");
    assert_eq!(&b[..], b"item");
}
