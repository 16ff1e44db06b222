// href_prefix is a URL path: `/`, then segments, no trailing `/`
route_runtime::routes!(mod app = "fixtures/href", href_prefix = "v1/");

fn main() {}
