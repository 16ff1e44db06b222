//! The rules of route segment config and caching, in one place.
//!
//! `routes!` (in `route-macros`) decides at compile time what the route
//! manifest says (`○` static, `ƒ` dynamic), which config gets a "has no
//! effect" warning and how each GET handler is wrapped; `route-runtime`
//! decides at run time whether a response comes from the cache and which
//! params are a `404`. Both ask [`Rules`], so they cannot disagree.
//!
//! Std only, no dependencies, every decision a `const fn` over plain data:
//!
//! ```
//! use route_rules::{Caching, Dynamic, Revalidate, Rules};
//!
//! let listed = Rules::new(&["GET"]).static_params(true).dynamic_params(false);
//! assert_eq!(listed.caching(), Caching::Static { revalidate_secs: None });
//!
//! // Next.js: a file that also exports POST cannot be statically generated...
//! let with_post = Rules::new(&["GET", "POST"]).static_params(true).dynamic_params(false);
//! assert!(!with_post.is_static());
//! assert!(with_post.ignored_by_methods());
//! // ...but `dynamicParams = false` still makes unlisted params a 404.
//! assert!(with_post.restricts_params());
//! ```

#![forbid(unsafe_code)]

pub mod uri;

/// The environment variable `route_runtime::build` sets for `routes!`: the
/// route folders the build script watches, `;`-separated.
pub const WATCH_ENV: &str = "ROUTE_RUNTIME_WATCH";

/// How many modules `route_runtime::__private` holds the handlers' call
/// fns in (`unit0` ..): `#[route]` sends a file's handlers to one of them,
/// picked by a hash of the file's path. rustc puts every instance of a generic fn in the
/// codegen unit of the module that defines it, so this many units share an
/// app's handlers in a release build (its default is 16 units).
pub const CALL_UNITS: usize = 16;

/// `export const dynamic = …`: whether a route is rendered per request or once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dynamic {
    /// `'auto'` (the default): a GET handler runs on every request unless
    /// `REVALIDATE` or `generate_static_params` makes it static.
    #[default]
    Auto,
    /// `'force-dynamic'`: the handler runs on every request, whatever else is set.
    ForceDynamic,
    /// `'error'`: like [`Dynamic::ForceStatic`], and reading request data is an error.
    Error,
    /// `'force-static'`: rendered once from a request stripped of headers,
    /// cookies and query, then served forever (or per `REVALIDATE`).
    ForceStatic,
}

impl Dynamic {
    /// Every variant, with its Rust name (what a route file writes after `Dynamic::`).
    pub const ALL: [(&'static str, Dynamic); 4] = [
        ("Auto", Dynamic::Auto),
        ("ForceDynamic", Dynamic::ForceDynamic),
        ("Error", Dynamic::Error),
        ("ForceStatic", Dynamic::ForceStatic),
    ];

    /// The variant named `name` (`"ForceStatic"`), if there is one.
    pub fn from_name(name: &str) -> Option<Dynamic> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
    }

    /// The value as Next.js spells it: `"force-static"`.
    ///
    /// ```
    /// assert_eq!(route_rules::Dynamic::ForceStatic.as_str(), "force-static");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Dynamic::Auto => "auto",
            Dynamic::ForceDynamic => "force-dynamic",
            Dynamic::Error => "error",
            Dynamic::ForceStatic => "force-static",
        }
    }
}

/// `export const revalidate = …`: how long a static response stays fresh.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Revalidate {
    /// `false` (the default): a static response never goes stale.
    #[default]
    Never,
    /// `n`: stale-while-revalidate after `n` seconds; `Seconds(0)` means dynamic.
    Seconds(u32),
}

/// The methods whose export makes a route dynamic whatever its config says
/// (Next.js: such a route handler "cannot be statically generated").
pub const MUTATING_METHODS: [&str; 5] = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// How a route's GET responses are served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Caching {
    /// The handler runs on every request; nothing is cached.
    Dynamic,
    /// Rendered once per path (prerendered where the paths are known) and
    /// served from the cache.
    Static {
        /// `None`: fresh forever. `Some(n)`: stale-while-revalidate after `n` seconds.
        revalidate_secs: Option<u32>,
    },
}

/// One route file as the rules see it: its config values (Next's defaults
/// where it exports none), whether it has `generate_static_params`, and the
/// methods it exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules<'a> {
    /// `DYNAMIC`.
    pub dynamic: Dynamic,
    /// `REVALIDATE`.
    pub revalidate: Revalidate,
    /// `DYNAMIC_PARAMS` (default `true`).
    pub dynamic_params: bool,
    /// Whether the file has a `generate_static_params` function.
    pub has_static_params: bool,
    /// The exported HTTP methods (compared ASCII case-insensitively).
    pub methods: &'a [&'a str],
}

