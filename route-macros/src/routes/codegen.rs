//! Routes -> tokens: one module per route file (its params struct, the
//! `RouteContext` literal check, the file itself) and one `Router::route` per
//! axum pattern.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::ScannedFile;
use crate::model::{method, ParamKind, Route};

pub fn router(routes: &[(Route, &ScannedFile)], id: u64) -> TokenStream {
    let mut modules = Vec::new();
    let mut chain = Vec::new();
    let mut allowed = Vec::new();
    for (i, (route, file)) in routes.iter().enumerate() {
        let module = format_ident!("__route_{}", i);
        modules.push(route_module(&module, route, file, id));
        let allow = method::allow_header(file.methods.iter().map(String::as_str));
        let handlers = file.methods.iter().map(|m| {
            let setter = Ident::new(&m.to_lowercase(), Span::call_site());
            let handler = format_ident!("__route_{}", m);
            quote!(.#setter(#module::route::#handler))
        });
        let auto_options = (!file.methods.iter().any(|m| m == "OPTIONS"))
            .then(|| quote!(.options(::route_runtime::__private::AutoOptions(#allow))));
        let methods = quote! {
            ::route_runtime::__private::methods(#allow) #(#handlers)* #auto_options
        };
        match route.patterns.as_slice() {
            [one] => chain.push(quote!(let __router = __router.route(#one, #methods);)),
            many => {
                let var = format_ident!("__methods_{}", i);
                let last = many.len() - 1;
                let routes = many.iter().enumerate().map(|(j, p)| {
                    if j == last {
                        quote!(.route(#p, #var))
                    } else {
                        quote!(.route(#p, ::core::clone::Clone::clone(&#var)))
                    }
                });
                chain.push(quote!(let __router = { let #var = #methods; __router #(#routes)* };));
            }
        }
        for p in &route.patterns {
            allowed.push(quote!((#p, #allow)));
        }
    }
    quote! {
        #(#modules)*
        let __router = ::route_runtime::__private::axum::Router::new();
        #(#chain)*
        ::route_runtime::__private::finish(__router, #id, &[#(#allowed),*])
    }
}

fn route_module(module: &Ident, route: &Route, file: &ScannedFile, id: u64) -> TokenStream {
    let path = file.path.to_string_lossy().into_owned();
    let params = params_struct(route);
    let name = &route.route;
    let mut accepted = vec![route.route.clone()];
    if route.route_with_groups != route.route {
        accepted.push(route.route_with_groups.clone());
    }
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, dead_code, unused_imports, clippy::all)]
        mod #module {
            #params

            macro_rules! __route_params {
                () => { super::Params };
                #( (#accepted) => { super::Params }; )*
                ($other:literal) => { ::route_runtime::__private::route_mismatch!(super::Params, $other, #name) };
            }

            macro_rules! __route_id {
                () => { #id };
            }

            #[path = #path]
            pub mod route;
        }
    }
}

fn params_struct(route: &Route) -> TokenStream {
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut names = Vec::new();
    let mut consumed = 0usize;
    for p in &route.params {
        let field = syn::parse_str::<Ident>(&p.field)
            .unwrap_or_else(|_| format_ident!("param_{}", p.index));
        let rename = &p.name;
        let skip = p.index - consumed;
        let (ty, read, attrs) = match p.kind {
            ParamKind::One => {
                consumed = p.index + 1;
                (
                    quote!(::std::string::String),
                    quote!(::route_runtime::__private::param_one(__segs.nth(#skip))?),
                    quote!(),
                )
            }
            ParamKind::CatchAll => (
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(::route_runtime::__private::param_rest(__segs.by_ref().skip(#skip))?),
                quote!(),
            ),
            ParamKind::OptionalCatchAll => (
                quote!(::core::option::Option<::std::vec::Vec<::std::string::String>>),
                quote!({
                    let __all = ::route_runtime::__private::param_optional(__segs.by_ref().skip(#skip))?;
                    if __all.is_empty() { ::core::option::Option::None } else { ::core::option::Option::Some(__all) }
                }),
                quote!(#[serde(skip_serializing_if = "::core::option::Option::is_none")]),
            ),
        };
        fields.push(quote! {
            #[serde(rename = #rename)]
            #attrs
            pub #field: #ty
        });
        reads.push(quote!(let #field = #read;));
        names.push(field);
    }
    let name = &route.route;
    let segs = if route.params.is_empty() {
        quote!(let _ = __path;)
    } else {
        quote!(let mut __segs = ::route_runtime::__private::segments(__path);)
    };
    quote! {
        /// The params of this route, generated from its folder names.
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::route_runtime::__private::serde::Serialize)]
        #[serde(crate = "::route_runtime::__private::serde")]
        pub struct Params {
            #(#fields,)*
        }

        impl ::route_runtime::Params for Params {
            const ROUTE: &'static str = #name;

            fn from_path(__path: &str) -> ::core::result::Result<Self, ::route_runtime::PathError> {
                #segs
                #(#reads)*
                ::core::result::Result::Ok(Params { #(#names),* })
            }
        }
    }
}
