// the edge runtime is not supported
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_edge_runtime");
}
