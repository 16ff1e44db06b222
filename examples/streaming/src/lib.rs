//! Streaming, from the Next.js route handler docs:
//!
//! - `GET /api/stream` (`app/api/stream/route.rs`): the docs' three-part
//!   stream, `<p>One</p>`, `<p>Two</p>`, `<p>Three</p>` 200 ms apart, with
//!   [`Response::stream`](route_runtime::Response::stream).
//! - `GET /api/chat?prompt=..` and `POST /api/chat` with `{"prompt": ..}`
//!   (`app/api/chat/route.rs`): server-sent events that stream a reply token
//!   by token, the way AI chat APIs do (`data: {"token":".."}` events, then
//!   `data: [DONE]`), with [`Response::sse_keep_alive`](route_runtime::Response::sse_keep_alive).
//!   The tokens come from a producer task; when the client goes away the
//!   response body is dropped, and the producer notices and stops instead of
//!   generating into the void. [`ChatState::stats`] counts how streams ended.

use std::sync::Arc;
use std::time::Duration;

use route_runtime::axum::Router;
use tokio::sync::watch;

/// The application, with the chat's shared state.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use std::time::Duration;
/// let state = streaming::ChatState::new(Duration::from_millis(60));
/// route_runtime::serve(streaming::app(state)).await
/// # }
/// ```
pub fn app(state: ChatState) -> Router {
    route_runtime::routes!("app").with_state(state)
}

/// State of the chat endpoint: how fast the fake model produces tokens, and
/// counters of how the streams ended.
#[derive(Clone, Debug)]
pub struct ChatState {
    /// The pause before each token (a real model's latency).
    pub token_delay: Duration,
    stats: Arc<watch::Sender<ChatStats>>,
}

/// How many chat streams started, ran to the end, or were cancelled because
/// the client disconnected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChatStats {
    /// Producers started.
    pub started: u32,
    /// Producers that sent every token and `[DONE]`.
    pub completed: u32,
    /// Producers that stopped early because the client went away.
    pub cancelled: u32,
}

impl ChatState {
    /// A state whose model pauses `token_delay` before each token.
    ///
    /// ```
    /// let state = streaming::ChatState::new(std::time::Duration::from_millis(60));
    /// assert_eq!(state.stats().borrow().started, 0);
    /// ```
    pub fn new(token_delay: Duration) -> Self {
        ChatState {
            token_delay,
            stats: Arc::new(watch::channel(ChatStats::default()).0),
        }
    }

    /// The counters, as a watch channel: `wait_for` a condition, or `borrow`
    /// the current value.
    pub fn stats(&self) -> watch::Receiver<ChatStats> {
        self.stats.subscribe()
    }

    /// Updates the counters.
    pub fn record(&self, update: impl FnOnce(&mut ChatStats)) {
        self.stats.send_modify(update);
    }
}

/// The fake model: answers by splitting a canned reply into word tokens,
/// each with its trailing space, as a tokenizer would.
///
/// ```
/// assert_eq!(streaming::fake_model("hi there"), ["You ", "said: ", "hi ", "there"]);
/// ```
pub fn fake_model(prompt: &str) -> Vec<String> {
    let reply = format!("You said: {}", prompt.trim());
    let mut tokens: Vec<String> = reply.split(' ').map(|w| format!("{w} ")).collect();
    if let Some(last) = tokens.last_mut() {
        last.pop();
    }
    tokens
}
