// every handler argument must be an extractor (Request, RouteContext, State, Query, Json, ...)
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/not_an_extractor");
}
