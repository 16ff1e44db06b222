//! The folder model: plain Rust (std only), so it is tested with tables, in
//! milliseconds, with no `proc_macro` in sight. Path in, routes or errors out.

pub mod error;
pub mod href;
pub mod ident;
pub mod method;
#[cfg(test)]
mod props;
pub mod segment;
pub mod tree;

pub use tree::{build, ParamKind, Route, RouteFile};
