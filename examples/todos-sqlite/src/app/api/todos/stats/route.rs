//! `GET /api/todos/stats`: how many todos, how many done. Cached: rendered
//! at startup (from whatever the database holds then), served from the cache
//! for up to 10 s, and rendered afresh after every write, which calls
//! [`crate::todos_changed`] (`revalidate_tag("todos")`).

use std::sync::atomic::Ordering;

use route_runtime::prelude::*;
use sqlx::SqlitePool;

use crate::{instance, ApiError, STATS_RENDERS};

pub const REVALIDATE: Revalidate = Revalidate::Seconds(10);

#[route]
pub async fn GET(State(pool): State<SqlitePool>) -> Result<(CacheTags, Response), ApiError> {
    let (total, done): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(done), 0) FROM todos")
            .fetch_one(&pool)
            .await?;
    let render = STATS_RENDERS.fetch_add(1, Ordering::SeqCst) + 1;
    let body = serde_json::json!({
        "total": total,
        "done": done,
        "rendered_by": instance(),
        "render": render,
    });
    Ok((CacheTags::new(["todos"]), Response::json(&body)))
}
