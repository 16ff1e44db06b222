//! The macros' build id: a hash of their sources (and of `route-rules`'
//! when it sits beside them, in this workspace), which `routes!` writes into
//! its reuse file (`routes/reuse.rs`) so that an output written by one build
//! of the macros is never taken for another's.

use std::path::Path;

fn main() {
    let mut hash = Fnv::default();
    for dir in ["src", "../route-rules/src"] {
        let dir = Path::new(dir);
        if dir.is_dir() {
            println!("cargo:rerun-if-changed={}", dir.display());
            add_dir(dir, &mut hash);
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!(
        "cargo:rustc-env=ROUTE_MACROS_BUILD_ID={}-{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        hash.0
    );
}

/// Every file below `dir`, in name order: its path and its bytes.
fn add_dir(dir: &Path, hash: &mut Fnv) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            add_dir(&path, hash);
        } else if let Ok(bytes) = std::fs::read(&path) {
            hash.write(path.to_string_lossy().as_bytes());
            hash.write(&bytes);
        }
    }
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
