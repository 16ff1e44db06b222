// two files may not resolve to the same URL through route groups
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/same_url_through_groups");
}
