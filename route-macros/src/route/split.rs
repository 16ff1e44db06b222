//! A handler fn split at its top-level tokens, for the common case: the
//! attribute runs once per handler on every `cargo check`, in a debug build,
//! so it parses nothing with syn. It reads what the glue needs of each
//! argument's type from its tokens (a plain path: `Json<Value>`,
//! `RouteContext`, `State<App>`), and the fn goes back out as the tokens it
//! came in. Anything this does not recognise (generics, a `where` clause,
//! `self`, `const fn`, a type that is not a plain path, two body
//! extractors, ...) is left to the full parse in [`super::expand`], which
//! reports what is wrong.

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};

use crate::signature::{has_impl_trait, mentions};

/// `#[attrs] pub async fn NAME(args) -> Output { body }`, as tokens.
pub struct Split {
    /// Everything before the arguments' parentheses.
    pub head: Vec<TokenTree>,
    /// `pub`, `pub(crate)`, or nothing.
    pub vis: Vec<TokenTree>,
    pub asyncness: bool,
    pub ident: Ident,
    /// The parentheses, as written.
    pub parens: Group,
    pub args: Vec<Arg>,
    /// The tokens after the parentheses: `-> Output` and the body.
    pub tail: Vec<TokenTree>,
    /// The return type's tokens (after `->`), if any.
    pub output: Option<Vec<TokenTree>>,
}

/// One argument: `pattern: Type`.
pub struct Arg {
    pub pattern: Vec<TokenTree>,
    /// The `:` between them.
    pub colon: TokenTree,
    pub ty: Vec<TokenTree>,
    /// What the glue needs of the type.
    pub kind: ArgKind,
}

/// What the glue needs of an argument's type.
#[derive(Debug)]
pub enum ArgKind {
    /// `RouteContext`, bare: this file's route.
    Context,
    /// A body extractor (`Json<T>`, `Option<Form<T>>`, `Request`, ...).
    Body,
    /// `State<T>`: the tokens of `T`.
    State(Vec<TokenTree>),
    /// Any other extractor.
    Other,
}

fn is_punct(tt: &TokenTree, c: char) -> bool {
    matches!(tt, TokenTree::Punct(p) if p.as_char() == c)
}

fn is_joint(tt: &TokenTree, c: char) -> bool {
    matches!(tt, TokenTree::Punct(p) if p.as_char() == c && p.spacing() == Spacing::Joint)
}

fn is_ident(tt: &TokenTree, name: &str) -> bool {
    matches!(tt, TokenTree::Ident(i) if i == name)
}

/// The split, or `None` when the item is not of the plain shape.
pub fn split(item: TokenStream) -> Option<Split> {
    let tokens: Vec<TokenTree> = item.into_iter().collect();
    let mut i = 0;
    let mut vis = Vec::new();
    let mut asyncness = false;
    // Outer attributes, the visibility, `async`, then `fn`.
    loop {
        let word = match tokens.get(i)? {
            tt if is_punct(tt, '#') => match tokens.get(i + 1)? {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                    i += 2;
                    continue;
                }
                _ => return None,
            },
            TokenTree::Ident(word) => word.to_string(),
            _ => return None,
        };
        match word.as_str() {
            "pub" if vis.is_empty() && !asyncness => {
                vis.push(tokens[i].clone());
                i += 1;
                if let Some(TokenTree::Group(g)) = tokens.get(i) {
                    if g.delimiter() == Delimiter::Parenthesis {
                        vis.push(tokens[i].clone());
                        i += 1;
                    }
                }
            }
            "async" if !asyncness => {
                asyncness = true;
                i += 1;
            }
            "fn" => break,
            _ => return None,
        }
    }
    let TokenTree::Ident(ident) = tokens.get(i + 1)? else {
        return None;
    };
    let TokenTree::Group(parens) = tokens.get(i + 2)? else {
        return None;
    };
    if parens.delimiter() != Delimiter::Parenthesis {
        return None;
    }
    let tail = tokens[i + 3..].to_vec();
    let (last, between) = tail.split_last()?;
    match last {
        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {}
        _ => return None,
    }
    let output = match between {
        [] => None,
        [dash, gt, ty @ ..] if is_joint(dash, '-') && is_punct(gt, '>') => {
            if ty.is_empty() || ty.iter().any(|tt| is_ident(tt, "where")) {
                return None;
            }
            Some(ty.to_vec())
        }
        _ => return None,
    };
    let args = arguments(parens.stream())?;
    Some(Split {
        head: tokens[..i + 2].to_vec(),
        vis,
        asyncness,
        ident: ident.clone(),
        parens: parens.clone(),
        args,
        tail,
        output,
    })
}

