//! Route segment config (`pub const DYNAMIC: Dynamic = …` and friends), read
//! from a route file's syntax at compile time and checked there, so a wrong
//! value is a compile error and a value with no effect is a warning.

use route_rules::{Dynamic, Revalidate, Rules};

use crate::model::error;

/// The config of one file, as written. `None` = not exported (Next's default).
#[derive(Debug, Default, Clone)]
pub struct Config {
    pub dynamic: Option<String>,
    /// `Some(None)` = `Revalidate::Never`, `Some(Some(n))` = `Seconds(n)`.
    pub revalidate: Option<Option<u32>>,
    pub dynamic_params: Option<bool>,
    pub max_duration: Option<u64>,
    pub runtime: Option<String>,
    pub fetch_cache: Option<String>,
    pub preferred_region: Option<String>,
    pub tags: Vec<String>,
    /// `BODY_LIMIT` is exported (its value is used as written, type-checked by rustc).
    pub body_limit: bool,
    /// `generate_static_params` exists; `Some(true)` when it is async.
    pub static_params: Option<bool>,
    /// Argument types of the GET handler that read request data (for
    /// `Dynamic::Error`), as written.
    pub get_reads_request: Vec<String>,
}

const DYNAMIC: [&str; 4] = {
    let [a, b, c, d] = Dynamic::ALL;
    [a.0, b.0, c.0, d.0]
};
const RUNTIME: &[&str] = &["NodeJs", "Edge"];
const FETCH_CACHE: &[&str] = &[
    "Auto",
    "DefaultCache",
    "OnlyCache",
    "ForceCache",
    "ForceNoStore",
    "DefaultNoStore",
    "OnlyNoStore",
];
impl Config {
    /// Reads the config items of a parsed `route.rs`; `file` names it in messages.
    pub fn read(ast: &syn::File, file: &str, errors: &mut Vec<String>) -> Config {
        let mut c = Config::default();
        for item in &ast.items {
            match item {
                syn::Item::Const(k) => c.read_const(k, file, errors),
                syn::Item::Fn(f) if f.sig.ident == "generate_static_params" => {
                    c.static_params = Some(f.sig.asyncness.is_some());
                }
                syn::Item::Fn(f) if f.sig.ident == "GET" => {
                    for input in &f.sig.inputs {
                        if let syn::FnArg::Typed(pt) = input {
                            if let Some(name) = crate::signature::reads_request(&pt.ty) {
                                c.get_reads_request.push(name);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        c
    }

    fn read_const(&mut self, k: &syn::ItemConst, file: &str, errors: &mut Vec<String>) {
        let name = k.ident.to_string();
        let ty = last_ident(&k.ty).unwrap_or_default();
        let mut bad = |expected: &str| errors.push(error::config_value(file, &name, expected));
        match name.as_str() {
            "DYNAMIC" => match variant(&k.expr, "Dynamic", &DYNAMIC) {
                Some(v) if ty == "Dynamic" => self.dynamic = Some(v),
                _ => bad("`Dynamic::Auto`, `Dynamic::ForceDynamic`, `Dynamic::Error` or `Dynamic::ForceStatic`, of type `Dynamic`"),
            },
            "REVALIDATE" => match revalidate(&k.expr) {
                Some(v) if ty == "Revalidate" => self.revalidate = Some(v),
                _ => bad("`Revalidate::Never` or `Revalidate::Seconds(n)` with `n` a whole number of seconds, of type `Revalidate`"),
            },
            "DYNAMIC_PARAMS" => match (&k.expr.as_ref(), ty.as_str()) {
                (syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }), "bool") => self.dynamic_params = Some(b.value),
                _ => bad("`true` or `false`, of type `bool`"),
            },
            "MAX_DURATION" => match int(&k.expr) {
                Some(n) if n > 0 && ty == "u64" => self.max_duration = Some(n),
                _ => bad("a number of seconds greater than zero, of type `u64`"),
            },
            "RUNTIME" => match variant(&k.expr, "Runtime", RUNTIME) {
                Some(v) if v == "Edge" => errors.push(error::edge_runtime(file)),
                Some(v) if ty == "Runtime" => self.runtime = Some(v),
                _ => bad("`Runtime::NodeJs`, of type `Runtime`"),
            },
            "FETCH_CACHE" => match variant(&k.expr, "FetchCache", FETCH_CACHE) {
                Some(v) if ty == "FetchCache" => self.fetch_cache = Some(v),
                _ => bad("a `FetchCache` variant such as `FetchCache::Auto`, of type `FetchCache`"),
            },
            "PREFERRED_REGION" => match &*k.expr {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if is_str_ref(&k.ty) => {
                    self.preferred_region = Some(s.value())
                }
                _ => bad("a string such as `\"auto\"`, of type `&str`"),
            },
            "BODY_LIMIT" => match ty.as_str() {
                "BodyLimit" => self.body_limit = true,
                _ => bad("a `BodyLimit`, such as `BodyLimit::new(5 << 20)`, of type `BodyLimit`"),
            },
            "TAGS" => match tags(&k.expr) {
                Some(t) => self.tags = t,
                None => bad("a list of string literals such as `&[\"posts\"]`, of type `&[&str]`"),
            },
            _ => {}
        }
    }

    /// Checks that need the route: config that only makes sense with dynamic
    /// segments, and `Dynamic::Error` with a handler that reads the request.
    pub fn check(&self, file: &str, has_params: bool, errors: &mut Vec<String>) {
        if !has_params {
            if self.static_params.is_some() {
                errors.push(error::config_needs_params(file, "generate_static_params"));
            }
            if self.dynamic_params.is_some() {
                errors.push(error::config_needs_params(file, "DYNAMIC_PARAMS"));
            }
        }
        if self.dynamic.as_deref() == Some("Error") {
            if let Some(reader) = self.get_reads_request.first() {
                errors.push(error::dynamic_error_reads(file, reader));
            }
        }
    }

    /// These values as the shared [`Rules`] (which the runtime's
    /// `SegmentConfig` also asks) for a file exporting `methods`.
    pub fn rules<'a>(&self, methods: &'a [&'a str]) -> Rules<'a> {
        let revalidate = match self.revalidate {
            None | Some(None) => Revalidate::Never,
            Some(Some(n)) => Revalidate::Seconds(n),
        };
        Rules::new(methods)
            .dynamic(
                self.dynamic
                    .as_deref()
                    .and_then(Dynamic::from_name)
                    .unwrap_or_default(),
            )
            .revalidate(revalidate)
            .dynamic_params(self.dynamic_params.unwrap_or(true))
            .static_params(self.static_params.is_some())
    }

    /// Next's rule: static generation is off when the file also exports a
    /// method that changes data. Returns those methods when the config asked
    /// for static generation, for the warning.
    pub fn ignored_by_methods(&self, methods: &[String]) -> Option<String> {
        let methods = as_strs(methods);
        let rules = self.rules(&methods);
        rules
            .ignored_by_methods()
            .then(|| rules.mutating_methods().join(", "))
    }

    /// Whether GET goes through the runtime's `Cached` wrapper: static, a
    /// stripped request (`DYNAMIC = ForceStatic | Error`) or params limited
    /// to `generate_static_params` (`DYNAMIC_PARAMS = false`).
    pub fn wraps_get(&self, methods: &[String]) -> bool {
        self.rules(&as_strs(methods)).wraps_get()
    }

    /// Whether GET responses of this file are cached (Next's `○` in the build
    /// table), given the exported methods.
    pub fn is_static(&self, methods: &[String]) -> bool {
        self.rules(&as_strs(methods)).is_static()
    }
}

fn as_strs(methods: &[String]) -> Vec<&str> {
    methods.iter().map(String::as_str).collect()
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(tp) => tp.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn is_str_ref(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Reference(r) if last_ident(&r.elem).as_deref() == Some("str"))
}

/// `Enum::Variant` (or `Variant`) with the variant in `allowed`.
fn variant(expr: &syn::Expr, enum_name: &str, allowed: &[&str]) -> Option<String> {
    let syn::Expr::Path(p) = expr else {
        return None;
    };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let last = segs.last()?;
    if segs.len() >= 2 && segs[segs.len() - 2] != enum_name {
        return None;
    }
    allowed.contains(&last.as_str()).then(|| last.clone())
}

fn int(expr: &syn::Expr) -> Option<u64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse().ok(),
        _ => None,
    }
}

fn revalidate(expr: &syn::Expr) -> Option<Option<u32>> {
    match expr {
        syn::Expr::Path(_) => variant(expr, "Revalidate", &["Never"]).map(|_| None),
        syn::Expr::Call(call) => {
            variant(&call.func, "Revalidate", &["Seconds"])?;
            let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let n = int(arg)?;
            u32::try_from(n).ok().map(Some)
        }
        _ => None,
    }
}

fn tags(expr: &syn::Expr) -> Option<Vec<String>> {
    let syn::Expr::Reference(r) = expr else {
        return None;
    };
    let syn::Expr::Array(a) = &*r.expr else {
        return None;
    };
    a.elems
        .iter()
        .map(|e| match e {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        })
        .collect()
}
