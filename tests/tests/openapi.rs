//! `routes!(.., openapi)`: the OpenAPI 3.1 document of `fixtures/openapi`,
//! checked field by field, then by `openapi-spec-validator` (Python) when it
//! can be had (a loud `SKIPPED` line otherwise).

use std::path::Path;

use route_runtime::openapi::OpenApi;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Types the fixture's files share.
mod openapi_types {
    use route_runtime::openapi::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// A user.
    #[derive(Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "route_runtime::openapi::schemars")]
    pub struct User {
        /// Its id.
        pub id: u64,
        pub name: String,
    }

    #[derive(Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "route_runtime::openapi::schemars")]
    pub struct Settings {
        pub theme: String,
    }
}

route_runtime::routes!(mod app = "../fixtures/openapi", openapi);

fn doc() -> Value {
    app::openapi().into_value()
}

#[test]
fn every_path_of_the_tree_in_openapi_templating() {
    let doc = doc();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "route-tests");
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    // Groups are left out, private folders not routed, an optional
    // catch-all is two paths.
    assert_eq!(
        paths,
        [
            "/",
            "/blog/{slug}",
            "/orders",
            "/settings",
            "/shop",
            "/shop/{slug}",
            "/users",
            "/users/{id}"
        ]
    );
}

#[test]
fn path_params_from_the_folders() {
    let doc = doc();
    let id = &doc["paths"]["/users/{id}"]["parameters"];
    assert_eq!(id[0]["name"], "id");
    assert_eq!(id[0]["in"], "path");
    assert_eq!(id[0]["required"], true);
    assert_eq!(id[0]["schema"], json!({ "type": "string" }));
    assert_eq!(id.as_array().map(Vec::len), Some(1));
    let slug = &doc["paths"]["/blog/{slug}"]["parameters"][0];
    assert_eq!(slug["name"], "slug");
    let text = slug["description"].as_str().unwrap_or_default();
    assert!(
        text.contains("[...slug]") && text.contains("one or more path segments"),
        "{text}"
    );
    assert!(doc["paths"]["/shop"].get("parameters").is_none());
    let opt = &doc["paths"]["/shop/{slug}"]["parameters"][0];
    assert!(opt["description"]
        .as_str()
        .unwrap_or_default()
        .contains("[[...slug]]"));
}

#[test]
fn every_method_with_the_automatic_head_and_options() {
    let doc = doc();
    let methods = |path: &str| -> Vec<String> {
        doc["paths"][path]
            .as_object()
            .expect("path item")
            .iter()
            .filter(|(_, v)| v.get("responses").is_some())
            .map(|(k, v)| {
                let auto = if v["x-automatic"] == true { "*" } else { "" };
                format!("{k}{auto}")
            })
            .collect()
    };
    assert_eq!(methods("/users"), ["get", "head*", "options*", "post"]);
    assert_eq!(
        methods("/users/{id}"),
        ["delete", "get", "head*", "options*", "put"]
    );
    // Its own OPTIONS, no GET: neither automatic operation.
    assert_eq!(methods("/settings"), ["options", "patch"]);
    let options = &doc["paths"]["/users"]["options"]["responses"]["204"];
    assert!(options["headers"]["Allow"].is_object());
    let item = doc["paths"]["/users"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        item.contains("Answers `GET, HEAD, OPTIONS, POST`"),
        "{item}"
    );
    assert!(item.contains("405"), "{item}");
    // Unique operation ids, also across the optional catch-all's two paths.
    let mut ids = Vec::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("item").values() {
            if let Some(id) = op.get("operationId") {
                ids.push(id.as_str().expect("id").to_string());
            }
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "{ids:?}");
    assert!(ids.contains(&"get_users_id".to_string()), "{ids:?}");
}

