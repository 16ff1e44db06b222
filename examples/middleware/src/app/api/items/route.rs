use route_runtime::prelude::*;

#[route]
pub async fn GET() -> Response {
    Response::json(&serde_json::json!(["apple", "pear"]))
}

/// A JSON body: a browser preflights this call from another origin.
#[route]
pub async fn PUT(req: Request) -> Response {
    match req.json::<serde_json::Value>().await {
        Ok(item) => Response::json(&serde_json::json!({ "saved": item })),
        Err(err) => Response::text(err.to_string()).status(400),
    }
}
