// a #[route] fn named after no HTTP method is named in the error
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/not_a_method");
}
