//! How a generated `#[middleware]` fn takes its arguments: each one extracted
//! on its own, written out per argument by the attribute, so that a type
//! that is not an extractor is **one** error, spanned at that argument, with
//! a message that says what is accepted. (Route handlers go through the
//! runtime's generic `callN` instead: see `call.rs`.)
//!
//! The checks ([`parts_extractor`], [`body_extractor`]) carry the error.
//! The extraction itself goes through [`Arg`] with autoref dispatch
//! (`(&&Arg::<T>::new()).parts(..)`: the impls for `&Arg<T>` match first, the
//! [`NotAnExtractor`] one on `Arg<T>` only after a deref), so that it
//! type-checks even for a non-extractor and adds no second error; the check
//! guarantees the fallback arm is never part of a program that compiles.

use std::future::Future;
use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;

/// A handler argument type that can be extracted from the request head.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route handler's argument: it is not an extractor for a router whose state is `{S}`",
    label = "not an extractor",
    note = "a handler takes `Request`, `RouteContext<\"..\">`, `State<T>` and any axum extractor (`Query<T>`, `HeaderMap`, `Method`, `Uri`, `Path<T>`, `Json<T>`, ...): a type implementing `axum::extract::FromRequestParts<S>`, or `FromRequest<S>` for the one argument that reads the body",
    note = "an extractor that needs the app's state type (`FromRequestParts<AppState>`) works once the router's state is known: take `State<AppState>` in a handler, or write `routes!(\"app\", state = AppState)`"
)]
pub trait PartsExtractor<S> {}

#[diagnostic::do_not_recommend]
impl<S, T: FromRequestParts<S>> PartsExtractor<S> for T {}

/// A handler argument type that can be extracted from the whole request
/// (the last argument: the one that may read the body).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route handler's argument: it is not an extractor for a router whose state is `{S}`",
    label = "not an extractor",
    note = "a handler takes `Request`, `RouteContext<\"..\">`, `State<T>` and any axum extractor (`Query<T>`, `HeaderMap`, `Method`, `Uri`, `Path<T>`, `Json<T>`, `Form<T>`, `String`, `Bytes`, ...): a type implementing `axum::extract::FromRequestParts<S>`, or `FromRequest<S>` for the one argument that reads the body",
    note = "an extractor that needs the app's state type works once the router's state is known: take `State<AppState>` in a handler, or write `routes!(\"app\", state = AppState)`"
)]
pub trait BodyExtractor<S, M> {}

#[diagnostic::do_not_recommend]
impl<S, M, T: FromRequest<S, M>> BodyExtractor<S, M> for T {}

/// Checks, at compile time, that `T` is an extractor of the request head.
/// Generated code names it (`let _ = parts_extractor::<T, S>;`) without
/// calling it: the bound is checked, and no code is generated.
#[inline(always)]
pub fn parts_extractor<T: PartsExtractor<S>, S>() {}

/// Checks, at compile time, that `T` is an extractor of the whole request
/// (named, never called, like [`parts_extractor`]).
#[inline(always)]
pub fn body_extractor<T: BodyExtractor<S, M>, S, M>() {}

/// The argument of type `T`, to be extracted: `(&&Arg::<T>::new()).parts(..)`
/// or `.body(..)`.
pub struct Arg<T>(PhantomData<fn() -> T>);

impl<T> Arg<T> {
    /// The argument of type `T`.
    #[inline(always)]
    pub const fn new() -> Self {
        Arg(PhantomData)
    }
}

impl<T> Default for Arg<T> {
    fn default() -> Self {
        Arg::new()
    }
}

impl<T> std::fmt::Debug for Arg<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Arg")
    }
}

/// Extraction from the request head, for types that implement it: the
/// extractor's own future, not wrapped (one future type less per argument
/// for the compiler to build).
pub trait ViaParts<S> {
    /// The argument's type.
    type Output;
    /// What a failed extraction answers.
    type Rejection: IntoResponse;
    /// Extracts it.
    fn parts(
        &self,
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Self::Output, Self::Rejection>> + Send;
}

impl<S: Send + Sync, T: FromRequestParts<S>> ViaParts<S> for &Arg<T> {
    type Output = T;
    type Rejection = T::Rejection;

    #[inline(always)]
    fn parts(
        &self,
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<T, T::Rejection>> + Send {
        T::from_request_parts(parts, state)
    }
}

/// Extraction from the whole request, for types that implement it.
pub trait ViaBody<S, M> {
    /// The argument's type.
    type Output;
    /// What a failed extraction answers.
    type Rejection: IntoResponse;
    /// Extracts it.
    fn body(
        &self,
        req: Request,
        state: &S,
    ) -> impl Future<Output = Result<Self::Output, Self::Rejection>> + Send;
}

impl<S: Send + Sync, M, T: FromRequest<S, M>> ViaBody<S, M> for &Arg<T> {
    type Output = T;
    type Rejection = T::Rejection;

    #[inline(always)]
    fn body(
        &self,
        req: Request,
        state: &S,
    ) -> impl Future<Output = Result<T, T::Rejection>> + Send {
        T::from_request(req, state)
    }
}

/// The arm autoref dispatch picks for a type that is not an extractor. It
/// only exists so that extraction type-checks next to the failed check
/// (which is the one error the user sees); no program that compiles uses it.
pub trait NotAnExtractor {
    /// The argument's type.
    type Output;
    /// Never reached in a program that compiles.
    fn parts<S>(
        &self,
        parts: &mut Parts,
        state: &S,
    ) -> std::future::Ready<Result<Self::Output, Response>> {
        let _ = (parts, state);
        std::future::ready(Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()))
    }
    /// Never reached in a program that compiles.
    fn body<S>(
        &self,
        req: Request,
        state: &S,
    ) -> std::future::Ready<Result<Self::Output, Response>> {
        let _ = (req, state);
        std::future::ready(Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()))
    }
}

impl<T> NotAnExtractor for Arg<T> {
    type Output = T;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Autoref dispatch picks the real extractor, never the fallback.
    #[tokio::test]
    async fn dispatch_picks_the_extractor() {
        let req = http::Request::builder()
            .uri("/x?a=1")
            .header("x-a", "1")
            .body(axum::body::Body::from("hello"))
            .unwrap_or_default();
        let (mut parts, body) = req.into_parts();
        let headers = (&&Arg::<http::HeaderMap>::new())
            .parts(&mut parts, &())
            .await;
        assert_eq!(headers.ok().map(|h| h.len()), Some(1));
        let uri = (&&Arg::<http::Uri>::new()).parts(&mut parts, &()).await;
        assert_eq!(uri.ok().map(|u| u.to_string()), Some("/x?a=1".to_string()));
        let req = Request::from_parts(parts, body);
        let text = (&&Arg::<String>::new()).body(req, &()).await;
        assert_eq!(text.ok().as_deref(), Some("hello"));
    }

    /// A state-dependent extractor, through a generic state.
    #[tokio::test]
    async fn dispatch_works_for_state() {
        #[derive(Clone)]
        struct AppState(u32);
        async fn take<S: Clone + Send + Sync + 'static>(
            state: S,
        ) -> Option<axum::extract::State<S>> {
            let (mut parts, _) = http::Request::new(()).into_parts();
            parts_extractor::<axum::extract::State<S>, S>();
            (&&Arg::<axum::extract::State<S>>::new())
                .parts(&mut parts, &state)
                .await
                .ok()
        }
        assert_eq!(take(AppState(7)).await.map(|s| s.0.0), Some(7));
    }
}
