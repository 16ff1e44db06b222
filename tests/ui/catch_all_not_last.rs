// a catch-all folder must be the last part of the URL
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/catch_all_not_last");
}
