//! Docs: streaming a response.
//!
//! ```js
//! async function* makeIterator() {
//!   yield encoder.encode('<p>One</p>')
//!   await sleep(200)
//!   yield encoder.encode('<p>Two</p>')
//!   await sleep(200)
//!   yield encoder.encode('<p>Three</p>')
//! }
//!
//! export async function GET() {
//!   const iterator = makeIterator()
//!   const stream = iteratorToStream(iterator)
//!   return new Response(stream)
//! }
//! ```
//!
//! A Rust `Stream` is the iterator and the `ReadableStream` in one: each item
//! is sent as soon as it is produced.

use std::time::Duration;

use futures_util::{stream, Stream};
use route_runtime::prelude::*;

const CHUNKS: [&str; 3] = ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"];

fn sleep(time: Duration) -> tokio::time::Sleep {
    tokio::time::sleep(time)
}

fn make_iterator() -> impl Stream<Item = &'static str> {
    stream::unfold(0, |i| async move {
        if i > 0 {
            sleep(Duration::from_millis(200)).await;
        }
        CHUNKS.get(i).map(|chunk| (*chunk, i + 1))
    })
}

#[route]
pub async fn GET() -> Response {
    let stream = make_iterator();
    Response::stream(stream)
}
