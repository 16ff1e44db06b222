// a static config that a POST export turns off is a warning saying why
// (the deny makes the warning fail the build, so the snapshot shows it)
#![deny(deprecated)]
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/config_ignored_warning");
}
