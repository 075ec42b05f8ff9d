//! How a [`Site`](crate::Site) is set up: built once, then fixed. Every default is written here
//! or in [`limits`](crate::limits), nowhere else.

use siteerror_checker::{AddressPolicy, Resolve};
use std::sync::Arc;

/// The server's settings.
#[derive(Clone)]
pub struct SiteConfig {
    pub(crate) checker_policy: Option<AddressPolicy>,
    pub(crate) checker_resolver: Option<Arc<dyn Resolve>>,
    pub(crate) playground_rate: u32,
    pub(crate) trusted_proxies: Vec<ipnet::IpNet>,
    pub(crate) metrics: bool,
}

impl std::fmt::Debug for SiteConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteConfig")
            .field("checker_policy", &self.checker_policy)
            .field("custom_resolver", &self.checker_resolver.is_some())
            .field("playground_rate", &self.playground_rate)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics", &self.metrics)
            .finish()
    }
}

impl Default for SiteConfig {
    /// The URL checker with the strict address policy, and the playground's default rate.
    fn default() -> Self {
        SiteConfig {
            checker_policy: Some(AddressPolicy::strict()),
            checker_resolver: None,
            playground_rate: crate::limits::PLAYGROUND_PER_CLIENT_PER_MINUTE,
            trusted_proxies: Vec::new(),
            metrics: false,
        }
    }
}

impl SiteConfig {
    /// The URL checker uses `policy` (the server starts from [`AddressPolicy::strict`] and adds
    /// `--checker-allow` networks and `--checker-port` ports).
    pub fn checker_policy(mut self, policy: AddressPolicy) -> Self {
        self.checker_policy = Some(policy);
        self
    }

    /// No URL checker: its endpoints answer 503.
    pub fn without_checker(mut self) -> Self {
        self.checker_policy = None;
        self
    }

    /// The URL checker resolves names with `resolver` (tests).
    pub fn checker_resolver(mut self, resolver: Arc<dyn Resolve>) -> Self {
        self.checker_resolver = Some(resolver);
        self
    }

    /// Connections from these networks are proxies whose `X-Forwarded-For` names the client
    /// (for rate limits). Without any, the field is never believed.
    pub fn trusted_proxies(mut self, networks: Vec<ipnet::IpNet>) -> Self {
        self.trusted_proxies = networks;
        self
    }

    /// Keep operations metrics (served by [`crate::metrics::metrics_app`] on a listener of its
    /// own). Off by default: counting costs a little on every request.
    pub fn metrics(mut self, on: bool) -> Self {
        self.metrics = on;
        self
    }

    /// Playground requests one client may make per minute; 0 turns the per-client limit off.
    pub fn playground_rate(mut self, per_minute: u32) -> Self {
        self.playground_rate = per_minute;
        self
    }
}
