//! How a route handler is called: its arguments extracted one by one (the
//! one that reads the body last, wherever the user wrote it), the handler
//! called with them in the user's order, its value turned into a response.
//!
//! All of it is generic code compiled here, once: `#[route]` writes no
//! function body per handler, only a call of [`unit0::call2`] (for two
//! arguments; in `unit0` or one of its copies, see `units!` below) naming
//! each argument's type and role. That is what axum's own `Handler`
//! impls do for a hand-written handler, and it costs the same to compile.
//! What axum's impls cannot do, these do:
//!
//! - every argument type is a type parameter the generated call names
//!   explicitly, spanned at the user's argument, and bound by [`Extract`]: a
//!   type that is not an extractor is **one** error, at that argument, with
//!   a message that says what is accepted (what axum's `#[debug_handler]`
//!   gives, always on), instead of an unsatisfied `Handler<_, _>` bound at
//!   the `routes!` call; the return type is named the same way, spanned at
//!   the user's return type;
//! - the body extractor may come anywhere (`GET(req: Request, ctx:
//!   RouteContext)`, as Next.js writes it): its role says so, and it is
//!   extracted after the others;
//! - `RouteContext` is read from the path by a plain call (no extractor
//!   future).
//!
//! The bounds are checked where the call is built ([`unit0::call2`] and
//! the others); what they build, a [`Call`], holds the monomorphized function
//! that runs the handler as a plain `fn` pointer, so nothing downstream
//! (the router's `Handler` impl, the opaque type `#[route]` returns) repeats
//! them or reports them a second time.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;

use route_rules::CALL_UNITS;

use crate::router::RouterState;

/// A handler's boxed future.
pub type BoxFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The role of an argument extracted from the request head
/// (`FromRequestParts`).
#[derive(Debug)]
pub enum Head {}

/// The role of the argument that reads the body (`FromRequest`): extracted
/// last. `M` is axum's marker.
#[derive(Debug)]
pub struct Body<M>(PhantomData<fn() -> M>);

/// The role of `RouteContext`: read from the path by a plain call, at the
/// positions of the route `R` (its module's `__Route`).
#[derive(Debug)]
pub struct Ctx<R>(PhantomData<fn() -> R>);

/// A handler argument type, in its role `R` ([`Head`], [`Body`] or
/// [`Ctx`]), for a router whose state is `S`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route handler's argument: it is not an extractor for a router whose state is `{S}`",
    label = "not an extractor",
    note = "a handler takes `Request`, `RouteContext<\"..\">`, `State<T>` and any axum extractor (`Query<T>`, `HeaderMap`, `Method`, `Uri`, `Path<T>`, `Json<T>`, `Form<T>`, `String`, `Bytes`, ...): a type implementing `axum::extract::FromRequestParts<S>`, or `FromRequest<S>` for the one argument that reads the body",
    note = "an extractor that needs the app's state type (`FromRequestParts<AppState>`) works once the router's state is known: take `State<AppState>` in a handler, or write `routes!(\"app\", state = AppState)`"
)]
pub trait Extract<S, R>: Sized + Send {
    /// From the request head: the value, or `None` for the body's argument
    /// (extracted by [`Extract::whole`] once the head is done).
    fn head(
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Option<Self>, Response>> + Send;

    /// From the whole request: the body's argument, or the last argument
    /// (whatever its role).
    fn whole(req: Request, state: &S) -> impl Future<Output = Result<Self, Response>> + Send;
}

#[diagnostic::do_not_recommend]
impl<S: Send + Sync, T: FromRequestParts<S> + Send> Extract<S, Head> for T {
    #[inline(always)]
    async fn head(parts: &mut Parts, state: &S) -> Result<Option<Self>, Response> {
        match T::from_request_parts(parts, state).await {
            Ok(v) => Ok(Some(v)),
            Err(rejection) => Err(rejection.into_response()),
        }
    }

    #[inline(always)]
    async fn whole(req: Request, state: &S) -> Result<Self, Response> {
        let (mut parts, _) = req.into_parts();
        T::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)
    }
}

#[diagnostic::do_not_recommend]
impl<S: Send + Sync, M, T: FromRequest<S, M> + Send> Extract<S, Body<M>> for T {
    #[inline(always)]
    async fn head(parts: &mut Parts, state: &S) -> Result<Option<Self>, Response> {
        let _ = (parts, state);
        Ok(None)
    }

    #[inline(always)]
    async fn whole(req: Request, state: &S) -> Result<Self, Response> {
        T::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)
    }
}

