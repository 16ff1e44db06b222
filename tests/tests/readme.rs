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
