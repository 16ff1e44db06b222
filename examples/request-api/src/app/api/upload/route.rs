//! A file upload: a `multipart/form-data` POST with a `file` field and an
//! optional `description`.
//!
//! ```js
//! export async function POST(request) {
//!   const formData = await request.formData()
//!   const file = formData.get('file')
//!   if (!(file instanceof File)) {
//!     return new Response('the form has no `file` field with a file', { status: 400 })
//!   }
//!   return Response.json({ name: file.name, type: file.type, size: file.size, ... })
//! }
//! ```

use route_runtime::{route, BodyError, Request, Response};

#[route]
pub async fn POST(request: Request) -> Result<Response, BodyError> {
    let form_data = request.form_data().await?;
    let Some(file) = form_data.get_file("file") else {
        return Ok(Response::text("the form has no `file` field with a file").status(400));
    };
    let lines = file.bytes().iter().filter(|&&b| b == b'\n').count();
    Ok(Response::json(&serde_json::json!({
        "name": file.name(),
        "type": file.content_type(),
        "size": file.size(),
        "lines": lines,
        "description": form_data.get_text("description"),
    }))
    .status(201))
}