#[diagnostic::do_not_recommend]
impl<S: Sync, R: crate::__private::RouteParams> Extract<S, Ctx<R>>
    for crate::RouteContext<R::Params>
{
    #[inline(always)]
    fn head(
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Option<Self>, Response>> + Send {
        let _ = state;
        std::future::ready(
            match <R::Params as crate::Params>::from_path(parts.uri.path(), R::LAYOUT) {
                Ok(params) => Ok(Some(crate::RouteContext { params })),
                Err(e) => Err(e.into_response()),
            },
        )
    }

    #[inline(always)]
    fn whole(req: Request, state: &S) -> impl Future<Output = Result<Self, Response>> + Send {
        let _ = state;
        std::future::ready(
            match <R::Params as crate::Params>::from_path(req.uri().path(), R::LAYOUT) {
                Ok(params) => Ok(crate::RouteContext { params }),
                Err(e) => Err(e.into_response()),
            },
        )
    }
}

/// What a generated call never reaches: the body's argument anywhere but
/// last in a `callN` (`#[route]` writes `callN_any` then), or a second one.
fn unreachable_role() -> Response {
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// A handler's return type: a response.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route handler's return type: it is not a response",
    label = "not a response",
    note = "a handler returns a type implementing `axum::response::IntoResponse`: `Response`, `Json<T>`, `String`, `&'static str`, `StatusCode`, `(StatusCode, T)`, `Result<T, E>` of two such types, `impl IntoResponse`, ...",
    note = "for a type of your own, implement `IntoResponse` for it (or return `Json(value)` for a `Serialize` type)"
)]
pub trait Reply: IntoResponse {}

#[diagnostic::do_not_recommend]
impl<T: IntoResponse> Reply for T {}

/// How a handler's return value `O` becomes its output `T`: awaited for an
/// `async fn` ([`Async`]), as it is for a plain `fn` ([`Blocking`]).
pub trait Output<T, M>: Send {
    /// The output.
    fn resolve(self) -> impl Future<Output = T> + Send;
}

/// An `async fn` handler.
#[derive(Debug)]
pub enum Async {}

/// A plain `fn` handler.
#[derive(Debug)]
pub enum Blocking {}

impl<T, F: Future<Output = T> + Send> Output<T, Async> for F {
    #[inline(always)]
    fn resolve(self) -> impl Future<Output = T> + Send {
        self
    }
}

impl<T: Send> Output<T, Blocking> for T {
    #[inline(always)]
    fn resolve(self) -> impl Future<Output = T> + Send {
        std::future::ready(self)
    }
}

/// A route handler, ready to be called with a request and the state:
/// what [`RouteFn`](crate::router::RouteFn) wraps.
pub trait RouteCall<S>: Clone + Send + Sync + 'static {
    /// Runs the handler.
    fn call(self, req: Request, state: S) -> BoxFuture;
}

/// A handler, as the function that extracts its arguments and runs it
/// (monomorphized by [`unit0::call2`] and the others, where the bounds were
/// checked, for one handler `fn`). A plain type, the same for every handler
/// of a router's state: the fn `#[route]` writes returns it by name (no
/// opaque type per handler for the compiler to track), and the router's
/// generic code is instantiated once for all handlers rather than once per
/// handler.
pub struct Call<S: 'static> {
    run: &'static (dyn Fn(Request, S) -> BoxFuture + Send + Sync),
}

impl<S: 'static> Clone for Call<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: 'static> Copy for Call<S> {}

impl<S: 'static> std::fmt::Debug for Call<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Call")
    }
}

impl<S: 'static> RouteCall<S> for Call<S> {
    #[inline]
    fn call(self, req: Request, state: S) -> BoxFuture {
        (self.run)(req, state)
    }
}

/// `run`, which holds the handler (a `fn` item: zero-sized, so the box
/// allocates nothing and leaks nothing), as a `&'static` for [`Call`].
#[inline]
fn leak<S: 'static, R>(run: R) -> Call<S>
where
    R: Fn(Request, S) -> BoxFuture + Send + Sync + 'static,
{
    const {
        assert!(
            std::mem::size_of::<R>() == 0,
            "a route handler is a `fn` item, which is zero-sized"
        )
    };
    Call {
        run: Box::leak(Box::new(run)),
    }
}

/// A closure that does the extraction itself, `|req, state| async { .. }`
/// (the runtime's own tests, and hand-made routes).
impl<S, F, Fut> RouteCall<S> for F
where
    F: FnOnce(Request, S) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    fn call(self, req: Request, state: S) -> BoxFuture {
        Box::pin(self(req, state))
    }
}

