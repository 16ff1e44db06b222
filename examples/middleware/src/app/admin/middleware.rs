use route_runtime::prelude::*;

use crate::AppState;

/// Every route below `/admin`, every method: `401` without the token.
#[middleware]
pub async fn middleware(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> impl IntoResponse {
    let expected = format!("Bearer {}", state.admin_token);
    if req.header("authorization").as_deref() != Some(expected.as_str()) {
        let body = serde_json::json!({ "error": "unauthorized" });
        return Response::json(&body).status(401).into_response();
    }
    next.run(req).await
}