/// `a: A, b: B<C, D>` -> `[(a, A), (b, B<C, D>)]`; `None` for a receiver, a
/// type that is not a plain path, or anything that does not split cleanly.
fn arguments(stream: TokenStream) -> Option<Vec<Arg>> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::new();
    for arg in top_level(&tokens, ',')? {
        if arg.is_empty() {
            continue; // a trailing comma
        }
        let colon = pattern_end(arg)?;
        let pattern = arg[..colon].to_vec();
        if pattern.is_empty() || pattern.iter().any(|tt| is_ident(tt, "self")) {
            return None;
        }
        let ty = &arg[colon + 1..];
        let kind = kind(ty)?;
        out.push(Arg {
            pattern,
            colon: arg[colon].clone(),
            ty: ty.to_vec(),
            kind,
        });
    }
    Some(out)
}

/// The kind of a plain path type; `None` for any other type, for a
/// `RouteContext` with arguments or anywhere but at the top, and for an
/// `impl Trait`: the full parse rewrites or reports those.
fn kind(ty: &[TokenTree]) -> Option<ArgKind> {
    let (last, args) = path(ty)?;
    if mentions(args, "RouteContext") || has_impl_trait(args) {
        return None;
    }
    match last.as_str() {
        "RouteContext" => args.is_empty().then_some(ArgKind::Context),
        "State" => {
            let first = top_level(args, ',')?.into_iter().next()?;
            if first.is_empty() || is_punct(&first[0], '\'') {
                return None;
            }
            Some(ArgKind::State(first.to_vec()))
        }
        _ => Some(if is_body(&last, args)? {
            ArgKind::Body
        } else {
            ArgKind::Other
        }),
    }
}

/// [`crate::signature::is_body`] of the path type `last<args>`.
fn is_body(last: &str, args: &[TokenTree]) -> Option<bool> {
    if crate::signature::wraps_body(last) {
        let Some(first) = top_level(args, ',')?
            .into_iter()
            .next()
            .filter(|a| !a.is_empty())
        else {
            return Some(false);
        };
        return match path(first) {
            Some((inner, inner_args)) => is_body(&inner, inner_args),
            // `Option<&T>` and the like are not path types: not the body.
            None => Some(false),
        };
    }
    Some(crate::signature::BODY_EXTRACTORS.contains(&last))
}

/// `a::b::C<..>`: its last name and the tokens between its `<..>`; `None`
/// for any other type. (Each name is made a string once: comparing a
/// proc-macro identifier with a `&str` makes one each time.)
fn path(ty: &[TokenTree]) -> Option<(String, &[TokenTree])> {
    let colons = |i: usize| matches!((ty.get(i), ty.get(i + 1)), (Some(a), Some(b)) if is_joint(a, ':') && is_punct(b, ':'));
    let mut i = if colons(0) { 2 } else { 0 };
    loop {
        let TokenTree::Ident(name) = ty.get(i)? else {
            return None;
        };
        let name = name.to_string();
        if crate::signature::starts_other_type(&name) {
            return None;
        }
        i += 1;
        if colons(i) {
            i += 2;
            continue;
        }
        return match ty.get(i) {
            None => Some((name, &[])),
            // `C<..>`, its `>` the type's last token.
            Some(tt) if is_punct(tt, '<') && closing_angle(ty, i)? + 1 == ty.len() => {
                Some((name, &ty[i + 1..ty.len() - 1]))
            }
            _ => None,
        };
    }
}

