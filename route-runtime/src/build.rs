//! Build-script helper: make `cargo build` notice new and removed route files.
//!
//! Cargo rebuilds a crate when a file it compiled changes, but a *new*
//! `route.rs` is not a file rustc has seen, so without help the router stays
//! stale. One line in `build.rs` fixes that:
//!
//! ```no_run
//! // build.rs
//! # #[allow(clippy::needless_doctest_main)]
//! fn main() {
//!     route_runtime::build::watch("src/app");
//! }
//! ```
//!
//! with, in `Cargo.toml`,
//!
//! ```toml
//! [build-dependencies]
//! route-runtime = { version = "0.1", default-features = false }
//! ```
//!
//! `default-features = false` keeps the build dependency to this module alone:
//! it compiles in well under a second and pulls in no other crate.

/// The environment variable through which the build script tells `routes!`
/// which folder it watches.
#[doc(hidden)]
pub use route_rules::WATCH_ENV;

/// Tells cargo to re-run the build script, and so recompile the crate, when
/// anything below `dir` (relative to the crate's `Cargo.toml`) is added,
/// removed or changed; and tells `routes!` that the folder is watched, so it
/// does not warn.
///
/// Call it once per app folder. Several folders are joined with `;`.
pub fn watch(dir: &str) {
    print!("{}", watch_directives(&[dir]));
}

/// Like [`watch`], for several app folders at once.
pub fn watch_all(dirs: &[&str]) {
    print!("{}", watch_directives(dirs));
}

fn watch_directives(dirs: &[&str]) -> String {
    let mut out = String::new();
    for dir in dirs {
        out.push_str("cargo:rerun-if-changed=");
        out.push_str(dir);
        out.push('\n');
    }
    out.push_str("cargo:rustc-env=");
    out.push_str(WATCH_ENV);
    out.push('=');
    out.push_str(&dirs.join(";"));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_name_every_folder_and_set_the_handshake() {
        assert_eq!(
            watch_directives(&["src/app"]),
            "cargo:rerun-if-changed=src/app\ncargo:rustc-env=ROUTE_RUNTIME_WATCH=src/app\n"
        );
        assert_eq!(
            watch_directives(&["src/app", "src/admin"]),
            "cargo:rerun-if-changed=src/app\ncargo:rerun-if-changed=src/admin\n\
             cargo:rustc-env=ROUTE_RUNTIME_WATCH=src/app;src/admin\n"
        );
    }
}
