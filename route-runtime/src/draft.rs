//! [`draft_mode()`]: Next.js' Draft Mode (`draftMode` from `next/headers`):
//! a cookie that makes cached and static routes render on every request, so
//! that an editor sees unpublished content.
//!
//! [`DraftMode::enable`] sets the `__prerender_bypass` cookie (`Secure`,
//! `HttpOnly`, `SameSite=None`, `Path=/`, a session cookie, as Next.js sets
//! it) to this deployment's secret; [`DraftMode::disable`] deletes it. While
//! a request carries the cookie with the right value, cached routes skip the
//! cache: the handler runs with the real request, its answer is not stored,
//! and it goes out with `Cache-Control: private, no-cache, no-store,
//! max-age=0, must-revalidate` (Next's header for draft answers), so no CDN
//! keeps it either.
//!
//! The secret is what `next build` generates as `previewModeId`: a value a
//! client cannot guess, so that nobody can bypass the cache by setting the
//! cookie themselves; a cookie with any other value is ignored. Here it is:
//! the `DRAFT_MODE_SECRET` environment variable when set (give every
//! instance behind one load balancer the same value, at least 16
//! characters), else 16 random bytes from the operating system, hex-encoded,
//! drawn once per process (a restart ends every draft session, as a new
//! `next build` does); or what [`set_secret`] installs before first use.
//!
//! ```
//! use route_runtime::cookies::CookieError;
//! use route_runtime::prelude::*;
//!
//! // app/api/draft/route.rs: `GET /api/draft?secret=..` turns draft mode on.
//! async fn enable(req: Request) -> Result<Response, CookieError> {
//!     if req.next_url().search_params().get("secret").as_deref() != Some("token-for-editors") {
//!         return Ok(Response::text("invalid token").status(401));
//!     }
//!     draft_mode()?.enable()?;
//!     Ok(redirect("/posts"))
//! }
//!
//! // A cached route: renders the draft while draft mode is on.
//! async fn posts() -> Result<Response, OutsideRequestScope> {
//!     let draft = draft_mode()?.is_enabled();
//!     Ok(Response::text(if draft { "draft posts" } else { "published posts" }))
//! }
//! ```

use std::sync::OnceLock;

use cookie::time::OffsetDateTime;
use http::HeaderMap;
use http::header::COOKIE;

use crate::cookies::{
    CookieError, OutsideRequestScope, RequestCookies, SameSite, Scope, SetCookie,
};

/// The cookie's name, as Next.js names it.
pub const BYPASS_COOKIE: &str = "__prerender_bypass";

/// The environment variable read for the secret (see the [module](self)).
pub const SECRET_ENV: &str = "DRAFT_MODE_SECRET";

/// The `Cache-Control` of an answer rendered in draft mode.
pub(crate) const DRAFT_CACHE_CONTROL: &str =
    "private, no-cache, no-store, max-age=0, must-revalidate";

static SECRET: OnceLock<String> = OnceLock::new();

/// Installs the draft-mode secret, before the first request that uses
/// draft mode (by default it comes from `DRAFT_MODE_SECRET` or is random).
/// It must be at least 16 characters; it fails if a different secret is
/// already in use.
///
/// ```
/// route_runtime::draft::set_secret("a-secret-shared-by-all-instances").unwrap();
/// assert!(route_runtime::draft::set_secret("too short").is_err());
/// ```
pub fn set_secret(secret: impl Into<String>) -> Result<(), SecretError> {
    let secret = secret.into();
    check_secret(&secret)?;
    match SECRET.set(secret) {
        Ok(()) => Ok(()),
        Err(secret) if SECRET.get() == Some(&secret) => Ok(()),
        Err(_) => Err(SecretError(
            "the draft-mode secret is already in use: call `set_secret` before the first request",
        )),
    }
}

/// A secret [`set_secret`] refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretError(&'static str);

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for SecretError {}

fn check_secret(secret: &str) -> Result<(), SecretError> {
    if secret.len() < 16 {
        return Err(SecretError(
            "a draft-mode secret must be at least 16 characters long",
        ));
    }
    Ok(())
}

fn secret() -> &'static str {
    SECRET.get_or_init(|| match std::env::var(SECRET_ENV) {
        Ok(value) => match check_secret(&value) {
            Ok(()) => value,
            Err(err) => {
                tracing::error!(target: "route_runtime::draft", "{SECRET_ENV}: {err}; using a random secret");
                random_secret()
            }
        },
        Err(_) => random_secret(),
    })
}

