// a single param takes one value, not a list
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!("/users/[id]", id = ["a", "b"]);
    let ids = vec![1, 2];
    let _ = app::href!("/teams/[team]", team = ids);
}
