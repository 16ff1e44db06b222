//! `#[middleware]`: the fn of a `middleware.rs` (or `proxy.rs`). An `async
//! fn` is a middleware function (extractors, then the request and `next`);
//! a plain `fn` without arguments returns a tower layer. The user's fn is
//! always re-emitted; what `routes!` mounts is `__route_middleware` or
//! `__route_layer` beside it.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Type};

use crate::expand::combine;
use crate::model::error;
use crate::route::parts_steps;
use crate::signature;

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let f: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let err =
                syn::Error::new(Span::call_site(), error::middleware_not_a_fn()).to_compile_error();
            return quote!(#err #item);
        }
    };
    let mut errors = Vec::new();
    if !attr.is_empty() {
        errors.push(syn::Error::new(attr.span(), error::middleware_attr_args()));
    }
    if let Some(g) = f.sig.generics.params.first() {
        errors.push(syn::Error::new(g.span(), error::handler_generics()));
    } else if let Some(w) = &f.sig.generics.where_clause {
        errors.push(syn::Error::new(w.span(), error::handler_generics()));
    }
    let mut args: Vec<Type> = Vec::new();
    for input in &f.sig.inputs {
        match input {
            FnArg::Receiver(r) => errors.push(syn::Error::new(r.span(), error::handler_receiver())),
            FnArg::Typed(pt) => args.push((*pt.ty).clone()),
        }
    }
    let generated = if f.sig.asyncness.is_some() {
        function(&f, &args, &mut errors)
    } else {
        layer(&f, &mut errors)
    };
    match combine(errors) {
        Some(err) => {
            let err = err.to_compile_error();
            quote!(#err #f)
        }
        None => quote!(#f #generated),
    }
}

/// `fn layer() -> L`: `__route_layer::<S>()`, the layer as the router holds
/// it, checked (spanned at the return type) to be a layer a folder can use.
fn layer(f: &ItemFn, errors: &mut Vec<syn::Error>) -> TokenStream {
    if !f.sig.inputs.is_empty() {
        errors.push(syn::Error::new(f.sig.inputs.span(), error::layer_args()));
    }
    let syn::ReturnType::Type(_, ty) = &f.sig.output else {
        errors.push(syn::Error::new(f.sig.ident.span(), error::layer_output()));
        return TokenStream::new();
    };
    let ident = &f.sig.ident;
    let p = quote!(::route_runtime::__private);
    let make = quote_spanned!(ty.span()=> #p::Middleware::from_layer(#ident()));
    quote! {
        #[doc(hidden)]
        pub(crate) fn __route_layer<S: #p::RouterState>() -> #p::Middleware<S> {
            #make
        }
    }
}

/// `async fn f(extractors.., req, next)`: `__route_middleware(req, state,
/// next)`, which extracts each extractor (checked at its type), then calls
/// `f`. Its signature (generic over the state or for one state type) comes
/// from `__route_middleware!`, which `routes!` defines beside the file.
fn function(f: &ItemFn, args: &[Type], errors: &mut Vec<syn::Error>) -> TokenStream {
    let Some((next_ty, rest)) = args.split_last() else {
        errors.push(syn::Error::new(f.sig.span(), error::middleware_args()));
        return TokenStream::new();
    };
    let Some((req_ty, heads)) = rest.split_last() else {
        errors.push(syn::Error::new(
            f.sig.inputs.span(),
            error::middleware_args(),
        ));
        return TokenStream::new();
    };
    for ty in heads {
        if signature::is_body(ty) {
            let name = ty.to_token_stream().to_string().replace(' ', "");
            errors.push(syn::Error::new(
                ty.span(),
                error::middleware_body_extractor(&name),
            ));
        }
    }
    let p = quote!(::route_runtime::__private);
    let ident = &f.sig.ident;
    let (req, state, next, s) = (
        format_ident!("__req"),
        format_ident!("__state"),
        format_ident!("__next"),
        format_ident!("AnyState"),
    );
    let vars: Vec<_> = (0..heads.len())
        .map(|i| format_ident!("__arg{}", i))
        .collect();
    let order: Vec<usize> = (0..heads.len()).collect();
    let steps = parts_steps(heads, &order, &vars, &req, &state, &s);
    let req_arg =
        quote_spanned!(req_ty.span()=> <#req_ty as #p::MiddlewareRequest>::from_request(#req));
    let next_arg = quote_spanned!(next_ty.span()=> #next);
    let output_span = match &f.sig.output {
        syn::ReturnType::Default => ident.span(),
        syn::ReturnType::Type(_, ty) => ty.span(),
    };
    let call = quote_spanned! {output_span=>
        #p::axum::response::IntoResponse::into_response(#ident(#(#vars,)* #req_arg, #next_arg).await)
    };
    let state_ty = heads.iter().find_map(signature::state_type);
    let alias = state_ty.map(|ty| {
        quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            pub type __State_middleware = #ty;
        }
    });
    quote! {
        #alias
        __route_middleware! {
            [pub(crate)] __route_middleware, [#state_ty], #req, #state, #next, #s, {
                #[allow(unused_imports)]
                use ::route_runtime::__private::dispatch::*;
                let _ = &#state;
                #(#steps)*
                #call
            }
        }
    }
}
