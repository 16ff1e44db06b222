// the app folder must hold at least one route.rs
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/no_route_files");
}
