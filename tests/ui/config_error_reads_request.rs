// Dynamic::Error with a handler that reads the request is caught from the signature
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_error_reads_request");
}
