//! The glue `#[route]` writes beside a handler, token by token.
//!
//! The attribute runs once per handler on every `cargo check`, in a debug
//! build (as cargo builds proc macros). `quote!` with interpolated streams
//! is a round trip through the proc-macro bridge per interpolation (each
//! stream flushed, then concatenated); here the glue is one `Vec` of token
//! trees, one group at a time, made a stream once.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// Token trees written in order, every one at the span given.
#[derive(Default)]
pub struct Tokens(Vec<TokenTree>);

impl Tokens {
    pub fn ident(&mut self, name: &str, span: Span) -> &mut Self {
        self.0.push(TokenTree::Ident(Ident::new(name, span)));
        self
    }

    /// A punctuation character, alone (`,`, `<`, `!`).
    pub fn punct(&mut self, ch: char, span: Span) -> &mut Self {
        self.punct_spaced(ch, Spacing::Alone, span)
    }

    fn punct_spaced(&mut self, ch: char, spacing: Spacing, span: Span) -> &mut Self {
        let mut p = Punct::new(ch, spacing);
        p.set_span(span);
        self.0.push(TokenTree::Punct(p));
        self
    }

    /// A path written as in source, `::a::b` or `super::c`.
    pub fn path(&mut self, path: &str, span: Span) -> &mut Self {
        for (k, segment) in path.split("::").enumerate() {
            if k > 0 {
                self.punct_spaced(':', Spacing::Joint, span)
                    .punct(':', span);
            }
            if !segment.is_empty() {
                self.ident(segment, span);
            }
        }
        self
    }

    /// A group around what `inner` writes.
    pub fn group(
        &mut self,
        delimiter: Delimiter,
        span: Span,
        inner: impl FnOnce(&mut Tokens),
    ) -> &mut Self {
        let mut tokens = Tokens::default();
        inner(&mut tokens);
        let mut g = Group::new(delimiter, tokens.into_stream());
        g.set_span(span);
        self.0.push(TokenTree::Group(g));
        self
    }

    /// Trees as they came (their own spans).
    pub fn trees(&mut self, trees: &[TokenTree]) -> &mut Self {
        self.0.extend_from_slice(trees);
        self
    }

    pub fn into_stream(self) -> TokenStream {
        self.0.into_iter().collect()
    }

    pub fn into_trees(self) -> Vec<TokenTree> {
        self.0
    }
}

/// The role of an argument in the runtime's `callN`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// The route's params, read from the path (`RouteContext`).
    Context,
    /// The argument that reads the body (`FromRequest`).
    Body,
    /// A parts extractor (`FromRequestParts`).
    Head,
}

/// One argument of the glue: its type's tokens and its role.
pub struct GlueArg<'a> {
    pub ty: &'a [TokenTree],
    pub role: Role,
}

/// What the glue of one handler is written from.
pub struct Glue<'a> {
    pub vis: &'a [TokenTree],
    pub ident: &'a Ident,
    /// The handler's name, as text (`GET`).
    pub name: &'a str,
    pub asyncness: bool,
    pub args: &'a [GlueArg<'a>],
    /// The return type's tokens, if there is one.
    pub output: Option<&'a [TokenTree]>,
    /// The state type the handler names through `State<T>`.
    pub state: Option<&'a [TokenTree]>,
    /// The runtime's module of call fns to use ([`unit_of`]).
    pub unit: usize,
}

