//! Every user-facing message of the macros, in one place.
//!
//! Messages follow one style: lowercase, no trailing period, code and paths in
//! backticks, what is wrong and then what to do. Folder messages quote the rule
//! as Next.js words it, so a search for Next's message finds ours too.

use std::fmt::Display;

// ---- folder grammar (one folder) ----

pub fn optional_not_catch_all(folder: &str) -> String {
    format!(
        "`{folder}`: optional segments must be catch-all: write `[[...name]]` or `[name]` \
         (Next.js: \"Optional route parameters are not yet supported\")"
    )
}
pub fn malformed_brackets(folder: &str) -> String {
    format!(
        "`{folder}`: malformed dynamic segment: write `[name]`, `[...name]` or `[[...name]]`, \
         with brackets only around the whole folder name"
    )
}
pub fn empty_param_name(folder: &str) -> String {
    format!("`{folder}`: a dynamic segment needs a name, as in `[id]` or `[...slug]`")
}
pub fn extra_dots(folder: &str) -> String {
    format!(
        "`{folder}`: a catch-all is written with exactly three dots, as in `[...slug]` \
         (Next.js: \"Segment names may not start or end with extra brackets or dots\")"
    )
}
pub fn param_name_chars(folder: &str) -> String {
    format!("`{folder}`: a parameter name may not contain `.`, `/`, `[`, `]`, `{{` or `}}`")
}
pub fn empty_group(folder: &str) -> String {
    format!("`{folder}`: a route group needs a name, as in `(marketing)`")
}
pub fn unsupported_folder(folder: &str, what: &str) -> String {
    format!("`{folder}`: {what} belong to Next.js pages and are not supported for route handlers")
}
pub fn bad_percent(folder: &str) -> String {
    format!("`{folder}`: the folder name has a malformed percent-escape: write `%` followed by two hex digits, e.g. `%5F` for `_`")
}
pub fn dot_folder(folder: &str, decoded: &str) -> String {
    format!(
        "`{folder}`: the folder name decodes to `{decoded}`, a dot segment no request can reach \
         (clients and the router resolve it): rename the folder"
    )
}

// ---- across folders and files ----

pub fn catch_all_not_last(path: &str, catch_all: &str) -> String {
    format!(
        "`{path}`: catch-all must be the last part of the URL: nothing may follow `{catch_all}` \
         (Next.js: \"Catch-all must be the last part of the URL.\")"
    )
}
pub fn different_slug_names(a: &str, b: &str, at: &str, first: &str, second: &str) -> String {
    format!(
        "`{first}` and `{second}` use different slug names for the same dynamic path `{at}` \
         (`{a}` !== `{b}`): rename one folder so both use the same name"
    )
}
pub fn repeated_slug(path: &str, name: &str) -> String {
    format!("`{path}`: the slug name `{name}` is used twice in one path: rename one of them")
}
pub fn clashing_field_names(path: &str, a: &str, b: &str, field: &str) -> String {
    format!(
        "`{path}`: the slug names `{a}` and `{b}` both become the field `{field}`: rename one of them"
    )
}
pub fn required_and_optional_catch_all(first: &str, second: &str) -> String {
    format!(
        "`{first}` and `{second}`: you cannot use both a required and an optional catch-all route at the same level"
    )
}
pub fn optional_catch_all_specificity(route: &str, optional: &str, url: &str) -> String {
    format!(
        "`{route}` and `{optional}` both serve `{url}`: an optional catch-all already matches its parent path; \
         remove one of them or make the catch-all required (`[...name]`)"
    )
}
pub fn same_url(first: &str, second: &str, url: &str) -> String {
    format!(
        "`{first}` and `{second}` both resolve to `{url}` (route groups leave the URL): remove or move one of them"
    )
}

// ---- routes!("app") ----

