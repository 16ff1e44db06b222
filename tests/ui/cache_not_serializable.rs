// the arguments of a #[cache] fn are the key (Serialize, and Clone to refresh in the background); its value is stored (Serialize + Deserialize)
use route_runtime::cache;

struct Filter;

#[derive(serde::Serialize)]
struct NotClone;

struct Post;

#[cache(life = "hours")]
async fn by_filter(page: u32, filter: Filter) -> Vec<u32> {
    let _ = filter;
    vec![page]
}

#[cache(life = "hours")]
async fn not_clone(value: NotClone) -> u32 {
    let _ = value;
    1
}

#[cache(life = "hours")]
async fn posts(page: u32) -> Vec<Post> {
    let _ = page;
    vec![Post]
}

#[cache(life = "hours")]
async fn fallible(page: u32) -> Result<Post, String> {
    let _ = page;
    Ok(Post)
}

fn main() {}
