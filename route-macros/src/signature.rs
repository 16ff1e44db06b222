//! What both macros read from a handler's signature, in one place: `#[route]`
//! generates the handler from it and `routes!` mounts that handler, so the
//! two must classify every argument the same way.

use syn::{GenericArgument, PathArguments, Type};

/// Extractor types that consume the request body; one at most, always
/// extracted last (axum's rule), wherever the user wrote it.
pub const BODY_EXTRACTORS: &[&str] = &[
    "Request",
    "Json",
    "Form",
    "String",
    "Bytes",
    "Multipart",
    "RawForm",
    "Body",
    "BodyStream",
];

/// Extractors that read request data (Next's "dynamic APIs"): a body
/// extractor, or one of these.
pub const HEAD_READERS: &[&str] = &["HeaderMap", "TypedHeader", "Query", "RawQuery", "CookieJar"];

/// The last path segment's name: `Json` for `axum::Json<T>`.
pub fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(tp) => tp.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => last_ident(&r.elem),
        Type::Paren(p) => last_ident(&p.elem),
        _ => None,
    }
}

/// `Json<T>`, `Option<Json<T>>`, `axum::extract::Request`...: does it read the body?
pub fn is_body(ty: &Type) -> bool {
    let Type::Path(tp) = ty else { return false };
    let Some(last) = tp.path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    if wraps_body(&name) {
        return first_type_arg(last).is_some_and(is_body);
    }
    BODY_EXTRACTORS.contains(&name.as_str())
}

/// `Option<T>`, `Result<T, E>`: a body extractor when `T` is one. The rule
/// [`is_body`] and the token-level readers (`#[route]`'s split, `routes!`'s
/// quick reading) share.
pub fn wraps_body(last: &str) -> bool {
    last == "Option" || last == "Result"
}

/// A word that starts a type which is not a plain path (`dyn Trait`,
/// `impl Trait`, `fn(..)`, ...): the token-level readers leave such a type to
/// syn.
pub fn starts_other_type(word: &str) -> bool {
    matches!(
        word,
        "dyn" | "impl" | "mut" | "fn" | "unsafe" | "extern" | "for"
    )
}

/// Does an argument of this type read request data (headers, query, body)?
pub fn reads_request(ty: &Type) -> Option<String> {
    let name = last_ident(ty)?;
    (is_body(ty) || HEAD_READERS.contains(&name.as_str())).then_some(name)
}

/// `T` of a `State<T>` argument: the router's state type that handler needs.
pub fn state_type(ty: &Type) -> Option<&Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != "State" {
        return None;
    }
    first_type_arg(last)
}

fn first_type_arg(seg: &syn::PathSegment) -> Option<&Type> {
    let PathArguments::AngleBracketed(a) = &seg.arguments else {
        return None;
    };
    match a.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// The state type a handler names through `State<T>`, the first if several.
pub fn handler_state(f: &syn::Signature) -> Option<&Type> {
    f.inputs.iter().find_map(|input| match input {
        syn::FnArg::Typed(pt) => state_type(&pt.ty),
        syn::FnArg::Receiver(_) => None,
    })
}

/// Do a type's tokens name an `impl Trait` anywhere (`impl IntoResponse`,
/// `Result<impl IntoResponse, E>`)? Such a type cannot be written again in
/// generated code: the compiler infers it there instead.
pub fn has_impl_trait(tokens: &[proc_macro2::TokenTree]) -> bool {
    mentions(tokens, "impl")
}

/// Does `name` appear as an identifier anywhere in the tokens (groups
/// included)?
pub fn mentions(tokens: &[proc_macro2::TokenTree], name: &str) -> bool {
    tokens.iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => {
            mentions(&g.stream().into_iter().collect::<Vec<_>>(), name)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> Type {
        syn::parse_str(s).expect("a type")
    }

    #[test]
    fn classifies_arguments() {
        for body in [
            "Json<T>",
            "axum::Json<T>",
            "Option<Json<T>>",
            "Request",
            "String",
            "Bytes",
        ] {
            assert!(is_body(&ty(body)), "{body}");
        }
        for head in ["HeaderMap", "State<S>", "Query<Q>", "RouteContext", "u32"] {
            assert!(!is_body(&ty(head)), "{head}");
        }
        assert_eq!(reads_request(&ty("Query<Q>")).as_deref(), Some("Query"));
        assert_eq!(reads_request(&ty("State<S>")), None);
        let state = ty("State<crate::AppState>");
        let inner = state_type(&state).map(|t| quote::quote!(#t).to_string());
        assert_eq!(inner.as_deref(), Some("crate :: AppState"));
        assert!(state_type(&ty("axum::extract::State<AppState>")).is_some());
        assert!(state_type(&ty("Json<AppState>")).is_none());
    }
}