pub fn app_dir_missing(tried: &impl Display) -> String {
    format!("route folder not found: tried `{tried}` (the path is relative to the file that calls `routes!`)")
}
pub fn app_dir_unreadable(path: &impl Display, err: &impl Display) -> String {
    format!("cannot read `{path}`: {err}")
}
pub fn no_route_files(dir: &str) -> String {
    format!("no `route.rs` file below `{dir}`: add one, e.g. `{dir}/route.rs` for `/`")
}
pub fn no_handlers(file: &str) -> String {
    format!(
        "`{file}` has no `#[route]` handler: export one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS` \
         as `#[route] pub async fn GET(..)`"
    )
}
/// `no_handlers`, when the file does have `#[route]` fns, under other names.
pub fn no_method_handlers(file: &str, names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!(
        "`{file}` has no handler: {} {} not an HTTP method; name each handler after its method: \
         one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`",
        names.join(", "),
        if names.len() == 1 { "is" } else { "are" }
    )
}
pub fn state_types_differ(
    first: &str,
    first_file: &str,
    second: &str,
    second_file: &str,
) -> String {
    format!(
        "the route files take different state types: `State<{first}>` in `{first_file}`, `State<{second}>` in `{second_file}`; \
         name the router's state once, as in `routes!(\"app\", state = {first})` \
         (the other handlers then extract theirs from it through `FromRef`)"
    )
}
pub fn duplicate_method(file: &str, method: &str) -> String {
    format!("`{file}` defines the `{method}` handler twice: keep one")
}
pub fn routes_input() -> String {
    "expected a folder path and options: `routes!(\"app\")`, `routes!(\"app\", manifest)` for the router and its route manifest, \
     `routes!(\"app\", openapi)` for the router and its OpenAPI document, \
     `routes!(\"app\", state = AppState)` to name the router's state type"
        .to_string()
}
pub fn not_watched(dir: &str) -> String {
    format!(
        "new or removed route files under `{dir}` are not picked up until this file is rebuilt: \
         add `route_runtime::build::watch(\"{dir}\");` to build.rs \
         (with `route-runtime = {{ version = \"0.1\", default-features = false }}` in [build-dependencies])"
    )
}
pub fn not_watched_by_build_script(dir: &str) -> String {
    format!(
        "new or removed route files under `{dir}` are not picked up until this file is rebuilt: \
         build.rs prints `rerun-if-changed` for other paths only, so cargo does not rerun it for them; \
         add `route_runtime::build::watch(\"{dir}\");` to build.rs"
    )
}

// ---- #[route] ----

pub fn bad_handler_name(name: &str) -> String {
    format!(
        "handler `{name}` must be named after its HTTP method: one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`"
    )
}
pub fn handler_receiver() -> String {
    "a route handler cannot take `self`: write a free function".to_string()
}
pub fn handler_generics() -> String {
    "a route handler cannot be generic: the router must know every argument type".to_string()
}
pub fn handler_variadic() -> String {
    "a route handler cannot be variadic".to_string()
}
pub fn two_body_extractors(first: &str) -> String {
    format!(
        "at most one argument may read the request body, and `{first}` already does: \
         `Request`, `Json`, `Form`, `String`, `Bytes` and `Multipart` each consume it"
    )
}
pub fn route_attr_args() -> String {
    "`#[route]` takes no arguments: the HTTP method is the function's name".to_string()
}
pub fn route_context_args() -> String {
    "`RouteContext` takes one string literal, the file's route, as in `RouteContext<\"/users/[id]\">`, or nothing".to_string()
}
pub fn route_mismatch(written: &str, route: &str) -> String {
    format!("`RouteContext<\"{written}\">` does not match this file's route `{route}`: write `RouteContext<\"{route}\">` or just `RouteContext`")
}
pub fn not_a_fn() -> String {
    "`#[route]` goes on a handler function, as in `#[route] pub async fn GET(..)`".to_string()
}

// ---- route segment config ----

pub fn config_value(file: &str, name: &str, expected: &str) -> String {
    format!("`{file}`: `{name}` must be {expected}")
}
pub fn edge_runtime(file: &str) -> String {
    format!(
        "`{file}`: `Runtime::Edge` is not supported: every route runs on the server's tokio runtime; \
         remove `RUNTIME` or write `Runtime::NodeJs`"
    )
}
pub fn config_needs_params(file: &str, what: &str) -> String {
    format!("`{file}`: `{what}` needs a dynamic segment (`[id]`, `[...slug]`) in the route's folders: this route has none")
}
pub fn dynamic_error_reads(file: &str, reader: &str) -> String {
    format!(
        "`{file}`: `DYNAMIC = Dynamic::Error` renders `GET` once, without a request, but it takes `{reader}`, \
         which reads request data: remove the argument or use `Dynamic::ForceStatic` (request data is then empty)"
    )
}
pub fn config_ignored(file: &str, methods: &str) -> String {
    format!(
        "`{file}`: GET is not cached because the file also exports {methods}: like Next.js, such a route is \
         rendered on every request (with `DYNAMIC = ForceStatic`, from a request without headers, cookies or query); \
         move the other methods to another file to cache GET"
    )
}

