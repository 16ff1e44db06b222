// generate_static_params and DYNAMIC_PARAMS need a dynamic segment
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_needs_params");
}