/// The `>` that closes the `<` at `open` (arrows aside).
fn closing_angle(tokens: &[TokenTree], open: usize) -> Option<usize> {
    let mut angle = 0usize;
    for i in open..tokens.len() {
        if is_punct(&tokens[i], '<') {
            angle += 1;
        } else if is_punct(&tokens[i], '>') && !is_joint(&tokens[i - 1], '-') {
            angle -= 1;
            if angle == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The tokens between the `sep`s that are outside any `<..>`.
fn top_level(tokens: &[TokenTree], sep: char) -> Option<Vec<&[TokenTree]>> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0usize, 0);
    for i in 0..tokens.len() {
        let tt = &tokens[i];
        if is_punct(tt, '<') {
            depth += 1;
        } else if is_punct(tt, '>') && !(i > 0 && is_joint(&tokens[i - 1], '-')) {
            // `->` is not a closing bracket.
            depth = depth.checked_sub(1)?;
        } else if is_punct(tt, sep) && depth == 0 {
            parts.push(&tokens[from..i]);
            from = i + 1;
        }
    }
    parts.push(&tokens[from..]);
    (depth == 0).then_some(parts)
}

/// The index of the `:` that ends an argument's pattern: the first one
/// outside `<..>` that is not half of a `::`.
fn pattern_end(arg: &[TokenTree]) -> Option<usize> {
    let mut depth = 0usize;
    for (k, tt) in arg.iter().enumerate() {
        let TokenTree::Punct(p) = tt else { continue };
        match p.as_char() {
            '<' => depth += 1,
            '>' => depth = depth.checked_sub(1)?,
            ':' if depth == 0 => {
                let joint = p.spacing() == Spacing::Joint;
                let after_joint_colon = k > 0 && is_joint(&arg[k - 1], ':');
                if !joint && !after_joint_colon {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_str(src: &str) -> Option<Split> {
        split(src.parse().expect("lexes"))
    }

    fn text(tokens: &[TokenTree]) -> String {
        tokens
            .iter()
            .cloned()
            .collect::<TokenStream>()
            .to_string()
            .replace(' ', "")
    }

    /// Each argument's type and kind, as `Type=Kind`.
    fn kinds(s: &Split) -> Vec<String> {
        s.args
            .iter()
            .map(|a| {
                let kind = match &a.kind {
                    ArgKind::Context => "Context".to_string(),
                    ArgKind::Body => "Body".to_string(),
                    ArgKind::State(t) => format!("State({})", text(t)),
                    ArgKind::Other => "Other".to_string(),
                };
                format!("{}={kind}", text(&a.ty))
            })
            .collect()
    }

    #[test]
    fn plain_handlers_split() {
        let s = split_str(
            "/// Doc.\n#[allow(unused)] pub async fn POST(ctx: RouteContext, Json(b): Json<HashMap<String, u32>>, f: Box<dyn Fn(u8) -> u8>, s: State<App>, q: ::axum::extract::Query<Q>,) -> Result<Json<T>, E> { body() }",
        )
        .expect("splits");
        assert!(s.asyncness);
        assert_eq!(s.ident, "POST");
        assert_eq!(text(&s.vis), "pub");
        assert_eq!(
            kinds(&s),
            [
                "RouteContext=Context",
                "Json<HashMap<String,u32>>=Body",
                "Box<dynFn(u8)->u8>=Other",
                "State<App>=State(App)",
                "::axum::extract::Query<Q>=Other",
            ]
        );
        assert_eq!(text(&s.args[1].pattern), "Json(b)");
        assert_eq!(
            s.output.as_deref().map(text).as_deref(),
            Some("Result<Json<T>,E>")
        );
        let s = split_str(
            "pub(crate) fn GET(x: a::B, crate::P(y): crate::P<u8>, o: Option<Form<F>>, r: Result<Request, E>, n: Option<u8>) {}",
        )
        .expect("splits");
        assert!(!s.asyncness && s.output.is_none());
        assert_eq!(text(&s.vis), "pub(crate)");
        assert_eq!(
            kinds(&s),
            [
                "a::B=Other",
                "crate::P<u8>=Other",
                "Option<Form<F>>=Body",
                "Result<Request,E>=Body",
                "Option<u8>=Other",
            ]
        );
    }

    #[test]
    fn anything_else_is_left_to_the_full_parse() {
        for src in [
            "fn GET<T>(x: T) {}",
            "fn GET(x: u8) where u8: Copy {}",
            "fn GET(&self) {}",
            "fn GET(self: Box<Self>) {}",
            "const fn GET() {}",
            "unsafe fn GET() {}",
            "async pub fn GET() {}",
            "fn GET(x) {}",
            "fn GET(x: ) {}",
            "fn GET();",
            "struct GET;",
            // Types the full parse rewrites, reports, or reads.
            "fn GET(c: RouteContext<\"/a\">) {}",
            "fn GET(c: RouteContext<super::Params>) {}",
            "fn GET(c: Option<RouteContext>) {}",
            "fn GET(x: impl FromRequest) {}",
            "fn GET(x: Json<impl Serialize>) {}",
            "fn GET(x: &HeaderMap) {}",
            "fn GET(x: (A, B)) {}",
            "fn GET(x: <A as B>::C) {}",
            "fn GET(s: State<'static>) {}",
        ] {
            assert!(split_str(src).is_none(), "{src}");
        }
    }
}
