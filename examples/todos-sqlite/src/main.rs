//! `cargo run -p todos-sqlite` serves http://127.0.0.1:3000 (`PORT` overrides)
//! over the SQLite database at `DATABASE_URL` (default
//! `sqlite://todos.db?mode=rwc`, created if missing).
//!
//! ```text
//! curl -X POST localhost:3000/api/todos -d '{"title":"Buy milk"}'
//! curl 'localhost:3000/api/todos?q=milk&page=1&per_page=10'
//! curl -X PATCH localhost:3000/api/todos/1 -d '{"done":true}'
//! curl -X DELETE localhost:3000/api/todos/1
//! curl localhost:3000/api/todos/stats
//! ```
//!
//! With `REDIS_URL` set (and the `redis` feature: `cargo run -p todos-sqlite
//! --features redis`), the cache is shared through Redis, so several
//! instances over one database serve one cache: `scripts/instances` runs two.

use std::io;

#[tokio::main]
async fn main() -> io::Result<()> {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| todos_sqlite::DEFAULT_DATABASE_URL.to_owned());
    let pool = todos_sqlite::connect(&url)
        .await
        .map_err(|e| io::Error::other(format!("cannot open the database at {url}: {e}")))?;
    // The cache: Redis when `REDIS_URL` is set, in memory otherwise.
    route_runtime::cache::set_global_from_env()?;
    route_runtime::serve(todos_sqlite::app(pool)).await
}
