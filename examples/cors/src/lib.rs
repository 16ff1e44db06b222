//! CORS, the two ways:
//!
//! - `src/app`: the docs' pattern. Each handler sets the CORS headers itself,
//!   and an explicit `OPTIONS` handler answers preflight requests
//!   (`/api/hello`).
//! - `src/public`: no CORS code in the handlers; the one-line layer
//!   [`route_runtime::cors::cors()`] (tower-http's permissive CORS) answers
//!   preflights, listing each route's own methods, and adds
//!   `Access-Control-Allow-Origin` to every answer. Served under `/public`
//!   (`/public/api/data`).
//!
//! For a whole app the layer is one line:
//!
//! ```ignore
//! let app: Router = route_runtime::routes!("app").layer(route_runtime::cors::cors());
//! ```
//!
//! Here it is applied to the `public` tree only: on the `app` tree it would
//! answer the preflights before the explicit `OPTIONS` handler could.

use route_runtime::axum::Router;
use route_runtime::cors::cors;

/// Both trees: `src/app` at the root, `src/public` under `/public` with the
/// CORS layer.
pub fn app() -> Router {
    let explicit: Router = route_runtime::routes!("app");
    let layered: Router = route_runtime::routes!("public");
    // Preflights list the route's own methods, also under `nest`.
    let cors = cors();
    explicit.nest("/public", layered.layer(cors))
}
