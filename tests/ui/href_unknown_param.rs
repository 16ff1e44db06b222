// href! takes only the route's params, each once; the message names the routes that have it
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!("/users", id = 1);
    let _ = app::href!("/users/[id]", id = 1, slug = ["a"]);
    let _ = app::href!("/users/[id]", id = 1, id = 2);
}
