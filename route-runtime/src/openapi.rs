//! An [OpenAPI 3.1](https://spec.openapis.org/oas/v3.1.0) document of a route
//! tree (feature `openapi`).
//!
//! `routes!(mod app, openapi)` writes `app::openapi()`, which builds the
//! [`OpenApi`] document of the tree from what the macro reads in the files:
//!
//! - **paths**: the folder grammar in OpenAPI path templating. `[id]` is
//!   `{id}`; a catch-all `[...slug]` is `{slug}`, documented as spanning one
//!   or more segments (OpenAPI templating has no multi-segment parameter); an
//!   optional catch-all `[[...slug]]` is two paths, `/shop` and
//!   `/shop/{slug}`. Route groups `(group)` are left out, as in the URL.
//! - **operations**: one per method a file exports, with the `HEAD` and
//!   `OPTIONS` the router answers on its own (`HEAD` as `GET` without the
//!   body, `OPTIONS` as `204` with `Allow`), marked `x-automatic: true`. The
//!   handler's doc comment is the summary (its first line) and description;
//!   the file's `//!` comment describes the path.
//! - **parameters**: the path's params, from the folders.
//! - **bodies**: an argument `Json<T>` (`Option<Json<T>>`: not required) or
//!   `Form<T>` is the request body, `Query<T>` the query parameters; a return
//!   type `Json<T>`, `Result<Json<T>, E>` or `(StatusCode, Json<T>)` the
//!   response body; `T` must implement [`JsonSchema`]. The types are read as
//!   written in the handler's signature (an alias of `Json<T>` is not seen).
//!   A handler returning a `Response`, `impl IntoResponse` or anything else
//!   gets a generic `default` response; a `Result<_, E>` also a `default` one
//!   for what `E` answers.
//! - **what the signature does not say**: [`operation`]
//!   (`#[openapi::operation(request = NewTodo, response = Todo, status = 201, error = Problem)]`
//!   above or below `#[route]`) names the JSON bodies of a handler that reads
//!   a `Request` or answers a `Response`, the status of its success, and the
//!   JSON of its errors.
//!
//! The schemas come from [schemars](https://docs.rs/schemars) (re-exported
//! here with its [`JsonSchema`] trait and derive), which writes JSON Schema
//! 2020-12, the dialect OpenAPI 3.1 uses as is, honours serde's attributes
//! (`rename`, `tag`, `default`, `skip`), and is a schema generator only: the
//! paths come from the tree, so nothing of a whole OpenAPI framework (such as
//! utoipa's `#[utoipa::path]`) would be used. Named types are in
//! `components/schemas`, referenced with `$ref`.
//!
//! ```
//! use route_runtime::openapi::OpenApi;
//!
//! // `src/app/users/[id]/route.rs` and the others (the `tests/fixtures/openapi` of this repository).
//! route_runtime::routes!(mod app = "../../tests/fixtures/openapi", openapi);
//! # mod openapi_types {
//! #     use route_runtime::openapi::JsonSchema;
//! #     #[derive(serde::Serialize, serde::Deserialize, JsonSchema)]
//! #     #[schemars(crate = "route_runtime::openapi::schemars")]
//! #     pub struct User { pub id: u64, pub name: String }
//! #     #[derive(serde::Serialize, serde::Deserialize, JsonSchema)]
//! #     #[schemars(crate = "route_runtime::openapi::schemars")]
//! #     pub struct Settings { pub theme: String }
//! # }
//! # fn main() {
//! let doc: OpenApi = app::openapi().title("Shop").version("2.0.0");
//! let json = doc.as_value();
//! assert_eq!(json["openapi"], "3.1.0");
//! assert_eq!(json["info"]["title"], "Shop");
//! let get = &json["paths"]["/users/{id}"]["get"];
//! assert_eq!(get["summary"], "One user, by id.");
//! # }
//! ```
//!
//! A type deriving [`JsonSchema`] without a dependency on schemars of its own
//! names this crate's copy with `#[schemars(crate = "..")]`:
//!
//! ```
//! use route_runtime::openapi::JsonSchema;
//!
//! #[derive(serde::Deserialize, JsonSchema)]
//! #[schemars(crate = "route_runtime::openapi::schemars")]
//! struct NewTodo {
//!     /// What to do.
//!     title: String,
//! }
//! ```

use std::collections::BTreeSet;

use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

pub use route_runtime_macros::operation;
pub use schemars::{self, JsonSchema};

mod html;

