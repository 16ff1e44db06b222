//! The Next.js conformance app (`../shared/conformance/nextjs-app/app`),
//! route for route, as `route.rs` files.
//!
//! `cargo run --release -p conformance` serves it (`-- --routes` prints the
//! route table as JSON instead, `-- --openapi` its OpenAPI document) on `$PORT` (default 3000)
//! with `route_runtime::serve`'s defaults (`HEADER_READ_TIMEOUT_SECS` overrides
//! the header-read timeout);
//! `scripts/conformance` records it with the harness and compares the answers
//! with Next.js' own.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let (app, manifest, openapi) = app_with_manifest();
    // `--openapi`: the OpenAPI 3.1 document of the tree.
    if std::env::args().any(|a| a == "--openapi") {
        use std::io::Write;
        let _ = writeln!(std::io::stdout().lock(), "{}", openapi.to_json());
        return Ok(());
    }
    // `--routes`: the route table as JSON (for a CI to diff between commits).
    if std::env::args().any(|a| a == "--routes") {
        let json =
            serde_json::to_string_pretty(&manifest.to_json()).map_err(std::io::Error::other)?;
        use std::io::Write;
        // A closed pipe (`| head`) is not an error worth a panic.
        let _ = writeln!(std::io::stdout().lock(), "{json}");
        return Ok(());
    }
    // The route table, as `next build` prints it (○ static, ƒ dynamic).
    eprintln!("{manifest}\n");
    // `bench/slowloris` shortens the header-read timeout for its run.
    let server = route_runtime::Server::new(app);
    match std::env::var("HEADER_READ_TIMEOUT_SECS") {
        Ok(secs) => {
            let secs = secs.trim().parse().map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("HEADER_READ_TIMEOUT_SECS must be a number of seconds, not {secs:?}"),
                )
            })?;
            server
                .header_read_timeout(std::time::Duration::from_secs(secs))
                .await
        }
        Err(_) => server.await,
    }
}

/// Every route of `src/app`.
#[cfg(test)]
fn app() -> route_runtime::axum::Router {
    app_with_manifest().0
}

/// Every route of `src/app`, its manifest and its OpenAPI document.
///
/// `cache/force-static-with-post` asks for a cached GET next to a POST, which
/// (as in Next.js) disables the cache; `routes!` warns about it through a
/// deprecation, allowed here because the conformance app reproduces exactly that.
#[allow(deprecated)]
fn app_with_manifest() -> (
    route_runtime::axum::Router,
    route_runtime::Manifest,
    route_runtime::openapi::OpenApi,
) {
    route_runtime::routes!("app", manifest, openapi)
}

/// Milliseconds since the Unix epoch, JS `Date.now()`.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod openapi_tests;
#[cfg(test)]
mod tests;
