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

#[tokio::main]
async fn main() {
    let app: Router = route_runtime::routes!("app");
    for path in std::env::args().skip(1) {
        let req = Request::get(path.as_str()).body(Body::empty()).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        println!("{path} {}", res.status().as_u16());
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
}
