//! `app::href!("/users/[id]", id = 42)`: the tree's `href!` (a `macro_rules!`
//! that `routes!` writes, see `routes::codegen::href`) forwards the tree's
//! routes and the call to this proc macro, which checks the call against
//! the routes and writes the code that builds the URL.
//!
//! Input: `("/prefix" ["/(group)/users/[id]", ..]) <the call's tokens>`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, LitStr, Token};

use crate::expand::combine;
use crate::model::href::closest;
use crate::model::ident::plain_name;
use crate::model::segment::Segment;
use crate::model::{self, error, ParamKind, Route};

pub fn expand(input: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    let files: Vec<model::RouteFile> = input
        .routes
        .iter()
        .map(|r| model::RouteFile {
            dirs: r
                .split('/')
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
        })
        .collect();
    // The tree was checked by `routes!`; its routes are rebuilt here.
    let (routes, _) = model::build("app", &files);
    let call = &input.call;
    let written = call.route.value();
    let found = routes
        .iter()
        .find(|r| r.route == written || r.route_with_groups == written);
    match found {
        Some(route) => build(route, &routes, &input.prefix, call),
        None => {
            let names = closest(&written, routes.iter().map(|r| r.route.as_str()));
            let msg = error::href_no_route(&written, &names);
            let err = syn::Error::new(call.route.span(), msg).to_compile_error();
            // The value the closest route would give, so that the caller's
            // code adds no errors of its own.
            let fallible = names
                .first()
                .and_then(|n| routes.iter().find(|r| r.route == *n))
                .is_none_or(|r| !r.params.is_empty());
            fallback(err, fallible)
        }
    }
}

