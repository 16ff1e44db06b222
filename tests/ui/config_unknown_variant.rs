// segment config values are checked at compile time
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_unknown_variant");
}
