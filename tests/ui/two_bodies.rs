// at most one argument may read the body
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/two_bodies");
}
