// `#[openapi::operation(..)]` takes `request`, `query`, `response`, `error` types and a `status` code
use route_runtime::openapi;

#[openapi::operation(response = String, status = 42)]
async fn bad_status() {}

#[openapi::operation(body = String)]
async fn unknown_key() {}

fn main() {}