/// `call0`..`call16`: the call of a handler of that many arguments, its
/// last extracted last (from the whole request: the body's argument, or any
/// other), the others from the request head in order, as axum's own
/// `Handler` impls do; the handler's value `O` resolved (`M`) into its
/// output `T`, which answers. One await per argument: the future is no
/// larger than axum's for the same handler.
macro_rules! calls {
    ($call:ident ($($A:ident $R:ident $a:ident,)* ; $($L:ident $RL:ident $l:ident)?)) => {
        #[doc = concat!("`", stringify!($call), "`: the call of a handler whose arguments are `(", stringify!($($A,)* $($L)?), ")` (see the module docs).")]
        #[allow(clippy::too_many_arguments, clippy::type_complexity, clippy::unused_unit, unused_mut, unused_variables)]
        #[inline(never)]
        pub fn $call<F, $($A, $R,)* $($L, $RL,)? O, M, T, S>(f: F) -> Call<S>
        where
            F: FnOnce($($A,)* $($L)?) -> O + Copy + Send + Sync + 'static,
            $($A: Extract<S, $R> + 'static, $R: 'static,)*
            $($L: Extract<S, $RL> + 'static, $RL: 'static,)?
            O: Output<T, M>,
            T: Reply,
            M: 'static,
            S: RouterState,
        {
            // A closure that captures only the handler: zero-sized, under
            // the bounds above.
            let run = move |req: Request, state: S| -> BoxFuture {
                Box::pin(async move {
                    // The extraction in a block of its own: the request, its
                    // parts and the state are dropped before the handler
                    // runs, so the future holds none of them across the
                    // handler's awaits (a smaller allocation per request).
                    let ($($a,)* $($l,)?) = {
                        let state = state;
                        let (mut parts, body) = req.into_parts();
                        $(
                            let $a = match <$A as Extract<S, $R>>::head(&mut parts, &state).await {
                                Ok(Some(v)) => v,
                                Ok(None) => return unreachable_role(),
                                Err(res) => return res,
                            };
                        )*
                        let req = Request::from_parts(parts, body);
                        $(
                            let $l = match <$L as Extract<S, $RL>>::whole(req, &state).await {
                                Ok(v) => v,
                                Err(res) => return res,
                            };
                        )?
                        ($($a,)* $($l,)?)
                    };
                    f($($a,)* $($l)?).resolve().await.into_response()
                })
            };
            leak(run)
        }
    };
}

/// `call2_any`..`call16_any`: the call of a handler whose body's argument
/// is not its last (Next's `POST(req: Request, ctx: RouteContext)`): each
/// argument is extracted in its role, the head ones in order, then the
/// body's, wherever it is.
macro_rules! calls_any {
    ($call:ident ($($A:ident $R:ident $a:ident),*)) => {
        #[doc = concat!("`", stringify!($call), "`: the call of a handler whose arguments are `(", stringify!($($A),*), ")`, the body's not last (see the module docs).")]
        #[allow(clippy::too_many_arguments, clippy::type_complexity, clippy::unused_unit, unused_mut, unused_variables)]
        #[inline(never)]
        pub fn $call<F, $($A, $R,)* O, M, T, S>(f: F) -> Call<S>
        where
            F: FnOnce($($A),*) -> O + Copy + Send + Sync + 'static,
            $($A: Extract<S, $R> + 'static, $R: 'static,)*
            O: Output<T, M>,
            T: Reply,
            M: 'static,
            S: RouterState,
        {
            let run = move |req: Request, state: S| -> BoxFuture {
                Box::pin(async move {
                    // As in `calls!`: the extraction's locals are dropped
                    // before the handler runs.
                    let ($($a,)*) = {
                        let state = state;
                        let (mut parts, body) = req.into_parts();
                        $(
                            let $a = match <$A as Extract<S, $R>>::head(&mut parts, &state).await {
                                Ok(v) => v,
                                Err(res) => return res,
                            };
                        )*
                        let mut req = Some(Request::from_parts(parts, body));
                        $(
                            let $a = match $a {
                                Some(v) => v,
                                None => match req.take() {
                                    Some(r) => match <$A as Extract<S, $R>>::whole(r, &state).await {
                                        Ok(v) => v,
                                        Err(res) => return res,
                                    },
                                    None => return unreachable_role(),
                                },
                            };
                        )*
                        ($($a,)*)
                    };
                    f($($a),*).resolve().await.into_response()
                })
            };
            leak(run)
        }
    };
}

/// The call fns, [`CALL_UNITS`] times over, one module each (`unit0` ..
/// `unit15`), for the compiler's sake. rustc places every instance of a
/// generic fn, and of the closures and async blocks inside it, in the
/// codegen unit of the module that defines the fn; items inside a fn body
/// (what `routes!("app")` expands to) all go to the unit of the module
/// around that fn. With one module of call fns, an app's handlers and their
/// extraction were all one unit, which a release build optimizes on one
/// thread (at 1,000 routes: 142 s of wall time for 150 s of CPU time).
/// `#[route]` sends a file's handlers to one unit picked by a hash of the
/// file's path, so the units share them as the route modules of a
/// hand-written app do. The call fns are `#[inline(never)]`:
/// an inlined copy would follow its caller into the `routes!` fn's unit.
/// (They run once, when the router is built.)
macro_rules! units {
    ($($unit:ident)*) => {
        $(
            #[doc(hidden)]
            // The same fns in each: the point (see above).
            #[allow(clippy::duplicate_mod)]
            #[path = "call_unit.rs"]
            pub mod $unit;
        )*
        const _: () = assert!(
            [$(stringify!($unit)),*].len() == CALL_UNITS,
            "one module per call unit"
        );
    };
}

units!(unit0 unit1 unit2 unit3 unit4 unit5 unit6 unit7 unit8 unit9 unit10 unit11 unit12 unit13 unit14 unit15);
