//! `redirect()`, `permanentRedirect()`, `notFound()` and `Response.redirect`.
//!
//! In Next.js these throw; here they are values the handler returns.

use http::header::LOCATION;
use http::{HeaderValue, StatusCode};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::Response;

/// Bytes percent-encoded in a Location: controls (refused anyway), space and
/// non-ASCII; everything else a URL may hold passes through unchanged.
const LOCATION_ENCODE: &AsciiSet = &CONTROLS.add(b' ');

/// `redirect(url)` from `next/navigation`: `307 Temporary Redirect`, empty body.
///
/// `url` may be relative (`/api/hello?from=redirect`, kept as is) or absolute,
/// and may be a `&str`, a `String` or a `url::Url` (anything `AsRef<str>`).
/// Non-ASCII characters are percent-encoded. A URL containing control
/// characters (CR, LF, ..) is refused: no Location is written and the
/// response is a 500, the error logged.
///
/// ```
/// let res = route_runtime::response::redirect("https://nextjs.org/");
/// assert_eq!(res.status_code(), 307);
/// assert_eq!(res.headers()["location"], "https://nextjs.org/");
/// assert!(route_runtime::response::redirect("/a\r\nSet-Cookie: x=1").error().is_some());
/// ```
pub fn redirect(url: impl AsRef<str>) -> Response {
    to(url.as_ref(), StatusCode::TEMPORARY_REDIRECT)
}

/// `permanentRedirect(url)`: `308 Permanent Redirect`, empty body.
///
/// ```
/// let res = route_runtime::response::permanent_redirect("/api/hello");
/// assert_eq!(res.status_code(), 308);
/// ```
pub fn permanent_redirect(url: impl AsRef<str>) -> Response {
    to(url.as_ref(), StatusCode::PERMANENT_REDIRECT)
}

/// `notFound()`: `404` with an empty body and no `Content-Type`.
///
/// ```
/// let res = route_runtime::response::not_found();
/// assert_eq!(res.status_code(), 404);
/// assert!(res.headers().is_empty());
/// ```
pub fn not_found() -> Response {
    Response::empty(StatusCode::NOT_FOUND)
}

impl Response {
    /// `Response.redirect(url, status)` / `NextResponse.redirect`: `status` must
    /// be 301, 302, 303, 307 or 308 (anything else is an error, a 500, as JS
    /// throws a `RangeError`).
    ///
    /// ```
    /// use route_runtime::Response;
    /// let res = Response::redirect("https://nextjs.org/docs", 301);
    /// assert_eq!(res.status_code(), 301);
    /// assert!(Response::redirect("/x", 200).error().is_some());
    /// ```
    pub fn redirect(url: impl AsRef<str>, status: u16) -> Response {
        match StatusCode::from_u16(status) {
            Ok(s) if matches!(status, 301 | 302 | 303 | 307 | 308) => to(url.as_ref(), s),
            _ => Response::new(()).fail(format!(
                "invalid redirect status {status}: use 301, 302, 303, 307 or 308"
            )),
        }
    }
}

fn to(url: &str, status: StatusCode) -> Response {
    let res = Response::empty(status);
    if url.bytes().any(|b| b.is_ascii_control()) {
        return res.fail(format!(
            "refusing to redirect to {url:?}: a Location must not contain control characters"
        ));
    }
    let encoded = utf8_percent_encode(url, LOCATION_ENCODE).to_string();
    match HeaderValue::try_from(encoded) {
        Ok(location) => res.header(LOCATION, location),
        Err(e) => res.fail(format!("refusing to redirect to {url:?}: {e}")),
    }
}
