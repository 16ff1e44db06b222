//! The twin with no layers: `axum::serve(listener, app())`.

#[tokio::main]
async fn main() {
    bench_serve_twins::serve(bench_serve_twins::app()).await;
}
