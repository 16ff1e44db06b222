//! `routes!`'s output kept between builds, for the edits that cannot
//! change it.
//!
//! Proc macros run again on every `cargo check`, and `routes!` reads every
//! route file of the tree each time: at 1,000 routes, 0.3 G instructions of
//! debug-built code (as cargo builds proc macros) per check, for an edit
//! that is, nearly always, inside a handler's body. What `routes!` reads of
//! a route file is its outline ([`super::outline`]: the file with every
//! top-level `{ .. }` emptied, and which request-scope names it uses), so
//! its output is a function of the macro's input, the macros' own build,
//! the tree's files and their outlines. This module keeps that output in a
//! file under the crate's `OUT_DIR` (there when the crate has a build
//! script, as `route_runtime::build::watch` asks), keyed on all of that,
//! and gives it back when the key is the same.
//!
//! Each file's outline is fingerprinted once per content: the reuse file
//! keeps every file's content hash beside its outline's, so a check after
//! an edit outlines the edited file alone. Anything else (no `OUT_DIR`, an
//! unreadable or foreign reuse file, a key that differs, an output that does
//! not lex) is a full expansion, written back for the next build when it
//! had nothing to report. Only the tree's form whose output is all at the
//! call site's span is kept (`routes!("app")` with no `state =` or
//! `href_export =`), so a reused output is the same tokens a full expansion
//! gives, spans included.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::outline::Outline;
use super::scan::{Source, SourceKind};

/// The macros' build (`build.rs`): an output of another build is not reused.
const BUILD_ID: &str = env!("ROUTE_MACROS_BUILD_ID");

/// The first line of a reuse file, and its format's version.
const MAGIC: &str = "route-runtime routes! output, v1";

/// What a full expansion leaves for the next build.
pub struct Saved {
    /// The tree module's items and the router's value, as text.
    pub module: String,
    pub value: String,
    /// The notes of the warnings the tree gets (a config a method ignores).
    pub notes: Vec<String>,
}

/// The reuse file of one `routes!` call, and what it held.
pub struct Reuse {
    path: PathBuf,
    key: u64,
    /// Each file (folders and name) with its content and outline hashes.
    files: Vec<(String, u64, u64)>,
    old: Option<Old>,
}

struct Old {
    key: u64,
    saved: Saved,
}

impl Reuse {
    /// The reuse of the call whose input reads `input` (as text), for the
    /// tree in `dir` whose files are `sources`; `None` where nothing can be
    /// kept (no `OUT_DIR`, a file name with a line break).
    pub fn open(input: &str, dir: &Path, sources: &[Source]) -> Option<Reuse> {
        let out_dir = std::env::var_os("OUT_DIR")?;
        let dir_text = dir.to_string_lossy();
        let mut name = Fnv::new();
        name.write(input.as_bytes());
        name.write(dir_text.as_bytes());
        let path = Path::new(&out_dir).join(format!("route-runtime-routes-{:016x}.txt", name.0));
        let text = std::fs::read_to_string(&path).ok();
        let parsed = text.as_deref().and_then(parse);
        let known: HashMap<&str, (u64, u64)> = match &parsed {
            Some((_, files, _)) => files.iter().map(|&(f, c, o)| (f, (c, o))).collect(),
            None => HashMap::new(),
        };
        let mut key = Fnv::new();
        key.write(BUILD_ID.as_bytes());
        key.write(input.as_bytes());
        key.write(dir_text.as_bytes());
        let mut files = Vec::with_capacity(sources.len());
        for source in sources {
            let mut file = source.dirs.join("/");
            file.push('/');
            file.push_str(source.kind.file_name());
            if file.contains('\n') {
                return None;
            }
            let content = Fnv::hash(source.text.as_bytes());
            let reading = match known.get(file.as_str()) {
                Some(&(c, o)) if c == content => o,
                _ => reading(source, content),
            };
            key.write(file.as_bytes());
            key.write(&[0]);
            key.write(&reading.to_le_bytes());
            files.push((file, content, reading));
        }
        let old = parsed.map(|(key, _, saved)| Old { key, saved });
        Some(Reuse {
            path,
            key: key.0,
            files,
            old,
        })
    }

