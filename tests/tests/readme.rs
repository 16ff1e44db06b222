//! Every Rust snippet in the README is compiled: each ```rust block must
//! appear verbatim in a source file of the workspace (an example app, a
//! fixture), which the rest of the suite builds and tests.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn normalize(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_readme_snippet_is_compiled_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut files = Vec::new();
    for dir in ["examples", "tests", "route-runtime/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let sources: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|s| normalize(&s))
        .collect();

    let mut snippets = 0;
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```rust\n") {
        let body = &rest[start + "```rust\n".len()..];
        let end = body.find("\n```").expect("closed code block");
        let snippet = normalize(&body[..end]);
        assert!(
            sources.iter().any(|s| s.contains(&snippet)),
            "README snippet not found in any source file:\n{snippet}"
        );
        snippets += 1;
        rest = &body[end..];
    }
    assert!(snippets >= 10, "only {snippets} snippets found");
}

/// The README's dependency lines are what a user of the published crates
/// writes: `route-runtime` from crates.io (a version requirement the
/// workspace's version meets, no `path`), never the macro crate, which
/// `route-runtime` re-exports.
#[test]
fn readme_dependencies_are_the_published_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    // `0.1.0` -> `0.1`: what `route-runtime = "0.1"` must say while the
    // major version is 0 (a caret requirement then pins the minor).
    let version = env!("CARGO_PKG_VERSION");
    let wanted = version.rsplit_once('.').expect("x.y.z").0;

    let mut lines = 0;
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```toml\n") {
        let body = &rest[start + "```toml\n".len()..];
        let end = body.find("\n```").expect("closed code block");
        for line in body[..end].lines() {
            // Profile tables name packages without depending on them
            // (`[profile.dev.package.route-runtime-macros]`).
            if line.trim_start().starts_with("[profile.") {
                continue;
            }
            let name = line.split('=').next().unwrap_or("").trim();
            assert!(
                !name.contains("macros"),
                "the README tells users to depend on the macro crate: {line}"
            );
            if name != "route-runtime" {
                continue;
            }
            assert!(!line.contains("path"), "a path dependency: {line}");
            let req = line
                .split('"')
                .nth(1)
                .unwrap_or_else(|| panic!("no version in {line}"));
            assert_eq!(req, wanted, "{line} does not match version {version}");
            lines += 1;
        }
        rest = &body[end..];
    }
    assert!(
        lines >= 2,
        "only {lines} route-runtime dependency lines found"
    );
}
