// a required and an optional catch-all cannot sit at the same level
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/required_and_optional");
}
