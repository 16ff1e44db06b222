//! The params structs of a tree (`IdParams { id: String }`), one per shape
//! (the names and kinds of a route's params, in order): how each is read
//! from a request path, serialized (as Next's `params` object), and what
//! each route's module says of its own (`Params`, `__Route`, `__to_path`).
//!
//! One struct per shape rather than per route: at every `cargo check` the
//! compiler pays for each struct's impls, and most routes with params share
//! a few shapes (`[id]`, `[slug]`). Where a route's params sit in its path
//! (which differs between `/users/[id]` and `/a/b/[id]`) is its module's
//! `__Route`: a marker, one per shape and layout, whose `LAYOUT` the shared
//! `from_path` reads.

use std::collections::HashMap;
use std::fmt::Write;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::ident::params_type_name;
use crate::model::segment::Segment;
use crate::model::tree::Param;
use crate::model::{ParamKind, Route};
use crate::routes::ScannedFile;

const P: &str = "::route_runtime::__private";

/// How many of the routes sharing a params struct its doc lists.
const DOC_ROUTES: usize = 8;

/// The tree's params structs (for the tree's module), and the text of each
/// route's params items (for its module), in order. All of it is written
/// as text ([`super::text`]: built token by token with `quote!`, it was a
/// quarter of the macro's own time), lexed by the caller with the rest of
/// each module.
///
/// `every`: each route's module gets `Params` and `__Route` (a documented
/// tree, `routes!(mod app)`, whose modules others may name); otherwise a
/// route without params gets them only when its file names `RouteContext`
/// or `Params`, the only ways to reach them (the tree is inside a block).
pub fn params_items(routes: &[(Route, &ScannedFile)], every: bool) -> (TokenStream, Vec<String>) {
    let mut shapes = Shapes::default();
    let mut texts = vec![String::new()];
    for (route, file) in routes {
        let mut text = String::new();
        if route.params.is_empty() {
            if every || file.names_params {
                text.push_str(
                    "#[doc = \"This route has no params.\"] pub type Params = ::route_runtime::NoParams; \
                     use ::route_runtime::__private::NoRouteParams as __Route;",
                );
            }
            texts.push(text);
            continue;
        }
        let shape = shapes.shape_of(route);
        let marker = shapes.marker_of(shape, route);
        let _ = write!(
            text,
            "#[doc = {doc:?}] pub type Params = super::{shape}; use super::__Layout{marker} as __Route;",
            doc = format!(
                "What `RouteContext` in this file resolves to: the params of `{}`.",
                route.route
            ),
            shape = shapes.shapes[shape].name,
        );
        texts.push(text);
    }
    for shape in &shapes.shapes {
        shape_text(shape, &mut texts[0]);
    }
    texts[0].push_str(&shapes.markers_text);
    let items = super::text::lex_each(&texts[..1]).pop().unwrap_or_default();
    texts.remove(0);
    (items, texts)
}

/// The params structs of a tree as its routes are met, and the
/// `RouteParams` markers, one per (shape, layout): `/users/[id]` and
/// `/posts/[id]` share one; each route's module imports its own as
/// `__Route`. Markers are items the compiler pays for at every check.
#[derive(Default)]
struct Shapes<'a> {
    shapes: Vec<Shape<'a>>,
    by_key: HashMap<Vec<(String, &'a str, ParamKind)>, usize>,
    names: HashMap<String, usize>,
    markers: HashMap<(usize, String), usize>,
    markers_text: String,
}

impl<'a> Shapes<'a> {
    /// The shape of `route`'s params (its index), named after them on first
    /// sight (`IdParams`, `IdParams2` for another shape of the same name).
    fn shape_of(&mut self, route: &'a Route) -> usize {
        let fields: Vec<String> = route
            .params
            .iter()
            .map(|prm| field(prm).to_string())
            .collect();
        let key = route
            .params
            .iter()
            .zip(&fields)
            .map(|(prm, f)| (f.clone(), prm.name.as_str(), prm.kind))
            .collect();
        let shape = *self.by_key.entry(key).or_insert_with(|| {
            let base = params_type_name(route.params.iter().map(|p| (p.name.as_str(), p.kind)));
            let seen = self.names.entry(base.clone()).or_insert(0);
            *seen += 1;
            let name = match *seen {
                1 => base,
                n => format!("{base}{n}"),
            };
            self.shapes.push(Shape {
                name,
                params: &route.params,
                fields,
                routes: Vec::new(),
            });
            self.shapes.len() - 1
        });
        self.shapes[shape].routes.push(&route.route);
        shape
    }

