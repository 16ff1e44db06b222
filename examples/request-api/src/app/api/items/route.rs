//! Docs: a JSON request body.
//!
//! ```js
//! export async function POST(request) {
//!   const res = await request.json()
//!   return Response.json({ res })
//! }
//! ```
//!
//! In Rust the body is read into a typed struct: an empty body, invalid JSON or
//! JSON of the wrong shape is answered `400` with the reason, by `?`.

use route_runtime::prelude::*;
use serde::{Deserialize, Serialize};

#[route]
pub async fn POST(request: Request) -> Result<Response, BodyError> {
    let res: NewItem = request.json().await?;
    Ok(Response::json(&serde_json::json!({ "res": res })))
}

/// The item a client posts.
#[derive(Debug, Deserialize, Serialize)]
pub struct NewItem {
    /// What the item is called.
    pub name: String,
    /// How many; 1 when left out.
    #[serde(default = "one")]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}
