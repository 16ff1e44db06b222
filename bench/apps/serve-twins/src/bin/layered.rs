//! The twin with the layers a production axum server carries, as the
//! tower-http docs put them together: a request id (UUID) set and echoed,
//! a trace span per request, compression, panics as 500, and a fmt
//! subscriber at `info`.

use axum::http::HeaderName;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    let x_request_id = HeaderName::from_static("x-request-id");
    let app = bench_serve_twins::app()
        .layer(CatchPanicLayer::new())
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid));
    bench_serve_twins::serve(app).await;
}
