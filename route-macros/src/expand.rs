//! Error plumbing shared by the macros. Each entry point turns its
//! `syn::Result` into `compile_error!`s next to a fallback of the right type
//! (`routes::entry`, `route::expand`), so one mistake is one message.

/// Combines many errors into one `syn::Error` (rustc shows each).
pub fn combine(errors: impl IntoIterator<Item = syn::Error>) -> Option<syn::Error> {
    errors.into_iter().reduce(|mut all, e| {
        all.combine(e);
        all
    })
}
