//! Rebuild behaviour, for real: a fixture crate is built with cargo, a route
//! file is added, and the next `cargo build` serves it, without `cargo clean`
//! and without touching main.rs. When cargo would not notice a new route
//! file (no build script, or one whose `rerun-if-changed` leaves the folder
//! out), `routes!` warns instead of silently serving a stale router; when it
//! would (the build-script helper, or a build script with no rerun
//! directive), it does not.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r#"
use route_runtime::axum::{body::Body, http::Request, Router};
use tower::ServiceExt;

// The same folder in the module form: it must answer as the other.
route_runtime::routes!(mod tree = "app");

#[tokio::main]
async fn main() {
    let app: Router = route_runtime::routes!("app");
    // `/path` (a GET) or `METHOD /path`.
    for arg in std::env::args().skip(1) {
        let (method, path) = arg.split_once(' ').unwrap_or(("GET", arg.as_str()));
        let mut statuses = Vec::new();
        for router in [app.clone(), tree::router()] {
            let req = Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap();
            statuses.push(router.oneshot(req).await.unwrap().status().as_u16());
        }
        assert_eq!(statuses[0], statuses[1], "the two forms differ for {arg}");
        println!("{arg} {}", statuses[0]);
    }
}
"#;

const ROUTE: &str = r#"
#[route_runtime::route]
pub async fn GET() -> &'static str {
    "hi"
}
"#;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// `cargo build` in `dir`; returns stderr.
fn build(dir: &Path, target: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "cargo build failed:\n{stderr}");
    stderr
}

/// Runs the built binary, asking for `paths`; returns "path status" lines.
fn statuses(target: &Path, paths: &[&str]) -> String {
    let bin = target.join("debug").join("rebuild-fixture");
    let out = Command::new(bin).args(paths).output().expect("run fixture");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn new_route_files_are_picked_up_by_the_next_build() {
    let root = workspace();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-fixture");
    // Deps are shared with the workspace's own build when the lock file is the same.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-target");
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = root.join("route-runtime");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            r#"[package]
name = "rebuild-fixture"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
route-runtime = {{ path = {runtime:?} }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
tower = {{ version = "0.5", features = ["util"] }}

[build-dependencies]
route-runtime = {{ path = {runtime:?}, default-features = false }}
"#
        ),
    );
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
    write(&dir.join("src/main.rs"), MAIN);
    write(&dir.join("src/app/route.rs"), ROUTE);

    // 1. No build script: it builds, serves, and warns that new files are missed.
    let stderr = build(&dir, &target);
    assert!(
        stderr.contains("route_files_not_watched"),
        "no warning:\n{stderr}"
    );
    assert!(
        stderr.contains("route_runtime::build::watch(\"src/app\")"),
        "no advice:\n{stderr}"
    );
    assert_eq!(statuses(&target, &["/", "/new"]), "/ 200\n/new 404\n");

    // 2. A build script that narrows cargo's rerun checks to other paths:
    //    the warning is right, a new route file is missed.
    write(
        &dir.join("build.rs"),
        "fn main() {\n    println!(\"cargo:rerun-if-changed=build.rs\");\n}\n",
    );
    let stderr = build(&dir, &target);
    assert!(
        stderr.contains("build.rs prints `rerun-if-changed` for other paths only"),
        "no warning about the build script:\n{stderr}"
    );
    write(&dir.join("src/app/missed/route.rs"), ROUTE);
    build(&dir, &target);
    assert_eq!(statuses(&target, &["/missed"]), "/missed 404\n");
    std::fs::remove_dir_all(dir.join("src/app/missed")).expect("rm");

    // 3. A build script without any rerun directive: cargo reruns it (and
    //    rebuilds) when any file of the package changes, so new route files
    //    are picked up and there is nothing to warn about.
    write(&dir.join("build.rs"), "fn main() {}\n");
    let stderr = build(&dir, &target);
    assert!(
        !stderr.contains("route_files_not_watched"),
        "warns although cargo reruns the build script:\n{stderr}"
    );
    write(&dir.join("src/app/picked/route.rs"), ROUTE);
    build(&dir, &target);
    assert_eq!(statuses(&target, &["/picked"]), "/picked 200\n");
    std::fs::remove_dir_all(dir.join("src/app/picked")).expect("rm");

    // 4. With the one-line build script: no warning.
    write(
        &dir.join("build.rs"),
        "fn main() {\n    route_runtime::build::watch(\"src/app\");\n}\n",
    );
    let stderr = build(&dir, &target);
    assert!(
        !stderr.contains("route_files_not_watched"),
        "still warns:\n{stderr}"
    );

    // 5. Add a route folder and file: the next build serves it.
    write(&dir.join("src/app/new/route.rs"), ROUTE);
    build(&dir, &target);
    assert_eq!(statuses(&target, &["/", "/new"]), "/ 200\n/new 200\n");

    // 6. Remove it: gone after the next build.
    std::fs::remove_dir_all(dir.join("src/app/new")).expect("rm");
    build(&dir, &target);
    assert_eq!(statuses(&target, &["/", "/new"]), "/ 200\n/new 404\n");

    reuse(&dir, &target);
}

