// malformed brackets, empty names and extra dots, all reported at once
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/malformed_folders");
}
