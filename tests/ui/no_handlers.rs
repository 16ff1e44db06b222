// a route.rs must export at least one #[route] handler
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/no_handlers");
}
