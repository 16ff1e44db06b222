// a literal no URL path segment can carry (empty, `.`, `..`, no segments at all) is refused
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!("/users/[id]", id = "..");
    let _ = app::href!("/blog/[...slug]", slug = ["a", ""]);
    let _ = app::href!("/blog/[...slug]", slug = []);
}