    /// The output the last full expansion left, when its key is this one.
    pub fn take(&mut self) -> Option<Saved> {
        match self.old.take() {
            Some(old) if old.key == self.key => Some(old.saved),
            _ => None,
        }
    }

    /// Keeps `saved` for the next build (written whole, then renamed over the
    /// old file, so a build running beside this one reads one or the other).
    /// Not keeping it only costs that build a full expansion: errors are
    /// ignored.
    pub fn save(&self, saved: &Saved) {
        let text = write(self.key, &self.files, saved);
        let tmp = self
            .path
            .with_extension(format!("{}.tmp", std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// What `routes!` reads of a file, as a hash: a route file's outline's
/// tokens (comments and whitespace aside, doc comments kept) and its
/// request-scope flags (the whole text when it has no outline); a
/// middleware or proxy file's whole text.
fn reading(source: &Source, content: u64) -> u64 {
    if source.kind != SourceKind::Route {
        return content;
    }
    match super::outline::outline(&source.text) {
        Some(Outline {
            text,
            uses_scope,
            names_params,
        }) => {
            let mut h = Fnv::new();
            h.write(&[1, u8::from(uses_scope), u8::from(names_params)]);
            match super::quick::token_ranges(&text) {
                // Token by token: a comment, a blank line are no change.
                Some(ranges) => {
                    let bytes = text.as_bytes();
                    for (k, &(start, end)) in ranges.iter().enumerate() {
                        h.write(&bytes[start..end]);
                        // A punctuation character that touches the next
                        // one: `a::B` is not `a: :B`, nor `&&` `& &`.
                        let joint = end - start == 1
                            && bytes[start].is_ascii_punctuation()
                            && ranges.get(k + 1).is_some_and(|next| {
                                next.0 == end && bytes[end].is_ascii_punctuation()
                            });
                        h.write(&[if joint { 0xfe } else { 0xff }]);
                    }
                }
                None => h.write(text.as_bytes()),
            }
            h.0
        }
        None => content ^ 0x9e37_79b9_7f4a_7c15,
    }
}

/// The reuse file: the magic line, the build, the key, the files (`content
/// outline folders/name`, one a line), then the notes, the module and the
/// value, each as its length in bytes on a line and the text after it.
fn write(key: u64, files: &[(String, u64, u64)], saved: &Saved) -> String {
    let mut out = String::with_capacity(saved.module.len() + saved.value.len() + files.len() * 64);
    out.push_str(MAGIC);
    out.push('\n');
    out.push_str(BUILD_ID);
    out.push('\n');
    out.push_str(&format!("{key:016x}\n{}\n", files.len()));
    for (file, content, reading) in files {
        out.push_str(&format!("{content:016x} {reading:016x} {file}\n"));
    }
    out.push_str(&format!("{}\n", saved.notes.len()));
    for text in saved
        .notes
        .iter()
        .map(String::as_str)
        .chain([saved.module.as_str(), saved.value.as_str()])
    {
        out.push_str(&format!("{}\n", text.len()));
        out.push_str(text);
    }
    out
}

type Parsed<'a> = (u64, Vec<(&'a str, u64, u64)>, Saved);

/// [`write`]'s text read back; `None` for anything else (another format or
/// build, a file cut short).
fn parse(text: &str) -> Option<Parsed<'_>> {
    let mut r = Reader(text);
    if r.line()? != MAGIC || r.line()? != BUILD_ID {
        return None;
    }
    let key = u64::from_str_radix(r.line()?, 16).ok()?;
    let n: usize = r.line()?.parse().ok()?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        let (content, l) = r.line()?.split_once(' ')?;
        let (reading, file) = l.split_once(' ')?;
        files.push((
            file,
            u64::from_str_radix(content, 16).ok()?,
            u64::from_str_radix(reading, 16).ok()?,
        ));
    }
    let notes: usize = r.line()?.parse().ok()?;
    let mut texts = Vec::with_capacity(notes + 2);
    for _ in 0..notes + 2 {
        let len: usize = r.line()?.parse().ok()?;
        texts.push(r.take(len)?.to_string());
    }
    if !r.0.is_empty() {
        return None;
    }
    let value = texts.pop()?;
    let module = texts.pop()?;
    Some((
        key,
        files,
        Saved {
            module,
            value,
            notes: texts,
        },
    ))
}

