// #[cache] takes `life` (a Next.js profile name, a const CacheLife or seconds) and `tags` (string literals): every mistake is reported
use route_runtime::cache;

#[cache(life = "hour", tags = ["posts"])]
async fn unknown_profile(page: u32) -> Vec<u32> {
    vec![page]
}

#[cache(ttl = 60)]
async fn unknown_key(page: u32) -> Vec<u32> {
    vec![page]
}

#[cache(life(revalidate = 3600, expire = 60))]
async fn expire_before_revalidate(page: u32) -> Vec<u32> {
    vec![page]
}

#[cache(life(revalidat = 60), tags = [TAG])]
async fn misspelt_field_and_computed_tag(page: u32) -> Vec<u32> {
    vec![page]
}

const TAG: &str = "posts";

#[cache(life = 60)]
async fn number_life(page: u32) -> Vec<u32> {
    vec![page]
}

fn main() {}
