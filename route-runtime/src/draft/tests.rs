//! Draft mode: the cookie as Next.js sets and deletes it, cached routes
//! rendered per request while it is on (and never stored), forged cookies
//! ignored. [`draft_flow`] also runs against Redis (`cache::redis_tests`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::StatusCode;
use http::header::{CACHE_CONTROL, COOKIE, LOCATION, SET_COOKIE};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::cache::{Cache, Cached, MemoryStore, Revalidate, SegmentConfig};
use crate::router::{RouteFn, Tree};
use crate::{after, draft_mode};

static TREE: Tree = Tree::new(&[]);

/// A route file's handler that names `draft_mode`: with the request scope.
fn scoped<F, Fut>(handler: F) -> RouteFn<impl FnOnce(Request, ()) -> Fut + Clone + Send + Sync>
where
    F: Fn(Request) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    RouteFn::new(move |req: Request, _: ()| handler(req), &TREE, false, true)
}

/// One instance of an app: `/api/draft` (on), `/api/draft/off`, and the
/// cached `/posts`, which says how often it rendered and in which mode.
fn app(cache: Cache, renders: Arc<AtomicUsize>) -> Router {
    let enable = scoped(|_req| async {
        draft_mode().unwrap().enable().unwrap();
        crate::redirect("/posts").into_response()
    });
    let disable = scoped(|_req| async {
        draft_mode().unwrap().disable().unwrap();
        crate::Response::text("Draft mode is disabled").into_response()
    });
    let posts = scoped(move |_req| {
        let n = renders.fetch_add(1, Ordering::SeqCst);
        async move {
            let draft = draft_mode().unwrap().is_enabled();
            crate::Response::text(format!("render {n}, draft {draft}")).into_response()
        }
    });
    const CONFIG: SegmentConfig = SegmentConfig::new().revalidate(Revalidate::Seconds(3600));
    Router::new()
        .route("/api/draft", get(enable))
        .route("/api/draft/off", get(disable))
        .route(
            "/posts",
            get(Cached::new(posts, "/posts", CONFIG, &["GET"]).with_cache(cache)),
        )
}

async fn call(app: &Router, path: &str, cookie: Option<&str>) -> (http::response::Parts, String) {
    let mut req = http::Request::get(path);
    if let Some(cookie) = cookie {
        req = req.header(COOKIE, cookie);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (parts, String::from_utf8(bytes.to_vec()).unwrap())
}

/// The whole draft-mode story on two instances (`a` and `b` may share one
/// cache or one Redis).
pub(crate) async fn draft_flow(cache_a: Cache, cache_b: Cache) {
    let (renders_a, renders_b) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let a = app(cache_a, renders_a.clone());
    let b = app(cache_b.clone(), renders_b.clone());

    let published = "render 0, draft false";
    assert_eq!(call(&a, "/posts", None).await.1, published);
    assert_eq!(call(&b, "/posts", None).await.1, published, "cached");

    // Turning it on: Next's cookie, then a redirect to the page.
    let (on, _) = call(&a, "/api/draft", None).await;
    assert_eq!(on.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(on.headers[LOCATION], "/posts");
    let secret = super::secret();
    assert_eq!(
        on.headers[SET_COOKIE],
        format!("__prerender_bypass={secret}; Path=/; Secure; HttpOnly; SameSite=none")
    );
    let cookie = format!("theme=dark; __prerender_bypass={secret}");

    // Draft requests render every time, on either instance, with the real
    // request (draft_mode() sees the cookie), and are not shared.
    let (draft, body) = call(&a, "/posts", Some(&cookie)).await;
    assert_eq!(body, "render 1, draft true");
    assert_eq!(
        draft.headers[CACHE_CONTROL],
        "private, no-cache, no-store, max-age=0, must-revalidate"
    );
    assert_eq!(
        call(&a, "/posts", Some(&cookie)).await.1,
        "render 2, draft true"
    );
    assert_eq!(
        call(&b, "/posts", Some(&cookie)).await.1,
        "render 0, draft true"
    );

    // The cached entry is untouched: everyone else still gets it.
    let (plain, body) = call(&b, "/posts", None).await;
    assert_eq!(body, published);
    assert!(
        plain.headers[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("s-maxage=3600")
    );
    assert_eq!(call(&a, "/posts", None).await.1, published);
    assert_eq!(renders_b.load(Ordering::SeqCst), 1);

    // A cookie with any other value is not draft mode.
    for forged in [
        "__prerender_bypass=1",
        "__prerender_bypass=",
        &format!("__prerender_bypass={secret}x"),
    ] {
        assert_eq!(
            call(&a, "/posts", Some(forged)).await.1,
            published,
            "{forged}"
        );
    }

    // Turning it off deletes the cookie as Next.js does.
    let (off, _) = call(&a, "/api/draft/off", Some(&cookie)).await;
    assert_eq!(
        off.headers[SET_COOKIE],
        "__prerender_bypass=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=none"
    );
    assert_eq!(renders_a.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn draft_mode_with_the_memory_store() {
    let cache = Cache::new(MemoryStore::default());
    draft_flow(cache.clone(), cache.clone()).await;
    assert_eq!(
        cache.stats().entries,
        Some(1),
        "only the published render is stored"
    );
}

#[tokio::test]
async fn draft_mode_cannot_be_changed_after_the_response() {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = Arc::new(std::sync::Mutex::new(Some(tx)));
    let route = scoped(move |_req| {
        let tx = tx.clone();
        async move {
            after(async move {
                let draft = draft_mode().unwrap();
                let refused = draft.enable().unwrap_err().to_string();
                if let Some(tx) = tx.lock().unwrap().take() {
                    let _ = tx.send((draft.is_enabled(), refused));
                }
            })
            .unwrap();
            crate::Response::text("ok").into_response()
        }
    });
    let app = Router::new().route("/", get(route));
    let (res, _) = call(&app, "/", None).await;
    assert!(res.headers.get(SET_COOKIE).is_none());
    let (enabled, refused) = rx.await.unwrap();
    assert!(!enabled);
    assert!(refused.contains("after the response was sent"), "{refused}");
}

#[test]
fn secrets_are_long_and_compared_whole() {
    assert!(super::check_secret("short").is_err());
    assert!(super::check_secret("0123456789abcdef").is_ok());
    assert!(super::same(b"abc", b"abc"));
    assert!(!super::same(b"abc", b"abd"));
    assert!(!super::same(b"abc", b"abcd"));
    let random = super::random_secret();
    assert_eq!(random.len(), 32);
    assert!(random.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(random, super::random_secret());
}
