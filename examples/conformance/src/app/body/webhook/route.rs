//! The docs' webhook example.

use route_runtime::{route, Request, Response};

#[route]
pub async fn POST(req: Request) -> Response {
    match req.text().await {
        // Process the webhook payload
        Ok(_payload) => Response::text("Success!").status(200),
        Err(error) => Response::text(format!("Webhook error: {error}")).status(400),
    }
}
