//! The routes of examples/conformance that `bench/serve-callgrind` requests,
//! written by hand with axum and answering the same bytes, and a server loop
//! that stops on SIGTERM (so that callgrind writes its counts).

use axum::extract::Path;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// `GET /api/hello`, `GET /users/{id}`, `POST /body/json`; anything else 404.
pub fn app() -> Router {
    Router::new()
        .route(
            "/api/hello",
            get(|| async { Json(json!({ "message": "Hello World" })) }),
        )
        .route(
            "/users/{id}",
            get(|Path(id): Path<String>| async move { Json(json!({ "id": id })) }),
        )
        .route(
            "/body/json",
            post(|Json(res): Json<Value>| async move { Json(json!({ "res": res })) }),
        )
}

/// Serves `app` on 127.0.0.1:$PORT (default 3000) until SIGTERM or Ctrl-C.
pub async fn serve(app: Router) {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    eprintln!(
        "listening on http://{}",
        listener.local_addr().expect("addr")
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        })
        .await
        .expect("serve");
}
