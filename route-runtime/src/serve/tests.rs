//! The server's limits, over real loopback sockets.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::Server;

/// Generous bound for anything that should happen "soon" (no test relies on
/// it being fast, only on it happening at all).
const SOON: Duration = Duration::from_secs(10);

fn app() -> Router {
    Router::new().route("/", get(|| async { "ok" }))
}

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start(configure: impl FnOnce(Server) -> Server) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, rx) = oneshot::channel::<()>();
    let server = configure(Server::new(app()))
        .listener(listener)
        .shutdown_signal(async {
            let _ = rx.await;
        });
    let task = tokio::spawn(server.run());
    Running { addr, stop, task }
}

impl Running {
    async fn stop(self) {
        self.stop.send(()).unwrap();
        tokio::time::timeout(SOON, self.task)
            .await
            .expect("server did not shut down")
            .unwrap()
            .unwrap();
    }
}

/// Reads one response head (up to the blank line) and returns it, or `None`
/// when the server closed the connection first.
async fn read_head(conn: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Sends `GET /` and returns the status line, `None` if the connection closed.
async fn get_root(conn: &mut TcpStream) -> Option<String> {
    conn.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .ok()?;
    let head = read_head(conn).await?;
    Some(head.lines().next().unwrap_or_default().to_owned())
}

/// True once the server has closed `conn` (EOF or reset).
async fn closed_by_server(conn: &mut TcpStream) -> bool {
    let mut chunk = [0u8; 1024];
    loop {
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return true,
            Ok(_) => {}
        }
    }
}

