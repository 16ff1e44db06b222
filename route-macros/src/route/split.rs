//! A handler fn split at its top-level tokens, for the common case: the
//! attribute runs once per handler on every `cargo check`, in a debug build
//! of syn, so it parses nothing but the argument types and re-emits every
//! other token as it came. Anything this does not recognise (generics, a
//! `where` clause, `self`, `const fn`, ...) is left to the full parse in
//! [`super::expand`], which reports what is wrong.

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};
use syn::Type;

/// `#[attrs] pub async fn NAME(args) -> Output { body }`, as tokens.
pub struct Split {
    /// Everything before the arguments' parentheses.
    pub head: Vec<TokenTree>,
    /// `pub`, `pub(crate)`, or nothing.
    pub vis: TokenStream,
    pub asyncness: bool,
    pub ident: Ident,
    /// The parentheses, as written.
    pub parens: Group,
    /// Each argument: its pattern's tokens and its type.
    pub args: Vec<(Vec<TokenTree>, Type)>,
    /// The tokens after the parentheses: `-> Output` and the body.
    pub tail: Vec<TokenTree>,
    /// The return type's tokens (after `->`), if any.
    pub output: Option<TokenStream>,
}

fn is_punct(tt: &TokenTree, c: char) -> bool {
    matches!(tt, TokenTree::Punct(p) if p.as_char() == c)
}

fn is_ident(tt: &TokenTree, name: &str) -> bool {
    matches!(tt, TokenTree::Ident(i) if i == name)
}

/// The split, or `None` when the item is not of the plain shape.
pub fn split(item: TokenStream) -> Option<Split> {
    let tokens: Vec<TokenTree> = item.into_iter().collect();
    let mut i = 0;
    let mut vis = TokenStream::new();
    let mut asyncness = false;
    // Outer attributes, the visibility, `async`, then `fn`.
    loop {
        match tokens.get(i)? {
            tt if is_punct(tt, '#') => match tokens.get(i + 1)? {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => i += 2,
                _ => return None,
            },
            tt if is_ident(tt, "pub") && vis.is_empty() && !asyncness => {
                vis.extend([tt.clone()]);
                i += 1;
                if let Some(TokenTree::Group(g)) = tokens.get(i) {
                    if g.delimiter() == Delimiter::Parenthesis {
                        vis.extend([tokens[i].clone()]);
                        i += 1;
                    }
                }
            }
            tt if is_ident(tt, "async") && !asyncness => {
                asyncness = true;
                i += 1;
            }
            tt if is_ident(tt, "fn") => break,
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
        [TokenTree::Punct(dash), gt, ty @ ..]
            if dash.as_char() == '-' && dash.spacing() == Spacing::Joint && is_punct(gt, '>') =>
        {
            if ty.is_empty() || ty.iter().any(|tt| is_ident(tt, "where")) {
                return None;
            }
            Some(ty.iter().cloned().collect())
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

/// `a: A, b: B<C, D>` -> `[(a, A), (b, B<C, D>)]`; `None` for a receiver or
/// anything that does not split cleanly.
fn arguments(stream: TokenStream) -> Option<Vec<(Vec<TokenTree>, Type)>> {
    let mut out = Vec::new();
    for arg in top_level(stream, ',')? {
        if arg.is_empty() {
            continue; // a trailing comma
        }
        let colon = pattern_end(&arg)?;
        let pattern = arg[..colon].to_vec();
        if pattern.iter().any(|tt| is_ident(tt, "self")) {
            return None;
        }
        let ty: Type = syn::parse2(arg[colon + 1..].iter().cloned().collect()).ok()?;
        out.push((pattern, ty));
    }
    Some(out)
}

/// The tokens between the `sep`s that are outside any `<..>`.
fn top_level(stream: TokenStream, sep: char) -> Option<Vec<Vec<TokenTree>>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0usize;
    let mut after_dash = false;
    for tt in stream {
        let dash = matches!(&tt, TokenTree::Punct(p) if p.as_char() == '-' && p.spacing() == Spacing::Joint);
        match &tt {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            // `->` is not a closing bracket.
            TokenTree::Punct(p) if p.as_char() == '>' && !after_dash => {
                depth = depth.checked_sub(1)?;
            }
            TokenTree::Punct(p) if p.as_char() == sep && depth == 0 => {
                parts.push(Vec::new());
                after_dash = false;
                continue;
            }
            _ => {}
        }
        after_dash = dash;
        parts.last_mut()?.push(tt);
    }
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
                let after_joint_colon = k > 0
                    && matches!(&arg[k - 1], TokenTree::Punct(q) if q.as_char() == ':' && q.spacing() == Spacing::Joint);
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

    fn ty(t: &Type) -> String {
        quote::quote!(#t).to_string().replace(' ', "")
    }

    #[test]
    fn plain_handlers_split() {
        let s = split_str(
            "/// Doc.\n#[allow(unused)] pub async fn POST(ctx: RouteContext, Json(b): Json<HashMap<String, u32>>, f: Box<dyn Fn(u8) -> u8>,) -> Result<Json<T>, E> { body() }",
        )
        .expect("splits");
        assert!(s.asyncness);
        assert_eq!(s.ident, "POST");
        assert_eq!(s.vis.to_string(), "pub");
        let types: Vec<String> = s.args.iter().map(|(_, t)| ty(t)).collect();
        assert_eq!(
            types,
            [
                "RouteContext",
                "Json<HashMap<String,u32>>",
                "Box<dynFn(u8)->u8>"
            ]
        );
        assert_eq!(
            s.output.map(|o| o.to_string().replace(' ', "")).as_deref(),
            Some("Result<Json<T>,E>")
        );
        let s =
            split_str("pub(crate) fn GET(x: a::B, crate::P(y): crate::P<u8>) {}").expect("splits");
        assert!(!s.asyncness && s.output.is_none());
        assert_eq!(s.vis.to_string(), "pub (crate)");
        assert_eq!(ty(&s.args[1].1), "crate::P<u8>");
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
        ] {
            assert!(split_str(src).is_none(), "{src}");
        }
    }
}
