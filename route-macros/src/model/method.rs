//! The one list of HTTP methods a route file may export.

/// The seven handler names Next.js recognises, in the order `Allow` lists them
/// (alphabetical).
pub const METHODS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// `true` for one of the seven handler names.
pub fn is_method(name: &str) -> bool {
    METHODS.contains(&name)
}

/// The `Allow` header for a file exporting `exported`: the exported methods,
/// plus `OPTIONS` (answered automatically), plus `HEAD` when `GET` exists,
/// sorted and joined with `", "`, as Next.js answers.
pub fn allow_header<'a>(exported: impl IntoIterator<Item = &'a str>) -> String {
    let mut set: Vec<&str> = exported.into_iter().collect();
    set.push("OPTIONS");
    if set.contains(&"GET") {
        set.push("HEAD");
    }
    set.sort_unstable();
    set.dedup();
    set.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lists_exports_options_and_head_sorted() {
        let cases: &[(&[&str], &str)] = &[
            (&["GET"], "GET, HEAD, OPTIONS"),
            (&["POST", "PUT"], "OPTIONS, POST, PUT"),
            (&["POST", "GET"], "GET, HEAD, OPTIONS, POST"),
            (&["OPTIONS"], "OPTIONS"),
            (&["HEAD"], "HEAD, OPTIONS"),
            (&METHODS, "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        ];
        for (exported, allow) in cases {
            assert_eq!(
                allow_header(exported.iter().copied()),
                *allow,
                "{exported:?}"
            );
        }
    }

    #[test]
    fn only_the_seven_are_methods() {
        assert!(is_method("GET"));
        assert!(!is_method("get"));
        assert!(!is_method("TRACE"));
    }
}
