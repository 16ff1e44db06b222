// a handler cannot take self
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/self_receiver");
}
