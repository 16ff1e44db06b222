//! Route context
/// placeholder
pub trait Params {}
/// placeholder
#[derive(Debug)]
pub struct RouteContext<P> {
    /// The route's params.
    pub params: P,
}
