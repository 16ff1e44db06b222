//! `cargo run -p hello`, then `curl http://127.0.0.1:3000/api/hello`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(app()).await
}

fn app() -> route_runtime::axum::Router {
    route_runtime::routes!("app")
}