fn random_secret() -> String {
    let mut bytes = [0u8; 16];
    if let Err(err) = getrandom::fill(&mut bytes) {
        // Without the OS generator, std's per-process hash keys (themselves
        // drawn from it when it works) are the best source left.
        tracing::warn!(target: "route_runtime::draft", error = %err, "no OS randomness for the draft-mode secret");
        use std::hash::{BuildHasher, Hasher};
        for half in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()));
            half.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `a` and `b` are equal, in a time that depends on their lengths
/// only (the secret is not leaked a byte at a time).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the request carries a valid draft-mode cookie. Requests without
/// the cookie's name in their `Cookie` header cost one scan of it.
pub(crate) fn is_draft_request(headers: &HeaderMap) -> bool {
    let mentions = headers.get_all(COOKIE).iter().any(|v| {
        v.as_bytes()
            .windows(BYPASS_COOKIE.len())
            .any(|w| w == BYPASS_COOKIE.as_bytes())
    });
    mentions
        && RequestCookies::from_headers(headers)
            .get(BYPASS_COOKIE)
            .is_some_and(|c| same(c.value.as_bytes(), secret().as_bytes()))
}

/// Draft mode of the current request, Next.js' `await draftMode()`.
///
/// Fails outside a request scope, like [`cookies()`](crate::cookies()) (a
/// route file gets the scope when it names `draft_mode`).
///
/// ```
/// use route_runtime::cookies::CookieError;
/// use route_runtime::prelude::*;
///
/// async fn handler() -> Result<Response, CookieError> {
///     draft_mode()?.disable()?;
///     Ok(Response::text("Draft mode is disabled"))
/// }
/// assert!(draft_mode().is_err()); // not inside a request
/// ```
pub fn draft_mode() -> Result<DraftMode, OutsideRequestScope> {
    let scope = crate::cookies::current_scope("draft_mode()")?;
    // A static render has no request (Next: "empty draft mode").
    let enabled = scope.render().is_none() && is_draft_request(scope.request_headers());
    Ok(DraftMode { scope, enabled })
}

/// The draft mode of one request: see [`draft_mode()`].
#[derive(Clone, Debug)]
pub struct DraftMode {
    scope: Scope,
    enabled: bool,
}

impl DraftMode {
    /// Whether the request came with a valid draft-mode cookie (as in
    /// Next.js, calling [`enable`](Self::enable) does not change it for the
    /// current request). Always `false` while a route is rendered for the
    /// cache.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// let draft = route_runtime::draft_mode()?.is_enabled();
    /// # Ok(()) }
    /// ```
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Turns draft mode on for this browser: sets the `__prerender_bypass`
    /// cookie with the response. Redirect afterwards, so that the browser
    /// loads the draft with the cookie.
    ///
    /// Fails once the response was sent (in [`after()`](crate::after()) work), and
    /// under `DYNAMIC = Dynamic::Error` while rendered for the cache; in a
    /// cached route, it makes the render a per-request one, as
    /// [`connection()`](crate::connection()) does.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::CookieError> {
    /// route_runtime::draft_mode()?.enable()?;
    /// # Ok(()) }
    /// ```
    pub fn enable(&self) -> Result<(), CookieError> {
        self.may_change("enable()")?;
        self.scope.set_cookie(bypass_cookie(secret()))
    }

    /// Turns draft mode off: deletes the `__prerender_bypass` cookie (with
    /// the attributes it was set with, expired in 1970). Fails where
    /// [`enable`](Self::enable) does.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::CookieError> {
    /// route_runtime::draft_mode()?.disable()?;
    /// # Ok(()) }
    /// ```
    pub fn disable(&self) -> Result<(), CookieError> {
        self.may_change("disable()")?;
        self.scope
            .set_cookie(bypass_cookie("").expires(OffsetDateTime::UNIX_EPOCH))
    }

    fn may_change(&self, what: &str) -> Result<(), CookieError> {
        if self.scope.finished() {
            return Err(CookieError::new(format!(
                "`draft_mode().{what}` was called after the response was sent (in `after()` work?): \
                 draft mode can be read there, not changed"
            )));
        }
        if let Some(render) = self.scope.render() {
            if render.dynamic == crate::cache::Dynamic::Error {
                return Err(CookieError::new(
                    OutsideRequestScope::static_render("draft_mode()", render.route).to_string(),
                ));
            }
            if let Some(bailout) = &render.bailout {
                bailout.fire();
            }
        }
        Ok(())
    }
}

fn bypass_cookie(value: &str) -> SetCookie {
    SetCookie::new(BYPASS_COOKIE, value)
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::None)
}

#[cfg(test)]
pub(crate) mod tests;
