//! `GET /api/instance`: which process answered, and how often it rendered
//! `/api/todos/stats` (to watch several instances share one cache).

use std::sync::atomic::Ordering;

use route_runtime::prelude::*;

use crate::{instance, STATS_RENDERS};

#[route]
pub fn GET() -> Response {
    let cache = route_runtime::cache::stats();
    Response::json(&serde_json::json!({
        "instance": instance(),
        "stats_renders": STATS_RENDERS.load(Ordering::SeqCst),
        "cache": {
            "hits": cache.hits,
            "misses": cache.misses,
            "stale": cache.stale,
            "regenerations": cache.regenerations,
            "store_errors": cache.store_errors,
        },
    }))
}
