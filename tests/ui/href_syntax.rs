// href! takes the route as a string literal, then `name = value` params, then `?key = value` query pairs
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!(id = 1);
    let _ = app::href!("/users/[id]", id);
}
