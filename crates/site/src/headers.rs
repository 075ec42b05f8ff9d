//! Header values the cache and the responders agree on.

/// `Vary` for negotiated resources: the representation depends on `Accept` (and, for clients
/// that send only `*/*`, on `User-Agent`), the coding on `Accept-Encoding`.
pub const VARY_NEGOTIATED: &str = "Accept, Accept-Encoding, User-Agent";
/// `Vary` for resources with one representation.
pub const VARY_ENCODING: &str = "Accept-Encoding";
/// The methods every page allows.
pub const PAGE_ALLOW: &str = "GET, HEAD, OPTIONS";
