//! `after()` over a real server on loopback: the work runs once the client
//! has the whole response, after errors, redirects and panics, with the
//! request's headers and cookies; shutdown waits for it, within its timeout.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::router::{RouteFn, Tree};
use crate::{Server, after, cookies, headers};

/// Generous bound for what must happen "soon" (never relied on to be fast).
const SOON: Duration = Duration::from_secs(10);

static TREE: Tree = Tree::new(&[]);

/// `handler` as `routes!` mounts a route file that names `after`: with the
/// request scope.
fn scoped<F, Fut>(handler: F) -> RouteFn<impl FnOnce(Request, ()) -> Fut + Clone + Send + Sync>
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    RouteFn::new(move |_req: Request, _: ()| handler(), &TREE, false, true)
}

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start(app: Router, configure: impl FnOnce(Server) -> Server) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, rx) = oneshot::channel::<()>();
    let server = configure(Server::new(app))
        .listener(listener)
        .shutdown_signal(async {
            let _ = rx.await;
        });
    let task = tokio::spawn(server.run());
    Running { addr, stop, task }
}

/// Sends `GET path` with `Connection: close` and `extra` header lines, and
/// returns the whole response as text (read to EOF).
async fn fetch(addr: SocketAddr, path: &str, extra: &str) -> String {
    let mut conn = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n{extra}\r\n");
    conn.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(SOON, conn.read_to_end(&mut buf))
        .await
        .expect("response")
        .unwrap();
    String::from_utf8_lossy(&buf).into_owned()
}

async fn recv<T>(rx: &mut mpsc::UnboundedReceiver<T>) -> T {
    tokio::time::timeout(SOON, rx.recv())
        .await
        .expect("after() work ran")
        .expect("sender alive")
}

#[tokio::test]
async fn work_runs_once_the_client_has_the_whole_body_and_reads_the_request() {
    // The body's last chunk waits for `gate`: the work must not start
    // before the body is complete, and the client gets it without waiting
    // for the work (which itself waits for `release`).
    let (gate_tx, gate_rx) = oneshot::channel::<()>();
    let gate = Arc::new(std::sync::Mutex::new(Some(gate_rx)));
    let body_done = Arc::new(AtomicBool::new(false));
    let (report_tx, mut report) = mpsc::unbounded_channel();
    let (release_tx, release_rx) = oneshot::channel::<()>();
    let release = Arc::new(std::sync::Mutex::new(Some(release_rx)));
    let (finished_tx, mut finished) = mpsc::unbounded_channel();

    let handler = {
        let (gate, body_done) = (gate.clone(), body_done.clone());
        move || {
            let (gate, body_done) = (gate.clone(), body_done.clone());
            let (report_tx, release, finished_tx) =
                (report_tx.clone(), release.clone(), finished_tx.clone());
            async move {
                let seen_done = body_done.clone();
                after(async move {
                    let agent = headers().unwrap().get("user-agent");
                    let session = cookies()
                        .unwrap()
                        .get("session-id")
                        .map(|c| c.value().to_owned());
                    let _ = report_tx.send((seen_done.load(Ordering::SeqCst), agent, session));
                    let release = release.lock().unwrap().take();
                    if let Some(release) = release {
                        let _ = release.await;
                    }
                    let _ = finished_tx.send(());
                })
                .unwrap();
                let gate = gate.lock().unwrap().take().unwrap();
                let tail = futures_util::stream::once(async move {
                    let _ = gate.await;
                    body_done.store(true, Ordering::SeqCst);
                    "two"
                });
                crate::Response::stream(futures_util::stream::iter(["one;"]).chain(tail))
                    .into_response()
            }
        }
    };
    let app = Router::new().route("/", get(scoped(handler)));
    let server = start(app, |s| s.compression(false)).await;

    let mut conn = TcpStream::connect(server.addr).await.unwrap();
    conn.write_all(
        b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\nuser-agent: tester/1\r\ncookie: session-id=s1\r\n\r\n",
    )
    .await
    .unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !String::from_utf8_lossy(&buf).contains("one;") {
        let n = conn.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed early");
        buf.extend_from_slice(&chunk[..n]);
    }
    gate_tx.send(()).unwrap();
    // The whole response arrives while the work is still held by `release`.
    tokio::time::timeout(SOON, conn.read_to_end(&mut buf))
        .await
        .expect("the response does not wait for after() work")
        .unwrap();
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("two"), "{text}");

    let (done_when_started, agent, session) = recv(&mut report).await;
    assert!(
        done_when_started,
        "after() work started before the body was complete"
    );
    assert_eq!(agent.as_deref(), Some("tester/1"));
    assert_eq!(session.as_deref(), Some("s1"));
    assert!(finished.try_recv().is_err(), "held by `release`");
    release_tx.send(()).unwrap();
    recv(&mut finished).await;
    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
}

