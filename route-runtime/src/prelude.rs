//! What a `route.rs` file and `main.rs` use, in one line:
//! `use route_runtime::prelude::*;`.
//!
//! | for | items |
//! |---|---|
//! | handlers | [`route`], [`Request`], [`Response`], [`RouteContext`], [`State`], [`Json`] |
//! | `next/headers`, `next/navigation` | [`cookies()`], [`headers()`], [`redirect`], [`permanent_redirect`], [`not_found`] |
//! | `next/server`, Next.js 16 | [`after()`], [`connection()`], [`draft_mode()`] |
//! | cookies to set | [`SetCookie`], [`SameSite`] |
//! | streaming | [`Event`] (for [`Response::sse`]; [`Response::stream`] takes any stream) |
//! | errors a handler returns with `?` | [`Error`] (one type for all, with [`StatusCode`]), [`BodyError`], [`OutsideRequestScope`] |
//! | segment config | [`Dynamic`], [`Revalidate`], [`Runtime`], [`FetchCache`], [`BodyLimit`], [`CacheTags`] |
//! | cached functions (`'use cache'`) | [`macro@cache`], [`CacheLife`], [`cache_tag`], [`cache_life`], [`revalidate_tag`], [`revalidate_tag_with`] |
//! | the app | [`routes`], [`Router`], [`Manifest`], [`serve()`], [`Server`] |
//! | links from a tree's `href!` | [`Href`], [`HrefError`] |
//!
//! Importing [`cookies()`] and [`headers()`] through the prelude does not give a
//! route the request scope they read: as with any import, a route file gets
//! it when it names them (`cookies()?`), so the others cost nothing.
//!
//! ```
//! use route_runtime::prelude::*;
//!
//! #[derive(Clone)]
//! struct AppState {
//!     greeting: &'static str,
//! }
//!
//! pub const DYNAMIC: Dynamic = Dynamic::ForceDynamic;
//! pub const REVALIDATE: Revalidate = Revalidate::Seconds(60);
//!
//! // Handlers as a route file writes them, here mounted by hand.
//! async fn hello(State(state): State<AppState>) -> Response {
//!     Response::json(&serde_json::json!({ "message": state.greeting }))
//! }
//! async fn echo(Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
//!     Json(body)
//! }
//! async fn login() -> Response {
//!     let session = SetCookie::new("session", "1").http_only(true).same_site(SameSite::Lax);
//!     Response::empty(204).cookie(session)
//! }
//! async fn old() -> Response {
//!     redirect("/api/hello")
//! }
//! async fn gone() -> Response {
//!     not_found()
//! }
//! async fn outside() -> Result<Response, OutsideRequestScope> {
//!     // not a route file that names `cookies`, so no request scope
//!     let _ = cookies()?;
//!     Ok(Response::text("unreachable"))
//! }
//!
//! use route_runtime::axum::routing::{get, post};
//! let app: Router = Router::new()
//!     .route("/api/hello", get(hello))
//!     .route("/echo", post(echo))
//!     .route("/login", post(login))
//!     .route("/old", get(old))
//!     .route("/gone", get(gone))
//!     .route("/outside", get(outside))
//!     .with_state(AppState { greeting: "Hello World" });
//! // What `serve(app)` runs, without binding a port.
//! let app: Router = Server::new(app).into_router();
//!
//! # use tower::ServiceExt;
//! # let call = |app: Router, method: &str, uri: &str, body: &'static str| {
//! #     let req = http::Request::builder().method(method).uri(uri)
//! #         .header("content-type", "application/json")
//! #         .body(axum::body::Body::from(body)).unwrap();
//! #     async move {
//! #         let res = app.oneshot(req).await.unwrap();
//! #         let head = (res.status().as_u16(), res.headers().clone());
//! #         let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
//! #         (head.0, head.1, String::from_utf8(body.to_vec()).unwrap())
//! #     }
//! # };
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let (status, _, body) = call(app.clone(), "GET", "/api/hello", "").await;
//! assert_eq!((status, body.as_str()), (200, r#"{"message":"Hello World"}"#));
//! let (status, _, body) = call(app.clone(), "POST", "/echo", r#"{"a":1}"#).await;
//! assert_eq!((status, body.as_str()), (200, r#"{"a":1}"#));
//! let (status, headers, _) = call(app.clone(), "POST", "/login", "").await;
//! assert_eq!(status, 204);
//! assert_eq!(headers["set-cookie"], "session=1; Path=/; HttpOnly; SameSite=lax");
//! let (status, headers, _) = call(app.clone(), "GET", "/old", "").await;
//! assert_eq!(status, 307);
//! assert_eq!(headers["location"], "/api/hello");
//! assert_eq!(call(app.clone(), "GET", "/gone", "").await.0, 404);
//! assert_eq!(call(app.clone(), "GET", "/outside", "").await.0, 500);
//! # });
//!
//! let event = Event::default().event("tick").data("1");
//! let _sse = Response::sse(futures_util::stream::iter([event]));
//! assert_eq!(DYNAMIC, Dynamic::ForceDynamic);
//! assert_eq!(REVALIDATE, Revalidate::Seconds(60));
//! ```
//!
//! `#[route]` and `routes!` work only inside a `routes!` tree, so they are
//! shown by the example apps, whose route files and `main.rs` import this
//! prelude (`examples/hello`, `examples/cors`, `examples/request-api`).

pub use crate::Error;
pub use crate::cache::{CacheTags, Dynamic, FetchCache, Revalidate, Runtime};
pub use crate::cookies::OutsideRequestScope;
pub use crate::{BodyError, BodyLimit, Manifest, Request, Response, RouteContext};
pub use crate::{CacheLife, cache, cache_life, cache_tag, revalidate_tag, revalidate_tag_with};
pub use crate::{Event, Json, Router, SameSite, SetCookie, State};
pub use crate::{Href, HrefError};
pub use crate::{Next, middleware, route, routes};
pub use crate::{Server, serve};
pub use crate::{after, connection, draft_mode};
pub use crate::{cookies, headers, not_found, permanent_redirect, redirect};
pub use axum::response::IntoResponse;
pub use http::StatusCode;
