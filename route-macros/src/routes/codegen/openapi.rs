//! `routes!(.., openapi)`: the tree's `openapi()`, and in each route
//! module the `__route_openapi!` macro that `#[route]` calls beside each
//! handler. The macro expands inside the route file's module, so the body
//! types are named as the file names them (its `use`s, its private types);
//! it writes `__openapi_<METHOD>()`, which asks schemars for their schemas.
//! Everything else (paths, params, summaries, what kind of body) is read
//! here from the file's syntax and written as constants.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{GenericArgument, PathArguments, ReturnType, Type};

use super::super::scan::{relex, Handler};
use super::{module_ident, Output};
use crate::model::{method, ParamKind, Route};
use crate::routes::ScannedFile;

/// The `__route_openapi!` macro of one route module, when the document is
/// asked for: one arm per handler (`__route_handler!` calls it; a tree
/// without `openapi` has neither the macro nor the calls).
pub fn route_macro(file: &ScannedFile) -> TokenStream {
    let b = quote!(::route_runtime::openapi::build);
    let arms = file.handlers.iter().map(|h| {
        let m = Ident::new(&h.method, proc_macro2::Span::call_site());
        let f = format_ident!("__openapi_{}", h.method);
        let (_, body, query) = request(h);
        let (_, reply) = reply(h);
        let error = h.operation.as_ref().and_then(|o| o.error.clone());
        let schema = |t: Option<Type>| match t {
            Some(t) => {
                let t = relex(&t);
                quote!(__b.schema::<#t>())
            }
            None => quote!(::core::option::Option::None),
        };
        let (body, query, reply, error) =
            (schema(body), schema(query), schema(reply), schema(error));
        quote! {
            (#m) => {
                ::route_runtime::__openapi_quiet! {
                    #[doc(hidden)]
                    #[allow(unused_variables)]
                    pub fn #f(__b: &mut #b::Builder) -> #b::Schemas {
                        [#body, #query, #reply, #error]
                    }
                }
            };
        }
    });
    quote! {
        macro_rules! __route_openapi {
            #(#arms)*
            ($($t:tt)*) => {};
        }
    }
}

/// `pub fn openapi()`: the document, built at run time from the constants
/// here and the schemas of each handler's types. `router` is false when the
/// tree has errors: the function then documents nothing.
pub fn openapi_fn(routes: &[(Route, &ScannedFile)], out: &Output, router: bool) -> TokenStream {
    let b = quote!(::route_runtime::openapi::build);
    let mut steps = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, (route, file)) in routes.iter().enumerate().filter(|_| router) {
        let module = module_ident(i);
        let allow = method::allow_header(file.methods.iter().map(String::as_str));
        let (summary, description) = split_doc(&file.doc);
        let tag = tag(route);
        let file_name = route.file(out.app);
        let name = &route.route;
        let base_id = unique_id(&mut ids, &operation_base(route));
        for pattern in &route.patterns {
            let path = openapi_path(pattern);
            let params = route
                .params
                .iter()
                .filter(|p| path.contains(&format!("{{{}}}", p.name)))
                .map(|p| {
                    let name = &p.name;
                    let catch_all = p.kind != ParamKind::One;
                    let folder = match p.kind {
                        ParamKind::One => format!("[{name}]"),
                        ParamKind::CatchAll => format!("[...{name}]"),
                        ParamKind::OptionalCatchAll => format!("[[...{name}]]"),
                    };
                    quote!(#b::Param { name: #name, catch_all: #catch_all, folder: #folder })
                });
            // An optional catch-all's second path gets ids of its own.
            let path_id = if pattern == &route.patterns[0] {
                base_id.clone()
            } else {
                unique_id(&mut ids, &format!("{base_id}_all"))
            };
            steps.push(quote! {
                __b.path(#path, &[#(#params),*], #name, #file_name, #allow, #summary, #description, #tag);
            });
            for h in &file.handlers {
                let op = operation(h, &path_id);
                let f = format_ident!("__openapi_{}", h.method);
                steps.push(quote! {
                    let __s = #module::route::#f(&mut __b);
                    __b.operation(#path, #tag, &#op, __s);
                });
            }
            let has = |m: &str| file.methods.iter().any(|x| x == m);
            let head = has("GET") && !has("HEAD");
            let options = !has("OPTIONS");
            steps.push(quote!(__b.automatic(#path, #path_id, #head, #options);));
        }
    }
    quote! {
        ::route_runtime::__openapi_item! {
            /// The OpenAPI 3.1 document of this tree: every path and method,
            /// with the handlers' doc comments and body schemas.
            pub fn openapi() -> ::route_runtime::openapi::OpenApi {
                let mut __b = #b::Builder::new(::core::env!("CARGO_PKG_NAME"), ::core::env!("CARGO_PKG_VERSION"));
                #(#steps)*
                __b.finish()
            }
        }
    }
}

/// The `Op` constant of one handler.
fn operation(h: &Handler, path_id: &str) -> TokenStream {
    let b = quote!(::route_runtime::openapi::build);
    let method = h.method.to_lowercase();
    let id = format!("{method}_{path_id}");
    let (summary, description) = split_doc(&h.doc);
    let (request, _, query) = request(h);
    let query = query.is_some();
    let (r, _) = reply(h);
    let request = match request {
        Body::None => quote!(#b::Request::None),
        Body::Json(required) => quote!(#b::Request::Json { required: #required }),
        Body::Form(required) => quote!(#b::Request::Form { required: #required }),
    };
    let Reply {
        json,
        status,
        fallible,
        empty,
        code,
    } = r;
    let error = h.operation.as_ref().is_some_and(|o| o.error.is_some());
    quote! {
        #b::Op {
            method: #method,
            operation_id: #id,
            summary: #summary,
            description: #description,
            request: #request,
            query: #query,
            reply: #b::Reply { json: #json, status: #status, fallible: #fallible, empty: #empty, code: #code, error: #error },
        }
    }
}

/// `/blog/{*slug}` (axum) -> `/blog/{slug}` (OpenAPI path templating).
pub fn openapi_path(pattern: &str) -> String {
    pattern.replace("{*", "{")
}

/// The first line (or paragraph) of a doc comment as the summary; the
/// whole comment as the description when there is more.
pub fn split_doc(doc: &str) -> (String, String) {
    let first = doc.split("\n\n").next().unwrap_or_default();
    let summary = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = if doc.trim() == first.trim() {
        String::new()
    } else {
        doc.to_string()
    };
    (summary, description)
}

/// The tag of a route: its static segments before the first param
/// (`/api/todos/[id]` -> `api/todos`); none for `/`.
pub fn tag(route: &Route) -> String {
    route
        .route
        .split('/')
        .filter(|s| !s.is_empty())
        .take_while(|s| !s.starts_with('['))
        .collect::<Vec<_>>()
        .join("/")
}

/// `users_id` for `/users/[id]`, `root` for `/`.
fn operation_base(route: &Route) -> String {
    let mut id = String::new();
    for c in route.route.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_').to_string();
    if id.is_empty() {
        "root".into()
    } else {
        id
    }
}

/// `id`, or `id_2`, `id_3`.. when taken.
fn unique_id(taken: &mut BTreeSet<String>, id: &str) -> String {
    let mut candidate = id.to_string();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{id}_{n}");
        n += 1;
    }
    candidate
}

/// What kind of request body a handler reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Body {
    None,
    /// `Json<T>`; `false` for `Option<Json<T>>`.
    Json(bool),
    Form(bool),
}

/// What the return type says of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Reply {
    pub json: bool,
    pub status: bool,
    pub fallible: bool,
    pub empty: bool,
    /// `#[openapi::operation(status = ..)]`; 0 when not given.
    pub code: u16,
}

/// The name of a type's last path segment, and its first type argument:
/// `axum::Json<Todo>` -> (`Json`, `Todo`).
fn head(ty: &Type) -> Option<(String, Option<&Type>)> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let arg = match &last.arguments {
        PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    Some((last.ident.to_string(), arg))
}

/// The request body (its kind and `T`) and the `Query<T>` of a handler;
/// `#[openapi::operation(request = T, query = T)]` says it where the
/// signature does not.
pub fn request(h: &Handler) -> (Body, Option<Type>, Option<Type>) {
    let (mut body, mut query) = request_of_signature(h);
    if let Some(op) = &h.operation {
        if let Some(t) = &op.request {
            body = (Body::Json(true), Some(t.clone()));
        }
        if let Some(t) = &op.query {
            query = Some(t.clone());
        }
    }
    (body.0, body.1, query)
}

fn request_of_signature(h: &Handler) -> ((Body, Option<Type>), Option<Type>) {
    let mut body = (Body::None, None);
    let mut query = None;
    for input in h.sig.iter().flat_map(|sig| &sig.inputs) {
        let syn::FnArg::Typed(pt) = input else {
            continue;
        };
        let (ty, required) = match head(&pt.ty) {
            Some((name, Some(inner))) if name == "Option" => (inner, false),
            _ => (&*pt.ty, true),
        };
        match head(ty) {
            Some((name, Some(t))) if name == "Json" => {
                body = (Body::Json(required), Some(t.clone()))
            }
            Some((name, Some(t))) if name == "Form" => {
                body = (Body::Form(required), Some(t.clone()))
            }
            Some((name, Some(t))) if name == "Query" => query = Some(t.clone()),
            _ => {}
        }
    }
    (body, query)
}

/// What the return type says, and the `T` of its `Json<T>`;
/// `#[openapi::operation(response = T, status = ..)]` says it where the
/// signature does not.
pub fn reply(h: &Handler) -> (Reply, Option<Type>) {
    let (mut r, mut t) = reply_of_signature(h);
    if let Some(op) = &h.operation {
        if let Some(ty) = &op.response {
            (r.json, r.empty, t) = (true, false, Some(ty.clone()));
        }
        r.code = op.status;
    }
    (r, t)
}

fn reply_of_signature(h: &Handler) -> (Reply, Option<Type>) {
    let mut r = Reply::default();
    let Some(sig) = &h.sig else {
        return (r, None);
    };
    let ty = match &sig.output {
        ReturnType::Default => {
            r.empty = true;
            return (r, None);
        }
        ReturnType::Type(_, ty) => &**ty,
    };
    let ty = match head(ty) {
        Some((name, Some(ok))) if name == "Result" => {
            r.fallible = true;
            ok
        }
        _ => ty,
    };
    let json = |t: &Type| match head(t) {
        Some((name, Some(inner))) if name == "Json" => Some(inner.clone()),
        _ => None,
    };
    let is_status = |t: &Type| matches!(head(t), Some((name, _)) if name == "StatusCode");
    match ty {
        Type::Tuple(t) if t.elems.is_empty() => r.empty = true,
        Type::Tuple(t) => {
            r.status = t.elems.iter().any(is_status);
            if let Some(inner) = t.elems.last().and_then(json) {
                r.json = true;
                return (r, Some(inner));
            }
        }
        t if is_status(t) => r.empty = true,
        t => {
            if let Some(inner) = json(t) {
                r.json = true;
                return (r, Some(inner));
            }
        }
    }
    (r, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handler(sig: &str) -> Handler {
        let f: syn::ItemFn = syn::parse_str(&format!("{sig} {{}}")).expect("fn");
        Handler {
            method: f.sig.ident.to_string(),
            doc: String::new(),
            sig: Some(f.sig),
            operation: crate::openapi_attr::find(&f.attrs),
        }
    }

    fn ty(t: &Option<Type>) -> String {
        t.as_ref()
            .map(|t| quote!(#t).to_string().replace(' ', ""))
            .unwrap_or_default()
    }

    #[test]
    fn request_bodies_from_arguments() {
        let cases = [
            (
                "async fn POST(Json(b): Json<NewTodo>)",
                Body::Json(true),
                "NewTodo",
                "",
            ),
            (
                "async fn POST(b: Option<axum::Json<A>>)",
                Body::Json(false),
                "A",
                "",
            ),
            (
                "async fn POST(Form(f): Form<Login>)",
                Body::Form(true),
                "Login",
                "",
            ),
            (
                "async fn GET(Query(q): Query<Page>, r: Request)",
                Body::None,
                "",
                "Page",
            ),
            ("async fn GET(r: Request)", Body::None, "", ""),
        ];
        for (sig, kind, body, query) in cases {
            let (k, b, q) = request(&handler(sig));
            assert_eq!(
                (k, ty(&b).as_str(), ty(&q).as_str()),
                (kind, body, query),
                "{sig}"
            );
        }
    }

    #[test]
    fn replies_from_return_types() {
        let json = Reply {
            json: true,
            ..Reply::default()
        };
        let cases = [
            ("async fn GET() -> Json<Vec<Todo>>", json, "Vec<Todo>"),
            (
                "async fn GET() -> Result<Json<Todo>, ApiError>",
                Reply {
                    fallible: true,
                    ..json
                },
                "Todo",
            ),
            (
                "async fn GET() -> (StatusCode, Json<Todo>)",
                Reply {
                    status: true,
                    ..json
                },
                "Todo",
            ),
            ("async fn GET() -> Response", Reply::default(), ""),
            ("async fn GET() -> impl IntoResponse", Reply::default(), ""),
            (
                "async fn GET() -> Result<Response, E>",
                Reply {
                    fallible: true,
                    ..Reply::default()
                },
                "",
            ),
            (
                "async fn GET() -> StatusCode",
                Reply {
                    empty: true,
                    ..Reply::default()
                },
                "",
            ),
            (
                "async fn GET()",
                Reply {
                    empty: true,
                    ..Reply::default()
                },
                "",
            ),
        ];
        for (sig, want, schema) in cases {
            let (r, t) = reply(&handler(sig));
            assert_eq!((r, ty(&t).as_str()), (want, schema), "{sig}");
        }
    }

    #[test]
    fn the_operation_attribute_says_what_the_signature_does_not() {
        let h = handler(
            "#[openapi::operation(request = NewTodo, response = Todo, status = 201)] \
             async fn POST(r: Request) -> Result<Response, ApiError>",
        );
        let (kind, body, _) = request(&h);
        assert_eq!((kind, ty(&body).as_str()), (Body::Json(true), "NewTodo"));
        let (r, t) = reply(&h);
        assert_eq!(ty(&t), "Todo");
        assert_eq!(
            r,
            Reply {
                json: true,
                fallible: true,
                code: 201,
                ..Reply::default()
            }
        );
    }

    #[test]
    fn paths_and_summaries() {
        assert_eq!(openapi_path("/blog/{*slug}"), "/blog/{slug}");
        assert_eq!(openapi_path("/users/{id}/posts"), "/users/{id}/posts");
        assert_eq!(
            split_doc("One user.\n\nMore."),
            ("One user.".into(), "One user.\n\nMore.".into())
        );
        assert_eq!(
            split_doc("Lists\nall users."),
            ("Lists all users.".into(), String::new())
        );
        assert_eq!(split_doc(""), (String::new(), String::new()));
        let mut taken = BTreeSet::new();
        assert_eq!(unique_id(&mut taken, "a"), "a");
        assert_eq!(unique_id(&mut taken, "a"), "a_2");
    }
}
