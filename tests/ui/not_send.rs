// a handler's future must be Send (the server runs it on any thread): the error names the handler
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/not_send");
}
