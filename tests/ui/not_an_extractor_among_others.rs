// one error per argument that is not an extractor, at that argument, whatever its position
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/not_an_extractor_among_others");
}
