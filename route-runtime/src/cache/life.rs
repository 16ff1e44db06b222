//! [`CacheLife`]: Next's `cacheLife` profiles (`stale` / `revalidate` / `expire`).

use std::time::Duration;

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

/// How long a cached value lives, as Next.js's `cacheLife` profiles say it:
///
/// - `revalidate`: for this long after it was computed the value is fresh and
///   served as is; after it, it is served once more (stale) while one
///   background call computes the new value;
/// - `expire`: after this long without a refresh the value is not served at
///   all: the next call computes it inline (`None`: never);
/// - `stale`: how long a *client* may use the value without asking the
///   server. Next uses it for its client router cache; a route handler has
///   no such cache, so it is kept for parity and otherwise unused here.
///
/// Next's built-in profiles are the associated consts ([`DEFAULT`](Self::DEFAULT),
/// [`SECONDS`](Self::SECONDS), …, [`MAX`](Self::MAX)), with Next 16's values;
/// a custom profile is a `const` of your own (Next's `cacheLife` entries in
/// `next.config.js`, here checked by the compiler):
///
/// ```
/// use std::time::Duration;
/// use route_runtime::cache::CacheLife;
///
/// pub const BLOG: CacheLife = CacheLife::new(
///     Duration::from_secs(3600),      // stale
///     Duration::from_secs(900),       // revalidate
///     Some(Duration::from_secs(86_400)), // expire
/// );
/// assert_eq!(CacheLife::named("hours"), Some(CacheLife::HOURS));
/// assert_eq!(CacheLife::HOURS.revalidate(), Duration::from_secs(3600));
/// assert!(BLOG.expire() > Some(BLOG.revalidate()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CacheLife {
    stale: Duration,
    revalidate: Duration,
    expire: Option<Duration>,
}

impl CacheLife {
    /// `"default"`: stale 5 minutes, revalidate 15 minutes, never expires.
    pub const DEFAULT: CacheLife = CacheLife::secs(5 * MINUTE, 15 * MINUTE, None);
    /// `"seconds"`: stale 30 s, revalidate 1 s, expire 1 minute.
    pub const SECONDS: CacheLife = CacheLife::secs(30, 1, Some(MINUTE));
    /// `"minutes"`: stale 5 minutes, revalidate 1 minute, expire 1 hour.
    pub const MINUTES: CacheLife = CacheLife::secs(5 * MINUTE, MINUTE, Some(HOUR));
    /// `"hours"`: stale 5 minutes, revalidate 1 hour, expire 1 day.
    pub const HOURS: CacheLife = CacheLife::secs(5 * MINUTE, HOUR, Some(DAY));
    /// `"days"`: stale 5 minutes, revalidate 1 day, expire 1 week.
    pub const DAYS: CacheLife = CacheLife::secs(5 * MINUTE, DAY, Some(7 * DAY));
    /// `"weeks"`: stale 5 minutes, revalidate 1 week, expire 30 days.
    pub const WEEKS: CacheLife = CacheLife::secs(5 * MINUTE, 7 * DAY, Some(30 * DAY));
    /// `"max"`: stale 5 minutes, revalidate 30 days, expire 1 year.
    pub const MAX: CacheLife = CacheLife::secs(5 * MINUTE, 30 * DAY, Some(365 * DAY));

    /// The names of the built-in profiles, as Next spells them.
    pub const NAMES: [&'static str; 7] = [
        "default", "seconds", "minutes", "hours", "days", "weeks", "max",
    ];

    const fn secs(stale: u64, revalidate: u64, expire: Option<u64>) -> Self {
        let expire = match expire {
            Some(s) => Some(Duration::from_secs(s)),
            None => None,
        };
        CacheLife::new(
            Duration::from_secs(stale),
            Duration::from_secs(revalidate),
            expire,
        )
    }

