//! Routes -> tokens: one module per route file (its params struct, the
//! `RouteContext` literal check, its segment config, the file itself) and one
//! `Router::route` per axum pattern.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::config::Config;
use super::ScannedFile;
use crate::model::segment::Segment;
use crate::model::{method, ParamKind, Route};

pub fn router(
    routes: &[(Route, &ScannedFile)],
    id: u64,
    app: &str,
    with_manifest: bool,
) -> TokenStream {
    let rt = quote!(::route_runtime);
    let p = quote!(::route_runtime::__private);
    let mut modules = Vec::new();
    let mut chain = Vec::new();
    let mut allowed = Vec::new();
    let mut statics = Vec::new();
    let mut infos = Vec::new();
    let mut lets = Vec::new();
    for (i, (route, file)) in routes.iter().enumerate() {
        let module = format_ident!("__route_{}", i);
        let config = &file.config;
        let is_static = config.is_static(&file.methods);
        modules.push(route_module(&module, route, file, is_static));
        let allow = method::allow_header(file.methods.iter().map(String::as_str));
        let methods_lit: Vec<&str> = file.methods.iter().map(String::as_str).collect();
        let name = &route.route;
        let check_path = !route.params.is_empty();
        let scope = file.uses_scope;
        let handlers = file.methods.iter().map(|m| {
            let setter = Ident::new(&m.to_lowercase(), Span::call_site());
            let handler = format_ident!("__route_{}", m);
            let mut h = quote!(#p::RouteFn::new(#module::route::#handler, #check_path, #scope));
            if m == "GET" && (is_static || config.forces_static()) {
                let paths = config.static_params.map(|_| quote!(.static_paths(#module::__static_paths)));
                h = quote!(#p::Cached::new(#h, #name, #module::__CONFIG, &[#(#methods_lit),*]) #paths);
            }
            if config.body_limit {
                h = quote!(#p::WithExtension::new(#h, #module::route::BODY_LIMIT));
            }
            if let Some(secs) = config.max_duration {
                h = quote!(#p::Timeout::new(#h, #secs));
            }
            quote!(.#setter(#h))
        });
        let auto_options = (!file.methods.iter().any(|m| m == "OPTIONS"))
            .then(|| quote!(.options_service(#p::AllowAnswer::options(#allow))));
        let methods = quote!(#p::methods(#allow) #(#handlers)* #auto_options);
        // One method chain, the way axum routers are written by hand. An
        // optional catch-all has two patterns: its method router is built
        // once, before the chain, and cloned for the first.
        match route.patterns.as_slice() {
            [one] => chain.push(quote!(.route(#one, #methods))),
            many => {
                let Some((last, rest)) = many.split_last() else {
                    continue;
                };
                let var = format_ident!("__methods_{}", i);
                lets.push(quote!(let #var = #methods;));
                for pat in rest {
                    chain.push(quote!(.route(#pat, ::core::clone::Clone::clone(&#var))));
                }
                chain.push(quote!(.route(#last, #var)));
            }
        }
        for pat in &route.patterns {
            allowed.push(quote!((#pat, #allow)));
        }
        if is_static {
            statics.push(quote!(#module::__static_paths as #p::StaticPaths));
        }
        let file_name = route.file(app);
        let patterns = &route.patterns;
        let params: Vec<&str> = route.params.iter().map(|p| p.name.as_str()).collect();
        infos.push(quote! {
            #rt::RouteInfo {
                route: #name,
                file: #file_name,
                patterns: &[#(#patterns),*],
                methods: &[#(#methods_lit),*],
                allow: #allow,
                params: &[#(#params),*],
                config: #module::__CONFIG,
                is_static: #is_static,
            }
        });
    }
    let finish = quote!(#p::finish(__router, #id, &[#(#allowed),*], &[#(#statics),*]));
    let output = if with_manifest {
        quote! {
            const __MANIFEST: &[#rt::RouteInfo] = &[#(#infos),*];
            (#finish, #rt::Manifest { routes: __MANIFEST })
        }
    } else {
        finish
    };
    quote! {
        #(#modules)*
        #(#lets)*
        let __router = #p::axum::Router::new() #(#chain)*;
        #output
    }
}

fn route_module(module: &Ident, route: &Route, file: &ScannedFile, is_static: bool) -> TokenStream {
    let path = file.path.to_string_lossy().into_owned();
    let params = params_struct(route);
    let config = config_const(&file.config);
    let static_paths = is_static.then(|| static_paths(route, &file.config));
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
            #config
            #static_paths

            macro_rules! __route_params {
                () => { super::Params };
                #( (#accepted) => { super::Params }; )*
                ($other:literal) => { ::route_runtime::__private::route_mismatch!(super::Params, $other, #name) };
            }

            #[path = #path]
            pub mod route;
        }
    }
}

/// The file's segment config as one `SegmentConfig` const, from the values
/// `routes!` read (and checked) in the file.
fn config_const(c: &Config) -> TokenStream {
    let cache = quote!(::route_runtime::cache);
    let mut calls = Vec::new();
    if let Some(d) = &c.dynamic {
        let v = Ident::new(d, Span::call_site());
        calls.push(quote!(.dynamic(#cache::Dynamic::#v)));
    }
    match c.revalidate {
        Some(None) => calls.push(quote!(.revalidate(#cache::Revalidate::Never))),
        Some(Some(n)) => calls.push(quote!(.revalidate(#cache::Revalidate::Seconds(#n)))),
        None => {}
    }
    if let Some(b) = c.dynamic_params {
        calls.push(quote!(.dynamic_params(#b)));
    }
    if let Some(n) = c.max_duration {
        calls.push(quote!(.max_duration(#n)));
    }
    if let Some(r) = &c.preferred_region {
        calls.push(quote!(.preferred_region(#r)));
    }
    if !c.tags.is_empty() {
        let tags = &c.tags;
        calls.push(quote!(.tags(&[#(#tags),*])));
    }
    if c.static_params.is_some() {
        calls.push(quote!(.static_params(true)));
    }
    quote! {
        /// This file's route segment config.
        pub const __CONFIG: #cache::SegmentConfig = #cache::SegmentConfig::new() #(#calls)*;
    }
}

/// The request paths to prerender: the route's own URL when it has no
/// params, else what `generate_static_params` lists.
fn static_paths(route: &Route, c: &Config) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let body = if route.params.is_empty() {
        let url = &route.patterns[0];
        quote!(::std::vec![::std::string::String::from(#url)])
    } else {
        match c.static_params {
            Some(is_async) => {
                let await_ = is_async.then(|| quote!(.await));
                quote! {
                    route::generate_static_params() #await_
                        .iter()
                        .map(Params::__to_path)
                        .collect()
                }
            }
            None => quote!(::std::vec::Vec::new()),
        }
    };
    quote! {
        pub fn __static_paths() -> ::core::pin::Pin<::std::boxed::Box<
            dyn ::core::future::Future<Output = ::std::vec::Vec<::std::string::String>> + ::core::marker::Send,
        >> {
            #p::static_paths(async { #body })
        }
    }
}

fn params_struct(route: &Route) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut names = Vec::new();
    let mut consumed = 0usize;
    let field_of = |name: &str, index: usize| {
        syn::parse_str::<Ident>(name).unwrap_or_else(|_| format_ident!("param_{}", index))
    };
    for prm in &route.params {
        let field = field_of(&prm.field, prm.index);
        let skip = prm.index - consumed;
        let (ty, read) = match prm.kind {
            ParamKind::One => {
                consumed = prm.index + 1;
                (
                    quote!(::std::string::String),
                    quote!(#p::param_one(__segs.nth(#skip))?),
                )
            }
            ParamKind::CatchAll => (
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(#p::param_rest(__segs.by_ref().skip(#skip))?),
            ),
            ParamKind::OptionalCatchAll => (
                quote!(::core::option::Option<::std::vec::Vec<::std::string::String>>),
                quote!({
                    let __all = #p::param_optional(__segs.by_ref().skip(#skip))?;
                    if __all.is_empty() { ::core::option::Option::None } else { ::core::option::Option::Some(__all) }
                }),
            ),
        };
        fields.push(quote!(pub #field: #ty));
        reads.push(quote!(let #field = #read;));
        names.push(field);
    }

    // to_path: the URL these params stand for.
    let mut writes = Vec::new();
    let mut params = route.params.iter();
    for seg in &route.segments {
        match seg {
            Segment::Static(_) => {
                // The same percent-encoding as the axum pattern.
                let encoded = crate::model::tree::patterns(std::slice::from_ref(seg)).remove(0);
                writes.push(quote!(__out.push_str(#encoded);));
            }
            Segment::Dynamic(_) | Segment::CatchAll(_) | Segment::OptionalCatchAll(_) => {
                let Some(prm) = params.next() else { continue };
                let field = field_of(&prm.field, prm.index);
                writes.push(match prm.kind {
                    ParamKind::One => quote! { __out.push('/'); #p::encode_segment(&self.#field, &mut __out); },
                    ParamKind::CatchAll => quote! {
                        for __v in &self.#field { __out.push('/'); #p::encode_segment(__v, &mut __out); }
                    },
                    ParamKind::OptionalCatchAll => quote! {
                        for __v in self.#field.iter().flatten() { __out.push('/'); #p::encode_segment(__v, &mut __out); }
                    },
                });
            }
            Segment::Group(_) | Segment::Private => {}
        }
    }

    if route.params.is_empty() {
        // Nothing to generate: every route without params shares one type.
        return quote! {
            /// This route has no params.
            pub type Params = ::route_runtime::NoParams;
        };
    }
    // Serialize by hand (a `serialize_struct` call per field) rather than
    // running serde's derive once per route: cheaper to compile, same JSON.
    let n_fields = route.params.len();
    let ser_fields = route.params.iter().map(|prm| {
        let field = field_of(&prm.field, prm.index);
        let name = &prm.name;
        if prm.kind == ParamKind::OptionalCatchAll {
            quote! {
                match &self.#field {
                    ::core::option::Option::Some(__v) => #p::serde::ser::SerializeStruct::serialize_field(&mut __s, #name, __v)?,
                    ::core::option::Option::None => #p::serde::ser::SerializeStruct::skip_field(&mut __s, #name)?,
                }
            }
        } else {
            quote!(#p::serde::ser::SerializeStruct::serialize_field(&mut __s, #name, &self.#field)?;)
        }
    });
    quote! {
        /// The params of this route, generated from its folder names.
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq)]
        pub struct Params {
            #(#fields,)*
        }

        impl ::route_runtime::Params for Params {
            fn from_path(__path: &str) -> ::core::result::Result<Self, ::route_runtime::PathError> {
                let mut __segs = #p::segments(__path);
                #(#reads)*
                ::core::result::Result::Ok(Params { #(#names),* })
            }
        }

        impl #p::serde::Serialize for Params {
            fn serialize<__S: #p::serde::Serializer>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                let mut __s = __serializer.serialize_struct("Params", #n_fields)?;
                #(#ser_fields)*
                #p::serde::ser::SerializeStruct::end(__s)
            }
        }

        impl Params {
            /// The request path these params stand for, percent-encoded as a
            /// client sends it (for `generate_static_params`).
            #[doc(hidden)]
            pub fn __to_path(&self) -> ::std::string::String {
                let mut __out = ::std::string::String::new();
                #(#writes)*
                __out
            }
        }
    }
}
