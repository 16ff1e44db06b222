//! Serving a router: [`serve`] and the [`Server`] builder.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let app: axum::Router = axum::Router::new();
//! route_runtime::serve(app).await // http://127.0.0.1:3000, or $HOST:$PORT
//! # }
//! ```

use std::future::{Future, IntoFuture};
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

type Signal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Serves `router` on `127.0.0.1:3000` (`$HOST` and `$PORT` override), with
/// gzip/br compression, `x-request-id`, tracing spans, panics turned into
/// 500s, and graceful shutdown on Ctrl-C/SIGTERM. See [`Server`] to change any
/// of these.
///
/// HTTP/1.1, as `next start`, with limits against slow or greedy clients
/// (each a [`Server`] method): a 30 s header-read timeout, 10,000 open
/// connections, 100 request headers and a 16 KiB request head (431 beyond).
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// route_runtime::serve(axum::Router::new()).await
/// # }
/// ```
pub async fn serve(router: Router) -> io::Result<()> {
    Server::new(router).run().await
}

/// Builder for serving a router; `.await` it (or call [`run`](Self::run)).
///
/// The address is, in order of precedence: [`listener`](Self::listener); the
/// [`host`](Self::host)/[`port`](Self::port) given here; the `HOST`/`PORT`
/// environment variables; `127.0.0.1:3000`.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use route_runtime::Server;
/// Server::new(axum::Router::new()).port(8080).compression(false).await
/// # }
/// ```
#[must_use = "a Server does nothing until awaited"]
pub struct Server {
    router: Router,
    host: Option<String>,
    port: Option<u16>,
    listener: Option<TcpListener>,
    compression: bool,
    limits: Limits,
    shutdown: Option<Signal>,
    after_timeout: Duration,
}

