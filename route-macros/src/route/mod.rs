//! `#[route]`: parse the fn -> classify its arguments -> codegen. The user's
//! fn is always re-emitted, so a mistake here is one error, not forty.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericArgument, ItemFn, LitStr, PathArguments, Type};

use crate::expand::combine;
use crate::model::{error, method};
use crate::signature;

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let (mut f, body) = match syn::parse2::<ShallowFn>(item.clone()) {
        Ok(ShallowFn(f, body)) => (f, body),
        Err(_) => {
            let err = syn::Error::new(Span::call_site(), error::not_a_fn()).to_compile_error();
            return quote!(#err #item);
        }
    };
    let mut errors = Vec::new();
    if !attr.is_empty() {
        errors.push(syn::Error::new(attr.span(), error::route_attr_args()));
    }
    let name = f.sig.ident.to_string();
    if !method::is_method(&name) {
        errors.push(syn::Error::new(
            f.sig.ident.span(),
            error::bad_handler_name(&name),
        ));
    }
    if let Some(g) = f.sig.generics.params.first() {
        errors.push(syn::Error::new(g.span(), error::handler_generics()));
    } else if let Some(w) = &f.sig.generics.where_clause {
        errors.push(syn::Error::new(w.span(), error::handler_generics()));
    }
    if let Some(v) = &f.sig.variadic {
        errors.push(syn::Error::new(v.span(), error::handler_variadic()));
    }
    let mut rewriter = ContextRewriter { errors: Vec::new() };
    let mut args: Vec<Type> = Vec::new();
    for input in f.sig.inputs.iter_mut() {
        match input {
            FnArg::Receiver(r) => errors.push(syn::Error::new(r.span(), error::handler_receiver())),
            FnArg::Typed(pt) => {
                rewriter.visit_type_mut(&mut pt.ty);
                if matches!(&*pt.ty, Type::ImplTrait(_)) {
                    errors.push(syn::Error::new(pt.ty.span(), error::handler_generics()));
                }
                args.push((*pt.ty).clone());
            }
        }
    }
    errors.append(&mut rewriter.errors);
    f.attrs.push(syn::parse_quote!(#[allow(non_snake_case)]));

    // The argument that reads the body: the one body extractor, else the
    // last argument (a custom `FromRequest` type goes there, as in axum).
    let bodies: Vec<usize> = (0..args.len())
        .filter(|&i| signature::is_body(&args[i]))
        .collect();
    let body_arg = match bodies.as_slice() {
        [first, second, ..] => {
            let first = args[*first].to_token_stream().to_string().replace(' ', "");
            errors.push(syn::Error::new(
                args[*second].span(),
                error::two_body_extractors(&first),
            ));
            None
        }
        [body] => Some(*body),
        [] => args.len().checked_sub(1),
    };

    let user_fn = {
        let (attrs, vis, sig) = (&f.attrs, &f.vis, &f.sig);
        quote!(#(#attrs)* #vis #sig #body)
    };
    if let Some(err) = combine(errors) {
        let err = err.to_compile_error();
        return quote!(#err #user_fn);
    }
    let handler = handler_impl(&f, &args, body_arg);
    quote!(#user_fn #handler)
}

/// A fn whose body is kept as it was written, never parsed: the attribute
/// reads the signature only, and re-emits the body's tokens untouched (a
/// thousand route files' bodies are not parsed, then printed, on every
/// `cargo check`). The `ItemFn` has an empty block.
struct ShallowFn(ItemFn, proc_macro2::Group);

impl syn::parse::Parse for ShallowFn {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        let sig: syn::Signature = input.parse()?;
        let body: proc_macro2::Group = input.parse()?;
        if body.delimiter() != proc_macro2::Delimiter::Brace || !input.is_empty() {
            return Err(input.error("expected a fn body"));
        }
        let block = Box::new(syn::Block {
            brace_token: syn::token::Brace(body.delim_span()),
            stmts: Vec::new(),
        });
        Ok(ShallowFn(
            ItemFn {
                attrs,
                vis,
                sig,
                block,
            },
            body,
        ))
    }
}

/// What `routes!` mounts for the user's handler: `fn __route_GET<S>() ->
/// impl RouteCall<S>`, whose body is one call of the runtime's generic
/// `callN` naming each argument's type and role and the return type (the
/// signature, generic over the state or for one state type, comes from
/// `__route_handler!`, which `routes!` defines once per tree: the tree may
/// name its state).
///
/// No function body is written per handler: the extraction is generic code
/// compiled once, in the runtime, as axum's `Handler` impls are. Each type is
/// spanned at the user's own tokens, so that a type that is not an extractor
/// (or a return type that is not a response) is one error, there.
fn handler_impl(f: &ItemFn, args: &[Type], body: Option<usize>) -> TokenStream {
    let ident = &f.sig.ident;
    let vis = &f.vis;
    let handler = format_ident!("__route_{}", ident);
    let p = quote!(::route_runtime::__private);
    let s = format_ident!("AnyState");
    let call = format_ident!("call{}", args.len());
    let typed = args.iter().enumerate().map(|(i, ty)| {
        let role = if is_route_context(ty) {
            quote_spanned!(ty.span()=> #p::Ctx)
        } else if Some(i) == body {
            quote_spanned!(ty.span()=> #p::Body<_>)
        } else {
            quote_spanned!(ty.span()=> #p::Head)
        };
        quote!(#ty, #role)
    });
    let output = match &f.sig.output {
        syn::ReturnType::Default => quote_spanned!(ident.span()=> ()),
        syn::ReturnType::Type(_, ty) if signature::has_impl_trait(ty) => {
            quote_spanned!(ty.span()=> _)
        }
        syn::ReturnType::Type(_, ty) => quote!(#ty),
    };
    let (value, marker) = match f.sig.asyncness {
        Some(_) => (quote_spanned!(ident.span()=> _), quote!(#p::Async)),
        None => (output.clone(), quote!(#p::Blocking)),
    };
    let state_ty = signature::handler_state(&f.sig);
    let alias = state_ty.map(|ty| {
        let alias = format_ident!("__State_{}", ident);
        quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            pub type #alias = #ty;
        }
    });
    quote! {
        #alias
        __route_handler! {
            [#vis] #handler, [#state_ty], #s, {
                #p::#call::<_, #(#typed,)* #value, #marker, #output, #s>(#ident)
            }, #ident
        }
    }
}

/// The statements that extract the arguments `heads` (parts extractors, in
/// that order) from the request `req` into `vars`, each after a check spanned
/// at its type; the request is put back together after them. `#[middleware]`
/// uses them too.
pub(crate) fn parts_steps(
    args: &[Type],
    heads: &[usize],
    vars: &[syn::Ident],
    req: &syn::Ident,
    state: &syn::Ident,
    s: &syn::Ident,
) -> Vec<TokenStream> {
    let p = quote!(::route_runtime::__private);
    let mut steps = Vec::new();
    if heads.is_empty() {
        return steps;
    }
    let parts = format_ident!("__parts");
    let body = format_ident!("__body");
    steps.push(quote!(let (mut #parts, #body) = #req.into_parts();));
    for &i in heads {
        let (var, ty) = (&vars[i], &args[i]);
        let check = quote_spanned!(ty.span()=> let _ = #p::parts_extractor::<#ty, #s>;);
        let extract = if is_route_context(ty) {
            quote!(<#ty as #p::FromPath>::from_path(#parts.uri.path()))
        } else {
            quote!((&&#p::Arg::<#ty>::new()).parts(&mut #parts, &#state).await)
        };
        steps.push(quote! {
            #check
            let #var = match #extract {
                ::core::result::Result::Ok(__v) => __v,
                ::core::result::Result::Err(__rejection) => return #p::axum::response::IntoResponse::into_response(__rejection),
            };
        });
    }
    steps.push(quote!(let #req = #p::axum::extract::Request::from_parts(#parts, #body);));
    steps
}

/// `RouteContext<super::Params>` or `RouteContext<__route_params!(..)>`, as
/// [`ContextRewriter`] leaves a handler's `RouteContext` argument: read from
/// the request path by a plain call (`FromPath`), with no extractor future
/// for the compiler to build per route. Its check stays the extractor bound,
/// like any argument.
fn is_route_context(ty: &Type) -> bool {
    let Type::Path(tp) = ty else { return false };
    let Some(last) = tp.path.segments.last() else {
        return false;
    };
    let PathArguments::AngleBracketed(a) = &last.arguments else {
        return false;
    };
    if last.ident != "RouteContext" || a.args.len() != 1 {
        return false;
    }
    match a.args.first() {
        Some(GenericArgument::Type(Type::Macro(m))) => m.mac.path.is_ident("__route_params"),
        Some(GenericArgument::Type(Type::Path(p))) => {
            let names: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            p.qself.is_none() && names == ["super", "Params"]
        }
        _ => false,
    }
}

/// Rewrites `RouteContext` to `RouteContext<super::Params>` (the file's
/// params type, which `routes!` defines in the module around it), and
/// `RouteContext<"/users/[id]">` to `RouteContext<__route_params!(..)>`, the
/// macro `routes!` defines for a file that writes its route: the same type,
/// or an error at the literal when it is not this file's route.
struct ContextRewriter {
    errors: Vec<syn::Error>,
}

impl VisitMut for ContextRewriter {
    fn visit_type_path_mut(&mut self, tp: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, tp);
        let Some(last) = tp.path.segments.last_mut() else {
            return;
        };
        if last.ident != "RouteContext" {
            return;
        }
        match &mut last.arguments {
            PathArguments::None => {
                last.arguments = PathArguments::AngleBracketed(syn::parse_quote!(<super::Params>));
            }
            PathArguments::AngleBracketed(a) if a.args.len() == 1 => {
                let arg = &mut a.args[0];
                let lit = match arg {
                    GenericArgument::Const(syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    })) => Some(s.clone()),
                    GenericArgument::Type(_) => return, // an explicit params type
                    _ => None,
                };
                match lit {
                    Some(lit) => {
                        *arg = GenericArgument::Type(
                            syn::parse_quote_spanned!(lit.span()=> __route_params!(#lit)),
                        )
                    }
                    None => self
                        .errors
                        .push(syn::Error::new(arg.span(), error::route_context_args())),
                }
            }
            other => self
                .errors
                .push(syn::Error::new(other.span(), error::route_context_args())),
        }
    }
}

/// `__route_mismatch!(super::Params, "/users/[uid]", "/users/[id]")`: the
/// params type, plus one error spanned at the literal. The type stays right so
/// that nothing else fails (no follow-on errors on `ctx.params.id`).
pub fn mismatch(input: TokenStream) -> TokenStream {
    let parsed = syn::parse::Parser::parse2(
        |input: syn::parse::ParseStream| {
            let ty: Type = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            let written: LitStr = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            let route: LitStr = input.parse()?;
            Ok((ty, written, route))
        },
        input,
    );
    match parsed {
        Ok((ty, written, route)) => {
            let err = syn::Error::new(
                written.span(),
                error::route_mismatch(&written.value(), &route.value()),
            )
            .to_compile_error();
            quote!(::route_runtime::__private::Checked<#ty, { #err; 0 }>)
        }
        Err(_) => {
            syn::Error::new(Span::call_site(), error::route_context_args()).to_compile_error()
        }
    }
}