    /// The marker of `shape` at `route`'s layout (its index), written on
    /// first sight.
    fn marker_of(&mut self, shape: usize, route: &Route) -> usize {
        let layout = layout(route);
        let next = self.markers.len();
        let name = &self.shapes[shape].name;
        let text = &mut self.markers_text;
        *self.markers.entry((shape, layout.clone())).or_insert_with(|| {
            let _ = write!(
                text,
                "#[doc(hidden)] pub enum __Layout{next} {{}} \
                 impl {P}::RouteParams for __Layout{next} {{ type Params = {name}; const LAYOUT: [usize; {n}] = [{layout}]; }} ",
                n = route.params.len(),
            );
            next
        })
    }
}

/// A route module's params items as tokens, from its text: with
/// `__to_path` where `generate_static_params` turns params back into a
/// path (the only use of it).
pub fn route_params_tokens(text: &str, (route, file): (&Route, &ScannedFile)) -> TokenStream {
    let mut items = super::text::lex_each(&[text.to_string()])
        .pop()
        .unwrap_or_default();
    if file.config.static_params.is_some() && !route.params.is_empty() {
        items.extend(to_path(route));
    }
    items
}

/// One params struct, and the routes that take it.
struct Shape<'a> {
    name: String,
    /// The params of the first route with this shape (the others' differ
    /// only in where they sit).
    params: &'a [Param],
    fields: Vec<String>,
    routes: Vec<&'a str>,
}

/// Where a route's params sit in its path, as `LAYOUT`'s elements: for
/// each param, the segments to skip before it (after the previous one).
fn layout(route: &Route) -> String {
    let mut layout = String::new();
    let mut consumed = 0usize;
    for prm in &route.params {
        let _ = write!(layout, "{},", prm.index - consumed);
        if prm.kind == ParamKind::One {
            consumed = prm.index + 1;
        }
    }
    layout
}

/// `pub struct IdParams { .. }` with its impls. `Debug`, `Clone`,
/// `PartialEq` and `Eq` are written out (the same impls as `#[derive(..)]`'s,
/// without four derive expansions at every `cargo check`); `Debug` and
/// `Serialize` are one call of the runtime each.
fn shape_text(shape: &Shape, out: &mut String) {
    let Shape { name, routes, .. } = shape;
    let mut listed: Vec<String> = routes
        .iter()
        .take(DOC_ROUTES)
        .map(|r| format!("`{r}`"))
        .collect();
    if routes.len() > DOC_ROUTES {
        listed.push(format!("and {} more", routes.len() - DOC_ROUTES));
    }
    let doc = format!(
        "The params of {}, generated from the folder names (routes whose params have the same names and kinds share one struct).",
        listed.join(", ")
    );
    let _ = write!(out, "#[doc = {doc:?}] pub struct {name} {{");
    struct_and_from_path(shape, out);
    impls_text(shape, out);
}

/// The struct's fields and its `impl Params`, which reads each param from
/// the (still encoded) path segments, skipping what the route's layout
/// says before each.
fn struct_and_from_path(shape: &Shape, out: &mut String) {
    let Shape {
        name,
        params,
        fields,
        ..
    } = shape;
    for (prm, field) in params.iter().zip(fields) {
        let ty = match prm.kind {
            ParamKind::One => "::std::string::String",
            ParamKind::CatchAll => "::std::vec::Vec<::std::string::String>",
            ParamKind::OptionalCatchAll => {
                "::core::option::Option<::std::vec::Vec<::std::string::String>>"
            }
        };
        let _ = write!(out, "pub {field}: {ty},");
    }
    let n = params.len();
    let _ = write!(
        out,
        "}} impl ::route_runtime::Params for {name} {{ type Layout = [usize; {n}]; \
         fn from_path(__path: &str, __at: [usize; {n}]) -> ::core::result::Result<Self, ::route_runtime::PathError> {{ \
         let mut __segs = {P}::segments(__path);"
    );
    for (i, (prm, field)) in params.iter().zip(fields).enumerate() {
        let _ = match prm.kind {
            ParamKind::One => write!(out, "let {field} = {P}::param_one(__segs.nth(__at[{i}]))?;"),
            ParamKind::CatchAll => write!(
                out,
                "let {field} = {P}::param_rest(__segs.by_ref().skip(__at[{i}]))?;"
            ),
            ParamKind::OptionalCatchAll => write!(
                out,
                "let {field} = {{ let __all = {P}::param_optional(__segs.by_ref().skip(__at[{i}]))?; if __all.is_empty() {{ ::core::option::Option::None }} else {{ ::core::option::Option::Some(__all) }} }};"
            ),
        };
    }
    let _ = write!(
        out,
        "::core::result::Result::Ok({name} {{ {} }}) }} }}",
        fields.join(", ")
    );
}

