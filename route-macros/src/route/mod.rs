//! `#[route]`: parse the fn -> classify its arguments -> codegen. The user's
//! fn is always re-emitted, so a mistake here is one error, not forty.
//!
//! Two ways in, one expansion: the common shape (`pub async fn GET(a: A) ->
//! R { .. }`, every argument type a plain path) is read from its tokens
//! ([`split`]), nothing parsed with syn, the fn re-emitted as it came and
//! the glue written token by token ([`glue`]); anything else, and anything
//! with a mistake to report, takes the full parse ([`expand_parsed`]),
//! which writes the same glue.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericArgument, ItemFn, LitStr, PathArguments, Type};

use crate::expand::combine;
use crate::model::{error, method};
use crate::signature;
use glue::{Glue, GlueArg, Role, Tokens};

mod glue;
mod split;

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    if attr.is_empty() {
        if let Some(out) = expand_split(&item) {
            return out;
        }
    }
    expand_parsed(attr, item)
}

/// The common case, from the fn's tokens: the same expansion as
/// [`expand_parsed`], or `None` when there is anything to report (which
/// that reports) or anything the split does not read.
fn expand_split(item: &TokenStream) -> Option<TokenStream> {
    let f = split::split(item.clone())?;
    let name = f.ident.to_string();
    if !method::is_method(&name) {
        return None;
    }
    let bodies = f
        .args
        .iter()
        .filter(|a| matches!(a.kind, split::ArgKind::Body))
        .count();
    if bodies > 1 {
        return None;
    }
    let types = split_types(&f);
    let args = split_roles(&f, &types, bodies);
    let state = f.args.iter().find_map(|a| match &a.kind {
        split::ArgKind::State(ty) => Some(ty.as_slice()),
        _ => None,
    });
    let glue = Glue {
        vis: &f.vis,
        ident: &f.ident,
        name: &name,
        asyncness: f.asyncness,
        args: &args,
        output: f.output.as_deref(),
        state,
        unit: glue::unit_of(),
    };
    let mut out = Tokens::default();
    if f.args
        .iter()
        .any(|a| matches!(a.kind, split::ArgKind::Context))
    {
        // The fn as it came, its parentheses rewritten where a
        // `RouteContext` was.
        out.trees(&f.head)
            .group(Delimiter::Parenthesis, f.parens.span(), |t| {
                for (k, (a, ty)) in f.args.iter().zip(&types).enumerate() {
                    if k > 0 {
                        t.punct(',', Span::call_site());
                    }
                    t.trees(&a.pattern)
                        .trees(std::slice::from_ref(&a.colon))
                        .trees(ty);
                }
            })
            .trees(&f.tail);
        glue::write(&glue, &mut out);
        return Some(out.into_stream());
    }
    // The fn's own tokens, untouched, then the glue.
    glue::write(&glue, &mut out);
    let mut stream = item.clone();
    stream.extend(out.into_trees());
    Some(stream)
}

/// Each argument's type as the glue names it: `RouteContext` is
/// `RouteContext<super::Params>`, the params type `routes!` defines in the
/// module around the file.
fn split_types(f: &split::Split) -> Vec<Vec<TokenTree>> {
    f.args
        .iter()
        .map(|a| {
            let mut ty = Tokens::default();
            ty.trees(&a.ty);
            if matches!(a.kind, split::ArgKind::Context) {
                let site = Span::call_site();
                ty.punct('<', site)
                    .path("super::Params", site)
                    .punct('>', site);
            }
            ty.into_trees()
        })
        .collect()
}

