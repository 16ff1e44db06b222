//! `cargo run -p feeds` serves http://127.0.0.1:3000 (`PORT` overrides): try
//! `/rss.xml`, `/robots.txt` and `/sitemap.xml`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    route_runtime::serve(feeds::app()).await
}
