//! `GET`, `PATCH` and `DELETE /api/todos/{id}`.

use std::collections::BTreeMap;

use route_runtime::axum::extract::State;
use route_runtime::{openapi, route, Request, Response, RouteContext};
use sqlx::SqlitePool;

use crate::{
    done_field, is_unique_violation, json_object, no_unknown_fields, title_field, ApiError, Todo,
};

/// The id from the URL: a positive whole number.
fn parse_id(raw: &str) -> Result<i64, ApiError> {
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::field("id", "must be a positive whole number")),
    }
}

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("todo {id} not found"))
}

/// One todo.
#[openapi::operation(response = Todo, error = crate::schema::ErrorBody)]
#[route]
pub async fn GET(
    State(pool): State<SqlitePool>,
    ctx: RouteContext<"/api/todos/[id]">,
) -> Result<Response, ApiError> {
    let id = parse_id(&ctx.params.id)?;
    let todo: Option<Todo> =
        sqlx::query_as("SELECT id, title, done, created_at FROM todos WHERE id = ?1")
            .bind(id)
            .fetch_optional(&pool)
            .await?;
    todo.map(|todo| Response::json(&todo))
        .ok_or_else(|| not_found(id))
}

/// Changes a todo's title or `done`.
#[openapi::operation(request = crate::schema::TodoPatch, response = Todo, error = crate::schema::ErrorBody)]
#[route]
pub async fn PATCH(
    State(pool): State<SqlitePool>,
    ctx: RouteContext<"/api/todos/[id]">,
    request: Request,
) -> Result<Response, ApiError> {
    let id = parse_id(&ctx.params.id)?;
    let body = json_object(&request).await?;
    let mut errors = BTreeMap::new();
    no_unknown_fields(&body, &["title", "done"], &mut errors);
    let title = title_field(body.get("title"), &mut errors);
    let done = done_field(body.get("done"), &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }

    // Absent fields keep their value (COALESCE with NULL).
    let updated: Result<Option<Todo>, sqlx::Error> = sqlx::query_as(
        "UPDATE todos SET title = COALESCE(?1, title), done = COALESCE(?2, done) \
         WHERE id = ?3 RETURNING id, title, done, created_at",
    )
    .bind(&title)
    .bind(done)
    .bind(id)
    .fetch_optional(&pool)
    .await;
    match updated {
        Ok(Some(todo)) => {
            crate::todos_changed().await;
            Ok(Response::json(&todo))
        }
        Ok(None) => Err(not_found(id)),
        Err(e) if is_unique_violation(&e) => Err(ApiError::Conflict(format!(
            "a todo titled {:?} already exists",
            title.unwrap_or_default()
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Deletes a todo: `204`.
#[openapi::operation(status = 204, error = crate::schema::ErrorBody)]
#[route]
pub async fn DELETE(
    State(pool): State<SqlitePool>,
    ctx: RouteContext<"/api/todos/[id]">,
) -> Result<Response, ApiError> {
    let id = parse_id(&ctx.params.id)?;
    let deleted = sqlx::query("DELETE FROM todos WHERE id = ?1")
        .bind(id)
        .execute(&pool)
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(not_found(id));
    }
    crate::todos_changed().await;
    Ok(Response::empty(204))
}
