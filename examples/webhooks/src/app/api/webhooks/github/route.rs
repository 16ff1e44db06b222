//! Docs: a webhook, here GitHub's, with its signature checked.
//!
//! ```js
//! export async function POST(request) {
//!   try {
//!     const text = await request.text()
//!     // Process the webhook payload
//!   } catch (error) {
//!     return new Response(`Webhook error: ${error.message}`, { status: 400 })
//!   }
//!   return new Response('Success!', { status: 200 })
//! }
//! ```
//!
//! The signature covers the exact bytes sent, so the body is read raw
//! (`bytes()`), verified, and only then parsed.

use route_runtime::axum::extract::State;
use route_runtime::{route, Request, Response};
use serde::Deserialize;

use crate::{purge, verify, Purge, WebhookState};

/// The part of a GitHub event payload this app reads.
#[derive(Debug, Deserialize)]
struct Payload {
    repository: Option<Repository>,
}

#[derive(Debug, Deserialize)]
struct Repository {
    full_name: String,
}

fn webhook_error(message: impl std::fmt::Display) -> Response {
    Response::text(format!("Webhook error: {message}")).status(400)
}

#[route]
pub async fn POST(State(state): State<WebhookState>, request: Request) -> Response {
    let body = match request.bytes().await {
        Ok(body) => body,
        // Too large (413) or a broken upload (400), with the reason.
        Err(error) => return Response::from_response(error),
    };
    let signature = request
        .headers()
        .get("x-hub-signature-256")
        .map(|v| v.to_str().unwrap_or(""));
    if let Err(error) = verify(&state.secret, &body, signature) {
        return webhook_error(error);
    }
    let event = request
        .headers()
        .get("x-github-event")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let payload: Payload = match serde_json::from_slice(&body) {
        Ok(payload) => payload,
        Err(error) => return webhook_error(format!("payload is not JSON: {error}")),
    };
    if event == "push" {
        if let Some(repo) = payload.repository {
            purge(
                &state,
                Purge {
                    tags: vec![format!("repo:{}", repo.full_name)],
                    paths: vec!["/".to_owned(), format!("/repos/{}", repo.full_name)],
                },
            )
            .await;
        }
    }
    Response::text("Success!").status(200)
}
