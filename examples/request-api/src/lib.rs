//! The request side of the Next.js route handler docs, one `route.rs` per
//! docs example:
//!
//! | docs section | route file | URL |
//! | --- | --- | --- |
//! | Cookies (`cookies()`) | `app/api/cookies/route.rs` | `GET /api/cookies` |
//! | Cookies (`request.cookies`) | `app/api/cookies/request/route.rs` | `GET /api/cookies/request` |
//! | Cookies (set, delete) | `app/api/cookies/session/route.rs` | `POST`/`DELETE /api/cookies/session` |
//! | Headers | `app/api/headers/route.rs` | `GET /api/headers` |
//! | Request body (JSON) | `app/api/items/route.rs` | `POST /api/items` |
//! | Request body (FormData) | `app/api/form/route.rs` | `POST /api/form` |
//! | FormData file upload | `app/api/upload/route.rs` | `POST /api/upload` |
//! | URL query parameters | `app/api/search/route.rs` | `GET /api/search?query=..` |
//! | Redirects | `app/api/redirect/**/route.rs` | `GET /api/redirect`, `/permanent`, `/response` |
//! | Errors (`route_runtime::Error`, problem+json) | `app/api/notes/route.rs` | `POST /api/notes` |

use route_runtime::Router;

/// The application: every `route.rs` under `src/app`.
pub fn app() -> Router {
    route_runtime::routes!("app")
}