// ---- middleware.rs and proxy.rs ----

const MIDDLEWARE_SHAPES: &str = "`#[middleware] pub async fn middleware(req: Request, next: Next) -> Response` \
     (extractors may come before `req`) or `#[middleware] pub fn layer() -> SomeLayer` (a tower layer)";

pub fn no_middleware_fn(file: &str) -> String {
    format!("`{file}` has no `#[middleware]` fn: write {MIDDLEWARE_SHAPES}")
}
pub fn two_middleware_fns(file: &str, first: &str, second: &str) -> String {
    format!(
        "`{file}` has two `#[middleware]` fns, `{first}` and `{second}`: a folder has one middleware \
         (call one from the other, or stack layers with `tower::ServiceBuilder`)"
    )
}
pub fn proxy_not_at_root(file: &str, app: &str) -> String {
    format!(
        "`{file}`: `proxy.rs` runs before routing and belongs at the root of the app, \
         `{app}/proxy.rs`; for a folder's routes write a `middleware.rs`"
    )
}
pub fn middleware_args() -> String {
    format!(
        "a middleware fn takes the request and `next` as its last two arguments: write {MIDDLEWARE_SHAPES}"
    )
}
pub fn middleware_body_extractor(ty: &str) -> String {
    format!(
        "`{ty}` reads the request body, which a middleware passes on to `next`: read it from the \
         `Request` argument (e.g. `req.text().await`) only if the route will not need it"
    )
}
pub fn layer_args() -> String {
    format!("a middleware layer fn takes no arguments: write {MIDDLEWARE_SHAPES}")
}
pub fn layer_output() -> String {
    format!("a middleware layer fn returns the layer: write {MIDDLEWARE_SHAPES}")
}
pub fn middleware_attr_args() -> String {
    "`#[middleware]` takes no arguments".to_string()
}
pub fn middleware_not_a_fn() -> String {
    format!("`#[middleware]` goes on a fn: write {MIDDLEWARE_SHAPES}")
}

// ---- #[cache] ----

const CACHE_ARGS: &str =
    "`life = \"hours\"` (a Next.js profile), `life = MY_PROFILE` (a `const` `CacheLife`), \
     `life(stale = 60, revalidate = 300, expire = 3600)` (seconds) and `tags = [\"posts\"]`";

pub fn cache_not_a_fn() -> String {
    "`#[cache]` goes on an async fn, as in `#[cache(life = \"hours\")] async fn posts(page: u32) -> Vec<Post>`"
        .to_string()
}
pub fn cache_not_async(name: &str) -> String {
    format!(
        "`#[cache]` fn `{name}` must be `async`: a cached call may wait for the store or for a concurrent call \
         of the same key; write `async fn {name}` and `.await` it"
    )
}
pub fn cache_receiver() -> String {
    "a `#[cache]` fn cannot take `self`: its arguments are the cache key; write a free fn and pass what it needs \
     (serializable values) as arguments"
        .to_string()
}
pub fn cache_generics() -> String {
    "a `#[cache]` fn cannot be generic: each of its argument types must be known to serialize the key \
     (lifetimes are fine)"
        .to_string()
}
pub fn cache_mut_ref() -> String {
    "a `#[cache]` fn cannot take `&mut`: a cached call may not run at all, so it cannot change its arguments; \
     take the value by `&` or by value"
        .to_string()
}
pub fn cache_unknown_key(key: &str) -> String {
    format!("unknown `#[cache]` argument `{key}`: `#[cache]` takes {CACHE_ARGS}")
}
pub fn cache_duplicate_key(key: &str) -> String {
    format!("`{key}` is given twice: keep one")
}
pub fn cache_attr_syntax() -> String {
    format!("malformed `#[cache]` arguments: `#[cache]` takes {CACHE_ARGS}, separated by commas")
}
pub fn cache_unknown_profile(name: &str, names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!(
        "unknown cache profile `{name}`: Next.js's profiles are {}; for your own, write `life = MY_PROFILE` \
         (a `const MY_PROFILE: CacheLife = CacheLife::new(..)`) or `life(stale = .., revalidate = .., expire = ..)` in seconds",
        names.join(", ")
    )
}
pub fn cache_life_value() -> String {
    "`life` takes a profile name (`life = \"hours\"`), a `const` `CacheLife` (`life = MY_PROFILE`) \
     or seconds (`life(revalidate = 300, expire = 3600)`)"
        .to_string()
}
pub fn cache_life_key(key: &str) -> String {
    format!("unknown `life` field `{key}`: write `life(stale = .., revalidate = .., expire = ..)`, each in seconds")
}
pub fn cache_life_seconds() -> String {
    "a `life` field is a whole number of seconds, as in `life(revalidate = 300)`".to_string()
}
pub fn cache_life_order(revalidate: u64, expire: u64) -> String {
    format!(
        "`expire` ({expire} s) is shorter than `revalidate` ({revalidate} s): a value must live at least until it is \
         revalidated (Next.js requires `expire` > `revalidate`; a missing `revalidate` is the default profile's 900 s)"
    )
}
pub fn cache_tags_value() -> String {
    "`tags` takes string literals, as in `tags = [\"posts\", \"users\"]`; for a tag computed from the arguments, \
     call `cache_tag(format!(\"post-{id}\"))` in the fn's body"
        .to_string()
}

