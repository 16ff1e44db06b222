//! `#[cache]`: Next's `'use cache'` on an async fn. Parse the attribute and
//! the fn -> check -> wrap the body: the fn keeps its signature, its body
//! moves into an inner fn that runs on a miss (inline) or a stale hit (in
//! the background, on owned copies of the arguments). On an error the
//! user's fn is re-emitted unchanged beside it, so one mistake is one message.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Expr, FnArg, GenericParam, ItemFn, Lit, LitStr, Pat, ReturnType, Token, Type};

use crate::expand::combine;
use crate::model::error;

/// Next's built-in `cacheLife` profiles, as `CacheLife` consts.
const PROFILES: [(&str, &str); 7] = [
    ("default", "DEFAULT"),
    ("seconds", "SECONDS"),
    ("minutes", "MINUTES"),
    ("hours", "HOURS"),
    ("days", "DAYS"),
    ("weeks", "WEEKS"),
    ("max", "MAX"),
];

/// `life` as written.
enum Life {
    /// `life = "hours"`: a built-in profile, by its const's name.
    Named(syn::Ident),
    /// `life = BLOG`: any const expression of type `CacheLife`.
    Expr(Box<Expr>),
    /// `life(stale = 60, revalidate = 300, expire = 3600)`, in seconds; a
    /// missing field is Next's `default` profile's.
    Inline {
        stale: Option<u64>,
        revalidate: Option<u64>,
        expire: Option<u64>,
    },
}

