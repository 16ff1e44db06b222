//! Server-sent events streaming a model's reply token by token, like an AI
//! chat API:
//!
//! ```text
//! data: {"token":"You "}
//!
//! data: {"token":"said: "}
//!
//! ...
//! data: [DONE]
//! ```
//!
//! A producer task generates the tokens and sends them through a channel
//! whose receiving end is the response body. When the client disconnects,
//! the server drops the body, the channel closes, and the producer stops at
//! once (it waits on `closed()` between tokens) and records a cancellation.

use futures_util::{stream, Stream};
use route_runtime::axum::extract::State;
use route_runtime::response::Event;
use route_runtime::{route, BodyError, Request, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::{fake_model, ChatState};

/// `POST /api/chat` body.
#[derive(Debug, Deserialize)]
pub struct ChatRequest {
    /// What the user asked.
    pub prompt: String,
}

/// `GET /api/chat?prompt=..`, for the browser's `EventSource`.
#[route]
pub async fn GET(State(state): State<ChatState>, request: Request) -> Response {
    match request.search_params().get("prompt") {
        Some(prompt) if !prompt.trim().is_empty() => chat(state, prompt),
        _ => Response::text("missing `prompt` query parameter").status(400),
    }
}

/// `POST /api/chat` with `{"prompt": ".."}`.
#[route]
pub async fn POST(State(state): State<ChatState>, request: Request) -> Result<Response, BodyError> {
    let body: ChatRequest = request.json().await?;
    if body.prompt.trim().is_empty() {
        return Ok(Response::text("`prompt` must not be empty").status(400));
    }
    Ok(chat(state, &body.prompt))
}

fn chat(state: ChatState, prompt: &str) -> Response {
    let tokens = fake_model(prompt);
    let (tx, rx) = mpsc::channel::<Event>(1);
    state.record(|s| s.started += 1);
    tokio::spawn(produce(state, tokens, tx));
    Response::sse_keep_alive(receiver_stream(rx))
}

/// Sends one event per token, then `[DONE]`; stops as soon as the client is
/// gone.
async fn produce(state: ChatState, tokens: Vec<String>, tx: mpsc::Sender<Event>) {
    for token in tokens {
        tokio::select! {
            biased;
            () = tx.closed() => {
                state.record(|s| s.cancelled += 1);
                return;
            }
            () = tokio::time::sleep(state.token_delay) => {}
        }
        let data = serde_json::json!({ "token": token }).to_string();
        if tx.send(Event::default().data(data)).await.is_err() {
            state.record(|s| s.cancelled += 1);
            return;
        }
    }
    if tx.send(Event::default().data("[DONE]")).await.is_err() {
        state.record(|s| s.cancelled += 1);
        return;
    }
    state.record(|s| s.completed += 1);
}

fn receiver_stream(rx: mpsc::Receiver<Event>) -> impl Stream<Item = Event> {
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    })
}
