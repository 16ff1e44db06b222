//! The docs' query-parameter example (a sync handler).

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub fn GET(req: Request) -> Response {
    let url = req.next_url();
    let sp = url.search_params();
    let entries: Vec<[&str; 2]> = sp.iter().map(|(k, v)| [k, v]).collect();
    Response::json(&json!({
        "pathname": url.pathname(),
        "search": url.search(),
        "query": sp.get("query"),
        "a": sp.get("a"),
        "aAll": sp.get_all("a"),
        "missing": sp.get("missing"),
        "entries": entries,
    }))
}
