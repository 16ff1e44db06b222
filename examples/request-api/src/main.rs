//! `cargo run -p request-api` serves http://127.0.0.1:3000 (`PORT` overrides).
//! Try `curl -b token=abc http://127.0.0.1:3000/api/cookies -i`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(request_api::app()).await
}
