//! Compile errors, each with its `.stderr` snapshot (`TRYBUILD=overwrite`
//! re-records them; review the diff).

#[test]
fn ui() {
    // The fixtures are not watched by a build script of trybuild's crate;
    // tell `routes!` they are, so the snapshots show only the errors.
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/fixtures");
    std::env::set_var("ROUTE_RUNTIME_WATCH", fixtures);
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}
