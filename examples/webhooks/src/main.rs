//! `WEBHOOK_SECRET=s3cret cargo run -p webhooks` serves
//! http://127.0.0.1:3000 (`PORT` overrides); point a GitHub webhook (content
//! type `application/json`, the same secret) at `/api/webhooks/github`.

use std::io;

#[tokio::main]
async fn main() -> io::Result<()> {
    let secret = std::env::var("WEBHOOK_SECRET").map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "set WEBHOOK_SECRET to the secret configured for the webhook",
        )
    })?;
    if secret.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "WEBHOOK_SECRET must not be empty",
        ));
    }
    route_runtime::serve(webhooks::app(webhooks::WebhookState::new(secret))).await
}