#[tokio::test]
async fn a_client_trickling_headers_is_disconnected_after_the_timeout() {
    let server = start(|s| s.header_read_timeout(Duration::from_secs(1))).await;
    let mut conn = TcpStream::connect(server.addr).await.unwrap();
    conn.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut sent = 0;
    // One header line every 200 ms, for at most 30 s: the server must hang
    // up long before, and without answering.
    let closed = loop {
        if conn.write_all(b"x-slow: 1\r\n").await.is_err() {
            break true;
        }
        sent += 1;
        let mut byte = [0u8; 1];
        match tokio::time::timeout(Duration::from_millis(200), conn.read(&mut byte)).await {
            Ok(Ok(0) | Err(_)) => break true,
            Ok(Ok(_)) => panic!("the server answered a request whose headers never ended"),
            Err(_) if started.elapsed() > Duration::from_secs(30) => break false,
            Err(_) => {}
        }
    };
    assert!(closed, "still open after {sent} header lines");
    // Normal clients are still served.
    let mut other = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(
        get_root(&mut other).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    server.stop().await;
}

#[tokio::test]
async fn a_silent_or_idle_connection_is_closed_after_the_timeout() {
    let server = start(|s| s.header_read_timeout(Duration::from_secs(1))).await;
    // Connects and sends nothing.
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    // One request, then idle on keep-alive.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(
        get_root(&mut idle).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    for conn in [&mut silent, &mut idle] {
        let closed = tokio::time::timeout(Duration::from_secs(30), closed_by_server(conn)).await;
        assert!(closed.is_ok(), "still open after 30 s");
    }
    server.stop().await;
}

async fn answer_to(server: &Running, request: &[u8]) -> Option<String> {
    let mut conn = TcpStream::connect(server.addr).await.unwrap();
    // The server may answer and close before reading everything: ignore a
    // failed write and read what came back.
    let _ = conn.write_all(request).await;
    let head = tokio::time::timeout(SOON, read_head(&mut conn))
        .await
        .expect("no answer")?;
    Some(head.lines().next().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn oversized_headers_are_431() {
    let server = start(|s| s).await;
    // 20 KB of one header, over the 16 KiB default.
    let big = format!(
        "GET / HTTP/1.1\r\nhost: x\r\ncookie: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(
        answer_to(&server, big.as_bytes()).await.as_deref(),
        Some("HTTP/1.1 431 Request Header Fields Too Large")
    );
    // Just under the limit is served.
    let fits = format!(
        "GET / HTTP/1.1\r\nhost: x\r\ncookie: {}\r\n\r\n",
        "a".repeat(15 * 1024)
    );
    assert_eq!(
        answer_to(&server, fits.as_bytes()).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    server.stop().await;

    // A configured limit.
    let server = start(|s| s.max_header_size(64 * 1024)).await;
    assert_eq!(
        answer_to(&server, big.as_bytes()).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    server.stop().await;
}

fn with_headers(n: usize) -> Vec<u8> {
    let mut req = String::from("GET / HTTP/1.1\r\nhost: x\r\n");
    for i in 1..n {
        req.push_str(&format!("x-h{i}: v\r\n"));
    }
    req.push_str("\r\n");
    req.into_bytes()
}

#[tokio::test]
async fn too_many_headers_are_431() {
    let server = start(|s| s).await;
    assert_eq!(
        answer_to(&server, &with_headers(101)).await.as_deref(),
        Some("HTTP/1.1 431 Request Header Fields Too Large")
    );
    assert_eq!(
        answer_to(&server, &with_headers(100)).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    server.stop().await;

    let server = start(|s| s.max_headers(10)).await;
    assert_eq!(
        answer_to(&server, &with_headers(11)).await.as_deref(),
        Some("HTTP/1.1 431 Request Header Fields Too Large")
    );
    server.stop().await;
}

#[tokio::test]
async fn any_connection_cap_is_accepted() {
    for cap in [0, usize::MAX] {
        let server = start(|s| s.max_connections(cap)).await;
        let mut conn = TcpStream::connect(server.addr).await.unwrap();
        assert_eq!(
            get_root(&mut conn).await.as_deref(),
            Some("HTTP/1.1 200 OK")
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn the_connection_cap_holds_until_one_closes() {
    let server = start(|s| s.max_connections(2)).await;
    let mut first = TcpStream::connect(server.addr).await.unwrap();
    let mut second = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(
        get_root(&mut first).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    assert_eq!(
        get_root(&mut second).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );

    // The third connects (the kernel's backlog) but is not served while two
    // are open: no answer in a second (it would come in microseconds if the
    // cap did not hold; it never comes while the cap does).
    let mut third = TcpStream::connect(server.addr).await.unwrap();
    third
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_secs(1), third.peek(&mut byte)).await;
    assert!(early.is_err(), "served while two connections were open");

    // Once one closes, the third is served.
    drop(first);
    let head = tokio::time::timeout(SOON, read_head(&mut third))
        .await
        .expect("not served after a connection closed");
    assert_eq!(
        head.as_deref().and_then(|h| h.lines().next()),
        Some("HTTP/1.1 200 OK")
    );
    assert_eq!(
        get_root(&mut second).await.as_deref(),
        Some("HTTP/1.1 200 OK")
    );
    server.stop().await;
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (release, released) = oneshot::channel::<()>();
    let (entered_tx, entered) = oneshot::channel::<()>();
    let handler_side = std::sync::Arc::new(tokio::sync::Mutex::new(Some((entered_tx, released))));
    let app = Router::new().route(
        "/slow",
        get(move || {
            let handler_side = handler_side.clone();
            async move {
                if let Some((entered, released)) = handler_side.lock().await.take() {
                    let _ = entered.send(());
                    let _ = released.await;
                }
                "done"
            }
        }),
    );
    let (stop, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(
        Server::new(app)
            .listener(listener)
            .shutdown_signal(async {
                let _ = rx.await;
            })
            .run(),
    );
    let mut conn = TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    // Once the request is in the handler, ask the server to stop.
    tokio::time::timeout(SOON, entered)
        .await
        .expect("request never reached the handler")
        .unwrap();
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!task.is_finished(), "stopped with a request in flight");
    release.send(()).unwrap();
    let head = tokio::time::timeout(SOON, read_head(&mut conn))
        .await
        .expect("no answer");
    assert_eq!(
        head.as_deref().and_then(|h| h.lines().next()),
        Some("HTTP/1.1 200 OK")
    );
    tokio::time::timeout(SOON, task)
        .await
        .expect("server did not stop after the request")
        .unwrap()
        .unwrap();
}

/// Records the fields of every new span, as `name=value` words.
struct Spans(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Spans {
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut fields = Vec::new();
        attrs.record(
            &mut |field: &tracing::field::Field, value: &dyn std::fmt::Debug| {
                fields.push(format!("{field}={value:?}"));
            },
        );
        self.0.lock().unwrap().push(fields.join(" "));
    }
}

/// Sends `request` through the server's layers with `Spans` listening;
/// returns the response and the spans' fields.
fn traced(request: http::Request<axum::body::Body>) -> (axum::response::Response, Vec<String>) {
    use tower::ServiceExt;
    use tracing_subscriber::layer::SubscriberExt;
    let spans = std::sync::Arc::default();
    let subscriber = tracing_subscriber::registry().with(Spans(std::sync::Arc::clone(&spans)));
    let app = Server::new(Router::new().route("/users/{id}", get(|| async { "ok" }))).into_router();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let response = tracing::subscriber::with_default(subscriber, || {
        rt.block_on(app.oneshot(request)).unwrap()
    });
    let spans = spans.lock().unwrap().clone();
    (response, spans)
}

#[test]
fn the_span_names_the_route_and_the_request_id_the_client_sent() {
    let request = http::Request::get("/users/7")
        .header("x-request-id", "abc-123")
        .body(axum::body::Body::empty())
        .unwrap();
    let (response, spans) = traced(request);
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    assert_eq!(
        spans,
        ["method=GET route=/users/{id} request_id=abc-123"],
        "{spans:?}"
    );
}

#[test]
fn without_a_client_request_id_the_span_gets_a_made_one_and_no_header_is_added() {
    let request = http::Request::get("/users/7")
        .body(axum::body::Body::empty())
        .unwrap();
    let (response, spans) = traced(request);
    assert_eq!(response.status(), 200);
    assert!(!response.headers().contains_key("x-request-id"));
    let [span] = spans.as_slice() else {
        panic!("one span expected: {spans:?}")
    };
    let id = span
        .strip_prefix("method=GET route=/users/{id} request_id=")
        .unwrap_or_else(|| panic!("{span}"));
    let (prefix, n) = id.split_once('-').unwrap_or_else(|| panic!("{id}"));
    assert!(
        u64::from_str_radix(prefix, 16).is_ok() && n.parse::<u64>().is_ok(),
        "{id}"
    );
}

#[test]
fn compression_only_when_the_client_accepts_it() {
    use tower::ServiceExt;
    let body = "x".repeat(2000);
    let app = Server::new(Router::new().route("/", get(move || async move { body }))).into_router();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for (accept, encoding) in [
        (Some("gzip"), Some("gzip")),
        (Some("br"), Some("br")),
        (None, None),
    ] {
        let mut request = http::Request::get("/");
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let request = request.body(axum::body::Body::empty()).unwrap();
        let response = rt.block_on(app.clone().oneshot(request)).unwrap();
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding
        );
    }
}

/// Logs a span and events with every kind of field through a fmt subscriber
/// without colours, formatting fields with `fields`; returns the output.
fn formatted<N>(fields: N) -> String
where
    N: for<'w> tracing_subscriber::fmt::FormatFields<'w> + Send + Sync + 'static,
{
    let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let sink = std::sync::Arc::clone(&out);
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .without_time()
        .with_max_level(tracing::Level::INFO)
        .fmt_fields(fields)
        .with_writer(move || Sink(std::sync::Arc::clone(&sink)))
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let span = tracing::info_span!(
            "request",
            method = %"GET",
            route = %"/users/{id}",
            request_id = %"a-1",
            n = 3,
            s = "quoted \"str\"\n",
        );
        let _entered = span.enter();
        tracing::info!("plain message");
        tracing::info!(answer = 42, name = "x", r#type = "t", "hello {}", "world");
        tracing::info!(only = true);
        let error = std::io::Error::other("boom");
        tracing::error!(
            error = &error as &(dyn std::error::Error + 'static),
            "failed"
        );
        tracing::warn!(escape = "\u{1b}[31mred", "message with \u{1b}[31m escape");
    });
    let out = out.lock().unwrap();
    String::from_utf8(out.clone()).unwrap()
}

struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn plain_fields_write_what_default_fields_write() {
    let plain = formatted(super::fields::PlainFields::default());
    let default = formatted(tracing_subscriber::fmt::format::DefaultFields::new());
    assert!(
        plain.contains(
            r#"request{method=GET route=/users/{id} request_id=a-1 n=3 s="quoted \"str\"\n"}"#
        ),
        "{plain}"
    );
    assert_eq!(plain.lines().count(), 5, "{plain}");
    assert_eq!(plain, default);
}
