//! Cached functions called by route handlers: Next's `'use cache'` with
//! `cacheLife` and `cacheTag`, and `revalidateTag` after a write.
//!
//! | file | URL |
//! | --- | --- |
//! | `app/api/posts/route.rs` | `GET /api/posts?page=1` lists (cached), `POST /api/posts` creates |
//! | `app/api/posts/[id]/route.rs` | `GET /api/posts/1` reads (cached), `PATCH /api/posts/1` edits |
//!
//! The "database" is in memory and counts its reads ([`db_reads`]), so the
//! tests can see what the cache saves. The cached functions live in
//! [`data`], shared by both route files.

use route_runtime::Router;

pub mod data;

route_runtime::routes!(mod app);

/// The application: every `route.rs` under `src/app`.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// route_runtime::serve(cached_fn::app()).await
/// # }
/// ```
pub fn app() -> Router {
    app::router()
}

/// How many times the database was read (each cached-function miss or
/// refresh reads it once).
pub fn db_reads() -> usize {
    data::db_reads()
}
