//! Next.js 16's `after`, `connection` and `draftMode` through `routes!`
//! (`fixtures/next16`), served by `route_runtime::Server` on loopback.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use route_runtime::axum::Router;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// What `after()` in `api/log` reports: (user agent, session).
type Logged = (Option<String>, Option<String>);
static LOGGED: Mutex<Option<mpsc::UnboundedSender<Logged>>> = Mutex::new(None);

pub async fn log_user_action(user_agent: Option<String>, session: Option<String>) {
    if let Some(tx) = LOGGED.lock().unwrap().as_ref() {
        let _ = tx.send((user_agent, session));
    }
}

static NUMBERS: AtomicU64 = AtomicU64::new(0);

pub fn next_number() -> u64 {
    NUMBERS.fetch_add(1, Ordering::SeqCst)
}

pub const DRAFT_TOKEN: &str = "token-for-editors";

static POST_RENDERS: AtomicU64 = AtomicU64::new(0);

/// The posts, with the unpublished ones in draft mode; counts renders.
pub fn load_posts(draft: bool) -> Vec<String> {
    let n = POST_RENDERS.fetch_add(1, Ordering::SeqCst);
    let mut posts = vec![format!("published (render {n})")];
    if draft {
        posts.push("unpublished".to_owned());
    }
    posts
}

fn app() -> Router {
    route_runtime::routes!("../fixtures/next16")
}

/// Sends a request (`Connection: close`) and returns status, head and body.
async fn send(addr: SocketAddr, method: &str, path: &str, extra: &str) -> (u16, String, String) {
    let mut conn = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 0\r\n{extra}\r\n"
    );
    conn.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), conn.read_to_end(&mut buf))
        .await
        .expect("an answer")
        .unwrap();
    let text = String::from_utf8(buf).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
}

#[tokio::test]
async fn after_connection_and_draft_mode_through_routes() {
    let (tx, mut logged) = mpsc::unbounded_channel();
    *LOGGED.lock().unwrap() = Some(tx);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = route_runtime::Server::new(app())
        .listener(listener)
        .compression(false)
        .shutdown_signal(async {
            let _ = stopped.await;
        });
    // Starting prerenders `/random` (stopped at `connection()`) and `/posts`.
    let server = tokio::spawn(server.run());

    // after(): the answer first, then the work, with the request's data.
    let (status, _, body) = send(
        addr,
        "POST",
        "/api/log",
        "user-agent: tester/1\r\ncookie: session-id=abc\r\n",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"success"}"#));
    let entry = tokio::time::timeout(Duration::from_secs(10), logged.recv()).await;
    assert_eq!(
        entry.unwrap().unwrap(),
        (Some("tester/1".to_owned()), Some("abc".to_owned()))
    );

    // connection(): a REVALIDATE route that awaits it renders per request.
    let (_, head, first) = send(addr, "GET", "/random", "").await;
    let (_, _, second) = send(addr, "GET", "/random", "").await;
    assert_ne!(first, second);
    assert_eq!(header(&head, "cache-control"), None);
    let n = |body: &str| {
        serde_json::from_str::<Value>(body).unwrap()["n"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(n(&second), n(&first) + 1);

    // draft_mode(): cached for everyone, per request for the editor.
    let (_, head, published) = send(addr, "GET", "/posts", "").await;
    assert!(header(&head, "cache-control")
        .unwrap()
        .starts_with("s-maxage=3600"));
    assert_eq!(send(addr, "GET", "/posts", "").await.2, published);
    let (status, _, _) = send(addr, "GET", "/api/draft?secret=wrong", "").await;
    assert_eq!(status, 401);
    let (status, head, _) = send(addr, "GET", "/api/draft?secret=token-for-editors", "").await;
    assert_eq!(status, 307);
    assert_eq!(header(&head, "location"), Some("/posts"));
    let set_cookie = header(&head, "set-cookie").unwrap();
    assert!(
        set_cookie.starts_with("__prerender_bypass="),
        "{set_cookie}"
    );
    assert!(
        set_cookie.ends_with("; path=/; secure; httponly; samesite=none"),
        "{set_cookie}"
    );
    // (the head was lowercased; the cookie's value is hex, so it survives)
    let cookie = format!("cookie: {}\r\n", set_cookie.split(';').next().unwrap());
    let (_, head, draft) = send(addr, "GET", "/posts", &cookie).await;
    let draft: Value = serde_json::from_str(&draft).unwrap();
    assert_eq!(draft["draft"], true);
    assert_eq!(draft["posts"][1], "unpublished");
    assert_eq!(
        header(&head, "cache-control"),
        Some("private, no-cache, no-store, max-age=0, must-revalidate")
    );
    let (_, _, again) = send(addr, "GET", "/posts", &cookie).await;
    assert_ne!(
        serde_json::from_str::<Value>(&again).unwrap()["posts"][0],
        draft["posts"][0]
    );
    assert_eq!(
        send(addr, "GET", "/posts", "").await.2,
        published,
        "the cache is untouched"
    );
    let (_, head, _) = send(addr, "GET", "/api/draft/disable", &cookie).await;
    assert!(header(&head, "set-cookie")
        .unwrap()
        .contains("expires=thu, 01 jan 1970"));

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