// ---- href! ----

/// At most this many routes are listed in a message.
const HREF_LISTED: usize = 8;

fn listed(names: &[&str]) -> String {
    let mut s: Vec<String> = names
        .iter()
        .take(HREF_LISTED)
        .map(|n| format!("`{n}`"))
        .collect();
    if names.len() > HREF_LISTED {
        s.push(format!("and {} more", names.len() - HREF_LISTED));
    }
    s.join(", ")
}

pub fn href_input() -> String {
    "write `href!(\"/users/[id]\", id = 42)`: the route as a string literal, then its params, \
     then optionally `?key = value, ..` for the query string"
        .to_string()
}
pub fn href_no_route(written: &str, closest: &[&str]) -> String {
    format!(
        "no route `{written}` in this tree: the routes are, closest first, {}",
        listed(closest)
    )
}
pub fn href_missing(route: &str, params: &[&str]) -> String {
    let names: Vec<String> = params.iter().map(|p| format!("`{p}`")).collect();
    let example: Vec<String> = params.iter().map(|p| format!("{p} = ..")).collect();
    format!(
        "`{route}` needs {}: write `href!(\"{route}\", {})`",
        names.join(" and "),
        example.join(", ")
    )
}
pub fn href_unknown_param(route: &str, key: &str, params: &[&str], with_it: &[&str]) -> String {
    let has = if params.is_empty() {
        "it has no params".to_string()
    } else {
        let names: Vec<String> = params.iter().map(|p| format!("`{p}`")).collect();
        format!("its params are {}", names.join(", "))
    };
    let elsewhere = if with_it.is_empty() {
        String::new()
    } else {
        format!("; routes with `{key}`: {}", listed(with_it))
    };
    format!("`{route}` has no param `{key}`: {has}{elsewhere}")
}
pub fn href_twice(key: &str) -> String {
    format!("`{key}` is given twice")
}
pub fn href_list_for_one(param: &str) -> String {
    format!("`[{param}]` is one segment: give it one value (anything `Display`), not a list")
}
pub fn href_one_for_list(param: &str, folder: &str) -> String {
    format!(
        "`{folder}` is a catch-all: give it a list of segments, as in `{param} = [\"a\", \"b\"]` \
         (anything `IntoIterator` of `Display` items)"
    )
}
pub fn href_empty_list(param: &str) -> String {
    format!("`[...{param}]` needs at least one segment: an empty list has no URL")
}
pub fn href_no_segment(param: &str, value: &str) -> String {
    let why = if value.is_empty() {
        "no URL path segment is empty".to_string()
    } else {
        format!("`{value}` is a dot segment, which clients and the router resolve")
    };
    format!("`{param}` cannot be `\"{value}\"`: {why}")
}
pub fn href_prefix(prefix: &str, why: &str) -> String {
    format!("`href_prefix = \"{prefix}\"` is not a URL path prefix: {why}")
}
pub fn openapi_operation_args() -> String {
    "expected `request = Type`, `query = Type`, `response = Type`, `error = Type` or `status = 201`, separated by commas: \
     `#[openapi::operation(..)]` names what the handler's signature does not say, for the OpenAPI document"
        .to_string()
}
pub fn openapi_operation_twice(key: &str) -> String {
    format!("`{key}` is given twice")
}
pub fn openapi_operation_status() -> String {
    "`status` must be an HTTP status code from 100 to 599, such as `201`".to_string()
}
