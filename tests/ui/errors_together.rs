// a folder error and a mistake inside another route file are reported by the same build
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/errors_together");
}
