//! `GET /api/todos?page=&per_page=&q=` lists, `POST /api/todos` creates.

use std::collections::BTreeMap;

use route_runtime::axum::extract::State;
use route_runtime::{openapi, route, Request, Response};
use sqlx::SqlitePool;

use crate::{
    done_field, is_unique_violation, json_object, no_unknown_fields, title_field, ApiError, Todo,
};

const DEFAULT_PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 100;

/// A whole number in `min..=max` from the query, or `default` when absent.
fn int_param(
    request: &Request,
    name: &'static str,
    default: i64,
    (min, max): (i64, i64),
    errors: &mut BTreeMap<&'static str, String>,
) -> i64 {
    let Some(raw) = request.search_params().get(name) else {
        return default;
    };
    match raw.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            errors.insert(name, format!("must be a whole number from {min} to {max}"));
            default
        }
    }
}

/// `q` as a LIKE pattern: a substring match, with `%`, `_` and `\` taken
/// literally.
fn like_pattern(q: &str) -> String {
    let mut pattern = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Lists todos, paginated; `q` searches titles.
#[openapi::operation(query = crate::schema::ListQuery, response = crate::schema::TodoPage, error = crate::schema::ErrorBody)]
#[route]
pub async fn GET(State(pool): State<SqlitePool>, request: Request) -> Result<Response, ApiError> {
    let mut errors = BTreeMap::new();
    let page = int_param(&request, "page", 1, (1, i64::from(u32::MAX)), &mut errors);
    let per_page = int_param(
        &request,
        "per_page",
        DEFAULT_PER_PAGE,
        (1, MAX_PER_PAGE),
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let q = request.search_params().get("q").unwrap_or("").trim();
    let pattern = like_pattern(q);

    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM todos WHERE title LIKE ?1 ESCAPE '\\'")
            .bind(&pattern)
            .fetch_one(&pool)
            .await?;
    let items: Vec<Todo> = sqlx::query_as(
        "SELECT id, title, done, created_at FROM todos WHERE title LIKE ?1 ESCAPE '\\' \
         ORDER BY id LIMIT ?2 OFFSET ?3",
    )
    .bind(&pattern)
    .bind(per_page)
    .bind((page - 1) * per_page)
    .fetch_all(&pool)
    .await?;
    Ok(Response::json(&serde_json::json!({
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
    })))
}

/// Creates a todo: `201` with its `Location`.
#[openapi::operation(request = crate::schema::NewTodo, response = Todo, status = 201, error = crate::schema::ErrorBody)]
#[route]
pub async fn POST(State(pool): State<SqlitePool>, request: Request) -> Result<Response, ApiError> {
    let body = json_object(&request).await?;
    let mut errors = BTreeMap::new();
    no_unknown_fields(&body, &["title", "done"], &mut errors);
    let title = title_field(body.get("title"), &mut errors);
    let done = done_field(body.get("done"), &mut errors).unwrap_or(false);
    if title.is_none() && !errors.contains_key("title") {
        errors.insert("title", "is required".into());
    }
    let (Some(title), true) = (title, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };

    let inserted: Result<Todo, sqlx::Error> = sqlx::query_as(
        "INSERT INTO todos (title, done) VALUES (?1, ?2) RETURNING id, title, done, created_at",
    )
    .bind(&title)
    .bind(done)
    .fetch_one(&pool)
    .await;
    match inserted {
        Ok(todo) => {
            crate::todos_changed().await;
            Ok(Response::json(&todo)
                .status(201)
                .header("location", format!("/api/todos/{}", todo.id)))
        }
        Err(e) if is_unique_violation(&e) => Err(ApiError::Conflict(format!(
            "a todo titled {title:?} already exists"
        ))),
        Err(e) => Err(e.into()),
    }
}
