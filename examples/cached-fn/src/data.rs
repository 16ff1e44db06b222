//! The data layer: an in-memory "database" and the cached functions that
//! read it. Route files call these; writes call `revalidate_tag`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use route_runtime::prelude::*;
use serde::{Deserialize, Serialize};

/// A blog post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Its id, from 1.
    pub id: u32,
    /// Its title.
    pub title: String,
}

/// Posts per page.
pub const PER_PAGE: usize = 10;

static DB: Mutex<Vec<Post>> = Mutex::new(Vec::new());
static READS: AtomicUsize = AtomicUsize::new(0);

fn db<T>(read: impl FnOnce(&mut Vec<Post>) -> T) -> T {
    let mut posts = DB.lock().unwrap_or_else(PoisonError::into_inner);
    if posts.is_empty() {
        posts.push(Post {
            id: 1,
            title: "Hello".to_owned(),
        });
    }
    read(&mut posts)
}

/// How many times the database was read.
pub fn db_reads() -> usize {
    READS.load(Ordering::SeqCst)
}

/// One page of posts, cached for hours and tagged `posts`.
#[cache(life = "hours", tags = ["posts"])]
pub async fn posts(page: u32) -> Vec<Post> {
    READS.fetch_add(1, Ordering::SeqCst);
    let skip = (page.max(1) as usize - 1) * PER_PAGE;
    db(|posts| posts.iter().skip(skip).take(PER_PAGE).cloned().collect())
}

/// One post, cached for hours and tagged `post-<id>` (a tag computed from
/// the argument, set from inside the call).
#[cache(life = "hours")]
pub async fn post(id: u32) -> Option<Post> {
    cache_tag(format!("post-{id}"));
    READS.fetch_add(1, Ordering::SeqCst);
    db(|posts| posts.iter().find(|p| p.id == id).cloned())
}

/// Adds a post; returns it.
pub fn insert(title: String) -> Post {
    db(|posts| {
        let post = Post {
            id: posts.len() as u32 + 1,
            title,
        };
        posts.push(post.clone());
        post
    })
}

/// Renames a post; `None` if there is no such post.
pub fn rename(id: u32, title: String) -> Option<Post> {
    db(|posts| {
        let post = posts.iter_mut().find(|p| p.id == id)?;
        post.title = title;
        Some(post.clone())
    })
}