/// The errors, next to a value of the type the call would have.
fn fallback(errors: TokenStream, fallible: bool) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let value = if fallible {
        quote!(#p::HrefBuilder::new("", 0).finish())
    } else {
        quote!(#p::HrefBuilder::new("", 0).finish_static())
    };
    quote!({ #errors #value })
}

/// Checks the call's params against the route, then writes the builder.
fn build(route: &Route, routes: &[Route], prefix: &str, call: &Call) -> TokenStream {
    let mut errors = Vec::new();
    let given = match_params(route, routes, call, &mut errors);
    let fallible = !route.params.is_empty();
    if let Some(err) = combine(errors) {
        return fallback(err.to_compile_error(), fallible);
    }
    builder(route, prefix, call, &given)
}

/// The param each path argument names, by the argument's position (`None`
/// for a mistake, reported into `errors`: a param named twice, one the route
/// does not have), and the route's params no argument names.
fn match_params(
    route: &Route,
    routes: &[Route],
    call: &Call,
    errors: &mut Vec<syn::Error>,
) -> Vec<Option<usize>> {
    let mut given: Vec<Option<usize>> = Vec::with_capacity(call.params.len());
    for arg in &call.params {
        let key = arg.key.value();
        let found = route
            .params
            .iter()
            .position(|prm| prm.name == key || plain_name(&prm.name) == key);
        match found {
            Some(k) if given.contains(&Some(k)) => {
                errors.push(syn::Error::new(arg.key.span(), error::href_twice(&key)));
                given.push(None);
            }
            Some(k) => {
                check_value(&route.params[k], &arg.value, errors);
                given.push(Some(k));
            }
            None => {
                let params: Vec<&str> = route.params.iter().map(|p| p.name.as_str()).collect();
                let with_key = routes
                    .iter()
                    .filter(|r| {
                        r.params
                            .iter()
                            .any(|p| p.name == key || plain_name(&p.name) == key)
                    })
                    .map(|r| r.route.as_str());
                let with_key = closest(&route.route, with_key);
                errors.push(syn::Error::new(
                    arg.key.span(),
                    error::href_unknown_param(&route.route, &key, &params, &with_key),
                ));
                given.push(None);
            }
        }
    }
    let missing: Vec<&str> = route
        .params
        .iter()
        .enumerate()
        .filter(|(k, prm)| prm.kind != ParamKind::OptionalCatchAll && !given.contains(&Some(*k)))
        .map(|(_, prm)| prm.name.as_str())
        .collect();
    if !missing.is_empty() {
        errors.push(syn::Error::new(
            call.route.span(),
            error::href_missing(&route.route, &missing),
        ));
    }
    given
}

/// The local holding the `i`th value of the call (path params, then
/// query): at its value (for rustc's messages), with the macro's own
/// hygiene (so no name of the caller's is shadowed).
fn local(values: &[&Expr], i: usize) -> Ident {
    let span = values[i].span().resolved_at(Span::mixed_site());
    format_ident!("__href_{}", i, span = span)
}

/// The builder: each value evaluated once, in the order written, then the
/// URL written segment by segment and the query after.
fn builder(route: &Route, prefix: &str, call: &Call, given: &[Option<usize>]) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let values: Vec<&Expr> = call
        .params
        .iter()
        .chain(&call.query)
        .map(|a| &a.value)
        .collect();
    let mut lets = Vec::new();
    for (i, arg) in call.params.iter().enumerate() {
        let (var, value) = (local(&values, i), &arg.value);
        let kind = given[i].map(|k| route.params[k].kind);
        lets.push(match kind {
            Some(ParamKind::One) | None => {
                quote_spanned!(value.span()=> let #var: &dyn ::core::fmt::Display = &(#value);)
            }
            Some(_) => quote_spanned!(value.span()=> let #var = #value;),
        });
    }
    let n = call.params.len();
    for (j, arg) in call.query.iter().enumerate() {
        let (var, value) = (local(&values, n + j), &arg.value);
        lets.push(quote_spanned!(value.span()=> let #var: &dyn ::core::fmt::Display = &(#value);));
    }
    let builder = format_ident!("__href", span = Span::mixed_site());
    let (mut writes, mut capacity) = segment_writes(route, call, given, (&values, &builder));
    for (j, arg) in call.query.iter().enumerate() {
        let (var, key) = (local(&values, n + j), arg.key.value());
        capacity += key.len() + 8;
        let span = arg.value.span();
        writes.push(quote_spanned!(span=> ::route_runtime::__private::HrefBuilder::query(&mut #builder, #key, #var);));
    }
    let finish = if route.params.is_empty() {
        quote!(#builder.finish_static())
    } else {
        quote!(#builder.finish())
    };
    quote! {{
        #(#lets)*
        let mut #builder = #p::HrefBuilder::new(#prefix, #capacity);
        #(#writes)*
        #finish
    }}
}

/// The writes of the route's segments (a static one as it is, encoded; a
/// param from its local), and the capacity they need (16 per param).
fn segment_writes(
    route: &Route,
    call: &Call,
    given: &[Option<usize>],
    (values, builder): (&[&Expr], &Ident),
) -> (Vec<TokenStream>, usize) {
    let mut writes = Vec::new();
    let mut params = route.params.iter().enumerate();
    let mut capacity = 0usize;
    for seg in &route.segments {
        match seg {
            Segment::Static(_) => {
                let encoded = model::tree::patterns(std::slice::from_ref(seg)).remove(0);
                capacity += encoded.len();
                writes.push(quote!(#builder.push_static(#encoded);));
            }
            Segment::Dynamic(_) | Segment::CatchAll(_) | Segment::OptionalCatchAll(_) => {
                let Some((k, prm)) = params.next() else {
                    continue;
                };
                capacity += 16;
                let name = &prm.name;
                let Some(i) = given.iter().position(|g| *g == Some(k)) else {
                    continue; // an optional catch-all left out
                };
                let (var, span) = (local(values, i), call.params[i].value.span());
                writes.push(match prm.kind {
                    ParamKind::One => quote_spanned!(span=> ::route_runtime::__private::HrefBuilder::one(&mut #builder, #name, #var);),
                    ParamKind::CatchAll => quote_spanned!(span=> ::route_runtime::__private::HrefBuilder::many(&mut #builder, #name, #var, true);),
                    ParamKind::OptionalCatchAll => {
                        quote_spanned!(span=> ::route_runtime::__private::HrefBuilder::many(&mut #builder, #name, #var, false);)
                    }
                });
            }
            Segment::Group(_) | Segment::Private => {}
        }
    }
    (writes, capacity)
}

/// What can be told from the value's tokens: a list for one segment, one
/// value for a catch-all, an empty list, a literal no segment can carry.
fn check_value(prm: &model::tree::Param, value: &Expr, errors: &mut Vec<syn::Error>) {
    let name = &prm.name;
    let list = list_items(value);
    match (prm.kind, list) {
        (ParamKind::One, Some(_)) => {
            errors.push(syn::Error::new(
                value.span(),
                error::href_list_for_one(name),
            ));
        }
        (ParamKind::One, None) => no_segment_literal(name, value, errors),
        (kind, None) => {
            if let Expr::Lit(_) = unparen(value) {
                let folder = match kind {
                    ParamKind::CatchAll => format!("[...{name}]"),
                    _ => format!("[[...{name}]]"),
                };
                errors.push(syn::Error::new(
                    value.span(),
                    error::href_one_for_list(name, &folder),
                ));
            }
        }
        (_, Some(None)) => {}
        (kind, Some(Some(items))) => {
            if items.is_empty() && kind == ParamKind::CatchAll {
                errors.push(syn::Error::new(value.span(), error::href_empty_list(name)));
            }
            for item in &items {
                no_segment_literal(name, item, errors);
            }
        }
    }
}

/// `""`, `"."` or `".."` written as a literal: no segment carries it.
fn no_segment_literal(name: &str, value: &Expr, errors: &mut Vec<syn::Error>) {
    if let Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    }) = unparen(value)
    {
        let v = s.value();
        if v.is_empty() || v == "." || v == ".." {
            errors.push(syn::Error::new(s.span(), error::href_no_segment(name, &v)));
        }
    }
}

fn unparen(mut e: &Expr) -> &Expr {
    while let Expr::Paren(p) = e {
        e = &p.expr;
    }
    e
}

/// A value written as a list (`[..]`, `&[..]`, `vec![..]`, `[x; n]`): its
/// items when they can be read (not for `[x; n]`).
fn list_items(value: &Expr) -> Option<Option<Vec<Expr>>> {
    match unparen(value) {
        Expr::Array(a) => Some(Some(a.elems.iter().cloned().collect())),
        Expr::Reference(r) => list_items(&r.expr),
        Expr::Repeat(_) => Some(None),
        Expr::Macro(m) if m.mac.path.is_ident("vec") => Some(
            m.mac
                .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                .ok()
                .map(|items| items.into_iter().collect()),
        ),
        _ => None,
    }
}

/// `("/v1" ["/users/[id]", ..]) "/users/[id]", id = 42, ?q = "x"`.
struct Input {
    prefix: String,
    routes: Vec<String>,
    call: Call,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let table;
        syn::parenthesized!(table in input);
        let prefix: LitStr = table.parse()?;
        let list;
        syn::bracketed!(list in table);
        let routes = list.parse_terminated(<LitStr as Parse>::parse, Token![,])?;
        Ok(Input {
            prefix: prefix.value(),
            routes: routes.iter().map(LitStr::value).collect(),
            call: input.parse()?,
        })
    }
}

/// The call as the user wrote it.
struct Call {
    route: LitStr,
    params: Vec<Arg>,
    query: Vec<Arg>,
}

/// `id = 42`, `r#type = "a"`, `"user-id" = 7`.
struct Arg {
    key: Key,
    value: Expr,
}

enum Key {
    Ident(syn::Ident),
    Lit(LitStr),
}

impl Key {
    fn value(&self) -> String {
        match self {
            Key::Ident(i) => i.unraw().to_string(),
            Key::Lit(l) => l.value(),
        }
    }
    fn span(&self) -> Span {
        match self {
            Key::Ident(i) => i.span(),
            Key::Lit(l) => l.span(),
        }
    }
}

impl Parse for Call {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let bad = |span| syn::Error::new(span, error::href_input());
        let route: LitStr = input.parse().map_err(|e| bad(e.span()))?;
        let mut call = Call {
            route,
            params: Vec::new(),
            query: Vec::new(),
        };
        let mut in_query = false;
        while !input.is_empty() {
            input.parse::<Token![,]>().map_err(|e| bad(e.span()))?;
            if input.is_empty() {
                break;
            }
            if input.peek(Token![?]) {
                if in_query {
                    return Err(bad(input.span()));
                }
                input.parse::<Token![?]>()?;
                in_query = true;
            }
            let key = if input.peek(LitStr) {
                Key::Lit(input.parse()?)
            } else {
                Key::Ident(
                    input
                        .call(syn::Ident::parse_any)
                        .map_err(|e| bad(e.span()))?,
                )
            };
            input.parse::<Token![=]>().map_err(|_| bad(key.span()))?;
            let value: Expr = input.parse()?;
            let arg = Arg { key, value };
            if in_query {
                call.query.push(arg);
            } else {
                call.params.push(arg);
            }
        }
        Ok(call)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(call: &str) -> String {
        let table =
            r#"("" ["/users/[id]", "/blog/[...slug]", "/docs/[[...slug]]", "/(g)/about", "/"])"#;
        let tokens: TokenStream = format!("{table} {call}").parse().expect("tokens");
        expand(tokens).to_string()
    }

    #[test]
    fn builds_from_the_tree() {
        let out = expand_str(r#""/users/[id]", id = 42"#);
        assert!(out.contains("push_static (\"/users\")"), "{out}");
        assert!(out.contains("one (& mut __href , \"id\""), "{out}");
        assert!(out.contains("finish ()"), "{out}");
        let out = expand_str(r#""/about", ?q = "x""#);
        assert!(out.contains("finish_static ()"), "{out}");
        let out = expand_str(r#""/(g)/about""#);
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn mistakes_are_errors() {
        let cases = [
            (r#""/user/[id]", id = 1"#, "closest first, `/users/[id]`"),
            (r#""/users/[id]""#, "needs `id`"),
            (r#""/users/[id]", id = 1, name = 2"#, "no param `name`"),
            (r#""/users/[id]", id = 1, id = 2"#, "given twice"),
            (r#""/users/[id]", id = [1, 2]"#, "one segment"),
            (r#""/users/[id]", id = "..""#, "dot segment"),
            (r#""/blog/[...slug]", slug = "a""#, "is a catch-all"),
            (r#""/blog/[...slug]", slug = []"#, "at least one"),
            (r#""/blog/[...slug]", slug = vec!["a", ""]"#, "is empty"),
            (r#"id = 1"#, "the route as a string literal"),
        ];
        for (call, want) in cases {
            let out = expand_str(call);
            assert!(out.contains("compile_error"), "{call}: {out}");
            assert!(out.contains(want), "{call}: {out}");
        }
        // An optional catch-all may be left out.
        assert!(!expand_str(r#""/docs/[[...slug]]""#).contains("compile_error"));
    }
}
