//! A CRUD JSON API over SQLite, written as route handlers.
//!
//! | method and URL | does | answers |
//! | --- | --- | --- |
//! | `GET /api/todos?page=&per_page=&q=` | list, paginated, `q` searches titles | `200 {"items", "page", "per_page", "total"}` |
//! | `POST /api/todos` `{"title", "done"?}` | create | `201` + `Location`, `400`, `409` |
//! | `GET /api/todos/{id}` | read | `200`, `404` |
//! | `PATCH /api/todos/{id}` `{"title"?, "done"?}` | update | `200`, `400`, `404`, `409` |
//! | `DELETE /api/todos/{id}` | delete | `204`, `404` |
//! | `GET /api/todos/stats` | counts, **cached** (10 s, tag `todos`) | `200 {"total", "done", "rendered_by", "render"}` |
//! | `GET /api/instance` | this process' name and render counters | `200` |
//! | `GET /openapi.json` | the OpenAPI 3.1 document of the API | `200` |
//! | `GET /docs` | its documentation page (HTML) | `200` |
//!
//! Every write calls [`todos_changed`], which revalidates the tag `todos`:
//! the cached stats are rendered afresh on their next request, on every
//! instance sharing the cache (`REDIS_URL`, see `main.rs`).
//!
//! Bad input is `400 {"errors": {"<field>": "<what is wrong>"}}`, a missing
//! row `404 {"error": ..}`, a title that another todo already has (titles
//! are unique, case-insensitively) `409 {"error": ..}`.
//!
//! The pool lives in axum `State`; the schema is in `migrations/`, embedded
//! with `sqlx::migrate!` and applied by [`connect`]. Queries use sqlx's query
//! functions, not the compile-time-checked macros, so building needs no
//! database.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::AtomicU64;

use route_runtime::axum::response::{IntoResponse, Response};
use route_runtime::axum::{http::StatusCode, Json, Router};
use route_runtime::openapi::JsonSchema;
use route_runtime::BodyError;
use serde::Serialize;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

/// The schema, from `migrations/`, embedded at compile time.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Where [`connect`] opens the database when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://todos.db?mode=rwc";

/// Opens the database at `url` and applies the migrations.
///
/// An in-memory database (`sqlite::memory:`) gets a single connection that is
/// never closed, since each SQLite connection would otherwise see its own
/// empty database, and the data would vanish with the connection.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), sqlx::Error> {
/// let pool = todos_sqlite::connect("sqlite::memory:").await?;
/// let app = todos_sqlite::app(pool);
/// # Ok(()) }
/// ```
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?;
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let pool_options = if in_memory {
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        SqlitePoolOptions::new().max_connections(8)
    };
    let pool = pool_options.connect_with(options).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// How many times this process rendered `GET /api/todos/stats`.
pub static STATS_RENDERS: AtomicU64 = AtomicU64::new(0);

/// This process' name in answers: `$INSTANCE`, or `pid-<pid>`.
pub fn instance() -> String {
    std::env::var("INSTANCE").unwrap_or_else(|_| format!("pid-{}", std::process::id()))
}

/// After a write: the cached `GET /api/todos/stats` (tagged `todos`) is
/// rendered afresh on its next request, on every instance sharing the cache.
/// A cache that cannot be reached is logged, not an error: the write is done,
/// and the cache serves routes dynamically while its store is down.
pub async fn todos_changed() {
    if let Err(e) = route_runtime::cache::revalidate_tag("todos").await {
        tracing::warn!(error = %e, "could not revalidate the cached todo stats");
    }
}

pub mod schema;

// Every `route.rs` under `src/app`, as the module `tree`, with
// `tree::router()` and `tree::openapi()`.
route_runtime::routes!(mod tree = "app", openapi);

/// The application over `pool`.
pub fn app(pool: SqlitePool) -> Router {
    tree::router().with_state(pool)
}

/// The OpenAPI 3.1 document of the API, built once from the route tree
/// (served at `/openapi.json`, shown at `/docs`).
///
/// ```
/// let doc = todos_sqlite::openapi().as_value();
/// assert!(doc["paths"]["/api/todos/{id}"]["delete"].is_object());
/// ```
pub fn openapi() -> &'static route_runtime::openapi::OpenApi {
    static DOCUMENT: std::sync::LazyLock<route_runtime::openapi::OpenApi> =
        std::sync::LazyLock::new(|| {
            tree::openapi()
                .title("Todos")
                .description("A CRUD JSON API over SQLite, written as route handlers.")
        });
    &DOCUMENT
}

