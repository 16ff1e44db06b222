//! Webhooks, from the Next.js route handler docs, with the part the docs
//! leave out: checking that the sender is who it claims to be.
//!
//! `POST /api/webhooks/github` (`app/api/webhooks/github/route.rs`) reads the
//! raw body, checks GitHub's `X-Hub-Signature-256: sha256=<hex>` header (an
//! HMAC-SHA256 of the body with the shared secret, compared in constant time),
//! and answers `400 Webhook error: <reason>` when the signature is missing,
//! malformed or wrong. A verified `push` event purges the cached pages of the
//! repository through [`purge`].

use std::sync::{Arc, Mutex, PoisonError};

use hmac::{Hmac, Mac};
use route_runtime::axum::Router;
use sha2::Sha256;

/// The application, with the webhook secret in its state.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let state = webhooks::WebhookState::new("s3cret");
/// route_runtime::serve(webhooks::app(state)).await
/// # }
/// ```
pub fn app(state: WebhookState) -> Router {
    route_runtime::routes!("app").with_state(state)
}

/// Shared state: the secret the sender signs with, and a log of what was
/// purged.
#[derive(Clone)]
pub struct WebhookState {
    secret: Arc<[u8]>,
    purged: Arc<Mutex<Vec<Purge>>>,
    /// How many times the cached `/repos/[owner]/[repo]` page was rendered.
    pub renders: Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for WebhookState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("WebhookState").finish_non_exhaustive()
    }
}

impl WebhookState {
    /// A state with the webhook's shared secret.
    ///
    /// ```
    /// let state = webhooks::WebhookState::new("s3cret");
    /// assert!(state.purged().is_empty());
    /// ```
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        WebhookState {
            secret: secret.as_ref().into(),
            purged: Arc::default(),
            renders: Arc::default(),
        }
    }

    /// Every purge done so far, oldest first.
    pub fn purged(&self) -> Vec<Purge> {
        self.purged
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Why a signature was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No `X-Hub-Signature-256` header.
    Missing,
    /// The header is not `sha256=` followed by 64 hex digits.
    Malformed,
    /// The HMAC of the body with the secret is not the one sent.
    Mismatch,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignatureError::Missing => "missing X-Hub-Signature-256 header",
            SignatureError::Malformed => {
                "malformed X-Hub-Signature-256 header: expected sha256=<64 hex digits>"
            }
            SignatureError::Mismatch => "signature does not match the payload",
        })
    }
}

impl std::error::Error for SignatureError {}

/// Checks a GitHub-style `X-Hub-Signature-256` value (`sha256=<hex>`) against
/// the HMAC-SHA256 of `body` keyed with `secret`, in constant time.
///
/// ```
/// use webhooks::{sign, verify, SignatureError};
/// let header = sign(b"s3cret", b"{}");
/// assert_eq!(verify(b"s3cret", b"{}", Some(&header)), Ok(()));
/// assert_eq!(verify(b"other", b"{}", Some(&header)), Err(SignatureError::Mismatch));
/// assert_eq!(verify(b"s3cret", b"{}", None), Err(SignatureError::Missing));
/// assert_eq!(verify(b"s3cret", b"{}", Some("md5=00")), Err(SignatureError::Malformed));
/// ```
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_digest = header
        .trim()
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed)?;
    if expected.len() != 32 {
        return Err(SignatureError::Malformed);
    }
    let mut mac = new_mac(secret);
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The `X-Hub-Signature-256` value a sender computes for `body`.
///
/// ```
/// let header = webhooks::sign(b"It's a Secret to Everybody", b"Hello, World!");
/// assert_eq!(header, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
/// ```
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = new_mac(secret);
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn new_mac(secret: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length; this cannot fail.
    match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
}

/// Cache tags and paths a webhook asked to refresh.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purge {
    /// Cache tags, as given to `revalidate_tag`.
    pub tags: Vec<String>,
    /// Route paths, as given to `revalidate_path`.
    pub paths: Vec<String>,
}

/// Purges cached routes after a verified webhook (Next's `revalidateTag` /
/// `revalidatePath`), and logs it in `state`. A cache store that cannot be
/// reached is logged, not an error: the next request renders anyway.
pub async fn purge(state: &WebhookState, purge: Purge) {
    for tag in &purge.tags {
        if let Err(error) = route_runtime::cache::revalidate_tag(tag).await {
            eprintln!("could not purge cache tag `{tag}`: {error}");
        }
    }
    for path in &purge.paths {
        if let Err(error) = route_runtime::cache::revalidate_path(path).await {
            eprintln!("could not purge cached path `{path}`: {error}");
        }
    }
    state
        .purged
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(purge);
}
