//! `cargo run -p streaming` serves http://127.0.0.1:3000 (`PORT` overrides).
//! Try `curl -N http://127.0.0.1:3000/api/stream` and
//! `curl -N 'http://127.0.0.1:3000/api/chat?prompt=tell+me+a+story'`.

use std::time::Duration;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let state = streaming::ChatState::new(Duration::from_millis(80));
    route_runtime::serve(streaming::app(state)).await
}
