// handlers are named after their HTTP method
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/bad_handler_name");
}
