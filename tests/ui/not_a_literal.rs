// routes! takes a string literal
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!(app);
}