    /// A custom profile. `expire` (`None`: never) may not be shorter than
    /// `revalidate`, as Next requires; in a `const` that is a compile error.
    ///
    /// # Panics
    ///
    /// When `expire < revalidate`.
    pub const fn new(stale: Duration, revalidate: Duration, expire: Option<Duration>) -> Self {
        if let Some(e) = expire {
            assert!(
                e.as_millis() >= revalidate.as_millis(),
                "CacheLife: `expire` must not be shorter than `revalidate`"
            );
        }
        CacheLife {
            stale,
            revalidate,
            expire,
        }
    }

    /// The built-in profile called `name` (`"hours"`), if there is one.
    pub fn named(name: &str) -> Option<CacheLife> {
        Some(match name {
            "default" => Self::DEFAULT,
            "seconds" => Self::SECONDS,
            "minutes" => Self::MINUTES,
            "hours" => Self::HOURS,
            "days" => Self::DAYS,
            "weeks" => Self::WEEKS,
            "max" => Self::MAX,
            _ => return None,
        })
    }

    /// How long a client may keep the value (unused by the server).
    pub const fn stale(&self) -> Duration {
        self.stale
    }

    /// How long the value is fresh.
    pub const fn revalidate(&self) -> Duration {
        self.revalidate
    }

    /// How long the value may be served at all (`None`: forever).
    pub const fn expire(&self) -> Option<Duration> {
        self.expire
    }

    /// The shorter of two lives, field by field: what a cached function gets
    /// from the cached functions it calls when it sets no life itself.
    pub fn min(self, other: CacheLife) -> CacheLife {
        let expire = match (self.expire, other.expire) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, None) => a,
            (None, b) => b,
        };
        CacheLife {
            stale: self.stale.min(other.stale),
            revalidate: self.revalidate.min(other.revalidate),
            expire,
        }
    }

    /// `expire` in milliseconds, saturating (`None`: never).
    pub(crate) fn expire_ms(&self) -> Option<u64> {
        self.expire
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub(crate) fn revalidate_ms(&self) -> u64 {
        u64::try_from(self.revalidate.as_millis()).unwrap_or(u64::MAX)
    }
}

impl Default for CacheLife {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Next 16's `cacheLife` defaults (`config-shared.ts`), in seconds.
    #[test]
    fn built_in_profiles_are_next_16s() {
        let table: [(&str, u64, u64, Option<u64>); 7] = [
            ("default", 300, 900, None),
            ("seconds", 30, 1, Some(60)),
            ("minutes", 300, 60, Some(3600)),
            ("hours", 300, 3600, Some(86_400)),
            ("days", 300, 86_400, Some(604_800)),
            ("weeks", 300, 604_800, Some(2_592_000)),
            ("max", 300, 2_592_000, Some(31_536_000)),
        ];
        for (name, stale, revalidate, expire) in table {
            let life = CacheLife::named(name).unwrap();
            assert_eq!(life.stale().as_secs(), stale, "{name}");
            assert_eq!(life.revalidate().as_secs(), revalidate, "{name}");
            assert_eq!(life.expire().map(|d| d.as_secs()), expire, "{name}");
        }
        assert_eq!(
            CacheLife::NAMES.map(|n| CacheLife::named(n).is_some()),
            [true; 7]
        );
        assert_eq!(CacheLife::named("hour"), None);
    }

    #[test]
    fn min_is_field_by_field_and_never_is_longest() {
        let m = CacheLife::DEFAULT.min(CacheLife::MINUTES);
        assert_eq!(m.revalidate(), Duration::from_secs(60));
        assert_eq!(m.expire(), Some(Duration::from_secs(3600)));
        assert_eq!(
            CacheLife::DEFAULT.min(CacheLife::DEFAULT),
            CacheLife::DEFAULT
        );
    }

    #[test]
    #[should_panic(expected = "must not be shorter")]
    fn expire_shorter_than_revalidate_is_refused() {
        let _ = CacheLife::new(
            Duration::ZERO,
            Duration::from_secs(10),
            Some(Duration::from_secs(5)),
        );
    }
}