/// One todo, as stored and as sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow, JsonSchema)]
#[schemars(crate = "route_runtime::openapi::schemars")]
pub struct Todo {
    /// The row id.
    pub id: i64,
    /// Unique, case-insensitively; 1 to [`MAX_TITLE`] characters.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
    /// When it was created (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub created_at: String,
}

/// The longest title accepted, in characters.
pub const MAX_TITLE: usize = 200;

/// An API error, answered as JSON.
#[derive(Debug)]
pub enum ApiError {
    /// `400 {"errors": {field: message}}`.
    Invalid(BTreeMap<&'static str, String>),
    /// `404 {"error": message}`.
    NotFound(String),
    /// `409 {"error": message}`.
    Conflict(String),
    /// The body could not be read: `400` (`413` when too large) with
    /// `{"errors": {"body": message}}`.
    Body(BodyError),
    /// A database failure: `500 {"error": "internal error"}`, logged.
    Database(sqlx::Error),
}

impl ApiError {
    /// A `400` for one field.
    ///
    /// ```
    /// let err = todos_sqlite::ApiError::field("title", "must not be empty");
    /// let res = route_runtime::axum::response::IntoResponse::into_response(err);
    /// assert_eq!(res.status(), 400);
    /// ```
    pub fn field(name: &'static str, message: impl Into<String>) -> Self {
        ApiError::Invalid(BTreeMap::from([(name, message.into())]))
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        ApiError::Body(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Database(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Invalid(errors) => (
                StatusCode::BAD_REQUEST,
                serde_json::json!({ "errors": errors }),
            ),
            ApiError::NotFound(message) => (
                StatusCode::NOT_FOUND,
                serde_json::json!({ "error": message }),
            ),
            ApiError::Conflict(message) => (
                StatusCode::CONFLICT,
                serde_json::json!({ "error": message }),
            ),
            ApiError::Body(e) => (
                e.status(),
                serde_json::json!({ "errors": { "body": e.to_string() } }),
            ),
            ApiError::Database(e) => {
                tracing::error!(error = %e, "database error, answering 500");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    serde_json::json!({ "error": "internal error" }),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

/// Whether `e` is a unique-constraint violation (a duplicate title).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// The title of a create or update body: a string, trimmed, 1 to
/// [`MAX_TITLE`] characters. `None` when absent (not an error here).
///
/// ```
/// use serde_json::json;
/// let mut errors = Default::default();
/// assert_eq!(todos_sqlite::title_field(Some(&json!(" Milk ")), &mut errors), Some("Milk".into()));
/// assert_eq!(todos_sqlite::title_field(Some(&json!("  ")), &mut errors), None);
/// assert_eq!(errors["title"], "must not be empty");
/// ```
pub fn title_field(
    value: Option<&serde_json::Value>,
    errors: &mut BTreeMap<&'static str, String>,
) -> Option<String> {
    let value = value?;
    let Some(title) = value.as_str() else {
        errors.insert("title", "must be a string".into());
        return None;
    };
    let title = title.trim();
    if title.is_empty() {
        errors.insert("title", "must not be empty".into());
        return None;
    }
    if title.chars().count() > MAX_TITLE {
        errors.insert("title", format!("must be at most {MAX_TITLE} characters"));
        return None;
    }
    Some(title.to_owned())
}

/// The `done` flag of a create or update body: a boolean. `None` when absent.
pub fn done_field(
    value: Option<&serde_json::Value>,
    errors: &mut BTreeMap<&'static str, String>,
) -> Option<bool> {
    let value = value?;
    match value.as_bool() {
        Some(done) => Some(done),
        None => {
            errors.insert("done", "must be true or false".into());
            None
        }
    }
}

/// Unknown fields of a body are refused, so a typo (`"titel"`) is not
/// silently ignored.
pub fn no_unknown_fields(
    body: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
    errors: &mut BTreeMap<&'static str, String>,
) {
    let unknown: Vec<&str> = body
        .keys()
        .map(String::as_str)
        .filter(|k| !known.contains(k))
        .collect();
    if !unknown.is_empty() {
        errors.insert("body", format!("unknown field(s): {}", unknown.join(", ")));
    }
}

/// Reads the request body as a JSON object.
pub async fn json_object(
    request: &route_runtime::Request,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    match request.json_value().await? {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err(ApiError::field("body", "must be a JSON object")),
    }
}
