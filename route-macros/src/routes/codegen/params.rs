//! A route's params struct: `UsersIdParams { id: String }`, how it is read
//! from a request path, serialized (as Next's `params` object), and turned
//! back into a path (for `generate_static_params`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::ident::params_type_name;
use crate::model::segment::Segment;
use crate::model::{ParamKind, Route};
use crate::routes::ScannedFile;

/// The params items of every route, in order, written as text
/// ([`super::text`]: built token by token with `quote!`, they were a
/// quarter of the macro's own time).
pub fn params_items(routes: &[(Route, &ScannedFile)]) -> Vec<TokenStream> {
    let texts: Vec<String> = routes
        .iter()
        .map(|(route, _)| {
            let mut text = String::new();
            params_text(route, &mut text);
            text
        })
        .collect();
    let mut items = super::text::lex_each(&texts);
    // Only `generate_static_params` turns params back into a path.
    for (item, (route, file)) in items.iter_mut().zip(routes) {
        if file.config.static_params.is_some() && !route.params.is_empty() {
            let name = format_ident!("{}", params_type_name(&route.route));
            item.extend(to_path(route, &name));
        }
    }
    items
}

/// `pub struct UsersIdParams { .. }` with its impls, and `pub type Params`
/// naming it (what `RouteContext` resolves to); routes without params share
/// `route_runtime::NoParams`. `Debug`, `Clone`, `PartialEq` and `Eq` are
/// written out (the same impls as `#[derive(..)]`'s, without four derive
/// expansions per route at every `cargo check`); `Debug` and `Serialize`
/// are one call of the runtime each.
fn params_text(route: &Route, out: &mut String) {
    use std::fmt::Write;
    const P: &str = "::route_runtime::__private";
    if route.params.is_empty() {
        out.push_str(
            "#[doc = \"This route has no params.\"] pub type Params = ::route_runtime::NoParams;",
        );
        return;
    }
    let name = params_type_name(&route.route);
    let fields: Vec<String> = route
        .params
        .iter()
        .map(|prm| field_ident(&prm.field, prm.index).to_string())
        .collect();
    let doc = format!(
        "The params of `{}`, generated from its folder names.",
        route.route
    );
    let _ = write!(out, "#[doc = {doc:?}] pub struct {name} {{");
    for (prm, field) in route.params.iter().zip(&fields) {
        let ty = match prm.kind {
            ParamKind::One => "::std::string::String",
            ParamKind::CatchAll => "::std::vec::Vec<::std::string::String>",
            ParamKind::OptionalCatchAll => {
                "::core::option::Option<::std::vec::Vec<::std::string::String>>"
            }
        };
        let _ = write!(out, "pub {field}: {ty},");
    }
    let _ = write!(
        out,
        "}} #[doc = \"What `RouteContext` in this file resolves to.\"] pub type Params = {name};"
    );
    // `impl Params`: reads each param from the (still encoded) path segments.
    let _ = write!(
        out,
        "impl ::route_runtime::Params for {name} {{ fn from_path(__path: &str) -> ::core::result::Result<Self, ::route_runtime::PathError> {{ let mut __segs = {P}::segments(__path);"
    );
    let mut consumed = 0usize;
    for (prm, field) in route.params.iter().zip(&fields) {
        let skip = prm.index - consumed;
        let _ = match prm.kind {
            ParamKind::One => {
                consumed = prm.index + 1;
                write!(out, "let {field} = {P}::param_one(__segs.nth({skip}))?;")
            }
            ParamKind::CatchAll => write!(
                out,
                "let {field} = {P}::param_rest(__segs.by_ref().skip({skip}))?;"
            ),
            ParamKind::OptionalCatchAll => write!(
                out,
                "let {field} = {{ let __all = {P}::param_optional(__segs.by_ref().skip({skip}))?; if __all.is_empty() {{ ::core::option::Option::None }} else {{ ::core::option::Option::Some(__all) }} }};"
            ),
        };
    }
    let _ = write!(
        out,
        "::core::result::Result::Ok({name} {{ {} }}) }} }}",
        fields.join(", ")
    );
    // `("id", ParamRef::One(&self.id)), ..`: the fields as the runtime's
    // `debug_params` (keyed by the field's name, as a derived `Debug`) and
    // `serialize_params` (keyed by the param's name as written in the
    // folder, as Next's `params`) take them.
    let (mut debug_refs, mut serialize_refs) = (String::new(), String::new());
    for (prm, field) in route.params.iter().zip(&fields) {
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
         impl {P}::serde::Serialize for {name} {{ fn serialize<__Ser: {P}::serde::Serializer>(&self, __serializer: __Ser) -> ::core::result::Result<__Ser::Ok, __Ser::Error> {{ {P}::serialize_params(__serializer, {name:?}, &[{serialize_refs}]) }} }}",
        clones.join(", ")
    );
}

/// The field of a param: its Rust name, or `param_N` when that is not an
/// identifier.
fn field_ident(name: &str, index: usize) -> Ident {
    if super::super::scan::is_ident(name) {
        format_ident!("{}", name)
    } else {
        format_ident!("param_{}", index)
    }
}

/// `__to_path`: the URL these params stand for, percent-encoded as a client
/// sends it.
fn to_path(route: &Route, name: &Ident) -> TokenStream {
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
                let field = field_ident(&prm.field, prm.index);
                writes.push(match prm.kind {
                    ParamKind::One => {
                        quote! { __out.push('/'); #p::encode_segment(&self.#field, &mut __out); }
                    }
                    ParamKind::CatchAll => quote! {
                        for __v in &self.#field { __out.push('/'); #p::encode_segment(__v, &mut __out); }
                    },
                    ParamKind::OptionalCatchAll => quote! {
                        for __v in self.#field.iter().flatten() { __out.push('/'); #p::encode_segment(__v, &mut __out); }
                    },
                });
            }
            Segment::Group(_) | Segment::Private => {}
        }
    }
    quote! {
        impl #name {
            /// The request path these params stand for, percent-encoded as a
            /// client sends it (for `generate_static_params`).
            #[doc(hidden)]
            pub fn __to_path(&self) -> ::std::string::String {
                let mut __out = ::std::string::String::new();
                #(#writes)*
                __out
            }
        }
    }
}
