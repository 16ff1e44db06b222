//! Route segment config: the `pub const`s a `route.rs` file may export.
//!
//! These mirror Next.js's [route segment config] and are read by `routes!` at
//! compile time. All of them are plain `Copy` values usable in `const` position:
//!
//! ```
//! use route_runtime::cache::{Dynamic, Revalidate, SegmentConfig};
//!
//! pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;
//! pub const REVALIDATE: Revalidate = Revalidate::Seconds(60);
//!
//! const CONFIG: SegmentConfig = SegmentConfig::new()
//!     .dynamic(DYNAMIC)
//!     .revalidate(REVALIDATE)
//!     .tags(&["posts"]);
//! assert!(CONFIG.is_static(&["GET"]));
//! assert!(!CONFIG.is_static(&["GET", "POST"]));
//! ```
//!
//! [route segment config]: https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config

use std::time::Duration;

use route_rules::{Caching, Rules};

/// One year in seconds: Next's `s-maxage` for responses that never expire.
pub const ONE_YEAR_SECS: u32 = 31_536_000;

pub use route_rules::{Dynamic, MUTATING_METHODS, Revalidate};

/// `export const runtime = …`: accepted for parity with Next.js.
///
/// Every route runs on the server's tokio runtime; `routes!` rejects `Edge`
/// with a compile error saying so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Runtime {
    /// `'nodejs'` (the default): the only runtime there is here.
    #[default]
    NodeJs,
    /// `'edge'`: not supported.
    Edge,
}

/// `export const fetchCache = …`: accepted for parity with Next.js, with no
/// effect (there is no patched `fetch` to configure).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // the variants are Next's option names, one to one
pub enum FetchCache {
    #[default]
    Auto,
    DefaultCache,
    OnlyCache,
    ForceCache,
    ForceNoStore,
    DefaultNoStore,
    OnlyNoStore,
}

/// How a route's GET responses are cached, once its config and exported
/// methods are taken into account (see [`SegmentConfig::mode`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CacheMode {
    /// The handler runs on every request; nothing is cached.
    Dynamic,
    /// Rendered once per path and served from the cache.
    Static {
        /// `None`: fresh forever. `Some(d)`: stale-while-revalidate after `d`.
        revalidate: Option<Duration>,
    },
}

impl CacheMode {
    /// The `Cache-Control` value Next sends for this mode, if any:
    /// `s-maxage=31536000` when fresh forever,
    /// `s-maxage=n, stale-while-revalidate=<31536000-n>` with revalidation.
    pub fn cache_control(&self) -> Option<String> {
        match *self {
            CacheMode::Dynamic => None,
            CacheMode::Static { revalidate: None } => Some(format!("s-maxage={ONE_YEAR_SECS}")),
            CacheMode::Static {
                revalidate: Some(d),
            } => {
                let n = d.as_secs();
                let swr = u64::from(ONE_YEAR_SECS).saturating_sub(n);
                Some(if swr == 0 {
                    format!("s-maxage={n}")
                } else {
                    format!("s-maxage={n}, stale-while-revalidate={swr}")
                })
            }
        }
    }
}

