//! A cookie to set, formatted exactly as Next.js writes `Set-Cookie`.

use std::fmt;

use cookie::time::{Duration, OffsetDateTime, UtcOffset};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::CookieError;
use super::request::decode_uri_component;

/// What JS `encodeURIComponent` leaves alone: `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The `SameSite` attribute, written in lowercase as Next.js does (`SameSite=lax`).
///
/// ```
/// use route_runtime::cookies::SameSite;
/// assert_eq!(SameSite::Lax.as_str(), "lax");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SameSite {
    /// `SameSite=strict`
    Strict,
    /// `SameSite=lax`
    Lax,
    /// `SameSite=none` (browsers require `Secure` with it)
    None,
}

impl SameSite {
    /// The attribute value as written.
    ///
    /// ```
    /// # use route_runtime::cookies::SameSite;
    /// assert_eq!(SameSite::None.as_str(), "none");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "strict",
            SameSite::Lax => "lax",
            SameSite::None => "none",
        }
    }
}

impl From<cookie::SameSite> for SameSite {
    fn from(s: cookie::SameSite) -> Self {
        match s {
            cookie::SameSite::Strict => SameSite::Strict,
            cookie::SameSite::Lax => SameSite::Lax,
            cookie::SameSite::None => SameSite::None,
        }
    }
}

/// The `Priority` attribute (a Chromium extension), written in lowercase.
///
/// ```
/// use route_runtime::cookies::Priority;
/// assert_eq!(Priority::High.as_str(), "high");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// `Priority=low`
    Low,
    /// `Priority=medium`
    Medium,
    /// `Priority=high`
    High,
}

impl Priority {
    /// The attribute value as written.
    ///
    /// ```
    /// # use route_runtime::cookies::Priority;
    /// assert_eq!(Priority::Medium.as_str(), "medium");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }
}

/// A cookie to set: Next.js' `ResponseCookie` (`cookies().set(..)`,
/// `NextResponse.cookies.set(..)`).
///
/// Build it with [`SetCookie::new`] and the chained setters; [`Display`](fmt::Display)
/// gives the `Set-Cookie` value exactly as Next.js writes it: the value
/// `encodeURIComponent`-encoded, then `Path; Expires; Max-Age; Domain; Secure;
/// HttpOnly; SameSite; Partitioned; Priority`.
///
/// Serializes (for `cookies().get(..)` answers) like the JS object:
/// `{"name","value","path",..}` with absent attributes left out.
///
/// ```
/// use route_runtime::cookies::{SameSite, SetCookie};
/// let c = SetCookie::new("prefs", "dark mode;=")
///     .path("/cookies")
///     .domain("example.com")
///     .same_site(SameSite::Strict);
/// assert_eq!(c.to_string(), "prefs=dark%20mode%3B%3D; Path=/cookies; Domain=example.com; SameSite=strict");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetCookie {
    name: String,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_iso"
    )]
    expires: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_age: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    secure: bool,
    #[serde(skip_serializing_if = "is_false")]
    http_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_site: Option<SameSite>,
    #[serde(skip_serializing_if = "is_false")]
    partitioned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<Priority>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn serialize_iso<S: serde::Serializer>(
    at: &Option<OffsetDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.collect_str(&IsoDate(*at)),
        None => s.serialize_none(),
    }
}