#[tokio::test]
async fn work_runs_after_an_error_a_redirect_a_panic_and_a_head() {
    let (tx, mut rx) = mpsc::unbounded_channel::<&'static str>();
    let route = |name: &'static str, answer: fn() -> Response| {
        let tx = tx.clone();
        scoped(move || {
            let tx = tx.clone();
            async move {
                after(async move {
                    let _ = tx.send(name);
                })
                .unwrap();
                answer()
            }
        })
    };
    let app = Router::new()
        .route(
            "/error",
            get(route("error", || {
                Err::<(), _>(crate::cookies::OutsideRequestScope::outside("cookies()"))
                    .into_response()
            })),
        )
        .route(
            "/redirect",
            get(route("redirect", || {
                crate::redirect("/elsewhere").into_response()
            })),
        )
        .route("/panic", get(route("panic", || panic!("handler failed"))))
        .route(
            "/head",
            get(route("head", || {
                crate::Response::text("body").into_response()
            })),
        );
    let server = start(app, |s| s).await;

    let res = fetch(server.addr, "/error", "").await;
    assert!(res.starts_with("HTTP/1.1 500"), "{res}");
    assert_eq!(recv(&mut rx).await, "error");
    let res = fetch(server.addr, "/redirect", "").await;
    assert!(res.starts_with("HTTP/1.1 307"), "{res}");
    assert!(res.contains("location: /elsewhere"), "{res}");
    assert_eq!(recv(&mut rx).await, "redirect");
    let res = fetch(server.addr, "/panic", "").await;
    assert!(res.starts_with("HTTP/1.1 500"), "{res}");
    assert_eq!(recv(&mut rx).await, "panic");

    let mut conn = TcpStream::connect(server.addr).await.unwrap();
    conn.write_all(b"HEAD /head HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    conn.read_to_end(&mut buf).await.unwrap();
    assert!(buf.starts_with(b"HTTP/1.1 200"));
    assert_eq!(recv(&mut rx).await, "head");

    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_panic_in_after_work_never_reaches_the_client() {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let handler = move || {
        let tx = tx.clone();
        async move {
            after(async {
                if true {
                    panic!("after work failed");
                }
            })
            .unwrap();
            // Work queued after a panicking one still runs.
            after(async move {
                let _ = tx.send(());
            })
            .unwrap();
            crate::Response::text("ok").into_response()
        }
    };
    let app = Router::new().route("/", get(scoped(handler)));
    let server = start(app, |s| s).await;
    for _ in 0..2 {
        let res = fetch(server.addr, "/", "").await;
        assert!(res.starts_with("HTTP/1.1 200"), "{res}");
        assert!(res.ends_with("\r\n\r\nok"), "{res}");
        recv(&mut rx).await;
    }
    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
}

#[tokio::test]
async fn after_outside_a_request_and_nested_after() {
    assert!(after(async {}).is_err());
    let (tx, mut rx) = mpsc::unbounded_channel::<&'static str>();
    let handler = move || {
        let tx = tx.clone();
        async move {
            after(async move {
                let inner = tx.clone();
                // Nested: runs at once, in the same request scope.
                after(async move {
                    let agent = headers().unwrap().get("user-agent");
                    let _ = inner.send(if agent.is_some() {
                        "nested"
                    } else {
                        "no headers"
                    });
                })
                .unwrap();
                // Cookies cannot be set any more.
                let set = cookies().unwrap().set("late", "1");
                let _ = tx.send(if set.is_err() { "refused" } else { "set" });
            })
            .unwrap();
            crate::Response::text("ok").into_response()
        }
    };
    let app = Router::new().route("/", get(scoped(handler)));
    let server = start(app, |s| s).await;
    let res = fetch(server.addr, "/", "user-agent: t\r\n").await;
    assert!(!res.contains("late="), "{res}");
    let mut got = vec![recv(&mut rx).await, recv(&mut rx).await];
    got.sort_unstable();
    assert_eq!(got, ["nested", "refused"]);
    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
}

/// A handler that queues `work` and answers at once.
fn queuing(
    work: impl Fn() -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>>
    + Clone
    + Send
    + Sync
    + 'static,
) -> Router {
    let handler = move || {
        let work = work.clone();
        async move {
            after(work()).unwrap();
            crate::Response::text("ok").into_response()
        }
    };
    Router::new().route("/", get(scoped(handler)))
}

#[tokio::test(start_paused = true)]
async fn shutdown_waits_for_after_work() {
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let app = queuing(move || {
        let flag = flag.clone();
        Box::pin(async move {
            tokio::time::sleep(Duration::from_secs(5)).await;
            flag.store(true, Ordering::SeqCst);
        })
    });
    let server = start(app, |s| s.after_timeout(Duration::from_secs(60))).await;
    let res = fetch(server.addr, "/", "").await;
    assert!(res.ends_with("ok"), "{res}");
    assert!(!done.load(Ordering::SeqCst));
    let stopping = tokio::time::Instant::now();
    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
    assert!(
        done.load(Ordering::SeqCst),
        "shutdown returned before the after() work finished"
    );
    let waited = stopping.elapsed();
    assert!(waited <= Duration::from_secs(60), "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn shutdown_gives_up_on_after_work_at_the_timeout() {
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let app = queuing(move || {
        let flag = flag.clone();
        Box::pin(async move {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            flag.store(true, Ordering::SeqCst);
        })
    });
    let server = start(app, |s| s.after_timeout(Duration::from_secs(10))).await;
    let res = fetch(server.addr, "/", "").await;
    assert!(res.ends_with("ok"), "{res}");
    let stopping = tokio::time::Instant::now();
    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
    let waited = stopping.elapsed();
    assert!(!done.load(Ordering::SeqCst));
    assert!(
        waited >= Duration::from_secs(10) && waited < Duration::from_secs(3600),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn work_of_a_handler_dropped_before_answering_still_runs() {
    // `MAX_DURATION` drops the handler's future: the work it queued runs.
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let handler = move || {
        let tx = tx.clone();
        async move {
            after(async move {
                let _ = tx.send(());
            })
            .unwrap();
            std::future::pending::<Response>().await
        }
    };
    let route = crate::router::Timeout::new(scoped(handler), 0);
    let app = Router::new().route("/", get(route));
    let server = start(app, |s| s).await;
    let res = fetch(server.addr, "/", "").await;
    assert!(res.starts_with("HTTP/1.1 504"), "{res}");
    recv(&mut rx).await;
    server.stop.send(()).unwrap();
    server.task.await.unwrap().unwrap();
}
