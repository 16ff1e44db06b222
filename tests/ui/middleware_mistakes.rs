// every mistake in a middleware.rs (or a misplaced proxy.rs) in one build,
// each spanned in its file or naming it
fn main() {
    let _app: route_runtime::axum::Router = route_runtime::routes!("fixtures/middleware_mistakes");
}
