//! Middleware scoped by folder, as Next.js users share behaviour between
//! routes without changing their URLs:
//!
//! | file | runs for |
//! | --- | --- |
//! | `app/proxy.rs` | every request, before routing (404s too) |
//! | `app/admin/middleware.rs` | every route below `/admin`: a bearer token check |
//! | `app/api/middleware.rs` | every route below `/api`: CORS for one origin |
//!
//! `/public` is under neither: no token asked, no CORS headers (so a browser
//! on another origin cannot read it).

use route_runtime::Router;

route_runtime::routes!(mod app);

/// What the middleware needs: the admin token.
#[derive(Clone, Debug)]
pub struct AppState {
    /// `Authorization: Bearer <token>` opens `/admin`.
    pub admin_token: String,
}

impl AppState {
    /// `ADMIN_TOKEN` from the environment (default `let-me-in`).
    pub fn from_env() -> Self {
        AppState {
            admin_token: std::env::var("ADMIN_TOKEN").unwrap_or_else(|_| "let-me-in".into()),
        }
    }
}

/// The origin a browser may call `/api` from: `CORS_ORIGIN`, default
/// `http://localhost:3001`.
pub fn cors_origin() -> String {
    std::env::var("CORS_ORIGIN").unwrap_or_else(|_| "http://localhost:3001".into())
}

/// The application.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// route_runtime::serve(middleware::app(middleware::AppState::from_env())).await
/// # }
/// ```
pub fn app(state: AppState) -> Router {
    app::router().with_state(state)
}
