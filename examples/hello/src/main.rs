//! `cargo run -p hello`, then `curl http://127.0.0.1:3000/api/hello`
//! (`PORT=8080 cargo run -p hello` to change the port).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(hello::app()).await
}
