//! Proc macros of `route-runtime`. Depend on `route-runtime`, not on this crate.
use proc_macro::TokenStream;

mod model;

/// placeholder
#[proc_macro]
pub fn routes(_input: TokenStream) -> TokenStream {
    "::route_runtime::axum::Router::new()".parse().unwrap()
}

/// placeholder
#[proc_macro_attribute]
pub fn route(_attr: TokenStream, item: TokenStream) -> TokenStream {
    item
}