/// `routes!` keeps its output under `OUT_DIR` (there with a build script)
/// and reuses it when no file changed what it reads. An edit inside a
/// handler's body reuses it; a new handler, and a body that starts using
/// `headers()` (its handlers then need the request scope), do not.
fn reuse(dir: &Path, target: &Path) {
    // The reuse files (one per `routes!` call), with their times.
    let kept = || -> Vec<(PathBuf, std::time::SystemTime)> {
        let build = target.join("debug").join("build");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&build).expect("build dir").flatten() {
            let out = entry.path().join("out");
            for file in std::fs::read_dir(&out).into_iter().flatten().flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                if name.starts_with("route-runtime-routes-") && name.ends_with(".txt") {
                    let modified = file.metadata().and_then(|m| m.modified()).expect("mtime");
                    found.push((file.path(), modified));
                }
            }
        }
        assert_eq!(found.len(), 2, "a reuse file per routes! call: {found:?}");
        found.sort();
        found
    };
    let route = dir.join("src/app/route.rs");
    let before = kept();

    // A body and a comment: the output is reused, the file not rewritten.
    write(
        &route,
        &format!("{}// edited\n", ROUTE.replace("\"hi\"", "\"hello\"")),
    );
    build(dir, target);
    assert_eq!(statuses(target, &["/", "POST /"]), "/ 200\nPOST / 405\n");
    assert_eq!(kept(), before, "the output was not reused");

    // A new handler in the same file: expanded again, and routed.
    let post =
        "\n#[route_runtime::route]\npub async fn POST() -> &'static str {\n    \"posted\"\n}\n";
    write(&route, &format!("{ROUTE}{post}"));
    build(dir, target);
    assert_eq!(statuses(target, &["/", "POST /"]), "/ 200\nPOST / 200\n");
    let after_post = kept();
    for (new, old) in after_post.iter().zip(&before) {
        assert_ne!(new.1, old.1, "the output was reused for a new handler");
    }

    // `headers()` in a body that did not call it: only the body changes,
    // and the handlers now run in the request scope (outside it,
    // `headers()` is an error: 418 here).
    let status = |body: &str| {
        format!(
            "\n#[route_runtime::route]\npub async fn GET() -> route_runtime::axum::http::StatusCode {{\n    {body}\n}}\n{post}"
        )
    };
    write(
        &route,
        &status("route_runtime::axum::http::StatusCode::IM_A_TEAPOT"),
    );
    build(dir, target);
    assert_eq!(statuses(target, &["/"]), "/ 418\n");
    let unscoped = kept();
    write(
        &route,
        &status(
            "match route_runtime::headers() {\n        Ok(_) => route_runtime::axum::http::StatusCode::OK,\n        Err(_) => route_runtime::axum::http::StatusCode::IM_A_TEAPOT,\n    }",
        ),
    );
    build(dir, target);
    assert_eq!(statuses(target, &["/"]), "/ 200\n");
    for (new, old) in kept().iter().zip(&unscoped) {
        assert_ne!(new.1, old.1, "the output was reused for headers()");
    }
}