impl<'a> Rules<'a> {
    /// A file exporting `methods` with no config: Next's defaults.
    pub const fn new(methods: &'a [&'a str]) -> Self {
        Rules {
            dynamic: Dynamic::Auto,
            revalidate: Revalidate::Never,
            dynamic_params: true,
            has_static_params: false,
            methods,
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

    /// Records whether the file has `generate_static_params`.
    pub const fn static_params(mut self, has: bool) -> Self {
        self.has_static_params = has;
        self
    }

    /// Whether the config alone makes GET static, before the exported
    /// methods are looked at: `ForceStatic`, `Error`, `REVALIDATE = Seconds(n > 0)`
    /// or `generate_static_params`, unless `ForceDynamic` or `Seconds(0)`
    /// says dynamic.
    pub const fn config_asks_static(&self) -> bool {
        if matches!(self.dynamic, Dynamic::ForceDynamic)
            || matches!(self.revalidate, Revalidate::Seconds(0))
        {
            return false;
        }
        matches!(self.dynamic, Dynamic::ForceStatic | Dynamic::Error)
            || matches!(self.revalidate, Revalidate::Seconds(_))
            || self.has_static_params
    }

    /// Whether the file exports one of [`MUTATING_METHODS`].
    pub const fn exports_mutating(&self) -> bool {
        let mut j = 0;
        while j < MUTATING_METHODS.len() {
            if self.exports(MUTATING_METHODS[j]) {
                return true;
            }
            j += 1;
        }
        false
    }

    /// Whether the file exports `method` (ASCII case-insensitive).
    pub const fn exports(&self, method: &str) -> bool {
        let mut i = 0;
        while i < self.methods.len() {
            if eq_ignore_case(self.methods[i].as_bytes(), method.as_bytes()) {
                return true;
            }
            i += 1;
        }
        false
    }

    /// How GET is served. Next.js's rules for route handlers:
    ///
    /// - dynamic by default; `ForceDynamic` or `REVALIDATE = Seconds(0)`: dynamic;
    /// - a file that also exports POST, PUT, PATCH, DELETE or OPTIONS is
    ///   dynamic whatever its config says (what Next.js does: such a file is
    ///   not prerendered, and its GET runs on every request);
    /// - otherwise `ForceStatic`, `Error`, `REVALIDATE = Seconds(n > 0)` or a
    ///   `generate_static_params` make GET static, revalidated after `n` seconds
    ///   when `REVALIDATE` says so;
    /// - a file without GET has nothing to cache.
    pub const fn caching(&self) -> Caching {
        if !self.exports("GET") || self.exports_mutating() || !self.config_asks_static() {
            return Caching::Dynamic;
        }
        Caching::Static {
            revalidate_secs: match self.revalidate {
                Revalidate::Never => None,
                Revalidate::Seconds(n) => Some(n),
            },
        }
    }

    /// Whether [`caching`](Self::caching) is static: the manifest's `○`.
    pub const fn is_static(&self) -> bool {
        matches!(self.caching(), Caching::Static { .. })
    }

    /// Whether the config asks for static GET but the exported methods turn
    /// it off: the case `routes!` warns about at compile time.
    pub const fn ignored_by_methods(&self) -> bool {
        self.config_asks_static() && self.exports_mutating()
    }

    /// `DYNAMIC = ForceStatic | Error`: GET sees a request stripped of
    /// headers, cookies and query, whether it is cached or not.
    pub const fn strips_request(&self) -> bool {
        matches!(self.dynamic, Dynamic::ForceStatic | Dynamic::Error)
    }

    /// `DYNAMIC_PARAMS = false`: a GET or HEAD for a param that
    /// `generate_static_params` does not list (none without it) is a `404`,
    /// whether the route is static or not (Next.js's `dynamicParams`:
    /// "dynamic route segments not included in `generateStaticParams` will
    /// return a 404").
    pub const fn restricts_params(&self) -> bool {
        !self.dynamic_params
    }

    /// Whether GET needs the caching wrapper at all: it is static, or sees a
    /// stripped request, or has its params restricted.
    pub const fn wraps_get(&self) -> bool {
        self.exports("GET")
            && (self.is_static() || self.strips_request() || self.restricts_params())
    }

    /// The exported methods that turn static GET off, in export order.
    pub fn mutating_methods(&self) -> Vec<&'a str> {
        self.methods
            .iter()
            .copied()
            .filter(|m| MUTATING_METHODS.iter().any(|n| n.eq_ignore_ascii_case(m)))
            .collect()
    }
}

const fn eq_ignore_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests;
