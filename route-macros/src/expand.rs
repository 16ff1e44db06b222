//! The one funnel from `syn::Result` to tokens: an error becomes
//! `compile_error!`s next to a fallback that keeps the rest of the crate
//! type-checking, so one mistake is one message.

use proc_macro2::TokenStream;

/// Runs `f`; on error, emits the errors followed by `fallback`.
pub fn expand<I>(
    input: I,
    f: impl FnOnce(I) -> syn::Result<TokenStream>,
    fallback: TokenStream,
) -> proc_macro::TokenStream {
    match f(input) {
        Ok(tokens) => tokens.into(),
        Err(err) => {
            let errors = err.to_compile_error();
            quote::quote!({ #errors #fallback }).into()
        }
    }
}

/// Combines many errors into one `syn::Error` (rustc shows each).
pub fn combine(errors: impl IntoIterator<Item = syn::Error>) -> Option<syn::Error> {
    errors.into_iter().reduce(|mut all, e| {
        all.combine(e);
        all
    })
}
