//! Will cargo rebuild the crate when a route file is added or removed? If
//! not, `routes!` warns (a new `route.rs` would be silently missed).
//!
//! Cargo reruns a build script, and so recompiles the crate, when:
//! - the script printed `rerun-if-changed` for a path that covers the folder
//!   (what `route_runtime::build::watch` prints, with the [`WATCH_ENV`]
//!   handshake that tells `routes!` directly), or
//! - the script printed no `rerun-if-changed`/`rerun-if-env-changed` at all:
//!   cargo then reruns it when any file of the package changes.
//!
//! Without a build script, nothing notices a new file. The build script's
//! directives are read back from the file cargo saves them in, next to
//! `OUT_DIR` (`target/*/build/<pkg>-<hash>/output`; `OUT_DIR` is that
//! folder's `out`).

use std::path::{Path, PathBuf};

use route_rules::WATCH_ENV;

/// Why the folder is not watched, when it is not.
#[derive(Debug, PartialEq, Eq)]
pub enum Unwatched {
    /// The package has no build script.
    NoBuildScript,
    /// A build script whose `rerun-if-*` directives leave the folder out.
    NarrowBuildScript,
}

/// What the macro knows about the build: from the environment and the build
/// script's saved output.
pub struct Build {
    /// [`WATCH_ENV`]: the folders `route_runtime::build::watch` named.
    pub watched: String,
    /// `CARGO_MANIFEST_DIR`.
    pub manifest: Option<PathBuf>,
    /// The build script's saved stdout: `None` without a build script,
    /// `Some(None)` when it has one whose output could not be read.
    pub script_output: Option<Option<String>>,
}

impl Build {
    /// From the environment of the compilation.
    pub fn from_env() -> Self {
        let script_output = std::env::var_os("OUT_DIR").map(|out| {
            let out = PathBuf::from(out);
            out.parent()
                .and_then(|run| std::fs::read_to_string(run.join("output")).ok())
        });
        Build {
            watched: std::env::var(WATCH_ENV).unwrap_or_default(),
            manifest: std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
            script_output,
        }
    }

    /// `Ok(())` when cargo rebuilds on a new or removed file below `dir`.
    pub fn check(&self, dir: &Path) -> Result<(), Unwatched> {
        let Some(target) = dir.canonicalize().ok() else {
            return Err(Unwatched::NoBuildScript);
        };
        let covers = |w: &str| {
            let path = self
                .manifest
                .as_ref()
                .map_or_else(|| PathBuf::from(w), |m| m.join(w));
            path.canonicalize().is_ok_and(|p| target.starts_with(p))
        };
        if self
            .watched
            .split(';')
            .filter(|w| !w.is_empty())
            .any(covers)
        {
            return Ok(());
        }
        let Some(output) = &self.script_output else {
            return Err(Unwatched::NoBuildScript);
        };
        // A build script whose output cargo did not save where expected: say
        // nothing rather than something wrong.
        let Some(output) = output else {
            return Ok(());
        };
        let mut narrowed = false;
        for line in output.lines() {
            let directive = line
                .strip_prefix("cargo::")
                .or_else(|| line.strip_prefix("cargo:"));
            let Some(directive) = directive else { continue };
            if let Some(path) = directive.strip_prefix("rerun-if-changed=") {
                narrowed = true;
                if covers(path) {
                    return Ok(());
                }
            } else if directive.starts_with("rerun-if-env-changed=") {
                narrowed = true;
            }
        }
        let in_package = self
            .manifest
            .as_ref()
            .and_then(|m| m.canonicalize().ok())
            .is_some_and(|m| target.starts_with(m));
        if !narrowed && in_package {
            Ok(())
        } else {
            Err(Unwatched::NarrowBuildScript)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(output: Option<Option<&str>>, watched: &str) -> (Build, PathBuf) {
        let root = std::env::temp_dir().join(format!("route-watch-{}", std::process::id()));
        std::fs::create_dir_all(root.join("src/app/users")).unwrap();
        std::fs::create_dir_all(root.join("src/other")).unwrap();
        let build = Build {
            watched: watched.to_string(),
            manifest: Some(root.clone()),
            script_output: output.map(|o| o.map(str::to_string)),
        };
        (build, root.join("src/app"))
    }

    #[test]
    fn cargo_rebuilds_for_new_route_files() {
        let watched_by_helper = "cargo:rerun-if-changed=src/app\ncargo:rustc-env=X=1\n";
        for (output, watched) in [
            (Some(Some(watched_by_helper)), "src/app"),
            // An older build script output but the handshake says so.
            (None, "src/app"),
            (None, "src"),
            // A build script with no rerun-if directive: any package change reruns it.
            (Some(Some("")), ""),
            (Some(Some("cargo:rustc-cfg=foo\ncargo:warning=hi\n")), ""),
            // Written by hand, one or two colons, a parent folder.
            (Some(Some("cargo:rerun-if-changed=src/app\n")), ""),
            (Some(Some("cargo::rerun-if-changed=src\n")), ""),
            (
                Some(Some(
                    "cargo:rerun-if-changed=build.rs\ncargo:rerun-if-changed=src/app\n",
                )),
                "",
            ),
            // Cargo kept no output where expected: no claim either way.
            (Some(None), ""),
        ] {
            let (build, dir) = with(output, watched);
            assert_eq!(build.check(&dir), Ok(()), "{output:?} {watched:?}");
        }
    }

    #[test]
    fn cargo_misses_new_route_files() {
        for (output, expected) in [
            (None, Unwatched::NoBuildScript),
            (
                Some(Some("cargo:rerun-if-changed=build.rs\n")),
                Unwatched::NarrowBuildScript,
            ),
            (
                Some(Some("cargo::rerun-if-changed=src/other\n")),
                Unwatched::NarrowBuildScript,
            ),
            (
                Some(Some("cargo:rerun-if-env-changed=PROFILE\n")),
                Unwatched::NarrowBuildScript,
            ),
            // A subfolder does not cover the app.
            (
                Some(Some("cargo:rerun-if-changed=src/app/users\n")),
                Unwatched::NarrowBuildScript,
            ),
        ] {
            let (build, dir) = with(output, "src/other");
            assert_eq!(build.check(&dir), Err(expected), "{output:?}");
        }
    }
}
