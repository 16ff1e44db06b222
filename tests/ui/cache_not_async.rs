// a #[cache] fn must be async
use route_runtime::cache;

#[cache(life = "hours")]
fn posts(page: u32) -> Vec<u32> {
    vec![page]
}

fn main() {
    let _ = posts(1);
}
