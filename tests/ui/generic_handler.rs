// a handler cannot be generic
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/generic_handler");
}