/// What `routes!` mounts for the user's handler: `fn __route_GET<S>() ->
/// Call<S>`, whose body is one call of the runtime's generic `callN`
/// (in one of the runtime's `unit` modules: [`unit_of`]) naming each
/// argument's type and
/// role and the return type. The signature, generic over the state or for
/// one state type, comes from `__route_handler!`, which `routes!` defines
/// once per tree (the tree may name its state).
///
/// No function body is written per handler: the extraction is generic code
/// compiled once, in the runtime, as axum's `Handler` impls are. Each role
/// is spanned at its type's first token and the types are the user's own
/// tokens, so that a type that is not an extractor (or a return type that
/// is not a response) is one error, there.
pub fn write(g: &Glue, out: &mut Tokens) {
    let site = Span::call_site();
    let (ident, name) = (g.ident, g.name);
    if let Some(state) = g.state {
        out.punct('#', site)
            .group(Delimiter::Bracket, site, |t| {
                t.ident("doc", site)
                    .group(Delimiter::Parenthesis, site, |t| {
                        t.ident("hidden", site);
                    });
            })
            .ident("pub", site)
            .ident("type", site)
            .ident(&format!("__State_{name}"), ident.span())
            .punct('=', site)
            .trees(state)
            .punct(';', site);
    }
    // The body's argument last (or none): `callN`, which extracts the last
    // argument last, as axum does; anywhere else: `callN_any`.
    let n = g.args.len();
    let body_at = g.args.iter().position(|a| a.role == Role::Body);
    let call = match body_at {
        Some(i) if i + 1 < n => format!("call{n}_any"),
        _ => format!("call{n}"),
    };
    // `__route_handler!{pub __route_POST, __unit6 call2; T1 as __Ctx<super::__Route>,
    // T2 as __Body<_>; _, __Async, R, POST}`: the macro writes the paths into
    // the runtime and the state, so that the fewest tokens cross the
    // proc-macro bridge (each one is serialized there, in a debug build).
    out.ident("__route_handler", site)
        .punct('!', site)
        .group(Delimiter::Brace, site, |t| {
            t.trees(g.vis)
                .ident(&format!("__route_{name}"), ident.span());
            if let Some(state) = g.state {
                t.punct(':', site).trees(state);
            }
            t.punct(',', site)
                .ident(&format!("__unit{}", g.unit), site)
                .ident(&call, site)
                .punct(';', site);
            write_args(g.args, t);
            t.punct(';', site);
            if g.asyncness {
                t.ident("_", ident.span());
            } else {
                write_output(g, t);
            }
            let flavour = if g.asyncness { "__Async" } else { "__Blocking" };
            t.punct(',', site).ident(flavour, site).punct(',', site);
            write_output(g, t);
            t.punct(',', site).trees(&[TokenTree::Ident(ident.clone())]);
        });
}

/// `T1 as __Ctx<super::__Route>, T2 as __Body<_>`: each argument's type
/// and its role, the role spanned at the type's first token.
fn write_args(args: &[GlueArg], t: &mut Tokens) {
    let site = Span::call_site();
    for (k, a) in args.iter().enumerate() {
        if k > 0 {
            t.punct(',', site);
        }
        let span = first_span(a.ty);
        // `as`, not `=>`: a type's last token may be a joint `>`
        // (`State<Db>,` in the source), which the compiler would
        // glue to a `=` after it (`>=`).
        t.trees(a.ty).ident("as", site);
        match a.role {
            Role::Context => {
                t.ident("__Ctx", span)
                    .punct('<', span)
                    .path("super::__Route", span)
                    .punct('>', span);
            }
            Role::Body => {
                t.ident("__Body", span)
                    .punct('<', span)
                    .ident("_", span)
                    .punct('>', span);
            }
            Role::Head => {
                t.ident("__Head", span);
            }
        }
    }
}

/// The handler's output type: `()` when it has none, `_` for an `impl
/// Trait` (inferred), else the user's tokens.
fn write_output(g: &Glue, t: &mut Tokens) {
    match g.output {
        None => {
            t.group(Delimiter::Parenthesis, g.ident.span(), |_| {});
        }
        Some(ty) if crate::signature::has_impl_trait(ty) => {
            t.ident("_", first_span(ty));
        }
        Some(ty) => {
            t.trees(ty);
        }
    }
}

/// The span of a type's first token: what `syn::spanned::Spanned` gives
/// for a type on stable, where spans cannot be joined.
pub fn first_span(ty: &[TokenTree]) -> Span {
    ty.first().map_or_else(Span::call_site, TokenTree::span)
}

/// Which of the runtime's modules of call fns (`unit0` ..) a handler's
/// glue calls: a hash of the end of its file's path, so that an app's handlers
/// spread over the [`route_rules::CALL_UNITS`] codegen units of a release
/// build (rustc puts each instance of a generic fn in the unit of the module
/// that defines it) the way a hand-written app's modules do. The two
/// handlers of a file go to the same unit. Read from the attribute's call
/// site (`Span::file`, stable since Rust 1.88), so that `routes!` writes
/// nothing per route for it; unit 0 outside a proc macro (unit tests).
pub fn unit_of() -> usize {
    if !proc_macro::is_available() {
        return 0;
    }
    let file = proc_macro::Span::call_site().file();
    let bytes = file.as_bytes();
    // The last three components (`users/[id]/route.rs`): the same unit
    // wherever the app is checked out, and so the same compiler messages.
    // Plain loops: this runs per handler, in a debug build.
    let mut start = bytes.len();
    let mut separators = 0;
    while start > 0 {
        if matches!(bytes[start - 1], b'/' | b'\\') {
            separators += 1;
            if separators == 3 {
                break;
            }
        }
        start -= 1;
    }
    // FNV-1a, `\` read as `/`.
    let mut hash: u32 = 0x811c_9dc5;
    let mut k = start;
    while k < bytes.len() {
        let b = if bytes[k] == b'\\' { b'/' } else { bytes[k] };
        hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        k += 1;
    }
    hash as usize % route_rules::CALL_UNITS
}
