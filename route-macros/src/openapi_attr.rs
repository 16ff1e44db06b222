//! `#[openapi::operation(..)]`: what a handler's signature does not say, for
//! the tree's OpenAPI document. `routes!` reads it in the file; the
//! attribute itself only checks its arguments and leaves the fn as it is.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitInt, Token, Type};

use crate::model::error;

/// The arguments, as written.
#[derive(Debug, Default, Clone)]
pub struct Operation {
    pub request: Option<Type>,
    pub query: Option<Type>,
    pub response: Option<Type>,
    pub error: Option<Type>,
    /// The status of a successful answer; 0 when not given.
    pub status: u16,
}

impl Parse for Operation {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut out = Operation::default();
        while !input.is_empty() {
            let key: Ident = input
                .parse()
                .map_err(|e| syn::Error::new(e.span(), error::openapi_operation_args()))?;
            input
                .parse::<Token![=]>()
                .map_err(|e| syn::Error::new(e.span(), error::openapi_operation_args()))?;
            let name = key.to_string();
            let twice = || syn::Error::new(key.span(), error::openapi_operation_twice(&name));
            let slot = match name.as_str() {
                "request" => &mut out.request,
                "query" => &mut out.query,
                "response" => &mut out.response,
                "error" => &mut out.error,
                "status" => {
                    let lit: LitInt = input.parse().map_err(|e| {
                        syn::Error::new(e.span(), error::openapi_operation_status())
                    })?;
                    let code: u16 = lit
                        .base10_parse()
                        .ok()
                        .filter(|c| (100..=599).contains(c))
                        .ok_or_else(|| {
                            syn::Error::new(lit.span(), error::openapi_operation_status())
                        })?;
                    if out.status != 0 {
                        return Err(twice());
                    }
                    out.status = code;
                    if !input.is_empty() {
                        input.parse::<Token![,]>()?;
                    }
                    continue;
                }
                _ => return Err(syn::Error::new(key.span(), error::openapi_operation_args())),
            };
            if slot.is_some() {
                return Err(twice());
            }
            *slot = Some(input.parse()?);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(out)
    }
}

/// Checks the arguments; the fn is left as it is.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    match syn::parse2::<Operation>(attr) {
        Ok(_) => item,
        Err(e) => {
            let e = e.to_compile_error();
            quote!(#e #item)
        }
    }
}

/// `#[openapi::operation(..)]` (or `#[operation(..)]`) among a fn's
/// attributes: its arguments, when they parse (the attribute reports them
/// otherwise).
pub fn find(attrs: &[syn::Attribute]) -> Option<Operation> {
    attrs
        .iter()
        .filter(|a| {
            let segs: Vec<String> = a
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segs.last().is_some_and(|s| s == "operation")
                && (segs.len() == 1 || segs[segs.len() - 2] == "openapi")
        })
        .find_map(|a| a.parse_args::<Operation>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let op: Operation = syn::parse_quote!(
            request = NewTodo,
            response = Todo,
            status = 201,
            error = ErrorBody
        );
        assert!(op.request.is_some() && op.response.is_some() && op.error.is_some());
        assert_eq!(op.status, 201);
        for bad in [
            "status = 42",
            "request = A, request = B",
            "body = A",
            "request",
        ] {
            let tokens: TokenStream = bad.parse().expect("tokens");
            assert!(syn::parse2::<Operation>(tokens).is_err(), "{bad}");
        }
    }
}
