//! Single-flight renders within one process: the first request for a key
//! renders, the others wait for its result instead of rendering too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::store::CacheEntry;

/// What a finished render hands to the requests that waited for it.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// A cacheable response: serve it.
    Entry(Arc<CacheEntry>),
    /// Not shareable (non-2xx, Set-Cookie, too large): render your own.
    RenderYourself,
}

type Slot = watch::Receiver<Option<Outcome>>;

/// The renders in progress, by key.
#[derive(Default)]
pub(crate) struct Flights {
    map: Arc<Mutex<HashMap<String, Slot>>>,
}

pub(crate) enum Role {
    /// Render, then [`Leader::finish`].
    Leader(Leader),
    /// Wait with [`wait`].
    Follower(Slot),
}

/// The right and duty to render a key. Dropping it unfinished (a cancelled
/// request) releases the followers, who then try again.
pub(crate) struct Leader {
    map: Arc<Mutex<HashMap<String, Slot>>>,
    key: String,
    tx: watch::Sender<Option<Outcome>>,
}

impl Flights {
    pub(crate) fn join(&self, key: &str) -> Role {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(rx) = map.get(key) {
            return Role::Follower(rx.clone());
        }
        let (tx, rx) = watch::channel(None);
        map.insert(key.to_owned(), rx);
        Role::Leader(Leader {
            map: Arc::clone(&self.map),
            key: key.to_owned(),
            tx,
        })
    }

    #[cfg(test)]
    pub(crate) fn in_flight(&self) -> usize {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

impl Leader {
    pub(crate) fn finish(self, outcome: Outcome) {
        self.tx.send_replace(Some(outcome));
        // `Drop` removes the slot.
    }
}

impl Drop for Leader {
    fn drop(&mut self) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map
            .get(&self.key)
            .is_some_and(|rx| rx.same_channel(&self.tx.subscribe()))
        {
            map.remove(&self.key);
        }
    }
}

/// Waits for the leader; `None` when it was dropped without an outcome.
pub(crate) async fn wait(mut rx: Slot) -> Option<Outcome> {
    match rx.wait_for(Option::is_some).await {
        Ok(v) => v.clone(),
        Err(_) => None,
    }
}
