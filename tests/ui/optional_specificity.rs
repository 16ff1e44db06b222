// an optional catch-all already serves its parent path
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/optional_specificity");
}
