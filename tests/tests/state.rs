//! The router's state type: named by the tree (`state = AppState`, with
//! handlers taking sub-states through `FromRef`), named by a handler
//! (`State<T>`), or unknown (the router is generic and takes any state).

use route_runtime::axum::extract::FromRef;
use route_runtime::axum::http::Method;
use route_runtime::axum::routing::get;
use route_runtime::axum::Router;
use route_tests::get as fetch;
use route_tests::send;

#[derive(Clone, Debug)]
pub struct Db(pub u32);

#[derive(Clone, Debug)]
pub struct AppState {
    pub name: &'static str,
    pub db: Db,
}

impl FromRef<AppState> for Db {
    fn from_ref(app: &AppState) -> Db {
        app.db.clone()
    }
}

fn state() -> AppState {
    AppState {
        name: "demo",
        db: Db(7),
    }
}

#[tokio::test]
async fn a_named_state_serves_sub_states_through_from_ref() {
    let app: Router =
        route_runtime::routes!("../fixtures/substate", state = AppState).with_state(state());
    assert_eq!(fetch(&app, "/db").await.1, "db 7");
    assert_eq!(fetch(&app, "/whole").await.1, "app demo 7");
    assert_eq!(fetch(&app, "/plain").await.1, "0 headers");
    let (res, body) = send(&app, Method::POST, "/db", "hi").await;
    assert_eq!((res.status().as_u16(), body.as_str()), (200, "db 7 got hi"));
}

#[tokio::test]
async fn a_named_state_nests_in_a_router_of_that_state() {
    let app: Router = Router::new()
        .route("/own", get(|| async { "own" }))
        .nest(
            "/api",
            route_runtime::routes!("../fixtures/substate", state = AppState),
        )
        .with_state(state());
    assert_eq!(fetch(&app, "/api/db").await.1, "db 7");
    assert_eq!(fetch(&app, "/own").await.1, "own");
}

#[tokio::test]
async fn a_tree_without_state_takes_any() {
    // `api/hello` and friends name no state: the router is generic, so it
    // nests in a router of any state.
    let tree: Router<AppState> = route_runtime::routes!("../fixtures/cache_free");
    let app: Router = Router::new().merge(tree).with_state(state());
    assert_eq!(fetch(&app, "/").await.1, "free");
    let unit: Router<()> = route_runtime::routes!("../fixtures/cache_free");
    assert_eq!(fetch(&unit, "/").await.1, "free");
}