/// An OpenAPI 3.1 document, as `openapi()` of a route tree builds it: JSON,
/// with a few setters for the `info` and `servers` a tree cannot know.
///
/// It serializes as the document, and answers as `application/json`, so a
/// route file (`app/openapi.json/route.rs`) can return it, as
/// `examples/todos-sqlite` does.
///
/// ```
/// use route_runtime::openapi::OpenApi;
///
/// // `app::openapi()` of a tree; here, one with no paths.
/// let doc = OpenApi::default()
///     .title("Todos")
///     .version("1.2.0")
///     .description("A CRUD JSON API.")
///     .server("/api");
/// let json = doc.as_value();
/// assert_eq!(json["openapi"], "3.1.0");
/// assert_eq!(json["info"]["version"], "1.2.0");
/// assert_eq!(json["servers"][0]["url"], "/api");
/// assert!(doc.to_json().starts_with('{'));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OpenApi {
    doc: Value,
}

impl OpenApi {
    /// `info.title` (by default the crate's name).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.doc["info"]["title"] = Value::String(title.into());
        self
    }

    /// `info.version`, the version of the API (by default the crate's).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.doc["info"]["version"] = Value::String(version.into());
        self
    }

    /// `info.description` (CommonMark).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.doc["info"]["description"] = Value::String(description.into());
        self
    }

    /// Adds a server the API is reached at (`/api`, `https://example.com`):
    /// the paths are relative to it, as where the router is nested.
    pub fn server(mut self, url: impl Into<String>) -> Self {
        let entry = json!({ "url": url.into() });
        match self.doc.get_mut("servers").and_then(Value::as_array_mut) {
            Some(servers) => servers.push(entry),
            None => self.doc["servers"] = json!([entry]),
        }
        self
    }

    /// The document.
    pub fn as_value(&self) -> &Value {
        &self.doc
    }

    /// The document, to change what the setters do not reach.
    pub fn as_value_mut(&mut self) -> &mut Value {
        &mut self.doc
    }

    /// The document.
    pub fn into_value(self) -> Value {
        self.doc
    }

    /// The document as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // A `Value` with string keys always serializes.
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }

    /// A self-contained HTML page documenting the API: each operation with
    /// its parameters, bodies (their schemas as JSON) and responses, and a
    /// link to the document at `spec_url`. It loads nothing (no script, no
    /// CDN), so it works offline and under a strict CSP.
    ///
    /// ```
    /// let page = route_runtime::openapi::OpenApi::default().html("/openapi.json");
    /// assert!(page.contains(r#"href="/openapi.json""#));
    /// ```
    pub fn html(&self, spec_url: &str) -> String {
        html::page(&self.doc, spec_url)
    }
}

/// What [`validate`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validation {
    /// The validator accepted the document; its output.
    Valid(String),
    /// The validator refused it; its output, which says why.
    Invalid(String),
    /// The validator could not be run (no `python3`, or no
    /// `openapi-spec-validator`): why.
    Skipped(String),
}

/// Writes the document `json` (an [`OpenApi::to_json`], or what an app
/// serves) to `file`, creating its folder, and checks it with the
/// reference validator, [`openapi-spec-validator`](https://pypi.org/project/openapi-spec-validator/)
/// (Python): for an app's tests, which then assert the answer is not
/// [`Validation::Invalid`]. Where the validator is missing the answer is
/// [`Validation::Skipped`], so that a test can say so loudly instead of
/// failing (`python3 -m pip install openapi-spec-validator` installs it).
///
/// ```no_run
/// use route_runtime::openapi::{OpenApi, Validation, validate};
/// let file = std::path::Path::new("target/openapi/api.json");
/// match validate(&OpenApi::default().to_json(), file).expect("write the document") {
///     Validation::Invalid(why) => panic!("{}: {why}", file.display()),
///     Validation::Skipped(why) => println!("SKIPPED: {why}"),
///     Validation::Valid(_) => {}
/// }
/// ```
pub fn validate(json: &str, file: &std::path::Path) -> std::io::Result<Validation> {
    use std::process::Command;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(file, json)?;
    let probe = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return Ok(Validation::Skipped(format!(
            "openapi-spec-validator (python3 -m pip install openapi-spec-validator) is missing; {} not validated",
            file.display()
        )));
    }
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(file)
        .output()?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Ok(if out.status.success() {
        Validation::Valid(text)
    } else {
        Validation::Invalid(text)
    })
}

impl Default for OpenApi {
    /// A document with no paths, titled `API`, version `0.0.0`.
    fn default() -> Self {
        build::Builder::new("API", "0.0.0").finish()
    }
}

impl serde::Serialize for OpenApi {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.doc.serialize(s)
    }
}

impl IntoResponse for OpenApi {
    fn into_response(self) -> Response {
        axum::Json(self.doc).into_response()
    }
}

/// What `routes!(.., openapi)` generates calls to. Not API.
#[doc(hidden)]
pub mod build {
    use super::*;
    use schemars::SchemaGenerator;
    use schemars::generate::SchemaSettings;

