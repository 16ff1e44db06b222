//! The README's main example: a few `route.rs` files under `src/app`, turned
//! into an axum router by `routes!`.
//!
//! | file | URL |
//! | --- | --- |
//! | `app/api/hello/route.rs` | `GET /api/hello` |
//! | `app/api/items/route.rs` | all seven methods on `/api/items` |
//! | `app/users/[id]/route.rs` | `GET /users/42` (`RouteContext<"/users/[id]">`) |
//! | `app/docs/[...slug]/route.rs` | `GET /docs/a/b/c` (catch-all) |
//! | `app/(marketing)/about/route.rs` | `GET /about` (a route group is not a URL segment) |

use route_runtime::Router;

// Every `route.rs` under `src/app`, as the module `app` (with `app::router()`):
// at module level, so rust-analyzer sees each route file as part of the crate.
route_runtime::routes!(mod app);

/// The application: every `route.rs` under `src/app`.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// route_runtime::serve(hello::app()).await
/// # }
/// ```
pub fn app() -> Router {
    app::router()
}
