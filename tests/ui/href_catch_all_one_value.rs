// a catch-all takes a list of segments, not one value
route_runtime::routes!(mod app = "fixtures/href");

fn main() {
    let _ = app::href!("/blog/[...slug]", slug = "a/b");
    let one = String::from("a");
    let _ = app::href!("/docs/[[...slug]]", slug = one);
}
