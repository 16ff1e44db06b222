//! Folder parameter names -> valid Rust field names.

use crate::model::ParamKind;

/// Rust's strict and reserved keywords (2021 edition), which need `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A field name for the parameter `name`, as written in the source (`r#type`
/// for `[type]`, `user_id` for `[user-id]`).
pub fn field_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    } else if KEYWORDS.contains(&out.as_str()) {
        out.insert_str(0, "r#");
    }
    out
}

/// The field name without a raw prefix, used where an identifier must be
/// plain (the axum pattern's capture name).
pub fn plain_name(name: &str) -> String {
    let field = field_name(name);
    field
        .strip_prefix("r#")
        .map(str::to_string)
        .unwrap_or(field)
}

/// The name of a params struct a person can read in an error, from the
/// names and kinds of its params: `[id]` -> `IdParams`, `[...slug]` ->
/// `SlugCatchAllParams`, `[[...slug]]` -> `SlugOptionalCatchAllParams`,
/// `[team]/[member]` -> `TeamMemberParams`. Routes whose params have the
/// same names and kinds share the struct; two different shapes can give the
/// same name (`[user-id]` and `[user_id]`), which the caller numbers.
pub fn params_type_name<'a>(params: impl IntoIterator<Item = (&'a str, ParamKind)>) -> String {
    let mut out = String::new();
    for (name, kind) in params {
        for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars);
            }
        }
        out.push_str(match kind {
            ParamKind::One => "",
            ParamKind::CatchAll => "CatchAll",
            ParamKind::OptionalCatchAll => "OptionalCatchAll",
        });
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'P');
    }
    out.push_str("Params");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_fields() {
        let cases = [
            ("id", "id"),
            ("user-id", "user_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("1st", "_1st"),
            ("café", "café"),
            ("a b", "a_b"),
            ("_", "__"),
        ];
        for (name, field) in cases {
            assert_eq!(field_name(name), field, "{name}");
        }
        assert_eq!(plain_name("type"), "type");
    }

    #[test]
    fn params_type_names_read_like_the_params() {
        use ParamKind::{CatchAll, One, OptionalCatchAll};
        let cases: [(&[(&str, ParamKind)], &str); 7] = [
            (&[("id", One)], "IdParams"),
            (&[("slug", CatchAll)], "SlugCatchAllParams"),
            (&[("slug", OptionalCatchAll)], "SlugOptionalCatchAllParams"),
            (&[("type", One), ("user-id", One)], "TypeUserIdParams"),
            (&[("1st", One)], "P1stParams"),
            (&[("caf\u{e9}", One)], "CafParams"),
            (&[("\u{540d}", One)], "PParams"),
        ];
        for (params, name) in cases {
            assert_eq!(params_type_name(params.iter().copied()), name, "{params:?}");
        }
    }
}
