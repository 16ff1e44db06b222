//! The tree's OpenAPI document: every route of the conformance app, checked
//! by `openapi-spec-validator` (Python; `.ci/run` installs it, a loud
//! `SKIPPED` line where it cannot be had).

use std::path::Path;

use serde_json::Value;

/// Writes the document to `target/openapi/<name>.json` and validates it.
fn validate(name: &str, doc: &route_runtime::openapi::OpenApi) {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/openapi/{name}.json"));
    match route_runtime::openapi::validate(&doc.to_json(), &file).expect("write the document") {
        route_runtime::openapi::Validation::Valid(text) => println!("{text}"),
        route_runtime::openapi::Validation::Invalid(text) => panic!("{}: {text}", file.display()),
        route_runtime::openapi::Validation::Skipped(why) => println!("SKIPPED: {why}"),
    }
}

#[test]
fn the_document_has_every_route_and_passes_the_validator() {
    let (_, manifest, doc) = super::app_with_manifest();
    let paths = doc.as_value()["paths"].as_object().expect("paths");
    // One path per route, two for an optional catch-all.
    let patterns: usize = manifest.routes.iter().map(|r| r.patterns.len()).sum();
    assert_eq!(paths.len(), patterns);
    for route in manifest.routes {
        for pattern in route.patterns {
            let path = pattern.replace("{*", "{");
            let item = &paths[&path];
            for method in route.methods {
                let op = &item[method.to_lowercase()];
                assert!(op["responses"].is_object(), "{method} {path}");
            }
        }
    }
    assert!(paths.contains_key("/grouped"), "groups are left out");
    assert!(paths.contains_key("/blog/{slug}"));
    assert!(paths.contains_key("/docs") && paths.contains_key("/docs/{slug}"));
    let member = &paths["/teams/{team}/members/{member}"]["parameters"];
    let names: Vec<&str> = member
        .as_array()
        .expect("params")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["team", "member"]);
    assert!(paths.keys().all(|p| !p.contains("private")));
    assert_eq!(doc.as_value()["info"]["title"], Value::from("conformance"));
    validate("conformance", &doc);
}
