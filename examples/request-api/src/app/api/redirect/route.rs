//! Docs: `redirect()` from `next/navigation` (307).
//!
//! ```js
//! export async function GET(request) {
//!   redirect('https://nextjs.org/')
//! }
//! ```

use route_runtime::prelude::*;

#[route]
pub async fn GET() -> Response {
    redirect("https://nextjs.org/")
}
