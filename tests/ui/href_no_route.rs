// href! names a route of the tree: a name that is none lists the routes, closest first
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!("/user/[id]", id = 1);
    let _ = app::href!("/about/");
}
