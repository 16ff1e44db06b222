//! Shared by the criterion bench (`benches/router.rs`) and the callgrind
//! driver (`src/bin/callgrind.rs`): the two twin routers of the 50-route bench
//! app and the representative requests sent to both.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

/// One representative request: a name for reports, how to build it, and the
/// status both routers must answer.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// Short name used in benchmark ids (`static_json`, `param`...).
    pub name: &'static str,
    /// The request method.
    pub method: &'static str,
    /// The request target.
    pub uri: &'static str,
    /// A JSON body, sent with `content-type: application/json`.
    pub body: Option<&'static str>,
    /// The status both twins answer.
    pub status: u16,
}

/// The requests the benchmarks send: static JSON, a `[id]` param, a
/// catch-all, a JSON POST and a 404.
pub const CASES: &[Case] = &[
    Case {
        name: "static_json",
        method: "GET",
        uri: "/api/hello",
        body: None,
        status: 200,
    },
    Case {
        name: "param",
        method: "GET",
        uri: "/users/42",
        body: None,
        status: 200,
    },
    Case {
        name: "catch_all",
        method: "GET",
        uri: "/blog/a/b/c",
        body: None,
        status: 200,
    },
    Case {
        name: "post_json",
        method: "POST",
        uri: "/api/hello",
        body: Some(r#"{"name":"bench","n":42}"#),
        status: 200,
    },
    Case {
        name: "not_found",
        method: "GET",
        uri: "/nope/x",
        body: None,
        status: 404,
    },
];

impl Case {
    /// Builds the request.
    pub fn request(&self) -> Request<Body> {
        let method = Method::from_bytes(self.method.as_bytes()).expect("valid method");
        let builder = Request::builder().method(method).uri(self.uri);
        match self.body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json))
                .expect("valid request"),
            None => builder.body(Body::empty()).expect("valid request"),
        }
    }
}

/// Which twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twin {
    /// The router `routes!` made from `bench/apps/generated/src/app`.
    Generated,
    /// The same routes written by hand with `Router::route`.
    Axum,
}

impl Twin {
    /// Both twins, generated first.
    pub const BOTH: [Twin; 2] = [Twin::Generated, Twin::Axum];

    /// `generated` or `axum`.
    pub fn name(self) -> &'static str {
        match self {
            Twin::Generated => "generated",
            Twin::Axum => "axum",
        }
    }

    /// The twin's router, with its handlers bound to the (unit) state, as
    /// `axum::serve` does before the first request (`Router::into_make_service`
    /// calls `with_state(())`); without it axum converts every handler into a
    /// route on every request, which is not what a served router costs.
    pub fn router(self) -> Router {
        let router = match self {
            Twin::Generated => bench_generated::app(),
            Twin::Axum => bench_axum::app(),
        };
        router.with_state(())
    }
}

/// Sends one request through `router` (a clone, as axum's server does per
/// request) and reads the whole response body; returns the status and the
/// body length.
pub async fn send(router: &Router, case: &Case) -> (StatusCode, usize) {
    let res = router
        .clone()
        .oneshot(case.request())
        .await
        .expect("infallible");
    let status = res.status();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    (status, body.len())
}
