// negative and zero-where-meaningless numbers are errors
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_bad_numbers");
}
