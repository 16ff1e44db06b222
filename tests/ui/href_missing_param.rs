// href! needs every param of the route but an optional catch-all
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!("/users/[id]");
    let _ = app::href!("/docs/[[...slug]]");
}
