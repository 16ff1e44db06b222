//! Building responses: Next.js' `Response` / `NextResponse`, redirects,
//! `notFound()`, streams and server-sent events.
//!
//! ```
//! use route_runtime::Response;
//!
//! async fn GET() -> Response {
//!     Response::json(&serde_json::json!({ "ok": true }))
//!         .status(201)
//!         .header("x-custom", "yes")
//! }
//! ```

mod redirect;
mod stream;

use std::fmt;

use axum::body::Body;
use axum::response::IntoResponse;
use http::header::{CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;

use crate::answer::internal_error;
use crate::cookies::{CookieError, OutsideRequestScope, Precedence, SetCookie, merge_set_cookies};

pub use redirect::{not_found, permanent_redirect, redirect};
pub use stream::Event;

/// `text/plain;charset=UTF-8`, what JS gives a string body.
const TEXT_PLAIN: &str = "text/plain;charset=UTF-8";

/// A route handler's response: status, headers, body, and cookies to set.
///
/// A mistake while building it (an invalid header, a value that fails to
/// serialize, a bad redirect target) never panics: the builder records the
/// first error, and the response becomes a `500` with an empty body, the error
/// logged with `tracing`. [`Response::error`] shows it.
///
/// ```
/// use route_runtime::Response;
/// let res = Response::text("hi").header("bad header", "x");
/// assert!(res.error().is_some());
/// let res = axum::response::IntoResponse::into_response(res);
/// assert_eq!(res.status(), 500);
/// ```
#[derive(Debug)]
#[must_use = "a Response does nothing until it is returned from a handler"]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
    cookies: Vec<SetCookie>,
    error: Option<ResponseError>,
}

/// Why a [`Response`] could not be built as asked.
///
/// ```
/// let res = route_runtime::Response::text("x").status(1000);
/// assert!(res.error().unwrap().to_string().contains("status"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    message: String,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResponseError {}

impl Response {
    /// A `200` with `body` (a `String`, `&'static str`, `Vec<u8>`, `Bytes`, or
    /// `()` for none) and no `Content-Type`.
    ///
    /// ```
    /// let res = route_runtime::Response::new(vec![1u8, 2, 3]);
    /// assert_eq!(res.status_code(), 200);
    /// ```
    pub fn new(body: impl Into<Body>) -> Self {
        Response {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: body.into(),
            cookies: Vec::new(),
            error: None,
        }
    }