/// `Debug`, `Clone`, `PartialEq`, `Eq` and `Serialize` for the struct.
fn impls_text(shape: &Shape, out: &mut String) {
    let Shape {
        name,
        params,
        fields,
        ..
    } = shape;
    // `("id", ParamRef::One(&self.id)), ..`: the fields as the runtime's
    // `debug_params` (keyed by the field's name, as a derived `Debug`) and
    // `serialize_params` (keyed by the param's name as written in the
    // folder, as Next's `params`) take them.
    let (mut debug_refs, mut serialize_refs) = (String::new(), String::new());
    for (prm, field) in params.iter().zip(fields) {
        let kind = match prm.kind {
            ParamKind::One => "One",
            ParamKind::CatchAll => "Rest",
            ParamKind::OptionalCatchAll => "Optional",
        };
        let value = format!("{P}::ParamRef::{kind}(&self.{field})");
        let _ = write!(
            debug_refs,
            "({:?}, {value}),",
            field.trim_start_matches("r#")
        );
        let _ = write!(serialize_refs, "({:?}, {value}),", prm.name);
    }
    let clones: Vec<String> = fields
        .iter()
        .map(|f| format!("{f}: ::core::clone::Clone::clone(&self.{f})"))
        .collect();
    let eqs: String = fields
        .iter()
        .map(|f| format!(" && self.{f} == __other.{f}"))
        .collect();
    let _ = write!(
        out,
        "impl ::core::fmt::Debug for {name} {{ fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{ {P}::debug_params(__f, {name:?}, &[{debug_refs}]) }} }} \
         impl ::core::clone::Clone for {name} {{ fn clone(&self) -> Self {{ {name} {{ {} }} }} }} \
         impl ::core::cmp::PartialEq for {name} {{ fn eq(&self, __other: &Self) -> bool {{ true{eqs} }} }} \
         impl ::core::cmp::Eq for {name} {{}} \
         impl {P}::serde::Serialize for {name} {{ fn serialize<__Ser: {P}::serde::Serializer>(&self, __serializer: __Ser) -> ::core::result::Result<__Ser::Ok, __Ser::Error> {{ {P}::serialize_params(__serializer, {name:?}, &[{serialize_refs}]) }} }} ",
        clones.join(", ")
    );
}

/// The field of a param: its Rust name, or `param_N` when that is not an
/// identifier.
fn field(prm: &Param) -> Ident {
    if super::super::scan::is_ident(&prm.field) {
        format_ident!("{}", prm.field)
    } else {
        format_ident!("param_{}", prm.index)
    }
}

/// `__to_path`: the URL a route's params stand for, percent-encoded as a
/// client sends it.
fn to_path(route: &Route) -> TokenStream {
    let p = quote!(::route_runtime::__private);
    let mut writes = Vec::new();
    let mut params = route.params.iter();
    for seg in &route.segments {
        match seg {
            Segment::Static(_) => {
                // The same percent-encoding as the axum pattern.
                let encoded = crate::model::tree::patterns(std::slice::from_ref(seg)).remove(0);
                writes.push(quote!(__out.push_str(#encoded);));
            }
            Segment::Dynamic(_) | Segment::CatchAll(_) | Segment::OptionalCatchAll(_) => {
                let Some(prm) = params.next() else { continue };
                let field = field(prm);
                writes.push(match prm.kind {
                    ParamKind::One => {
                        quote! { __out.push('/'); #p::encode_segment(&__params.#field, &mut __out); }
                    }
                    ParamKind::CatchAll => quote! {
                        for __v in &__params.#field { __out.push('/'); #p::encode_segment(__v, &mut __out); }
                    },
                    ParamKind::OptionalCatchAll => quote! {
                        for __v in __params.#field.iter().flatten() { __out.push('/'); #p::encode_segment(__v, &mut __out); }
                    },
                });
            }
            Segment::Group(_) | Segment::Private => {}
        }
    }
    quote! {
        /// The request path these params stand for, percent-encoded as a
        /// client sends it (for `generate_static_params`).
        #[doc(hidden)]
        pub fn __to_path(__params: &Params) -> ::std::string::String {
            let mut __out = ::std::string::String::new();
            #(#writes)*
            __out
        }
    }
}