/// A route file's segment config, gathered into one const-constructible value.
///
/// Build it with [`SegmentConfig::new`] and the `const fn` setters; fields
/// left alone keep Next's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentConfig {
    /// `DYNAMIC`, default [`Dynamic::Auto`].
    pub dynamic: Dynamic,
    /// `REVALIDATE`, default [`Revalidate::Never`].
    pub revalidate: Revalidate,
    /// `DYNAMIC_PARAMS`, default `true`: unlisted params are rendered on demand.
    pub dynamic_params: bool,
    /// `MAX_DURATION` in seconds, if set.
    pub max_duration: Option<u64>,
    /// `PREFERRED_REGION`, default `"auto"`; only shown in the route manifest.
    pub preferred_region: &'static str,
    /// Cache tags every response of the route carries, for [`revalidate_tag`](super::revalidate_tag).
    pub tags: &'static [&'static str],
    /// Whether the file has a `generate_static_params` function.
    pub has_static_params: bool,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl SegmentConfig {
    /// Next's defaults: `auto`, never revalidate, dynamic params allowed.
    pub const fn new() -> Self {
        SegmentConfig {
            dynamic: Dynamic::Auto,
            revalidate: Revalidate::Never,
            dynamic_params: true,
            max_duration: None,
            preferred_region: "auto",
            tags: &[],
            has_static_params: false,
        }
    }

    /// Sets `DYNAMIC`.
    pub const fn dynamic(mut self, dynamic: Dynamic) -> Self {
        self.dynamic = dynamic;
        self
    }

    /// Sets `REVALIDATE`.
    pub const fn revalidate(mut self, revalidate: Revalidate) -> Self {
        self.revalidate = revalidate;
        self
    }

    /// Sets `DYNAMIC_PARAMS`.
    pub const fn dynamic_params(mut self, dynamic_params: bool) -> Self {
        self.dynamic_params = dynamic_params;
        self
    }

    /// Sets `MAX_DURATION` (seconds).
    pub const fn max_duration(mut self, seconds: u64) -> Self {
        self.max_duration = Some(seconds);
        self
    }

    /// Sets `PREFERRED_REGION`.
    pub const fn preferred_region(mut self, region: &'static str) -> Self {
        self.preferred_region = region;
        self
    }

    /// Sets the route's cache tags.
    pub const fn tags(mut self, tags: &'static [&'static str]) -> Self {
        self.tags = tags;
        self
    }

    /// Records that the file has a `generate_static_params` function.
    pub const fn static_params(mut self, has: bool) -> Self {
        self.has_static_params = has;
        self
    }

    /// `MAX_DURATION` as a [`Duration`].
    pub const fn max_duration_limit(&self) -> Option<Duration> {
        match self.max_duration {
            Some(s) => Some(Duration::from_secs(s)),
            None => None,
        }
    }

    /// The rules (shared with `routes!`, so the manifest says what the
    /// runtime does) for a file with this config exporting `methods`.
    pub const fn rules<'a>(&self, methods: &'a [&'a str]) -> Rules<'a> {
        Rules::new(methods)
            .dynamic(self.dynamic)
            .revalidate(self.revalidate)
            .dynamic_params(self.dynamic_params)
            .static_params(self.has_static_params)
    }

    /// How the GET handler of a file exporting `methods` is cached
    /// ([`Rules::caching`]):
    ///
    /// - `ForceDynamic` or `REVALIDATE = Seconds(0)`: dynamic.
    /// - Any export among POST, PUT, PATCH, DELETE, OPTIONS: dynamic; a
    ///   `ForceStatic`, `REVALIDATE` or `generate_static_params` in such a
    ///   file has no effect on caching.
    /// - Otherwise `ForceStatic`, `Error`, `REVALIDATE = Seconds(n > 0)` or a
    ///   `generate_static_params` make the route static; plain `Auto` is dynamic.
    /// - A file without GET has nothing cached.
    ///
    /// ```
    /// use route_runtime::cache::{CacheMode, Revalidate, SegmentConfig};
    /// use std::time::Duration;
    /// let c = SegmentConfig::new().revalidate(Revalidate::Seconds(2));
    /// assert_eq!(c.mode(&["GET"]), CacheMode::Static { revalidate: Some(Duration::from_secs(2)) });
    /// assert_eq!(c.mode(&["GET", "DELETE"]), CacheMode::Dynamic);
    /// ```
    pub const fn mode(&self, methods: &[&str]) -> CacheMode {
        match self.rules(methods).caching() {
            Caching::Dynamic => CacheMode::Dynamic,
            Caching::Static { revalidate_secs } => CacheMode::Static {
                revalidate: match revalidate_secs {
                    Some(n) => Some(Duration::from_secs(n as u64)),
                    None => None,
                },
            },
        }
    }

    /// Whether [`mode`](Self::mode) is static for a file exporting `methods`.
    /// A `const fn`, so generated code can decide at compile time:
    ///
    /// ```
    /// use route_runtime::cache::{Dynamic, SegmentConfig};
    /// const CONFIG: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);
    /// const STATIC: bool = CONFIG.is_static(&["GET"]);
    /// assert!(STATIC);
    /// ```
    pub const fn is_static(&self, methods: &[&str]) -> bool {
        self.rules(methods).is_static()
    }

    /// Whether the config asks for caching but `methods` turn it off: the
    /// case `routes!` warns about at compile time ([`Rules::ignored_by_methods`]).
    pub const fn is_ignored(&self, methods: &[&str]) -> bool {
        self.rules(methods).ignored_by_methods()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FS: SegmentConfig = SegmentConfig::new().dynamic(Dynamic::ForceStatic);

    #[test]
    fn modes_follow_next_rules() {
        let secs = |n| CacheMode::Static {
            revalidate: Some(Duration::from_secs(n)),
        };
        let forever = CacheMode::Static { revalidate: None };
        let table: &[(SegmentConfig, &[&str], CacheMode)] = &[
            (SegmentConfig::new(), &["GET"], CacheMode::Dynamic),
            (FS, &["GET"], forever),
            (FS, &["GET", "HEAD"], forever),
            (FS, &["GET", "POST"], CacheMode::Dynamic),
            (FS, &["GET", "options"], CacheMode::Dynamic),
            (
                SegmentConfig::new().dynamic(Dynamic::Error),
                &["GET"],
                forever,
            ),
            (
                SegmentConfig::new()
                    .dynamic(Dynamic::ForceDynamic)
                    .revalidate(Revalidate::Seconds(5)),
                &["GET"],
                CacheMode::Dynamic,
            ),
            (
                SegmentConfig::new().revalidate(Revalidate::Seconds(2)),
                &["GET"],
                secs(2),
            ),
            (
                FS.revalidate(Revalidate::Seconds(0)),
                &["GET"],
                CacheMode::Dynamic,
            ),
            (
                SegmentConfig::new().revalidate(Revalidate::Never),
                &["GET"],
                CacheMode::Dynamic,
            ),
            (SegmentConfig::new().static_params(true), &["GET"], forever),
            (
                SegmentConfig::new().static_params(true),
                &["GET", "PUT"],
                CacheMode::Dynamic,
            ),
        ];
        for (config, methods, want) in table {
            assert_eq!(config.mode(methods), *want, "{config:?} {methods:?}");
        }
    }

    #[test]
    fn ignored_config_is_detected() {
        assert!(FS.is_ignored(&["GET", "POST"]));
        assert!(!FS.is_ignored(&["GET"]));
        assert!(!SegmentConfig::new().is_ignored(&["GET", "POST"]));
        assert!(
            SegmentConfig::new()
                .revalidate(Revalidate::Seconds(3))
                .is_ignored(&["PATCH"])
        );
    }

    #[test]
    fn cache_control_values_match_next() {
        assert_eq!(
            FS.mode(&["GET"]).cache_control().as_deref(),
            Some("s-maxage=31536000")
        );
        let swr = CacheMode::Static {
            revalidate: Some(Duration::from_secs(2)),
        };
        assert_eq!(
            swr.cache_control().as_deref(),
            Some("s-maxage=2, stale-while-revalidate=31535998")
        );
        assert_eq!(CacheMode::Dynamic.cache_control(), None);
    }
}
