use route_runtime::cors::Cors;
use route_runtime::prelude::*;

/// CORS for the routes below `/api` only: one origin, with credentials.
/// A layer fn runs once, when the router is built.
#[middleware]
pub fn layer() -> Cors {
    Cors::new()
        .allow_origin(
            crate::cors_origin()
                .parse::<route_runtime::axum::http::HeaderValue>()
                .expect("CORS_ORIGIN is a valid origin"),
        )
        .allow_headers(["content-type"])
        .allow_credentials(true)
        .max_age(600)
}
