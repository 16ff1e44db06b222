// a RouteContext literal must be this file's route
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/context_mismatch");
}
