//! Docs: a form request body (`application/x-www-form-urlencoded` or
//! `multipart/form-data`).
//!
//! ```js
//! export async function POST(request) {
//!   const formData = await request.formData()
//!   const name = formData.get('name')
//!   const email = formData.get('email')
//!   return Response.json({ name, email })
//! }
//! ```

use route_runtime::prelude::*;

#[route]
pub async fn POST(request: Request) -> Result<Response, BodyError> {
    let form_data = request.form_data().await?;
    let name = form_data.get_text("name");
    let email = form_data.get_text("email");
    Ok(Response::json(
        &serde_json::json!({ "name": name, "email": email }),
    ))
}
