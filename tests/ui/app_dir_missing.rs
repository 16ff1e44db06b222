// the app folder must exist (the message names the path tried)
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/does-not-exist");
}
