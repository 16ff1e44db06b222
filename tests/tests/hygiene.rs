//! The generated code names everything by absolute path: it compiles and
//! serves with `Result`, `Option`, `Ok`, `Some`, `Box`, `String`, `Vec`,
//! `Router` and an `axum` module shadowed in the caller's scope.
#![allow(dead_code, non_camel_case_types, clippy::all)]

use route_tests::get;

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

type Result = ();
type Option = ();
struct Ok;
struct Some;
struct Box;
struct String;
struct Vec;
struct Router;
struct Clone;
struct Send;
mod axum {}
mod serde {}
mod core {}

#[tokio::test]
async fn generated_code_is_hygienic() {
    let app: route_runtime::axum::Router =
        route_runtime::routes!("../fixtures/app").with_state(AppState {
            greeting: "hygienic",
        });
    let (res, body) = get(&app, "/state").await;
    assert_eq!(res.status(), 200);
    assert_eq!(body, "hygienic");
    let (_, body) = get(&app, "/docs/a").await;
    assert!(body.contains("\"slug\":[\"a\"]"), "{body}");
}

/// `#[cache]`'s expansion, among the same shadowed names.
#[route_runtime::cache(life = "minutes", tags = ["hygiene"])]
async fn cached_len(text: &str, times: u32) -> std::result::Result<usize, ()> {
    route_runtime::cache_tag("hygiene-len");
    std::result::Result::Ok(text.len() * times as usize)
}

#[tokio::test]
async fn cached_fn_code_is_hygienic() {
    use route_runtime::cache::{Cache, MemoryStore};
    let cache = Cache::new(MemoryStore::default());
    cache
        .scope(async {
            assert_eq!(cached_len("abc", 2).await, std::result::Result::Ok(6));
            assert_eq!(cached_len("abc", 2).await, std::result::Result::Ok(6));
        })
        .await;
    assert_eq!((cache.stats().fn_misses, cache.stats().fn_hits), (1, 1));
    assert_eq!(
        cache.revalidate_tag("hygiene-len").await,
        std::result::Result::Ok(1)
    );
}

// A tree's `href!` too: its locals do not capture the caller's names.
route_runtime::routes!(mod linked = "../fixtures/href");

#[test]
fn href_is_hygienic() {
    let __href = "caller's";
    let __href_0 = 1;
    let href = linked::href!("/users/[id]", id = __href, ?page = __href_0).expect("a segment");
    assert_eq!(href.as_str(), "/users/caller's?page=1");
    assert_eq!(
        linked::href!("/search", ?q = __href).as_str(),
        "/search?q=caller%27s"
    );
}

#[test]
fn the_openapi_document_is_hygienic_too() {
    let (_router, doc) = route_runtime::routes!("../fixtures/app", openapi);
    let doc = doc.into_value();
    assert!(doc["paths"]["/state"]["get"].is_object());
    assert!(doc["paths"]["/teams/{team}/members/{member}"]["get"].is_object());
}
