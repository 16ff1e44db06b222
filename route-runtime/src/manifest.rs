//! The route manifest: what `routes!("app", manifest)` built, printable like
//! `next build`'s route table.

use std::fmt;

use crate::cache::{Revalidate, SegmentConfig};

/// One routed `route.rs`.
#[derive(Debug, Clone, Copy)]
pub struct RouteInfo {
    /// The route as Next.js names it: `/users/[id]`.
    pub route: &'static str,
    /// The file, relative to the crate: `src/app/users/[id]/route.rs`.
    pub file: &'static str,
    /// The axum patterns that serve it (two for an optional catch-all).
    pub patterns: &'static [&'static str],
    /// The exported methods, sorted.
    pub methods: &'static [&'static str],
    /// The `Allow` header the route answers with.
    pub allow: &'static str,
    /// Parameter names, in URL order.
    pub params: &'static [&'static str],
    /// The route segment config the file exports (defaults where it does not).
    pub config: SegmentConfig,
    /// Whether GET responses are cached (`○`) or rendered per request (`ƒ`).
    pub is_static: bool,
    /// The Rust type of each param's field, in URL order (`String`,
    /// `Vec<String>`, `Option<Vec<String>>`).
    pub param_types: &'static [&'static str],
    /// The `middleware.rs` files that run around the route, outermost first
    /// (`proxy.rs` is [`Manifest::proxy`]).
    pub middleware: &'static [&'static str],
}

/// Every route of an app, sorted by file.
///
/// ```ignore
/// let (app, manifest) = route_runtime::routes!("app", manifest);
/// eprintln!("{manifest}");
/// ```
///
/// prints
///
/// ```text
/// Route (app)                      Methods
/// ┌ ○ /cache/force-static          GET
/// ├ ƒ /users/[id]                  GET
/// └ ƒ /users                       GET, POST
///
/// ○  (Static)   prerendered, served from the cache
/// ƒ  (Dynamic)  rendered on every request
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Manifest {
    /// The routes, sorted by file.
    pub routes: &'static [RouteInfo],
    /// The app's `proxy.rs`, if it has one: it runs before routing.
    pub proxy: Option<&'static str>,
}

impl Manifest {
    /// The route named `route` (`/users/[id]`), if any.
    pub fn get(&self, route: &str) -> Option<&'static RouteInfo> {
        self.routes.iter().find(|r| r.route == route)
    }

    /// The static routes.
    pub fn static_routes(&self) -> impl Iterator<Item = &'static RouteInfo> {
        self.routes.iter().filter(|r| r.is_static)
    }

    /// The route table as JSON, for a CI to diff between commits: for each
    /// route its path, file, patterns, methods, params with their types,
    /// segment config, static or dynamic, and its middleware chain.
    ///
    /// ```
    /// let manifest = route_runtime::Manifest { routes: &[], proxy: None };
    /// assert_eq!(manifest.to_json()["routes"], serde_json::json!([]));
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let routes: Vec<serde_json::Value> = self
            .routes
            .iter()
            .map(|r| {
                let params: Vec<serde_json::Value> = r
                    .params
                    .iter()
                    .zip(
                        r.param_types
                            .iter()
                            .map(Some)
                            .chain(std::iter::repeat(None)),
                    )
                    .map(|(name, ty)| json!({ "name": name, "type": ty }))
                    .collect();
                let c = &r.config;
                let revalidate = match c.revalidate {
                    Revalidate::Never => json!(false),
                    Revalidate::Seconds(n) => json!(n),
                };
                json!({
                    "route": r.route,
                    "file": r.file,
                    "patterns": r.patterns,
                    "methods": r.methods,
                    "allow": r.allow,
                    "params": params,
                    "config": {
                        "dynamic": c.dynamic.as_str(),
                        "revalidate": revalidate,
                        "dynamicParams": c.dynamic_params,
                        "maxDuration": c.max_duration,
                        "preferredRegion": c.preferred_region,
                        "tags": c.tags,
                        "generateStaticParams": c.has_static_params,
                    },
                    "static": r.is_static,
                    "middleware": r.middleware,
                })
            })
            .collect();
        json!({ "proxy": self.proxy, "routes": routes })
    }
}

impl fmt::Display for Manifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .routes
            .iter()
            .map(|r| r.route.chars().count())
            .max()
            .unwrap_or(0)
            .max(10)
            + 2;
        writeln!(f, "Route (app){:pad$}Methods", "", pad = width - 7)?;
        let last = self.routes.len().saturating_sub(1);
        for (i, r) in self.routes.iter().enumerate() {
            let branch = match (i, self.routes.len()) {
                (_, 1) => "─",
                (0, _) => "┌",
                (i, _) if i == last => "└",
                _ => "├",
            };
            let mark = if r.is_static { "○" } else { "ƒ" };
            let extra = match (r.is_static, r.config.revalidate) {
                (true, Revalidate::Seconds(n)) => format!("  (revalidate {n}s)"),
                _ => String::new(),
            };
            writeln!(
                f,
                "{branch} {mark} {:w$}{}{extra}",
                r.route,
                r.methods.join(", "),
                w = width
            )?;
        }
        writeln!(f)?;
        writeln!(f, "○  (Static)   prerendered, served from the cache")?;
        write!(f, "ƒ  (Dynamic)  rendered on every request")
    }
}
