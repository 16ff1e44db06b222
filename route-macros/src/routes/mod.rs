//! `routes!("app")`: input -> resolve the folder -> scan files -> model -> codegen.

mod codegen;
mod config;
mod scan;

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

use crate::expand::combine;
use crate::model::{self, error};

pub use scan::ScannedFile;

/// `routes!(..)`: the expansion, or the errors next to a value of the right
/// type (a `Router`, or a `(Router, Manifest)`), so one mistake is one message.
pub fn entry(input: proc_macro::TokenStream) -> TokenStream {
    let input: Input = match syn::parse(input) {
        Ok(input) => input,
        Err(err) => return with_fallback(err, false),
    };
    let manifest = input.manifest;
    expand(input).unwrap_or_else(|err| with_fallback(err, manifest))
}

fn with_fallback(err: syn::Error, manifest: bool) -> TokenStream {
    let errors = err.to_compile_error();
    let router = quote!(::route_runtime::__private::axum::Router::new());
    let value = if manifest {
        quote!((#router, ::route_runtime::Manifest { routes: &[] }))
    } else {
        router
    };
    quote!({ #errors #value })
}

fn expand(Input { lit, manifest }: Input) -> syn::Result<TokenStream> {
    let rel = lit.value();
    let dir = resolve(&rel, lit.span());
    if !dir.is_dir() {
        return Err(syn::Error::new(
            lit.span(),
            error::app_dir_missing(&dir.display()),
        ));
    }
    let scanned = scan::scan(&dir, &rel).map_err(|e| syn::Error::new(lit.span(), e))?;
    if scanned.is_empty() {
        return Err(syn::Error::new(lit.span(), error::no_route_files(&rel)));
    }
    let files: Vec<model::RouteFile> = scanned
        .iter()
        .map(|f| model::RouteFile {
            dirs: f.dirs.clone(),
        })
        .collect();
    let routes = model::build(&rel, &files).map_err(|errs| {
        let span = lit.span();
        combine(errs.into_iter().map(|e| syn::Error::new(span, e)))
            .unwrap_or_else(|| syn::Error::new(span, error::no_route_files(&rel)))
    })?;
    let mut errors = Vec::new();
    let mut pairs = Vec::new();
    for route in routes {
        let Some(file) = scanned.iter().find(|f| f.dirs == route.dirs) else {
            continue;
        };
        let display = route.file(&rel);
        for dup in &file.duplicates {
            errors.push(syn::Error::new(
                lit.span(),
                error::duplicate_method(&display, dup),
            ));
        }
        if file.parsed && file.methods.is_empty() {
            errors.push(syn::Error::new(lit.span(), error::no_handlers(&display)));
        }
        let mut config_errors = file.config_errors.clone();
        file.config
            .check(&display, !route.params.is_empty(), &mut config_errors);
        errors.extend(
            config_errors
                .into_iter()
                .map(|e| syn::Error::new(lit.span(), e)),
        );
        pairs.push((route, file));
    }
    if let Some(err) = combine(errors) {
        return Err(err);
    }
    let id = invocation_id(&dir);
    let watched = watch_warning(&rel, &dir, &lit);
    let warnings = pairs.iter().filter_map(|(route, file)| {
        let methods = file.config.ignored_by_methods(&file.methods)?;
        Some(warning(
            &lit,
            &error::config_ignored(&route.file(&rel), &methods),
        ))
    });
    let warnings: Vec<TokenStream> = warnings.collect();
    let router = codegen::router(&pairs, id, &rel, manifest);
    Ok(quote!({ #watched #(#warnings)* #router }))
}

/// The folder, relative to the calling file (as `include_str!` resolves);
/// `CARGO_MANIFEST_DIR/src` when the caller's file is unknown (rust-analyzer).
fn resolve(rel: &str, _span: Span) -> PathBuf {
    let rel = Path::new(rel);
    if rel.is_absolute() {
        return rel.to_path_buf();
    }
    let caller = proc_macro::Span::call_site().local_file();
    let base = match caller.and_then(|f| f.parent().map(Path::to_path_buf)) {
        Some(parent) if parent.is_absolute() => parent,
        Some(parent) => std::env::current_dir()
            .map(|cwd| cwd.join(&parent))
            .unwrap_or(parent),
        None => {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_default();
            manifest.join("src")
        }
    };
    base.join(rel)
}

/// A number naming this expansion, stable across builds.
fn invocation_id(dir: &Path) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let crate_name = std::env::var("CARGO_CRATE_NAME").unwrap_or_default();
    for b in crate_name
        .bytes()
        .chain([0])
        .chain(dir.to_string_lossy().bytes())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Set by `route_runtime::build::watch` in the user's build script (the same
/// name as `route_runtime::build::WATCH_ENV`; this crate cannot depend on it).
const WATCH_ENV: &str = "ROUTE_RUNTIME_WATCH";

/// A visible warning (a use of a deprecated item, spanned on the literal)
/// when no build script watches the folder, so a new route file would be
/// silently missed.
fn watch_warning(rel: &str, dir: &Path, lit: &LitStr) -> TokenStream {
    let watched = std::env::var(WATCH_ENV).unwrap_or_default();
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let target = dir.canonicalize().ok();
    let is_watched = target.is_some_and(|target| {
        watched.split(';').filter(|w| !w.is_empty()).any(|w| {
            let path = manifest
                .as_ref()
                .map_or_else(|| PathBuf::from(w), |m| m.join(w));
            path.canonicalize().is_ok_and(|p| target.starts_with(p))
        })
    });
    if is_watched {
        return TokenStream::new();
    }
    let note = error::not_watched(&display_rel(rel, dir, manifest.as_deref()));
    quote::quote_spanned! {lit.span()=>
        {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const route_files_not_watched: () = ();
            #[allow(clippy::let_unit_value)]
            let _ = route_files_not_watched;
        }
    }
}

/// A compile-time warning at the literal (stable Rust has no other way for a
/// proc macro to warn than a use of a deprecated item).
fn warning(lit: &LitStr, note: &str) -> TokenStream {
    quote::quote_spanned! {lit.span()=>
        {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const route_config_has_no_effect: () = ();
            #[allow(clippy::let_unit_value)]
            let _ = route_config_has_no_effect;
        }
    }
}

/// `"app"` or `"app", manifest`.
struct Input {
    lit: LitStr,
    manifest: bool,
}

impl syn::parse::Parse for Input {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let lit: LitStr = input
            .parse()
            .map_err(|e| syn::Error::new(e.span(), error::routes_input()))?;
        let mut manifest = false;
        if input.parse::<Option<syn::Token![,]>>()?.is_some() && !input.is_empty() {
            let ident: syn::Ident = input.parse()?;
            if ident != "manifest" {
                return Err(syn::Error::new(ident.span(), error::routes_input()));
            }
            manifest = true;
            input.parse::<Option<syn::Token![,]>>()?;
        }
        if !input.is_empty() {
            return Err(input.error(error::routes_input()));
        }
        Ok(Input { lit, manifest })
    }
}

/// The folder relative to the crate root, for the build.rs advice.
fn display_rel(rel: &str, dir: &Path, manifest: Option<&Path>) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    manifest
        .and_then(|m| m.canonicalize().ok())
        .and_then(|m| {
            dir.strip_prefix(&m)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .unwrap_or_else(|| rel.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_fixture() -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/app");
        let scanned = scan::scan(&dir, "app").expect("scan");
        let mut files: Vec<model::RouteFile> = scanned
            .iter()
            .map(|f| model::RouteFile {
                dirs: f.dirs.clone(),
            })
            .collect();
        files.reverse(); // the model sorts; input order must not matter
        let routes = model::build("app", &files).expect("model");
        let pairs: Vec<_> = routes
            .into_iter()
            .map(|r| {
                let file = scanned.iter().find(|f| f.dirs == r.dirs).expect("file");
                (r, file)
            })
            .collect();
        codegen::router(&pairs, invocation_id(&dir), "app", true).to_string()
    }

    #[test]
    fn expansion_is_deterministic() {
        let a = expand_fixture();
        let b = expand_fixture();
        assert_eq!(a, b);
        assert!(a.contains("\"/users/{id}\""), "one Router::route per path");
        assert!(!a.contains("_lib"), "private folders are not compiled");
    }

    #[test]
    fn one_route_call_per_pattern() {
        let a = expand_fixture();
        let patterns = a.matches(". route (").count();
        // 16 route files; the optional catch-all has two patterns.
        assert_eq!(patterns, 17);
    }
}