    /// A path param: its name and its folder's kind.
    #[derive(Debug)]
    pub struct Param {
        pub name: &'static str,
        /// `[...x]` or `[[...x]]`: spans segments.
        pub catch_all: bool,
        /// The folder as written: `[id]`.
        pub folder: &'static str,
    }

    /// The request body, as the handler's arguments say.
    #[derive(Debug, Clone, Copy)]
    pub enum Request {
        None,
        /// `Json<T>`; `required` unless `Option<Json<T>>`.
        Json {
            required: bool,
        },
        /// `Form<T>`.
        Form {
            required: bool,
        },
    }

    /// The answer, as the handler's return type says.
    #[derive(Debug, Clone, Copy)]
    pub struct Reply {
        /// A JSON body with a schema: `Json<T>` in some form.
        pub json: bool,
        /// `(StatusCode, ..)`: the handler picks the status.
        pub status: bool,
        /// `Result<_, E>`: also what `E` answers.
        pub fallible: bool,
        /// `()` or `StatusCode`: no body.
        pub empty: bool,
        /// The status of a successful answer, as the handler's
        /// `#[openapi::operation(status = ..)]` says; 0 when it does not.
        pub code: u16,
        /// The error's JSON has a schema (`error = T`).
        pub error: bool,
    }

    /// One operation, known at compile time.
    #[derive(Debug)]
    pub struct Op {
        pub method: &'static str,
        pub operation_id: &'static str,
        pub summary: &'static str,
        pub description: &'static str,
        pub request: Request,
        pub query: bool,
        pub reply: Reply,
    }

    /// The schemas of one handler's types: request body, query, response
    /// body, error body (`None` where it names none).
    pub type Schemas = [Option<Value>; 4];

    /// The document under construction.
    #[derive(Debug)]
    pub struct Builder {
        generator: SchemaGenerator,
        doc: Value,
        tags: BTreeSet<&'static str>,
    }

    impl Builder {
        pub fn new(title: &str, version: &str) -> Self {
            let settings = SchemaSettings::draft2020_12().with(|s| {
                s.definitions_path = "/components/schemas".into();
                s.meta_schema = None;
            });
            Builder {
                generator: settings.into_generator(),
                doc: json!({
                    "openapi": "3.1.0",
                    "info": { "title": title, "version": version },
                    "paths": {},
                }),
                tags: BTreeSet::new(),
            }
        }

        /// The schema of `T` (a `$ref` for a named type, whose definition
        /// goes to `components/schemas`).
        pub fn schema<T: ?Sized + JsonSchema>(&mut self) -> Option<Value> {
            Some(self.generator.subschema_for::<T>().to_value())
        }

        /// A path: its params, what it answers by itself, its description.
        #[allow(clippy::too_many_arguments)]
        pub fn path(
            &mut self,
            path: &str,
            params: &[Param],
            route: &str,
            file: &str,
            allow: &str,
            summary: &str,
            description: &str,
            tag: &'static str,
        ) {
            let parameters: Vec<Value> = params.iter().map(param).collect();
            let mut text = String::new();
            if !description.is_empty() {
                text.push_str(description);
                text.push_str("\n\n");
            }
            text.push_str(&format!(
                "Route `{route}` (`{file}`). Answers `{allow}`; any other method is `405 Method Not Allowed` with `Allow: {allow}`."
            ));
            let mut item = Map::new();
            if !summary.is_empty() {
                item.insert("summary".into(), summary.into());
            }
            item.insert("description".into(), text.into());
            if !parameters.is_empty() {
                item.insert("parameters".into(), parameters.into());
            }
            self.doc["paths"][path] = Value::Object(item);
            if !tag.is_empty() {
                self.tags.insert(tag);
            }
        }

        /// A handler's operation on `path`.
        pub fn operation(&mut self, path: &str, tag: &'static str, op: &Op, schemas: Schemas) {
            let [request, query, response, error] = schemas;
            let mut o = Map::new();
            if !tag.is_empty() {
                o.insert("tags".into(), json!([tag]));
            }
            if !op.summary.is_empty() {
                o.insert("summary".into(), op.summary.into());
            }
            if !op.description.is_empty() {
                o.insert("description".into(), op.description.into());
            }
            o.insert("operationId".into(), op.operation_id.into());
            if let (true, Some(schema)) = (op.query, query) {
                let params = self.query_params(&schema);
                if !params.is_empty() {
                    o.insert("parameters".into(), params.into());
                }
            }
            let body = match (op.request, request) {
                (Request::Json { required }, Some(schema)) => {
                    Some((required, "application/json", schema))
                }
                (Request::Form { required }, Some(schema)) => {
                    Some((required, "application/x-www-form-urlencoded", schema))
                }
                _ => None,
            };
            if let Some((required, media, schema)) = body {
                o.insert(
                    "requestBody".into(),
                    json!({ "required": required, "content": { media: { "schema": schema } } }),
                );
            }
            o.insert("responses".into(), responses(op.reply, response, error));
            self.doc["paths"][path][op.method] = Value::Object(o);
        }