    /// `Response.json(value)`: the value serialized as JSON, `application/json`.
    /// A value that fails to serialize gives a `500` (logged).
    ///
    /// ```
    /// let res = route_runtime::Response::json(&serde_json::json!({ "message": "Hello World" }));
    /// assert_eq!(res.headers()["content-type"], "application/json");
    /// ```
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => Response::new(bytes).header(CONTENT_TYPE, "application/json"),
            Err(e) => Response::new(()).fail(format!("the JSON body failed to serialize: {e}")),
        }
    }

    /// A text body with `Content-Type: text/plain;charset=UTF-8`, as JS
    /// `new Response("...")` sends.
    ///
    /// ```
    /// let res = route_runtime::Response::text("Hello, Next.js!");
    /// assert_eq!(res.headers()["content-type"], "text/plain;charset=UTF-8");
    /// ```
    pub fn text(body: impl Into<String>) -> Self {
        Response::new(body.into()).header(CONTENT_TYPE, TEXT_PLAIN)
    }

    /// An empty body with `status` and no `Content-Type`
    /// (`new Response(null, { status })`).
    ///
    /// ```
    /// let res = route_runtime::Response::empty(204);
    /// assert_eq!(res.status_code(), 204);
    /// ```
    pub fn empty<S>(status: S) -> Self
    where
        StatusCode: TryFrom<S>,
        <StatusCode as TryFrom<S>>::Error: fmt::Display,
    {
        Response::new(()).status(status)
    }

    /// Wraps anything axum can turn into a response, to add headers or cookies.
    ///
    /// ```
    /// let res = route_runtime::Response::from_response((http::StatusCode::ACCEPTED, "queued"));
    /// assert_eq!(res.status_code(), 202);
    /// ```
    pub fn from_response(response: impl IntoResponse) -> Self {
        let (parts, body) = response.into_response().into_parts();
        Response {
            status: parts.status,
            headers: parts.headers,
            body,
            cookies: Vec::new(),
            error: None,
        }
    }

    /// Sets the status (a `u16` or a [`StatusCode`]). A number outside
    /// 100..=999 is an error (the response becomes a 500).
    ///
    /// ```
    /// let res = route_runtime::Response::text("created").status(201);
    /// assert_eq!(res.status_code(), 201);
    /// ```
    pub fn status<S>(mut self, status: S) -> Self
    where
        StatusCode: TryFrom<S>,
        <StatusCode as TryFrom<S>>::Error: fmt::Display,
    {
        match StatusCode::try_from(status) {
            Ok(status) => self.status = status,
            Err(e) => self = self.fail(format!("invalid status: {e}")),
        }
        self
    }

    /// Sets a header, replacing any value it had (`headers.set`).
    ///
    /// ```
    /// let res = route_runtime::Response::text("x").header("cache-control", "public, max-age=60");
    /// assert_eq!(res.headers()["cache-control"], "public, max-age=60");
    /// ```
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        match header_pair(name, value) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
                self
            }
            Err(e) => self.fail(e),
        }
    }

    /// Appends a header value (`headers.append`): a second value of the same
    /// name is joined to the first with `, ` on one line, as the Fetch
    /// `Headers` do (`x-multi: a, b`); `Set-Cookie` values stay separate.
    ///
    /// ```
    /// let res = route_runtime::Response::text("multi")
    ///     .append_header("x-multi", "a")
    ///     .append_header("x-multi", "b");
    /// assert_eq!(res.headers()["x-multi"], "a, b");
    /// ```
    pub fn append_header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        let (name, value) = match header_pair(name, value) {
            Ok(pair) => pair,
            Err(e) => return self.fail(e),
        };
        let joined = match self.headers.get(&name) {
            Some(old) if name != SET_COOKIE => {
                let mut bytes = old.as_bytes().to_vec();
                bytes.extend_from_slice(b", ");
                bytes.extend_from_slice(value.as_bytes());
                HeaderValue::from_bytes(&bytes).ok()
            }
            _ => None,
        };
        match joined {
            Some(joined) => {
                self.headers.insert(name, joined);
            }
            None => {
                self.headers.append(name, value);
            }
        }
        self
    }

    /// Sets a cookie on this response (`NextResponse.cookies.set`); it replaces
    /// a `Set-Cookie` header of the same name. An invalid name is an error.
    ///
    /// ```
    /// use route_runtime::{cookies::SetCookie, Response};
    /// let res = Response::json(&true).cookie(SetCookie::new("nr", "v").http_only(true));
    /// let res = axum::response::IntoResponse::into_response(res);
    /// assert_eq!(res.headers()["set-cookie"], "nr=v; Path=/; HttpOnly");
    /// ```
    pub fn cookie(mut self, cookie: impl Into<SetCookie>) -> Self {
        let cookie = cookie.into();
        match cookie.validate() {
            Ok(()) => {
                self.cookies.push(cookie.normalized());
                self
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// Deletes a cookie (`NextResponse.cookies.delete`): sends it empty and
    /// expired in 1970.
    ///
    /// ```
    /// let res = route_runtime::Response::json(&true).delete_cookie("gone");
    /// let res = axum::response::IntoResponse::into_response(res);
    /// assert_eq!(res.headers()["set-cookie"], "gone=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    /// ```
    pub fn delete_cookie(self, name: impl Into<String>) -> Self {
        self.cookie(SetCookie::removal(name))
    }

    /// The status so far.
    ///
    /// ```
    /// assert_eq!(route_runtime::Response::empty(404).status_code(), 404);
    /// ```
    pub fn status_code(&self) -> StatusCode {
        self.status
    }

    /// The headers so far (cookies added with [`cookie`](Self::cookie) are
    /// written when the response is sent).
    ///
    /// ```
    /// assert!(route_runtime::Response::new("x").headers().is_empty());
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Mutable access to the headers.
    ///
    /// ```
    /// let mut res = route_runtime::Response::new("x");
    /// res.headers_mut().insert("x-a", http::HeaderValue::from_static("1"));
    /// ```
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The first error met while building, if any (the response will be a 500).
    ///
    /// ```
    /// assert!(route_runtime::Response::text("ok").error().is_none());
    /// ```
    pub fn error(&self) -> Option<&ResponseError> {
        self.error.as_ref()
    }

    fn fail(mut self, message: impl Into<String>) -> Self {
        if self.error.is_none() {
            self.error = Some(ResponseError {
                message: message.into(),
            });
        }
        self
    }
}

fn header_pair<K, V>(name: K, value: V) -> Result<(HeaderName, HeaderValue), String>
where
    HeaderName: TryFrom<K>,
    <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
    HeaderValue: TryFrom<V>,
    <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
{
    let name = HeaderName::try_from(name)
        .map_err(|e| format!("invalid response header name: {}", e.into()))?;
    let value = HeaderValue::try_from(value)
        .map_err(|e| format!("invalid value for response header `{name}`: {}", e.into()))?;
    Ok((name, value))
}

impl IntoResponse for Response {
    fn into_response(self) -> axum::response::Response {
        if let Some(error) = &self.error {
            return internal_error(error);
        }
        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            merge_set_cookies(&mut headers, self.cookies, Precedence::New);
        }
        let mut response = axum::response::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = headers;
        response
    }
}

impl From<ResponseError> for Response {
    fn from(e: ResponseError) -> Self {
        Response::new(()).fail(e.message)
    }
}

impl From<CookieError> for Response {
    fn from(e: CookieError) -> Self {
        Response::new(()).fail(e.to_string())
    }
}

impl From<OutsideRequestScope> for Response {
    fn from(e: OutsideRequestScope) -> Self {
        Response::new(()).fail(e.to_string())
    }
}

#[cfg(test)]
mod tests;
