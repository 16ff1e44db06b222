//! A route's params struct: `UsersIdParams { id: String }`, how it is read
//! from a request path, serialized (as Next's `params` object), and turned
//! back into a path (for `generate_static_params`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::ident::params_type_name;
use crate::model::segment::Segment;
use crate::model::{ParamKind, Route};

/// `pub struct UsersIdParams { .. }` with its impls, and `pub type Params`
/// naming it (what `RouteContext` resolves to); routes without params share
/// `route_runtime::NoParams`.
pub fn params_struct(route: &Route, to_path: bool) -> TokenStream {
    if route.params.is_empty() {
        return quote! {
            /// This route has no params.
            pub type Params = ::route_runtime::NoParams;
        };
    }
    let name = format_ident!("{}", params_type_name(&route.route));
    let doc = format!(
        "The params of `{}`, generated from its folder names.",
        route.route
    );
    let fields = route.params.iter().map(|prm| {
        let field = field_ident(&prm.field, prm.index);
        let ty = match prm.kind {
            ParamKind::One => quote!(::std::string::String),
            ParamKind::CatchAll => quote!(::std::vec::Vec<::std::string::String>),
            ParamKind::OptionalCatchAll => {
                quote!(::core::option::Option<::std::vec::Vec<::std::string::String>>)
            }
        };
        quote!(pub #field: #ty)
    });
    let from_path = from_path(route, &name);
    let std_traits = std_traits(route, &name);
    let serialize = serialize(route, &name);
    // Only `generate_static_params` turns params back into a path.
    let to_path = to_path.then(|| self::to_path(route, &name));
    quote! {
        #[doc = #doc]
        pub struct #name {
            #(#fields,)*
        }

        /// What `RouteContext` in this file resolves to.
        pub type Params = #name;

        #from_path
        #std_traits
        #serialize
        #to_path
    }
}

/// `Debug`, `Clone`, `PartialEq` and `Eq`, written out rather than derived
/// (`Debug` through [`field_refs`]): the same impls as `#[derive(..)]`'s,
/// without four derive expansions per route at every `cargo check`.
fn std_traits(route: &Route, name: &Ident) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let fields: Vec<Ident> = route
        .params
        .iter()
        .map(|prm| field_ident(&prm.field, prm.index))
        .collect();
    let refs = field_refs(route);
    let type_name = name.to_string();
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #p::debug_params(__f, #type_name, &[#refs])
            }
        }
        impl ::core::clone::Clone for #name {
            fn clone(&self) -> Self {
                #name { #(#fields: ::core::clone::Clone::clone(&self.#fields)),* }
            }
        }
        impl ::core::cmp::PartialEq for #name {
            fn eq(&self, __other: &Self) -> bool {
                true #(&& self.#fields == __other.#fields)*
            }
        }
        impl ::core::cmp::Eq for #name {}
    }
}

/// `("id", ParamRef::One(&self.id)), ..`: the fields as the runtime's
/// `debug_params` and `serialize_params` take them, keyed by the param's
/// name as written in the folder.
fn field_refs(route: &Route) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let refs = route.params.iter().map(|prm| {
        let field = field_ident(&prm.field, prm.index);
        let key = &prm.name;
        let kind = match prm.kind {
            ParamKind::One => quote!(One),
            ParamKind::CatchAll => quote!(Rest),
            ParamKind::OptionalCatchAll => quote!(Optional),
        };
        quote!((#key, #p::ParamRef::#kind(&self.#field)))
    });
    quote!(#(#refs),*)
}

/// The field of a param: its Rust name, or `param_N` when that is not an
/// identifier.
fn field_ident(name: &str, index: usize) -> Ident {
    if super::super::scan::is_ident(name) {
        format_ident!("{}", name)
    } else {
        format_ident!("param_{}", index)
    }
}

/// `impl Params`: reads each param from the (still encoded) path segments.
fn from_path(route: &Route, name: &Ident) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let mut consumed = 0usize;
    let mut reads = Vec::new();
    let mut names = Vec::new();
    for prm in &route.params {
        let field = field_ident(&prm.field, prm.index);
        let skip = prm.index - consumed;
        let read = match prm.kind {
            ParamKind::One => {
                consumed = prm.index + 1;
                quote!(#p::param_one(__segs.nth(#skip))?)
            }
            ParamKind::CatchAll => quote!(#p::param_rest(__segs.by_ref().skip(#skip))?),
            ParamKind::OptionalCatchAll => quote!({
                let __all = #p::param_optional(__segs.by_ref().skip(#skip))?;
                if __all.is_empty() { ::core::option::Option::None } else { ::core::option::Option::Some(__all) }
            }),
        };
        reads.push(quote!(let #field = #read;));
        names.push(field);
    }
    quote! {
        impl ::route_runtime::Params for #name {
            fn from_path(__path: &str) -> ::core::result::Result<Self, ::route_runtime::PathError> {
                let mut __segs = #p::segments(__path);
                #(#reads)*
                ::core::result::Result::Ok(#name { #(#names),* })
            }
        }
    }
}

/// `impl Serialize` by hand (one call of the runtime's `serialize_params`)
/// rather than serde's derive once per route: cheaper to compile, same JSON.
fn serialize(route: &Route, name: &Ident) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let type_name = name.to_string();
    let refs = field_refs(route);
    quote! {
        impl #p::serde::Serialize for #name {
            fn serialize<__Ser: #p::serde::Serializer>(&self, __serializer: __Ser) -> ::core::result::Result<__Ser::Ok, __Ser::Error> {
                #p::serialize_params(__serializer, #type_name, &[#refs])
            }
        }
    }
}

/// `__to_path`: the URL these params stand for, percent-encoded as a client
/// sends it.
fn to_path(route: &Route, name: &Ident) -> TokenStream {
    let p = quote!(::route_runtime::__private);
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
                let field = field_ident(&prm.field, prm.index);
                writes.push(match prm.kind {
                    ParamKind::One => {
                        quote! { __out.push('/'); #p::encode_segment(&self.#field, &mut __out); }
                    }
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
    quote! {
        impl #name {
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