        /// The `HEAD` and `OPTIONS` the router answers on `path` when the
        /// file does not export them.
        pub fn automatic(&mut self, path: &str, operation_id: &str, head: bool, options: bool) {
            let item = &mut self.doc["paths"][path];
            if head {
                item["head"] = json!({
                    "summary": "`GET`, without the body",
                    "description": "Answered by the router: the status and headers `GET` answers, no body.",
                    "operationId": format!("head_{operation_id}"),
                    "x-automatic": true,
                    "responses": { "default": { "description": "what `GET` answers, without the body" } },
                });
            }
            if options {
                item["options"] = json!({
                    "summary": "The methods this path answers",
                    "description": "Answered by the router: `204 No Content` with the `Allow` header.",
                    "operationId": format!("options_{operation_id}"),
                    "x-automatic": true,
                    "responses": { "204": {
                        "description": "the methods this path answers, in `Allow`",
                        "headers": { "Allow": { "schema": { "type": "string" } } },
                    } },
                });
            }
        }

        /// `Query<T>`: one parameter per property of `T`'s object schema.
        fn query_params(&mut self, schema: &Value) -> Vec<Value> {
            let resolved = match schema.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let name = r.rsplit('/').next().unwrap_or_default();
                    self.generator
                        .definitions()
                        .get(name)
                        .cloned()
                        .unwrap_or(Value::Null)
                }
                None => schema.clone(),
            };
            let required: BTreeSet<&str> = resolved
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let Some(props) = resolved.get("properties").and_then(Value::as_object) else {
                return Vec::new();
            };
            props
                .iter()
                .map(|(name, schema)| {
                    let mut p = json!({
                        "name": name,
                        "in": "query",
                        "required": required.contains(name.as_str()),
                        "schema": schema,
                    });
                    if let Some(d) = schema.get("description") {
                        p["description"] = d.clone();
                    }
                    p
                })
                .collect()
        }

        pub fn finish(mut self) -> OpenApi {
            let definitions = self.generator.take_definitions(true);
            if !definitions.is_empty() {
                self.doc["components"] = json!({ "schemas": definitions });
            }
            if !self.tags.is_empty() {
                let tags: Vec<Value> = self.tags.iter().map(|t| json!({ "name": t })).collect();
                self.doc["tags"] = tags.into();
            }
            OpenApi { doc: self.doc }
        }
    }

    fn param(p: &Param) -> Value {
        let description = if p.catch_all {
            format!(
                "`{}`: one or more path segments, `/` included (OpenAPI templating cannot say so); the handler gets them decoded, one by one",
                p.folder
            )
        } else {
            format!("`{}`: one path segment, percent-decoded", p.folder)
        };
        json!({
            "name": p.name,
            "in": "path",
            "required": true,
            "description": description,
            "schema": { "type": "string" },
        })
    }

    fn responses(reply: Reply, schema: Option<Value>, error: Option<Value>) -> Value {
        let content = |schema: Value| json!({ "application/json": { "schema": schema } });
        // The status named by `#[openapi::operation(status = ..)]`, if any.
        let named = (reply.code != 0).then(|| {
            let reason = http::StatusCode::from_u16(reply.code)
                .ok()
                .and_then(|c| c.canonical_reason())
                .unwrap_or("success");
            (reply.code.to_string(), reason)
        });
        let mut r = Map::new();
        match (reply.json, schema, named) {
            (true, Some(schema), Some((code, reason))) => {
                r.insert(
                    code,
                    json!({ "description": reason, "content": content(schema) }),
                );
            }
            (true, Some(schema), None) => {
                let (code, description) = if reply.status {
                    (
                        "default",
                        "the status the handler picks, with this JSON body",
                    )
                } else {
                    ("200", "OK")
                };
                r.insert(
                    code.into(),
                    json!({ "description": description, "content": content(schema) }),
                );
            }
            (_, _, Some((code, reason))) => {
                r.insert(code, json!({ "description": reason }));
            }
            _ if reply.empty => {
                r.insert(
                    "default".into(),
                    json!({ "description": "the status the handler answers, no body" }),
                );
            }
            _ => {
                r.insert(
                    "default".into(),
                    json!({ "description": "the handler's response" }),
                );
            }
        }
        if (reply.fallible || error.is_some()) && !r.contains_key("default") {
            let mut e = json!({ "description": "an error: what the handler's error type answers" });
            if let Some(schema) = error {
                e["content"] = content(schema);
            }
            r.insert("default".into(), e);
        }
        Value::Object(r)
    }
}