/// What one client may hold: see the `Server` methods of the same names.
#[derive(Clone, Copy, Debug)]
struct Limits {
    header_read_timeout: Option<Duration>,
    max_connections: usize,
    max_headers: usize,
    max_header_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Some(Duration::from_secs(30)),
            max_connections: 10_000,
            max_headers: 100,
            max_header_size: 16 * 1024,
        }
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("listener", &self.listener)
            .field("compression", &self.compression)
            .field("limits", &self.limits)
            .field("after_timeout", &self.after_timeout)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// A server for `router`, with the defaults of [`serve`].
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new());
    /// ```
    pub fn new(router: Router) -> Self {
        Server {
            router,
            host: None,
            port: None,
            listener: None,
            compression: true,
            limits: Limits::default(),
            shutdown: None,
            after_timeout: Duration::from_secs(30),
        }
    }

    /// The host or IP to bind (default `$HOST`, else `127.0.0.1`).
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new()).host("0.0.0.0");
    /// ```
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The port to bind (default `$PORT`, else 3000; 0 picks a free one).
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new()).port(8080);
    /// ```
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// Serve on an already bound listener (tests bind port 0 and read the
    /// address from it).
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let addr = listener.local_addr()?;
    /// route_runtime::Server::new(axum::Router::new()).listener(listener).await
    /// # }
    /// ```
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// gzip/br compression of responses (on by default). Streams are still
    /// flushed chunk by chunk; `text/event-stream`, images and tiny bodies
    /// are not compressed.
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new()).compression(false);
    /// ```
    pub fn compression(mut self, on: bool) -> Self {
        self.compression = on;
        self
    }

    /// How long a client has to send a request's headers, from the moment
    /// the server starts reading them (default 30 s; `None` waits forever).
    /// A client that trickles its headers is disconnected when it runs out,
    /// without an answer. The same clock runs while a keep-alive connection
    /// waits for its next request, so an idle connection is closed after it
    /// too. (Node, under Next.js: `headersTimeout` 60 s, and
    /// `keepAliveTimeout` 5 s for idle connections.)
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = route_runtime::Server::new(axum::Router::new())
    ///     .header_read_timeout(Duration::from_secs(10));
    /// ```
    pub fn header_read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.header_read_timeout = timeout.into();
        self
    }

    /// At most this many connections open at once (default 10,000; at
    /// least 1, and `usize::MAX` means as many as a semaphore counts). Further clients are not accepted until one closes: they wait
    /// in the kernel's accept backlog (their `connect` succeeds, their
    /// request is answered later), not refused. 10,000 open connections need
    /// 10,000 file descriptors: raise `ulimit -n` to match, or lower this.
    /// (Node: `server.maxConnections`, unlimited.)
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new()).max_connections(1_000);
    /// ```
    pub fn max_connections(mut self, n: usize) -> Self {
        self.limits.max_connections = n.clamp(1, Semaphore::MAX_PERMITS);
        self
    }

    /// At most this many request headers (default 100, as hyper). A request
    /// with more is answered `431 Request Header Fields Too Large` and its
    /// connection closed. (Node: `maxHeadersCount` 2,000.)
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new()).max_headers(200);
    /// ```
    pub fn max_headers(mut self, n: usize) -> Self {
        self.limits.max_headers = n;
        self
    }

    /// At most this many bytes of request line and headers (default 16 KiB,
    /// as Node's `maxHeaderSize`). A larger request head is answered `431
    /// Request Header Fields Too Large` and its connection closed.
    ///
    /// ```
    /// let server = route_runtime::Server::new(axum::Router::new()).max_header_size(64 * 1024);
    /// ```
    pub fn max_header_size(mut self, bytes: usize) -> Self {
        self.limits.max_header_size = bytes;
        self
    }

    /// Stop when `signal` completes instead of on Ctrl-C/SIGTERM. In-flight
    /// requests are drained either way.
    ///
    /// ```
    /// let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    /// let server = route_runtime::Server::new(axum::Router::new())
    ///     .shutdown_signal(async { let _ = rx.await; });
    /// ```
    pub fn shutdown_signal(mut self, signal: impl Future<Output = ()> + Send + 'static) -> Self {
        self.shutdown = Some(Box::pin(signal));
        self
    }

    /// On shutdown, once the last connection has closed, how long to wait
    /// for [`after()`](crate::after()) work still running (default 30 s).
    /// What is still running then is abandoned, with a warning naming how
    /// many; `Duration::ZERO` does not wait.
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = route_runtime::Server::new(axum::Router::new())
    ///     .after_timeout(Duration::from_secs(5));
    /// ```
    pub fn after_timeout(mut self, timeout: Duration) -> Self {
        self.after_timeout = timeout;
        self
    }

    /// The router with the server's layers applied (request id, tracing,
    /// compression, panic catching), e.g. to drive it with `oneshot`.
    ///
    /// ```
    /// let app: axum::Router = route_runtime::Server::new(axum::Router::new()).into_router();
    /// ```
    pub fn into_router(self) -> Router {
        layered(self.router, self.compression)
    }

    /// Binds, prints `listening on http://ADDR` to stderr, and serves until
    /// the shutdown signal, then waits for in-flight requests and for the
    /// [`after()`](crate::after()) work they left (see [`after_timeout`](Self::after_timeout)).
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// route_runtime::Server::new(axum::Router::new()).run().await
    /// # }
    /// ```
    pub async fn run(self) -> io::Result<()> {
        init_tracing();
        // Static routes are rendered before the first request, as `next build` does.
        crate::router::prerender(self.router.clone())
            .await
            .map_err(|e| io::Error::other(e.to_string()))?;
        let listener = match self.listener {
            Some(listener) => listener,
            None => {
                let host = match self.host {
                    Some(host) => host,
                    None => std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_owned()),
                };
                let port = match self.port {
                    Some(port) => port,
                    None => env_port()?,
                };
                TcpListener::bind((host.as_str(), port))
                    .await
                    .map_err(|e| {
                        io::Error::new(e.kind(), format!("cannot listen on {host}:{port}: {e}"))
                    })?
            }
        };
        eprintln!("listening on http://{}", listener.local_addr()?);
        let app = layered(self.router, self.compression);
        let signal = self.shutdown.unwrap_or_else(|| Box::pin(terminate()));
        accept_loop(listener, app, self.limits, signal).await;
        wait_for_after_work(self.after_timeout).await;
        Ok(())
    }
}

