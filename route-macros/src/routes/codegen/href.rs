//! The tree's `href!`: a `macro_rules!` holding the tree's routes, which
//! forwards them with the call to the `__route_href` proc macro (which
//! checks the call against them and writes the builder). In scope by name
//! in the tree's route files, and by path in the crate (`app::href!`).

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use crate::model::Route;

/// `macro_rules! href` and `pub(crate) use href;` (and, with `href_export`,
/// the same as a `#[macro_export]` macro).
pub fn href_macro<'a>(routes: impl Iterator<Item = &'a Route>, out: &Output) -> TokenStream {
    let names: Vec<&str> = routes.map(|r| r.route_with_groups.as_str()).collect();
    let prefix = &out.href_prefix;
    let doc = format!(
        "Builds the URL of a route of `{}`, checked against the tree at compile time: \
         `href!(\"/users/[id]\", id = 42)`. See `route_runtime::href`.",
        out.app
    );
    let table = quote!((#prefix [#(#names),*]));
    let export = out.href_export.as_ref().map(|name| {
        let doc = format!(
            "Builds the URL of a route of `{}` (its `href!`, exported for other crates): \
             `{name}!(\"/users/[id]\", id = 42)`. See `route_runtime::href`.",
            out.app
        );
        quote! {
            #[doc = #doc]
            #[macro_export]
            macro_rules! #name {
                ($($call:tt)*) => {
                    ::route_runtime::__private::href! { #table $($call)* }
                };
            }
        }
    });
    quote! {
        #export
        // By name in the tree's own files (a `macro_rules!` is in scope in
        // the modules declared after it), by path elsewhere (`app::href!`).
        #[doc(hidden)]
        #[allow(unused_macros)]
        macro_rules! href {
            ($($call:tt)*) => {
                ::route_runtime::__private::href! { #table $($call)* }
            };
        }
        #[doc = #doc]
        #[allow(unused_imports)]
        pub(crate) use href;
    }
}
