//! `cargo run -p middleware`, then:
//!
//! ```text
//! curl -i http://127.0.0.1:3000/admin/stats                               # 401
//! curl -i -H 'authorization: Bearer let-me-in' http://127.0.0.1:3000/admin/stats
//! curl -i -H 'origin: http://localhost:3001' http://127.0.0.1:3000/api/items
//! ```
//!
//! `PORT` sets the port, `ADMIN_TOKEN` the admin token, `CORS_ORIGIN` the
//! origin allowed to call `/api` from a browser.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(middleware::app(middleware::AppState::from_env())).await
}
