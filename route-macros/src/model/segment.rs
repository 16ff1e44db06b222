//! One folder name -> one [`Segment`] of the folder grammar.

use super::error;

/// What one folder of the app tree means for the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// `users`, `rss.xml`, `%5Fmeta` (escapes decoded: `_meta`).
    Static(String),
    /// `[id]`: one URL segment.
    Dynamic(String),
    /// `[...slug]`: one or more URL segments.
    CatchAll(String),
    /// `[[...slug]]`: zero or more URL segments.
    OptionalCatchAll(String),
    /// `(marketing)`: organises files, leaves the URL.
    Group(String),
    /// `_lib`: never routed, nor anything below it.
    Private,
}

impl Segment {
    /// `true` for the kinds that take part in the URL.
    pub fn in_url(&self) -> bool {
        !matches!(self, Segment::Group(_) | Segment::Private)
    }
}

/// Parses one folder name.
pub fn parse(folder: &str) -> Result<Segment, String> {
    if folder.starts_with('_') {
        return Ok(Segment::Private);
    }
    if folder.starts_with("(.") {
        return Err(error::unsupported_folder(
            folder,
            "intercepting routes (`(.)`, `(..)`, `(...)`)",
        ));
    }
    if let Some(inner) = folder.strip_prefix('(').and_then(|f| f.strip_suffix(')')) {
        if inner.is_empty() {
            return Err(error::empty_group(folder));
        }
        if inner.starts_with('.') {
            return Err(error::unsupported_folder(
                folder,
                "intercepting routes (`(.)`, `(..)`, `(...)`)",
            ));
        }
        return Ok(Segment::Group(inner.to_string()));
    }
    if folder.starts_with('@') {
        return Err(error::unsupported_folder(
            folder,
            "parallel route slots (`@name`)",
        ));
    }
    if folder.starts_with('[') || folder.ends_with(']') {
        return parse_dynamic(folder);
    }
    if folder.contains(['[', ']']) {
        return Err(error::malformed_brackets(folder));
    }
    match decode(folder) {
        None => Err(error::bad_percent(folder)),
        Some(dots) if dots == "." || dots == ".." => Err(error::dot_folder(folder, &dots)),
        Some(name) => Ok(Segment::Static(name)),
    }
}

fn parse_dynamic(folder: &str) -> Result<Segment, String> {
    if let Some(inner) = folder.strip_prefix("[[").and_then(|f| f.strip_suffix("]]")) {
        if inner.contains(['[', ']']) {
            return Err(error::malformed_brackets(folder));
        }
        return match inner.strip_prefix("...") {
            Some(name) => name_of(folder, name).map(Segment::OptionalCatchAll),
            None if inner.starts_with('.') => Err(error::extra_dots(folder)),
            None => Err(error::optional_not_catch_all(folder)),
        };
    }
    let inner = folder
        .strip_prefix('[')
        .and_then(|f| f.strip_suffix(']'))
        .filter(|i| !i.starts_with('[') && !i.ends_with(']'))
        .ok_or_else(|| error::malformed_brackets(folder))?;
    match inner.strip_prefix("...") {
        Some(name) => name_of(folder, name).map(Segment::CatchAll),
        None if inner.starts_with('.') => Err(error::extra_dots(folder)),
        None => name_of(folder, inner).map(Segment::Dynamic),
    }
}

fn name_of(folder: &str, name: &str) -> Result<String, String> {
    if name.is_empty() {
        return Err(error::empty_param_name(folder));
    }
    if name.starts_with('.') || name.ends_with('.') {
        return Err(error::extra_dots(folder));
    }
    if name.contains(['.', '/', '[', ']', '{', '}']) {
        return Err(error::param_name_chars(folder));
    }
    Ok(name.to_string())
}

/// Percent-decodes a folder name (`%5Fmeta` -> `_meta`); `None` for a
/// malformed escape or bytes that are not UTF-8.
fn decode(folder: &str) -> Option<String> {
    route_rules::uri::decode(folder)
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Segment::*;

    #[test]
    fn grammar() {
        let ok: &[(&str, Segment)] = &[
            ("users", Static("users".into())),
            ("rss.xml", Static("rss.xml".into())),
            ("%5Fmeta", Static("_meta".into())),
            ("caf%C3%A9", Static("café".into())),
            ("a+b", Static("a+b".into())),
            ("[id]", Dynamic("id".into())),
            ("[user-id]", Dynamic("user-id".into())),
            ("[type]", Dynamic("type".into())),
            ("[...slug]", CatchAll("slug".into())),
            ("[[...slug]]", OptionalCatchAll("slug".into())),
            ("(marketing)", Group("marketing".into())),
            ("_lib", Private),
            ("_", Private),
        ];
        for (folder, want) in ok {
            assert_eq!(parse(folder).as_ref(), Ok(want), "{folder}");
        }
    }

    #[test]
    fn grammar_errors_name_the_folder_and_the_rule() {
        let bad: &[(&str, &str)] = &[
            ("[[id]]", "optional segments must be catch-all"),
            ("[id", "malformed dynamic segment"),
            ("id]", "malformed dynamic segment"),
            ("a[id]", "malformed dynamic segment"),
            ("[id]x", "malformed dynamic segment"),
            ("[[...id]", "malformed dynamic segment"),
            ("[[[id]]]", "malformed dynamic segment"),
            ("[]", "needs a name"),
            ("[...]", "needs a name"),
            ("[[...]]", "needs a name"),
            ("[....x]", "exactly three dots"),
            ("[..x]", "exactly three dots"),
            ("[.x]", "exactly three dots"),
            ("[[..x]]", "exactly three dots"),
            ("[a.b]", "may not contain"),
            ("()", "needs a name"),
            ("(..)photo", "intercepting routes"),
            ("(..)", "intercepting routes"),
            ("@modal", "parallel route slots"),
            ("%ZZ", "malformed percent-escape"),
            ("%C3", "malformed percent-escape"),
            // Found by `props`: `u8::from_str_radix("+5", 16)` is `Ok(5)`.
            ("%+5F", "malformed percent-escape"),
            ("a%+0", "malformed percent-escape"),
            // `/%2e` is resolved to `/` before routing: the route would be dead.
            ("%2e", "decodes to `.`"),
            ("%2E%2e", "decodes to `..`"),
            (".%2e", "decodes to `..`"),
        ];
        for (folder, rule) in bad {
            let err = parse(folder).expect_err(folder);
            assert!(err.contains(&format!("`{folder}`")), "{folder}: {err}");
            assert!(err.contains(rule), "{folder}: {err}");
        }
    }
}
