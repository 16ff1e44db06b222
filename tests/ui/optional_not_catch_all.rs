// optional segments must be catch-all
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/optional_not_catch_all");
}
