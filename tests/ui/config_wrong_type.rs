// a segment config const must have its documented type
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_wrong_type");
}
