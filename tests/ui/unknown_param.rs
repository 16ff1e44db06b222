// only the folder's params exist on ctx.params
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/unknown_param");
}
