// a #[cache] fn cannot take self: its arguments are the key
use route_runtime::cache;

struct Repo;

impl Repo {
    #[cache(life = "hours")]
    async fn posts(&self, page: u32) -> Vec<u32> {
        vec![page]
    }
}

fn main() {
    let _ = Repo.posts(1);
}
