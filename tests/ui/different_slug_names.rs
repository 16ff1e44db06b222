// one dynamic position uses one slug name across the whole tree
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/different_slug_names");
}