impl SetCookie {
    /// A cookie `name=value` with no attributes yet (`Path=/` is added when it
    /// is set, as Next.js does).
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("b", "1").to_string(), "b=1");
    /// ```
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        SetCookie {
            name: name.into(),
            value: value.into(),
            path: None,
            expires: None,
            max_age: None,
            domain: None,
            secure: false,
            http_only: false,
            same_site: None,
            partitioned: false,
            priority: None,
        }
    }

    /// The cookie that `delete(name)` sets: empty value, expired in 1970.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::removal("c").path("/").to_string(),
    ///            "c=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    /// ```
    pub fn removal(name: impl Into<String>) -> Self {
        SetCookie::new(name, "").expires(OffsetDateTime::UNIX_EPOCH)
    }

    /// `Path=..`.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").path("/x").to_string(), "a=1; Path=/x");
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// `Expires=..`, written as an IMF-fixdate in GMT.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// let y2030 = cookie::time::OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap();
    /// let c = SetCookie::new("a", "1").expires(y2030);
    /// assert_eq!(c.to_string(), "a=1; Expires=Tue, 01 Jan 2030 00:00:00 GMT");
    /// ```
    pub fn expires(mut self, at: OffsetDateTime) -> Self {
        self.expires = Some(at.to_offset(UtcOffset::UTC));
        self
    }

    /// `Max-Age=..` in seconds. When the cookie is set, a non-zero max-age also
    /// sets `Expires` to now plus that many seconds, as Next.js does.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").max_age(0).to_string(), "a=1; Max-Age=0");
    /// ```
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// `Domain=..`.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").domain("example.com").to_string(), "a=1; Domain=example.com");
    /// ```
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// `Secure`.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").secure(true).to_string(), "a=1; Secure");
    /// ```
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// `HttpOnly`.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").http_only(true).to_string(), "a=1; HttpOnly");
    /// ```
    pub fn http_only(mut self, http_only: bool) -> Self {
        self.http_only = http_only;
        self
    }

    /// `SameSite=..`.
    ///
    /// ```
    /// # use route_runtime::cookies::{SameSite, SetCookie};
    /// assert_eq!(SetCookie::new("a", "1").same_site(SameSite::Lax).to_string(), "a=1; SameSite=lax");
    /// ```
    pub fn same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = Some(same_site);
        self
    }

    /// `Partitioned` (CHIPS).
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").partitioned(true).to_string(), "a=1; Partitioned");
    /// ```
    pub fn partitioned(mut self, partitioned: bool) -> Self {
        self.partitioned = partitioned;
        self
    }

    /// `Priority=..`.
    ///
    /// ```
    /// # use route_runtime::cookies::{Priority, SetCookie};
    /// assert_eq!(SetCookie::new("a", "1").priority(Priority::High).to_string(), "a=1; Priority=high");
    /// ```
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = Some(priority);
        self
    }

    /// The `Expires` attribute, if any (set from `Max-Age` once the cookie is set).
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert!(SetCookie::removal("c").expires_at().is_some());
    /// ```
    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        self.expires
    }

    /// The cookie's name.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").name(), "a");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cookie's value (not encoded).
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "x y").value(), "x y");
    /// ```
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The `Path` attribute, if any.
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert_eq!(SetCookie::new("a", "1").path("/").path_attr(), Some("/"));
    /// ```
    pub fn path_attr(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Checks that the cookie can be written without breaking the header: the
    /// name must be an RFC 6265 token, and `Path`/`Domain` must not contain
    /// `;` or control characters. The value is always safe (it is encoded).
    ///
    /// ```
    /// # use route_runtime::cookies::SetCookie;
    /// assert!(SetCookie::new("ok", "any;\r\nthing").validate().is_ok());
    /// assert!(SetCookie::new("a\r\nb", "1").validate().is_err());
    /// assert!(SetCookie::new("a", "1").path("/;x").validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), CookieError> {
        if self.name.is_empty() || !self.name.bytes().all(is_token_byte) {
            return Err(CookieError::new(format!(
                "invalid cookie name {:?}: a cookie name must be a non-empty token \
                 (no spaces, control characters or any of `()<>@,;:\\\"/[]?={{}}`)",
                self.name
            )));
        }
        for (attr, value) in [("Path", &self.path), ("Domain", &self.domain)] {
            if let Some(v) = value
                && v.bytes().any(|b| b == b';' || b.is_ascii_control())
            {
                return Err(CookieError::new(format!(
                    "invalid {attr} {v:?} for cookie `{}`: it must not contain `;` or control characters",
                    self.name
                )));
            }
        }
        Ok(())
    }

    /// Next.js' `normalizeCookie`: `Path=/` when no path was given, and
    /// `Expires = now + Max-Age` when a non-zero max-age was given.
    pub(crate) fn normalized(mut self) -> Self {
        if let Some(max_age) = self.max_age.filter(|&s| s != 0) {
            let at = OffsetDateTime::now_utc()
                .checked_add(Duration::seconds(max_age))
                .unwrap_or(OffsetDateTime::UNIX_EPOCH);
            self.expires = Some(at.replace_nanosecond(0).unwrap_or(at));
        }
        if self.path.is_none() {
            self.path = Some("/".to_owned());
        }
        self
    }

    /// Parses a raw `Set-Cookie` value the way Next.js' `parseSetCookie` does
    /// (value percent-decoded). `None` when it has no `name=value` pair.
    pub(crate) fn parse(raw: &str) -> Option<SetCookie> {
        let parsed = cookie::Cookie::parse(raw).ok()?;
        let value = decode_uri_component(parsed.value())
            .map(|v| v.into_owned())
            .unwrap_or_else(|| parsed.value().to_owned());
        let mut c = SetCookie::new(parsed.name(), value);
        c.path = parsed.path().map(str::to_owned);
        c.domain = parsed.domain().map(str::to_owned);
        c.expires = parsed.expires_datetime();
        c.max_age = parsed.max_age().map(|d| d.whole_seconds());
        c.secure = parsed.secure().unwrap_or(false);
        c.http_only = parsed.http_only().unwrap_or(false);
        c.partitioned = parsed.partitioned().unwrap_or(false);
        c.same_site = parsed.same_site().map(SameSite::from);
        c.priority = raw.split(';').skip(1).find_map(|attr| {
            let (k, v) = attr.split_once('=')?;
            if !k.trim().eq_ignore_ascii_case("priority") {
                return None;
            }
            match v.trim().to_ascii_lowercase().as_str() {
                "low" => Some(Priority::Low),
                "medium" => Some(Priority::Medium),
                "high" => Some(Priority::High),
                _ => None,
            }
        });
        Some(c)
    }
}

