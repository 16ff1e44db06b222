// with `openapi`, every `T` of a handler's `Json<T>` must implement `JsonSchema`
fn main() {
    let (_app, _doc): (route_runtime::axum::Router, route_runtime::openapi::OpenApi) =
        route_runtime::routes!("fixtures/openapi_no_schema", openapi);
}
