//! `#[route]`: parse the fn -> classify its arguments -> codegen. The user's
//! fn is always re-emitted, so a mistake here is one error, not forty.
//!
//! Two ways in, one expansion: the common shape (`pub async fn GET(a: A) ->
//! R { .. }`) is split at its tokens ([`split`]), only the argument types
//! parsed, and the fn re-emitted as it came; anything else, and anything
//! with a mistake to report, takes the full parse ([`expand_parsed`]).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericArgument, ItemFn, LitStr, PathArguments, Type};

use crate::expand::combine;
use crate::model::{error, method};
use crate::signature;

mod split;

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    if attr.is_empty() {
        if let Some(out) = split::split(item.clone()).and_then(expand_split) {
            return out;
        }
    }
    expand_parsed(attr, item)
}

/// The common case, from the fn's tokens: the same expansion as
/// [`expand_parsed`], or `None` when there is anything to report (which
/// that reports).
fn expand_split(mut f: split::Split) -> Option<TokenStream> {
    if !method::is_method(&f.ident.to_string()) {
        return None;
    }
    let mut rewriter = ContextRewriter {
        errors: Vec::new(),
        rewrites: 0,
    };
    let mut rewritten = false;
    for (_, ty) in &mut f.args {
        if matches!(ty, Type::ImplTrait(_)) {
            return None;
        }
        let before = rewriter.rewrites;
        rewriter.visit_type_mut(ty);
        rewritten |= rewriter.rewrites > before;
    }
    if !rewriter.errors.is_empty() {
        return None;
    }
    let args: Vec<Type> = f.args.iter().map(|(_, ty)| ty.clone()).collect();
    let body = match body_argument(&args) {
        Ok(body) => body,
        Err(_) => return None,
    };
    // The fn as it came, its parentheses rewritten only where a
    // `RouteContext` was.
    let parens = if rewritten {
        let inner = f
            .args
            .iter()
            .map(|(pattern, ty)| quote!(#(#pattern)* : #ty));
        let mut g =
            proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, quote!(#(#inner),*));
        g.set_span(f.parens.span());
        g
    } else {
        f.parens.clone()
    };
    let (head, tail) = (&f.head, &f.tail);
    let glue = Glue {
        vis: &f.vis,
        ident: &f.ident,
        asyncness: f.asyncness,
        args: &args,
        output: f.output.as_ref(),
        body,
    };
    let handler = handler_impl(&glue);
    Some(quote!(#(#head)* #parens #(#tail)* #handler))
}

/// The argument that reads the body: the one body extractor, else the last
/// argument (a custom `FromRequest` type goes there, as in axum). Two body
/// extractors are an error at the second.
fn body_argument(args: &[Type]) -> Result<Option<usize>, syn::Error> {
    let bodies: Vec<usize> = (0..args.len())
        .filter(|&i| signature::is_body(&args[i]))
        .collect();
    match bodies.as_slice() {
        [first, second, ..] => {
            let first = args[*first].to_token_stream().to_string().replace(' ', "");
            Err(syn::Error::new(
                args[*second].span(),
                error::two_body_extractors(&first),
            ))
        }
        [body] => Ok(Some(*body)),
        [] => Ok(args.len().checked_sub(1)),
    }
}

/// The full parse of the attribute's input: every mistake reported, spanned.
fn expand_parsed(attr: TokenStream, item: TokenStream) -> TokenStream {
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
    let mut rewriter = ContextRewriter {
        errors: Vec::new(),
        rewrites: 0,
    };
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

    let body_arg = body_argument(&args).unwrap_or_else(|e| {
        errors.push(e);
        None
    });

    let user_fn = {
        let (attrs, vis, sig) = (&f.attrs, &f.vis, &f.sig);
        quote!(#(#attrs)* #vis #sig #body)
    };
    if let Some(err) = combine(errors) {
        let err = err.to_compile_error();
        return quote!(#err #user_fn);
    }
    let vis = f.vis.to_token_stream();
    let output = match &f.sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => Some(ty.to_token_stream()),
    };
    let handler = handler_impl(&Glue {
        vis: &vis,
        ident: &f.sig.ident,
        asyncness: f.sig.asyncness.is_some(),
        args: &args,
        output: output.as_ref(),
        body: body_arg,
    });
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
/// Call<S>`, whose body is one call of the runtime's generic
/// `callN` (through the route module's `__calls`, one of the runtime's
/// `unit` modules: see `route_rules::CALL_UNITS`) naming each argument's
/// type and role and the return type (the
/// signature, generic over the state or for one state type, comes from
/// `__route_handler!`, which `routes!` defines once per tree: the tree may
/// name its state).
///
/// No function body is written per handler: the extraction is generic code
/// compiled once, in the runtime, as axum's `Handler` impls are. Each type is
/// spanned at the user's own tokens, so that a type that is not an extractor
/// (or a return type that is not a response) is one error, there.
fn handler_impl(g: &Glue) -> TokenStream {
    let Glue {
        vis,
        ident,
        asyncness,
        args,
        output,
        body,
    } = *g;
    let handler = format_ident!("__route_{}", ident);
    let s = format_ident!("AnyState");
    // The body's argument last (or none): `callN`, which extracts the last
    // argument last, as axum does; anywhere else: `callN_any`.
    let call = match body {
        Some(i) if i + 1 < args.len() => format_ident!("call{}_any", args.len()),
        _ => format_ident!("call{}", args.len()),
    };
    // Each argument's type and its role, the role spanned at the type. The
    // paths are written out in the one `quote_spanned!` rather than
    // interpolated (every interpolated stream is a round trip through the
    // proc-macro bridge, in a debug build, 2,000 times at 1,000 routes).
    let typed = args.iter().enumerate().map(|(i, ty)| {
        let span = first_span(ty);
        if is_route_context(ty) {
            quote_spanned!(span=> #ty, ::route_runtime::__private::Ctx<super::__Route>)
        } else if Some(i) == body {
            quote_spanned!(span=> #ty, ::route_runtime::__private::Body<_>)
        } else {
            quote_spanned!(span=> #ty, ::route_runtime::__private::Head)
        }
    });
    let output = match output {
        None => quote_spanned!(ident.span()=> ()),
        Some(ty) if signature::has_impl_trait(ty.clone()) => quote_spanned!(ty.span()=> _),
        Some(ty) => ty.clone(),
    };
    let state_ty = args.iter().find_map(signature::state_type);
    let alias = state_ty.map(|ty| {
        let alias = format_ident!("__State_{}", ident);
        quote! {
            #[doc(hidden)]
            pub type #alias = #ty;
        }
    });
    let run = if asyncness {
        let value = quote_spanned!(ident.span()=> _);
        quote!(super::__calls::#call::<_, #(#typed,)* #value, ::route_runtime::__private::Async, #output, #s>(#ident))
    } else {
        quote!(super::__calls::#call::<_, #(#typed,)* #output, ::route_runtime::__private::Blocking, #output, #s>(#ident))
    };
    quote! {
        #alias
        __route_handler! {
            [#vis] #handler, [#state_ty], #s, { #run }, #ident
        }
    }
}

/// The span of a type's first token: what `Spanned::span` gives on stable
/// (where spans cannot be joined), without printing the type to tokens
/// first, for the common shapes (`Json<T>`, `::a::B`, `&T`).
fn first_span(ty: &Type) -> Span {
    match ty {
        Type::Path(tp) if tp.qself.is_none() => {
            match (&tp.path.leading_colon, tp.path.segments.first()) {
                (Some(colon), _) => colon.spans[0],
                (None, Some(seg)) => seg.ident.span(),
                (None, None) => ty.span(),
            }
        }
        Type::Reference(r) => r.and_token.span,
        _ => ty.span(),
    }
}

/// What the glue of one handler is written from.
#[derive(Clone, Copy)]
struct Glue<'a> {
    vis: &'a TokenStream,
    ident: &'a syn::Ident,
    asyncness: bool,
    args: &'a [Type],
    /// The return type's tokens, if there is one.
    output: Option<&'a TokenStream>,
    /// The argument that reads the body.
    body: Option<usize>,
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
        let extract = quote!((&&#p::Arg::<#ty>::new()).parts(&mut #parts, &#state).await);
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
/// the request path by a plain call at the positions of the module's `__Route`
/// (its role `Ctx<super::__Route>`), with no extractor future for the compiler
/// to build per route. Its check stays the extractor bound, like any argument.
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
    /// How many `RouteContext`s were rewritten.
    rewrites: usize,
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
                self.rewrites += 1;
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
                        );
                        self.rewrites += 1;
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