/// The rest of a reuse file's text.
struct Reader<'a>(&'a str);

impl<'a> Reader<'a> {
    fn line(&mut self) -> Option<&'a str> {
        let (line, rest) = self.0.split_once('\n')?;
        self.0 = rest;
        Some(line)
    }

    fn take(&mut self, len: usize) -> Option<&'a str> {
        let text = self.0.get(..len)?;
        self.0 = &self.0[len..];
        Some(text)
    }
}

/// FNV-1a, 64 bits: a change detector, not a defence (whoever can write the
/// app's files writes its code).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn hash(bytes: &[u8]) -> u64 {
        let mut h = Fnv::new();
        h.write(bytes);
        h.0
    }

    /// A plain loop: this runs over every route file's text on every
    /// `cargo check`, in a debug build.
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut i = 0;
        while i < bytes.len() {
            h = (h ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        self.0 = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(dirs: &[&str], text: &str) -> Source {
        Source {
            kind: SourceKind::Route,
            dirs: dirs.iter().map(|d| d.to_string()).collect(),
            text: text.to_string(),
        }
    }

    fn saved() -> Saved {
        Saved {
            module: "pub mod a { }\n".to_string(),
            value: "Router :: new ()".to_string(),
            notes: vec!["note\nwith a line break".to_string(), String::new()],
        }
    }

    #[test]
    fn the_file_reads_back_what_was_written() {
        let files = vec![
            ("users/[id]/route.rs".to_string(), 1, 2),
            ("(shop)/a b/route.rs".to_string(), u64::MAX, 0),
        ];
        let text = write(7, &files, &saved());
        let parsed =
            parse(&text).map(|(key, read, back)| (key, read, back.module, back.value, back.notes));
        let expected = saved();
        assert_eq!(
            parsed,
            Some((
                7,
                vec![
                    ("users/[id]/route.rs", 1, 2),
                    ("(shop)/a b/route.rs", u64::MAX, 0)
                ],
                expected.module,
                expected.value,
                expected.notes
            ))
        );
        // Cut short, or from another build: not read.
        assert!(parse(&text[..text.len() - 1]).is_none());
        assert!(parse(&text.replacen(BUILD_ID, "other", 1)).is_none());
        assert!(parse(&format!("{text}x")).is_none());
    }

    #[test]
    fn a_body_does_not_change_the_reading_and_a_signature_does() {
        let base = "#[route]\npub async fn GET() -> &'static str {\n    \"a\"\n}\n";
        let read = |text: &str| {
            let s = source(&["x"], text);
            reading(&s, Fnv::hash(text.as_bytes()))
        };
        // A body, a comment, a blank line: the same reading.
        assert_eq!(read(base), read(&base.replace("\"a\"", "\"b\" // c")));
        assert_eq!(read(base), read(&format!("{base}// edit\n")));
        assert_eq!(read(base), read(&format!("\n/* c */{base}\n\n")));
        // Tokens that touch are not the same as tokens apart.
        assert_ne!(
            read(&base.replacen("()", "(x: a::B)", 1)),
            read(&base.replacen("()", "(x: a: :B)", 1))
        );
        assert_eq!(
            read(&base.replacen("()", "(x: a::B)", 1)),
            read(&base.replacen("()", "(x:  a::B /* c */)", 1))
        );
        // A doc comment (the OpenAPI document reads it): another.
        assert_ne!(read(base), read(&format!("/// Doc.\n{base}")));
        assert_ne!(
            read(&format!("/// Doc.\n{base}")),
            read(&format!("/// Doc!\n{base}"))
        );
        // A method, a config, a request-scope name in a body: another.
        assert_ne!(read(base), read(&base.replace("GET", "POST")));
        assert_ne!(
            read(base),
            read(&format!("{base}pub const REVALIDATE: u32 = 10;\n"))
        );
        assert_ne!(read(base), read(&base.replace("\"a\"", "headers(); \"a\"")));
        // No outline (an unclosed brace): the whole text.
        assert_ne!(read("fn GET() {"), read("fn GET() { "));
    }
}
