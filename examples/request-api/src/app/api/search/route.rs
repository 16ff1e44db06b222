//! Docs: URL query parameters (`request.nextUrl.searchParams`).
//!
//! ```js
//! export function GET(request) {
//!   const searchParams = request.nextUrl.searchParams
//!   const query = searchParams.get('query')
//!   // query is "hello" for /api/search?query=hello
//! }
//! ```

use route_runtime::prelude::*;

#[route]
pub fn GET(request: Request) -> Response {
    let search_params = request.next_url().search_params();
    let query = search_params.get("query");
    let tags = search_params.get_all("tag");
    Response::json(&serde_json::json!({ "query": query, "tags": tags }))
}
