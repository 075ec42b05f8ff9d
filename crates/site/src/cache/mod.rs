//! Responses kept in memory: every fixed page with identity, gzip and Brotli copies and a strong
//! ETag each ([`ResponseCache`]), and pages made on request and kept afterwards in a bounded
//! store ([`KeptPages`]).

mod compress;
mod kept;
mod resource;
mod store;

pub use kept::{KeptKey, KeptPages};
pub use resource::{CachedResource, Coding, Encoded, Representation};
pub use store::{IMMUTABLE_CACHE_CONTROL, PAGE_CACHE_CONTROL, ResponseCache};