#[derive(Default)]
struct Args {
    life: Option<Life>,
    tags: Vec<LitStr>,
    errors: Vec<syn::Error>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let (mut seen_life, mut seen_tags) = (false, false);
        while !input.is_empty() {
            let key: syn::Ident = input.call(syn::ext::IdentExt::parse_any)?;
            let name = key.to_string();
            let first = match name.as_str() {
                "life" => !std::mem::replace(&mut seen_life, true),
                "tags" => !std::mem::replace(&mut seen_tags, true),
                _ => true,
            };
            if !first {
                args.errors.push(syn::Error::new(
                    key.span(),
                    error::cache_duplicate_key(&name),
                ));
            }
            match name.as_str() {
                "life" if input.peek(syn::token::Paren) => {
                    let content;
                    syn::parenthesized!(content in input);
                    args.life = Some(parse_inline_life(&content, &mut args.errors)?);
                }
                "life" => {
                    input.parse::<Token![=]>()?;
                    let value: Expr = input.parse()?;
                    args.life = life_value(value, &mut args.errors);
                }
                "tags" => {
                    input.parse::<Token![=]>()?;
                    let value: Expr = input.parse()?;
                    tags_value(value, &mut args.tags, &mut args.errors);
                }
                _ => {
                    args.errors
                        .push(syn::Error::new(key.span(), error::cache_unknown_key(&name)));
                    // Skip its value, to report what follows too.
                    if input.peek(syn::token::Paren) {
                        let _content;
                        syn::parenthesized!(_content in input);
                    } else if input.parse::<Option<Token![=]>>()?.is_some() {
                        input.parse::<Expr>()?;
                    }
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

fn life_value(value: Expr, errors: &mut Vec<syn::Error>) -> Option<Life> {
    if let Expr::Lit(syn::ExprLit {
        lit: Lit::Str(s), ..
    }) = &value
    {
        let name = s.value();
        return match PROFILES.iter().find(|(n, _)| *n == name) {
            Some((_, konst)) => Some(Life::Named(syn::Ident::new(konst, s.span()))),
            None => {
                let names: Vec<&str> = PROFILES.iter().map(|(n, _)| *n).collect();
                errors.push(syn::Error::new(
                    s.span(),
                    error::cache_unknown_profile(&name, &names),
                ));
                None
            }
        };
    }
    if let Expr::Lit(lit) = &value {
        errors.push(syn::Error::new(lit.span(), error::cache_life_value()));
        return None;
    }
    Some(Life::Expr(Box::new(value)))
}

fn tags_value(value: Expr, tags: &mut Vec<LitStr>, errors: &mut Vec<syn::Error>) {
    let Expr::Array(array) = value else {
        errors.push(syn::Error::new(value.span(), error::cache_tags_value()));
        return;
    };
    for elem in array.elems {
        match elem {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => tags.push(s),
            other => errors.push(syn::Error::new(other.span(), error::cache_tags_value())),
        }
    }
}

fn parse_inline_life(input: ParseStream, errors: &mut Vec<syn::Error>) -> syn::Result<Life> {
    let (mut stale, mut revalidate, mut expire) = (None, None, None);
    let mut revalidate_span = Span::call_site();
    while !input.is_empty() {
        let key: syn::Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        let value: syn::LitInt = match input.parse() {
            Ok(v) => v,
            Err(e) => {
                errors.push(syn::Error::new(e.span(), error::cache_life_seconds()));
                input.parse::<Expr>()?;
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
                continue;
            }
        };
        let secs: u64 = match value.base10_parse() {
            Ok(v) => v,
            Err(_) => {
                errors.push(syn::Error::new(value.span(), error::cache_life_seconds()));
                0
            }
        };
        let slot = match key.to_string().as_str() {
            "stale" => &mut stale,
            "revalidate" => {
                revalidate_span = value.span();
                &mut revalidate
            }
            "expire" => &mut expire,
            other => {
                errors.push(syn::Error::new(key.span(), error::cache_life_key(other)));
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
                continue;
            }
        };
        if slot.replace((secs, value.span())).is_some() {
            errors.push(syn::Error::new(
                key.span(),
                error::cache_duplicate_key(&key.to_string()),
            ));
        }
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
    }
    // Next's `default` profile fills what is missing (revalidate 15 min, expire never).
    let r = revalidate.map_or(15 * 60, |(s, _)| s);
    if let Some((e, span)) = expire {
        if e < r {
            let span = if revalidate.is_some() {
                revalidate_span
            } else {
                span
            };
            errors.push(syn::Error::new(span, error::cache_life_order(r, e)));
        }
    }
    Ok(Life::Inline {
        stale: stale.map(|(s, _)| s),
        revalidate: revalidate.map(|(s, _)| s),
        expire: expire.map(|(s, _)| s),
    })
}

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let f: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let err =
                syn::Error::new(Span::call_site(), error::cache_not_a_fn()).to_compile_error();
            return quote!(#err #item);
        }
    };
    let args = match syn::parse2::<Args>(attr) {
        Ok(args) => args,
        Err(e) => Args {
            errors: vec![syn::Error::new(e.span(), error::cache_attr_syntax())],
            ..Args::default()
        },
    };
    let mut errors = args.errors;
    let name = f.sig.ident.to_string();
    if f.sig.asyncness.is_none() {
        errors.push(syn::Error::new(
            f.sig.fn_token.span(),
            error::cache_not_async(&name),
        ));
    }
    for g in &f.sig.generics.params {
        if !matches!(g, GenericParam::Lifetime(_)) {
            errors.push(syn::Error::new(g.span(), error::cache_generics()));
        }
    }
    if let Some(v) = &f.sig.variadic {
        errors.push(syn::Error::new(v.span(), error::cache_generics()));
    }
    let mut params: Vec<(Type, bool)> = Vec::new();
    for input in &f.sig.inputs {
        match input {
            FnArg::Receiver(r) => errors.push(syn::Error::new(r.span(), error::cache_receiver())),
            FnArg::Typed(pt) => match &*pt.ty {
                Type::ImplTrait(_) => {
                    errors.push(syn::Error::new(pt.ty.span(), error::cache_generics()))
                }
                Type::Reference(r) if r.mutability.is_some() => {
                    errors.push(syn::Error::new(pt.ty.span(), error::cache_mut_ref()))
                }
                Type::Reference(r) => params.push(((*r.elem).clone(), true)),
                ty => params.push((ty.clone(), false)),
            },
        }
    }
    if let Some(err) = combine(errors) {
        let err = err.to_compile_error();
        return quote!(#err #f);
    }
    codegen(&f, args.life, &args.tags, &params)
}

/// The `cacheLife` of the `CachedFn`: none, a named profile, an expression,
/// or the inline one (Next's defaults for what it leaves out).
fn life_tokens(life: Option<Life>) -> TokenStream {
    let p = quote!(::route_runtime::__private::cache_fn);
    match life {
        None => quote!(::core::option::Option::None),
        Some(Life::Named(konst)) => quote!(::core::option::Option::Some(#p::CacheLife::#konst)),
        Some(Life::Expr(e)) => quote_spanned!(e.span()=> ::core::option::Option::Some(#e)),
        Some(Life::Inline {
            stale,
            revalidate,
            expire,
        }) => {
            let stale = stale.unwrap_or(5 * 60);
            let revalidate = revalidate.unwrap_or(15 * 60);
            let expire = match expire {
                Some(e) => quote!(::core::option::Option::Some(#p::Duration::from_secs(#e))),
                None => quote!(::core::option::Option::None),
            };
            quote!(::core::option::Option::Some(#p::CacheLife::new(
                #p::Duration::from_secs(#stale),
                #p::Duration::from_secs(#revalidate),
                #expire,
            )))
        }
    }
}

/// The outer fn's signature: the user's, each argument a plain ident
/// (`__cache_arg0`..); the inner fn keeps the user's patterns.
fn outer_signature(sig: &syn::Signature, vars: &[syn::Ident]) -> syn::Signature {
    let mut outer = sig.clone();
    for (input, var) in outer.inputs.iter_mut().zip(vars) {
        if let FnArg::Typed(pt) = input {
            pt.attrs.clear();
            *pt.pat = Pat::Ident(syn::PatIdent {
                attrs: vec![],
                by_ref: None,
                mutability: None,
                ident: var.clone(),
                subpat: None,
            });
        }
    }
    outer
}

/// What the wrapped fn does with each argument: checks it (a key, and an
/// owned or a `&T` argument), makes it owned for a refresh in the
/// background, and passes it (borrowed again) to the user's body.
struct Arguments {
    checks: Vec<TokenStream>,
    owned: Vec<TokenStream>,
    borrowed: Vec<TokenStream>,
}

fn arguments(params: &[(Type, bool)], vars: &[syn::Ident]) -> Arguments {
    let p = quote!(::route_runtime::__private::cache_fn);
    let mut out = Arguments {
        checks: Vec::with_capacity(params.len()),
        owned: Vec::with_capacity(params.len()),
        borrowed: Vec::with_capacity(params.len()),
    };
    for ((ty, by_ref), var) in params.iter().zip(vars) {
        let (check, owned, borrowed) = if *by_ref {
            (
                quote_spanned!(ty.span()=> #p::check_key::<#ty>(); #p::check_ref_arg::<#ty>();),
                quote!(let #var = (&&#p::OwnRef::<#ty>(#var)).own();),
                quote!(::core::borrow::Borrow::<#ty>::borrow(&#var)),
            )
        } else {
            (
                quote_spanned!(ty.span()=> #p::check_key::<#ty>(); #p::check_arg::<#ty>();),
                quote!(let #var = (&&#p::Own(&#var)).own();),
                quote!(#var),
            )
        };
        out.checks.push(check);
        out.owned.push(owned);
        out.borrowed.push(borrowed);
    }
    out
}

/// The wrapped fn. `params`: each argument's type, or for `&T` its `T` and `true`.
fn codegen(
    f: &ItemFn,
    life: Option<Life>,
    tags: &[LitStr],
    params: &[(Type, bool)],
) -> TokenStream {
    let p = quote!(::route_runtime::__private::cache_fn);
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = f;
    let ident = &sig.ident;
    let id = format!("::{ident}#{:016x}", fnv1a(&quote!(#sig #block).to_string()));
    let body_fn = format_ident!("__cache_body_{}", ident);
    let vars: Vec<syn::Ident> = (0..params.len())
        .map(|i| format_ident!("__cache_arg{}", i))
        .collect();

    let outer = outer_signature(sig, &vars);
    let mut inner = sig.clone();
    inner.ident = body_fn.clone();

    let (output, fallible) = match &sig.output {
        ReturnType::Default => (quote!(()), None),
        ReturnType::Type(_, ty) => (ty.to_token_stream(), result_ok_type(ty)),
    };
    let mode = match fallible {
        Some(_) => quote!(#p::Fallible),
        None => quote!(#p::Plain),
    };
    let (stored, stored_span) = match (&sig.output, fallible) {
        (_, Some(Some(ok))) => (ok.to_token_stream(), ok.span()),
        (ReturnType::Type(_, ty), Some(None)) => {
            (quote!(<#p::Fallible as #p::Mode<#ty>>::Stored), ty.span())
        }
        (ReturnType::Type(_, ty), None) => (ty.to_token_stream(), ty.span()),
        (ReturnType::Default, _) => (quote!(()), sig.ident.span()),
    };
    let value_check = quote_spanned!(stored_span=> #p::check_value::<#stored>(););
    let Arguments {
        checks: arg_checks,
        owned,
        borrowed,
    } = arguments(params, &vars);
    let life = life_tokens(life);
    quote! {
        #(#attrs)*
        #vis #outer {
            #[allow(non_snake_case, clippy::too_many_arguments)]
            #inner #block
            static __CACHED_FN: #p::CachedFn = #p::CachedFn {
                id: ::core::concat!(::core::module_path!(), #id),
                life: #life,
                tags: &[#(#tags),*],
            };
            #[allow(unused_imports)]
            use #p::dispatch::*;
            #(#arg_checks)*
            #value_check
            let __cache_codec = (&&#p::Value::<#stored>::new()).codec();
            let __cache_key = (&&#p::KeyOf(&(#(&#vars,)*))).key(&__CACHED_FN);
            match #p::lookup::<#output, #mode, _>(&__CACHED_FN, __cache_key, __cache_codec).await {
                #p::Lookup::Hit(__value) => __value,
                #p::Lookup::Stale(__value, __refresh) => {
                    __refresh.spawn::<#mode, #output, _, _>(__cache_codec, {
                        #(#owned)*
                        async move { #body_fn(#(#borrowed),*).await }
                    });
                    __value
                }
                #p::Lookup::Compute(__ticket) => {
                    __ticket.run::<#output, #mode, _>(__cache_codec, #body_fn(#(#vars),*)).await
                }
            }
        }
    }
}

/// `Some(Some(T))` for `Result<T, ..>` (any path ending in `Result` with a
/// type argument: `io::Result<T>`, `anyhow::Result<T>`), `Some(None)` for a
/// bare `Result` alias, `None` for anything else.
fn result_ok_type(ty: &Type) -> Option<Option<&Type>> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    Some(match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    })
}

/// FNV-1a, 64 bits: a hash that stays the same across builds and compilers,
/// so that every instance of one build computes the same key.
fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_stable() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn result_types_are_recognised() {
        let ok = |s: &str| {
            let ty: Type = syn::parse_str(s).unwrap();
            result_ok_type(&ty).map(|o| o.map(|t| t.to_token_stream().to_string()))
        };
        assert_eq!(ok("Result<Vec<u8>, E>"), Some(Some("Vec < u8 >".into())));
        assert_eq!(ok("std::io::Result<u8>"), Some(Some("u8".into())));
        assert_eq!(ok("MyResult"), None);
        assert_eq!(ok("Result"), Some(None));
        assert_eq!(ok("Vec<u8>"), None);
    }
}
