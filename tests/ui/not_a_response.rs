// a handler's return type must be a response (`impl IntoResponse`): one error, at that type
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/not_a_response");
}
