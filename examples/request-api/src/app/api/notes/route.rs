//! One error type for a whole handler: `route_runtime::Error`.
//!
//! `?` works on the body (`400`, `413`), on `cookies()` and `set` (`500`,
//! logged), and the handler's own errors carry a status, a detail and extra
//! members. Clients that send `Accept: application/json` get every error as
//! `application/problem+json` (RFC 9457); others get the detail as text.

use route_runtime::prelude::*;
use serde::Deserialize;

/// The note a client posts.
#[derive(Deserialize)]
pub struct NewNote {
    /// 1 to 100 characters.
    pub text: String,
}

#[route]
pub async fn POST(request: Request) -> Result<Response, Error> {
    let note: NewNote = request.json().await?;
    let length = note.text.chars().count();
    if !(1..=100).contains(&length) {
        return Err(Error::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "text must be 1 to 100 characters",
        )
        .with_member("field", "text"));
    }
    cookies()?.set("last-note", length.to_string())?;
    Ok(Response::json(&serde_json::json!({ "text": note.text })).status(201))
}
