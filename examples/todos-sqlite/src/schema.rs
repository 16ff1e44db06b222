//! The JSON the API takes and answers, as types for its OpenAPI document.
//! The handlers read bodies field by field (to report every bad field at
//! once) and answer `Response`s; `#[openapi::operation(..)]` on each names
//! these types.

use std::collections::BTreeMap;

use route_runtime::openapi::JsonSchema;

pub use crate::Todo;

/// `POST /api/todos`: a new todo. Unknown fields are refused.
#[derive(Debug, JsonSchema)]
#[schemars(crate = "route_runtime::openapi::schemars", deny_unknown_fields)]
pub struct NewTodo {
    /// Trimmed; unique, case-insensitively.
    #[schemars(length(min = 1, max = 200))]
    pub title: String,
    /// `false` when absent.
    pub done: Option<bool>,
}

/// `PATCH /api/todos/{id}`: the fields to change. Unknown fields are refused.
#[derive(Debug, JsonSchema)]
#[schemars(crate = "route_runtime::openapi::schemars", deny_unknown_fields)]
pub struct TodoPatch {
    /// Trimmed; unique, case-insensitively.
    #[schemars(length(min = 1, max = 200))]
    pub title: Option<String>,
    pub done: Option<bool>,
}

/// `GET /api/todos`: the query.
#[derive(Debug, JsonSchema)]
#[schemars(crate = "route_runtime::openapi::schemars")]
pub struct ListQuery {
    /// The page, from 1 (default 1).
    #[schemars(range(min = 1))]
    pub page: Option<u32>,
    /// Todos per page, 1 to 100 (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub per_page: Option<u32>,
    /// Only todos whose title contains this.
    pub q: Option<String>,
}

/// `GET /api/todos`: one page of todos.
#[derive(Debug, JsonSchema)]
#[schemars(crate = "route_runtime::openapi::schemars")]
pub struct TodoPage {
    pub items: Vec<Todo>,
    pub page: u32,
    pub per_page: u32,
    /// How many todos match, over all pages.
    pub total: u64,
}

/// An error: `{"errors": {field: message}}` for bad input (`400`, `413`),
/// `{"error": message}` otherwise (`404`, `409`, `500`).
#[derive(Debug, JsonSchema)]
#[schemars(crate = "route_runtime::openapi::schemars")]
pub struct ErrorBody {
    pub error: Option<String>,
    pub errors: Option<BTreeMap<String, String>>,
}
