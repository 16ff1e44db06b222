// two route files that take different state types: the tree asks for the state by name
fn main() {
    let _app: route_runtime::axum::Router<()> = route_runtime::routes!("fixtures/state_types_differ");
}
