//! The streaming app: the docs' stream and a full SSE chat through `oneshot`,
//! and a client that hangs up mid-stream on a loopback server.

use std::time::Duration;

use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use streaming::{ChatState, ChatStats};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

async fn send(state: ChatState, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let res = streaming::app(state).oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

fn state() -> ChatState {
    ChatState::new(Duration::from_millis(1))
}

/// The `data:` payloads of an SSE body, in order.
fn sse_data(body: &str) -> Vec<String> {
    body.split("\n\n")
        .filter(|frame| !frame.trim().is_empty())
        .filter_map(|frame| frame.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn docs_stream_sends_the_three_parts_in_order() {
    let req = Request::get("/api/stream").body(Body::empty()).unwrap();
    let res = streaming::app(state()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::CONTENT_LENGTH).is_none());
    // Read frame by frame: three separate chunks, not one buffered body.
    let mut body = res.into_body();
    let mut chunks = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            chunks.push(String::from_utf8(data.to_vec()).unwrap());
        }
    }
    assert_eq!(chunks, ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"]);
}

#[tokio::test]
async fn chat_streams_every_token_then_done() {
    let state = state();
    let req = Request::get("/api/chat?prompt=hello+there")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(state.clone(), req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/event-stream");
    assert_eq!(
        sse_data(&body),
        [
            r#"{"token":"You "}"#,
            r#"{"token":"said: "}"#,
            r#"{"token":"hello "}"#,
            r#"{"token":"there"}"#,
            "[DONE]",
        ]
    );
    let mut stats = state.stats();
    let stats = *stats.wait_for(|s| s.completed == 1).await.unwrap();
    assert_eq!(
        stats,
        ChatStats {
            started: 1,
            completed: 1,
            cancelled: 0
        }
    );
}

#[tokio::test]
async fn chat_by_post_and_bad_requests() {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/chat")
        .body(Body::from(r#"{"prompt":"hi"}"#))
        .unwrap();
    let (status, _, body) = send(state(), req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        sse_data(&body),
        [
            r#"{"token":"You "}"#,
            r#"{"token":"said: "}"#,
            r#"{"token":"hi"}"#,
            "[DONE]"
        ]
    );

    for (method, uri, body) in [
        (Method::GET, "/api/chat", ""),
        (Method::GET, "/api/chat?prompt=+", ""),
        (Method::POST, "/api/chat", r#"{"prompt":"  "}"#),
        (Method::POST, "/api/chat", r#"{"question":"hi"}"#),
        (Method::POST, "/api/chat", "not json"),
    ] {
        let req = Request::builder()
            .method(method.clone())
            .uri(uri)
            .body(Body::from(body))
            .unwrap();
        let state = state();
        let (status, _, text) = send(state.clone(), req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {uri} {body}");
        assert!(!text.is_empty(), "{method} {uri} {body}: the 400 says why");
        assert_eq!(
            state.stats().borrow().started,
            0,
            "no producer for a bad request"
        );
    }
}

#[tokio::test]
async fn producer_stops_when_the_client_disconnects() {
    // Tokens 20 ms apart and a 500-word prompt: the stream would last ~10 s.
    let state = ChatState::new(Duration::from_millis(20));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        route_runtime::Server::new(streaming::app(state.clone()))
            .listener(listener)
            .shutdown_signal(async {
                let _ = stopped.await;
            })
            .run(),
    );

    let prompt = vec!["word"; 500].join("+");
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(
            format!("GET /api/chat?prompt={prompt} HTTP/1.1\r\nhost: {addr}\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    // Read until two tokens have arrived, then hang up.
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    while String::from_utf8_lossy(&received).matches("data: ").count() < 2 {
        let n = socket.read(&mut buf).await.unwrap();
        assert!(n > 0, "the server closed the stream early");
        received.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&received).into_owned();
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    drop(socket);

    // The producer notices and stops; the generous bound only keeps a broken
    // build from hanging the test run.
    let mut stats = state.stats();
    let stats = *tokio::time::timeout(
        Duration::from_secs(60),
        stats.wait_for(|s| s.cancelled == 1),
    )
    .await
    .expect("the producer never noticed the disconnect")
    .unwrap();
    assert_eq!(
        stats,
        ChatStats {
            started: 1,
            completed: 0,
            cancelled: 1
        }
    );

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
