//! The docs' FormData example, echoing every entry (files summarized).
//! A body that is not a form is a 400 (`BodyError`).

use route_runtime::{route, BodyError, FormValue, Request, Response};
use serde_json::{json, Value};

#[route]
pub async fn POST(req: Request) -> Result<Response, BodyError> {
    let form = req.form_data().await?;
    let entries: Vec<Value> = form
        .iter()
        .map(|(key, value)| match value {
            FormValue::Text(text) => json!([key, text]),
            FormValue::File(file) => json!([key, {
                "file": file.name(),
                "type": file.content_type(),
                "size": file.size(),
                "text": file.text(),
            }]),
        })
        .collect();
    let tags: Vec<&str> = form
        .get_all("tag")
        .into_iter()
        .filter_map(FormValue::as_text)
        .collect();
    Ok(Response::json(&json!({
        "name": form.get_text("name"),
        "email": form.get_text("email"),
        "tags": tags,
        "entries": entries,
    })))
}