#[test]
fn summaries_and_descriptions_from_doc_comments() {
    let doc = doc();
    let get = &doc["paths"]["/users/{id}"]["get"];
    assert_eq!(get["summary"], "One user, by id.");
    assert_eq!(
        get["description"],
        "One user, by id.\n\n`404` when there is none."
    );
    let list = &doc["paths"]["/users"]["get"];
    assert_eq!(list["summary"], "Lists users.");
    assert!(list.get("description").is_none());
    assert!(doc["paths"]["/users/{id}"]["delete"]
        .get("summary")
        .is_none());
    // The file's `//!` comment describes the path.
    let users = &doc["paths"]["/users"];
    assert_eq!(users["summary"], "Users.");
    assert!(users["description"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Users.\n\nEvery user of the shop."));
    assert_eq!(doc["paths"]["/users/{id}"]["get"]["tags"], json!(["users"]));
}

#[test]
fn bodies_and_query_from_the_handler_types() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    // A private type of a route file, and a shared one.
    assert_eq!(schemas["NewUser"]["properties"]["name"]["type"], "string");
    assert_eq!(
        schemas["NewUser"]["properties"]["name"]["description"],
        "Unique."
    );
    assert_eq!(schemas["User"]["required"], json!(["id", "name"]));

    let post = &doc["paths"]["/users"]["post"];
    let body = &post["requestBody"];
    assert_eq!(body["required"], true);
    assert_eq!(
        body["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/NewUser" })
    );
    // `Result<(StatusCode, Json<User>), _>`: the handler's status, with the schema.
    let res = &post["responses"]["default"];
    assert_eq!(
        res["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/User" })
    );

    let get = &doc["paths"]["/users"]["get"];
    let ok = &get["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(ok["type"], "array");
    assert_eq!(ok["items"], json!({ "$ref": "#/components/schemas/User" }));
    let query = get["parameters"].as_array().expect("query parameters");
    let names: Vec<(&str, bool)> = query
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default(),
                p["required"] == true,
            )
        })
        .collect();
    assert_eq!(names, [("page", true), ("per_page", false)]);
    assert!(query.iter().all(|p| p["in"] == "query"));
    assert!(
        schemas.get("Page").is_some(),
        "the $ref'd query type stays defined"
    );

    // `Result<Json<User>, StatusCode>`: 200 with the schema, and the error.
    let one = &doc["paths"]["/users/{id}"]["get"]["responses"];
    assert!(one["200"]["content"]["application/json"]["schema"]["$ref"].is_string());
    assert!(one["default"]["description"]
        .as_str()
        .unwrap_or_default()
        .contains("error"));
    // `Option<Json<User>>`: an optional body.
    let put = &doc["paths"]["/users/{id}"]["put"];
    assert_eq!(put["requestBody"]["required"], false);
    // `Form<T>`.
    let patch = &doc["paths"]["/settings"]["patch"];
    assert!(
        patch["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"].is_object()
    );
    // `Response`, `impl IntoResponse`: a generic answer, no schema.
    for path in ["/", "/blog/{slug}"] {
        let r = &doc["paths"][path]["get"]["responses"];
        assert_eq!(
            r,
            &json!({ "default": { "description": "the handler's response" } }),
            "{path}"
        );
    }
    let delete = &doc["paths"]["/users/{id}"]["delete"]["responses"]["default"];
    assert!(delete["description"]
        .as_str()
        .unwrap_or_default()
        .contains("no body"));
}

#[test]
fn the_operation_attribute_documents_what_a_response_does_not_say() {
    let doc = doc();
    let post = &doc["paths"]["/orders"]["post"];
    assert_eq!(post["summary"], "Places an order.");
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/NewOrder" })
    );
    let responses = &post["responses"];
    assert_eq!(
        responses["201"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Order" })
    );
    assert_eq!(responses["201"]["description"], "Created");
    assert_eq!(
        responses["default"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Problem" })
    );
    assert_eq!(responses.as_object().map(|r| r.len()), Some(2));
    // `status` alone, written below `#[route]`.
    let delete = &doc["paths"]["/orders"]["delete"]["responses"];
    assert_eq!(delete, &json!({ "204": { "description": "No Content" } }));
}

#[tokio::test]
async fn the_operation_attribute_leaves_the_handler_as_it_is() {
    let (router, _) = route_runtime::routes!("../fixtures/openapi", openapi);
    let res = router
        .oneshot(
            axum::http::Request::post("/orders")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(r#"{"item":"tea"}"#))
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn the_expression_form_gives_the_router_and_the_document() {
    let (router, doc): (route_runtime::Router, OpenApi) =
        route_runtime::routes!("../fixtures/openapi", openapi);
    assert_eq!(doc, app::openapi());
    let res = router
        .oneshot(
            axum::http::Request::get("/users/4")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(res.status(), 200);
}

#[test]
fn setters_and_the_html_page() {
    let doc = app::openapi()
        .title("Shop <API>")
        .version("2.0.0")
        .description("All of it.")
        .server("/api");
    let v = doc.as_value();
    assert_eq!(v["info"]["title"], "Shop <API>");
    assert_eq!(v["info"]["version"], "2.0.0");
    assert_eq!(v["servers"], json!([{ "url": "/api" }]));
    let page = doc.html("/openapi.json");
    assert!(page.contains("Shop &lt;API&gt;"));
    assert!(
        page.contains("<code>GET /users/{id}</code></a> One user, by id."),
        "{page}"
    );
    assert!(page.contains("<h3 id=\"schema-User\">"));
}

/// Writes `doc` to `target/openapi/<name>.json` and runs
/// `openapi-spec-validator` on it, or prints `SKIPPED` when Python or the
/// package is missing (`.ci/run` installs it).
fn validate(name: &str, doc: &OpenApi) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../target/openapi/{name}.json"));
    match route_runtime::openapi::validate(&doc.to_json(), &file).expect("write the document") {
        route_runtime::openapi::Validation::Valid(text) => println!("{text}"),
        route_runtime::openapi::Validation::Invalid(text) => panic!("{}: {text}", file.display()),
        route_runtime::openapi::Validation::Skipped(why) => println!("SKIPPED: {why}"),
    }
}

#[test]
fn the_document_passes_openapi_spec_validator() {
    validate("fixture", &app::openapi());
}
