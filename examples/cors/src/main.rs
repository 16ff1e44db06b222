//! `cargo run -p cors` serves http://127.0.0.1:3000 (`PORT` overrides). Try
//! `curl -i -X OPTIONS -H 'Origin: https://a.example' -H 'Access-Control-Request-Method: POST' http://127.0.0.1:3000/public/api/data`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(cors::app()).await
}
