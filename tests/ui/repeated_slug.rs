// a slug name appears once per path
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/repeated_slug");
}
