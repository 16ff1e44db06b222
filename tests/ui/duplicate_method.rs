// a method is exported once per file
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/duplicate_method");
}