/// Each argument's role. Without a body extractor (`bodies` is 0), the last
/// argument reads the body (a custom `FromRequest` type goes there, as in
/// axum).
fn split_roles<'a>(
    f: &split::Split,
    types: &'a [Vec<TokenTree>],
    bodies: usize,
) -> Vec<GlueArg<'a>> {
    let last = f.args.len().wrapping_sub(1);
    f.args
        .iter()
        .zip(types)
        .enumerate()
        .map(|(i, (a, ty))| GlueArg {
            ty,
            role: match a.kind {
                split::ArgKind::Context => Role::Context,
                split::ArgKind::Body => Role::Body,
                _ if bodies == 0 && i == last => Role::Body,
                _ => Role::Head,
            },
        })
        .collect()
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
    let args = check_signature(&mut f, &mut errors);
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
    let mut stream = user_fn;
    stream.extend(parsed_glue(&f, &args, body_arg));
    stream
}

/// The handler's mistakes (a name that is not a method, generics, a
/// variadic, a receiver, `impl Trait` arguments, a `RouteContext` that
/// cannot be rewritten) into `errors`, each at its span; its `RouteContext`
/// arguments rewritten (see [`ContextRewriter`]). The argument types.
fn check_signature(f: &mut ItemFn, errors: &mut Vec<syn::Error>) -> Vec<Type> {
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
    args
}

/// The glue of a parsed handler with no mistake: the same [`glue::write`]
/// the split path calls, from syn's types.
fn parsed_glue(f: &ItemFn, args: &[Type], body_arg: Option<usize>) -> Vec<TokenTree> {
    let trees = |t: TokenStream| t.into_iter().collect::<Vec<TokenTree>>();
    let vis = trees(f.vis.to_token_stream());
    let output = match &f.sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => Some(trees(ty.to_token_stream())),
    };
    let types: Vec<Vec<TokenTree>> = args.iter().map(|ty| trees(ty.to_token_stream())).collect();
    let glue_args: Vec<GlueArg> = args
        .iter()
        .zip(&types)
        .enumerate()
        .map(|(i, (ty, tokens))| GlueArg {
            ty: tokens,
            role: if is_route_context(ty) {
                Role::Context
            } else if Some(i) == body_arg {
                Role::Body
            } else {
                Role::Head
            },
        })
        .collect();
    let state = args
        .iter()
        .find_map(signature::state_type)
        .map(|ty| trees(ty.to_token_stream()));
    let mut out = Tokens::default();
    glue::write(
        &Glue {
            vis: &vis,
            ident: &f.sig.ident,
            name: &f.sig.ident.to_string(),
            asyncness: f.sig.asyncness.is_some(),
            args: &glue_args,
            output: output.as_deref(),
            state: state.as_deref(),
            unit: glue::unit_of(),
        },
        &mut out,
    );
    out.into_trees()
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
#[cfg(test)]
mod tests {
    use super::*;

    /// The split reads the common handlers from their tokens; the full parse
    /// reads every handler. Where the split reads one, both write the same.
    #[test]
    fn the_split_writes_what_the_full_parse_writes() {
        for src in [
            "pub async fn GET() {}",
            "pub async fn GET(ctx: RouteContext) -> Json<Value> { x }",
            "/// Doc.\n#[allow(unused)] pub async fn POST(ctx: RouteContext, Json(b): Json<V>) -> Result<Json<T>, E> { b }",
            "pub(crate) fn PUT(q: Query<Q>, s: State<App>, r: axum::extract::Request) -> String { s() }",
            "pub async fn PATCH(b: Json<V>, h: HeaderMap) -> impl IntoResponse { b }",
            "pub async fn DELETE(c: route_runtime::RouteContext, x: Custom) {}",
            "pub async fn HEAD(o: Option<Form<F>>, ctx: RouteContext) -> Response { x }",
        ] {
            let item: TokenStream = src.parse().expect("lexes");
            // The same tokens; the spacing of a `>` the parse wrote again
            // aside (`>,` as it came, `> ,` printed by syn).
            let text = |t: TokenStream| t.to_string().replace(' ', "");
            let split = text(expand_split(&item).expect("splits"));
            let parsed = text(expand_parsed(TokenStream::new(), item));
            assert_eq!(split, parsed, "{src}");
        }
    }
}
