//! `cargo run -p cached-fn`, then `curl http://127.0.0.1:3000/api/posts`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(cached_fn::app()).await
}