/// Accepts connections while fewer than `limits.max_connections` are open,
/// serves each with HTTP/1.1 under `limits`, and on `signal` stops accepting
/// and waits for the open connections to finish their in-flight requests.
///
/// HTTP/1.1 only, like `next start`: hyper's HTTP/1 server is the one with a
/// header-read timeout and a header-size limit (HTTP/2 comes from the TLS
/// proxy in front).
async fn accept_loop(mut listener: TcpListener, app: Router, limits: Limits, signal: Signal) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_headers(limits.max_headers)
        .max_header_size(limits.max_header_size);
    let http = Arc::new(http);
    let permits = Arc::new(Semaphore::new(limits.max_connections));

    // Every connection task holds a clone of `close_rx` (the run ends when
    // all are dropped) and watches `stop_tx` (closed on the signal).
    let (stop_tx, stop_rx) = watch::channel(());
    tokio::spawn(async move {
        signal.await;
        drop(stop_rx);
    });
    let (close_tx, close_rx) = watch::channel(());

    loop {
        // Wait for a free slot first, so that excess clients stay in the
        // backlog instead of being accepted and left unserved.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit,
            () = stop_tx.closed() => break,
        };
        let Ok(permit) = permit else { break };
        let stream = tokio::select! {
            // axum's accept retries on per-connection errors and backs off
            // when the process is out of file descriptors.
            (stream, _) = axum::serve::Listener::accept(&mut listener) => stream,
            () = stop_tx.closed() => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let http = Arc::clone(&http);
        let stop_tx = stop_tx.clone();
        let close_rx = close_rx.clone();
        tokio::spawn(async move {
            let mut conn = pin!(
                http.serve_connection(TokioIo::new(stream), service)
                    .with_upgrades()
            );
            let mut stop = pin!(stop_tx.closed());
            let mut stopping = false;
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!("connection closed: {e}");
                        }
                        break;
                    }
                    () = &mut stop, if !stopping => {
                        stopping = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(permit);
            drop(close_rx);
        });
    }
    drop(close_rx);
    drop(listener);
    close_tx.closed().await;
}

/// The shutdown's last step: the `after()` work of the requests served.
async fn wait_for_after_work(timeout: Duration) {
    if crate::after::pending() == 0 {
        return;
    }
    tracing::info!(
        pending = crate::after::pending(),
        "waiting for after() work"
    );
    let unfinished = crate::after::drain(timeout).await;
    if unfinished > 0 {
        tracing::warn!(
            unfinished,
            ?timeout,
            "after() work still running at the end of the shutdown timeout: abandoned"
        );
    }
}

impl IntoFuture for Server {
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

fn env_port() -> io::Result<u16> {
    match std::env::var("PORT") {
        Err(_) => Ok(3000),
        Ok(port) => port.trim().parse().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("PORT must be a port number (0-65535), not {port:?}"),
            )
        }),
    }
}

fn layered(router: Router, compression: bool) -> Router {
    // `Router::layer` wraps each route, so `MatchedPath` is known to the span.
    router.layer(layer::ServeLayer { compression })
}

/// A default `tracing` subscriber (`RUST_LOG`, else `info`, to stdout),
/// unless the application installed one. Colours only when stdout is a
/// terminal: escape codes are noise in a log file or a container's log, and
/// painting field names was a third of what a request's span cost (the rest
/// of the saving is [`fields::PlainFields`]).
fn init_tracing() {
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Fails only if another thread won the race: theirs is kept.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .fmt_fields(fields::PlainFields::default())
        .try_init();
}

async fn terminate() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    eprintln!("shutting down: finishing in-flight requests");
}

mod fields;
mod layer;
#[cfg(test)]
mod tests;