/// RFC 6265 `cookie-name` = RFC 9110 token.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b)
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}=", self.name)?;
        write!(f, "{}", utf8_percent_encode(&self.value, URI_COMPONENT))?;
        if let Some(path) = self.path.as_deref().filter(|p| !p.is_empty()) {
            write!(f, "; Path={path}")?;
        }
        if let Some(at) = self.expires {
            write!(f, "; Expires={}", HttpDate(at))?;
        }
        if let Some(max_age) = self.max_age {
            write!(f, "; Max-Age={max_age}")?;
        }
        if let Some(domain) = self.domain.as_deref().filter(|d| !d.is_empty()) {
            write!(f, "; Domain={domain}")?;
        }
        if self.secure {
            f.write_str("; Secure")?;
        }
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if let Some(same_site) = self.same_site {
            write!(f, "; SameSite={}", same_site.as_str())?;
        }
        if self.partitioned {
            f.write_str("; Partitioned")?;
        }
        if let Some(priority) = self.priority {
            write!(f, "; Priority={}", priority.as_str())?;
        }
        Ok(())
    }
}

impl From<cookie::Cookie<'_>> for SetCookie {
    /// Converts a `cookie` crate cookie (its attributes carried over;
    /// `Priority`, which that crate does not model, is left unset).
    fn from(c: cookie::Cookie<'_>) -> Self {
        let mut out = SetCookie::new(c.name(), c.value());
        out.path = c.path().map(str::to_owned);
        out.domain = c.domain().map(str::to_owned);
        out.expires = c.expires_datetime();
        out.max_age = c.max_age().map(|d| d.whole_seconds());
        out.secure = c.secure().unwrap_or(false);
        out.http_only = c.http_only().unwrap_or(false);
        out.partitioned = c.partitioned().unwrap_or(false);
        out.same_site = c.same_site().map(SameSite::from);
        out
    }
}

/// IMF-fixdate, as JS `Date.prototype.toUTCString`: `Thu, 01 Jan 1970 00:00:00 GMT`.
struct HttpDate(OffsetDateTime);

impl fmt::Display for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0.to_offset(UtcOffset::UTC);
        let weekday = d.weekday().to_string();
        let month = d.month().to_string();
        write!(
            f,
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            &weekday[..3],
            d.day(),
            &month[..3],
            d.year(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}

/// ISO 8601 with milliseconds, as JS `Date.prototype.toJSON`.
struct IsoDate(OffsetDateTime);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0.to_offset(UtcOffset::UTC);
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second(),
            d.millisecond()
        )
    }
}
