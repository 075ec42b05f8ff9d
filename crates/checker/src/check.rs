//! Following a URL one hop at a time, under the address policy. Checking many URLs at once is in
//! `bulk`; the advice drawn from a finished chain is in `findings`; the per-host limits are in
//! `host_gate`.

use crate::bulk::BulkOptions;
use crate::fetch::{self, HopRequest, HopResponse};
use crate::findings::{findings, is_redirect};
use crate::host_gate::HostGate;
use crate::policy::{AddressPolicy, Refusal};
use crate::report::{Outcome, RedirectHop, UrlReport};
use crate::resolve::{Resolve, SystemResolver};
use http::Method;
use http::header::{HeaderName, HeaderValue};
use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::{Host, Url};

/// Which method to check with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MethodChoice {
    /// HEAD first; GET when HEAD is refused (405, 501) or answered oddly (400, 403, 500, or an
    /// error on the connection).
    #[default]
    Auto,
    /// HEAD only.
    Head,
    /// GET only.
    Get,
}

/// Statuses after which a HEAD is repeated as GET: refusals of the method (405, 501) and the
/// answers servers and CDNs commonly give to HEAD by mistake.
const HEAD_FALLBACK: &[u16] = &[400, 403, 405, 500, 501];

/// Limits for one URL.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Redirects followed at most (10 by default).
    pub max_redirects: usize,
    /// HEAD, GET, or HEAD then GET.
    pub method: MethodChoice,
    /// Time for one hop: connect, TLS, request and response head.
    pub hop_timeout: Duration,
    /// Time for the whole URL, retries included.
    pub total_timeout: Duration,
    /// Extra request headers.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// At most this many body bytes are read (then dropped) from a GET.
    pub max_body_bytes: usize,
    /// Retries of a hop answered 429 or 503.
    pub retries: u32,
    /// The longest `Retry-After` honoured; longer waits are cut to this.
    pub max_retry_wait: Duration,
    /// The `User-Agent` sent.
    pub user_agent: String,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            max_redirects: 10,
            method: MethodChoice::Auto,
            hop_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            headers: Vec::new(),
            max_body_bytes: 64 * 1024,
            retries: 2,
            max_retry_wait: Duration::from_secs(10),
            user_agent: concat!("siteerror-checker/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// Maps a status code to the catalog's name for it.
pub type StatusNames = Arc<dyn Fn(u16) -> Option<String> + Send + Sync>;

/// Checks URLs.
#[derive(Clone)]
pub struct Checker {
    policy: AddressPolicy,
    resolver: Arc<dyn Resolve>,
    tls: Arc<rustls::ClientConfig>,
    options: CheckOptions,
    names: Option<StatusNames>,
    hosts: Arc<HostGate>,
    pool: Arc<fetch::ConnPool>,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("policy", &self.policy)
            .field("options", &self.options)
            .finish()
    }
}

/// The TLS configuration with the Mozilla root store (embedded; no system files needed).
pub fn default_tls() -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    tls_with_roots(roots)
}

/// A TLS configuration trusting exactly `roots` (tests use their own certificate authority).
pub fn tls_with_roots(roots: rustls::RootCertStore) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

impl Checker {
    /// A checker with the system resolver and the Mozilla roots.
    pub fn new(policy: AddressPolicy, options: CheckOptions) -> Checker {
        Checker {
            policy,
            resolver: Arc::new(SystemResolver),
            tls: default_tls(),
            options,
            names: None,
            hosts: Arc::new(HostGate::new(&BulkOptions::default())),
            pool: Arc::new(fetch::ConnPool::default()),
        }
    }

    /// Uses another resolver (tests map names without DNS).
    pub fn with_resolver(mut self, resolver: Arc<dyn Resolve>) -> Checker {
        self.resolver = resolver;
        self
    }

    /// Uses another TLS configuration.
    pub fn with_tls(mut self, tls: Arc<rustls::ClientConfig>) -> Checker {
        self.tls = tls;
        self
    }

    /// Names statuses in hops (`status_name`).
    pub fn with_status_names(mut self, names: StatusNames) -> Checker {
        self.names = Some(names);
        self
    }

    /// Replaces the per-URL options.
    pub fn with_options(mut self, options: CheckOptions) -> Checker {
        self.options = options;
        self
    }

    /// Applies per-host limits from `bulk`.
    pub fn with_host_limits(mut self, bulk: &BulkOptions) -> Checker {
        self.hosts = Arc::new(HostGate::new(bulk));
        self
    }

    /// The policy in force.
    pub fn policy(&self) -> &AddressPolicy {
        &self.policy
    }

    /// Checks one URL: every hop, the outcome and findings. Never panics on any input.
    pub async fn check(&self, input: &str) -> UrlReport {
        let started = Instant::now();
        let mut hops = Vec::new();
        let outcome = match tokio::time::timeout(self.options.total_timeout, self.follow(input.trim(), &mut hops)).await
        {
            Ok(outcome) => outcome,
            Err(_) => Outcome::Timeout { which: "total".into() },
        };
        let findings = findings(&hops, &outcome, self.options.max_redirects);
        UrlReport {
            input: input.to_string(),
            final_status: hops.last().map(|h| h.status),
            final_url: hops.last().map(|h| h.url.clone()),
            hops,
            outcome,
            findings,
            elapsed_ms: started.elapsed().as_millis() as u64,
        }
    }

    async fn addresses(&self, url: &Url) -> Result<Vec<IpAddr>, Refusal> {
        let host = url.host_str().unwrap_or_default();
        let addrs = match url.host() {
            Some(Host::Ipv4(v4)) => vec![IpAddr::V4(v4)],
            Some(Host::Ipv6(v6)) => vec![IpAddr::V6(v6)],
            Some(Host::Domain(d)) => match self.resolver.resolve(d).await {
                Ok(a) => a,
                Err(e) => {
                    return Err(Refusal::Unresolvable {
                        host: d.chars().take(100).collect(),
                        reason: e.to_string(),
                    });
                }
            },
            None => {
                return Err(Refusal::InvalidUrl {
                    reason: "the URL has no host".into(),
                });
            }
        };
        self.policy.check_all(host, &addrs)?;
        Ok(addrs)
    }

    async fn follow(&self, input: &str, hops: &mut Vec<RedirectHop>) -> Outcome {
        let mut url = match Url::parse(input) {
            Ok(u) => u,
            Err(e) => {
                return Outcome::Refused {
                    refusal: Refusal::InvalidUrl { reason: e.to_string() },
                };
            }
        };
        let mut seen = HashSet::new();
        loop {
            if let Err(refusal) = self.policy.check_url(&url) {
                return Outcome::Refused { refusal };
            }
            let addrs = match self.addresses(&url).await {
                Ok(a) => a,
                Err(refusal) => return Outcome::Refused { refusal },
            };
            if !seen.insert(url.as_str().to_string()) {
                return Outcome::Loop;
            }
            let hop = match self.hop(&url, &addrs).await {
                Ok(h) => h,
                Err(outcome) => return outcome,
            };
            let status = hop.status;
            let location = hop.location.clone();
            hops.push(hop);
            if !is_redirect(status) {
                return Outcome::Final { status };
            }
            let Some(next) = location.and_then(|l| url.join(&l).ok()) else {
                return Outcome::RedirectWithoutLocation { status };
            };
            if hops.len() > self.options.max_redirects {
                return Outcome::TooManyRedirects {
                    limit: self.options.max_redirects,
                };
            }
            url = next;
        }
    }

    /// One hop, with the HEAD→GET fallback and retries on 429 and 503.
    async fn hop(&self, url: &Url, addrs: &[IpAddr]) -> Result<RedirectHop, Outcome> {
        let mut method = match self.options.method {
            MethodChoice::Get => Method::GET,
            _ => Method::HEAD,
        };
        let mut fell_back = false;
        let mut retries = 0;
        let mut waits = Vec::new();
        loop {
            let _slot = self.hosts.enter(url.host_str().unwrap_or_default()).await;
            let req = HopRequest {
                url,
                method: method.clone(),
                headers: &self.options.headers,
                addrs,
                max_body: self.options.max_body_bytes,
                tls: &self.tls,
                user_agent: &self.options.user_agent,
                pool: &self.pool,
            };
            let result = tokio::time::timeout(self.options.hop_timeout, fetch::fetch(req)).await;
            let auto_head = self.options.method == MethodChoice::Auto && method == Method::HEAD;
            let resp: HopResponse = match result {
                Err(_) => return Err(Outcome::Timeout { which: "hop".into() }),
                Ok(Err(_)) if auto_head => {
                    method = Method::GET;
                    fell_back = true;
                    continue;
                }
                Ok(Err(message)) => return Err(Outcome::Error { message }),
                Ok(Ok(r)) => r,
            };
            if auto_head && HEAD_FALLBACK.contains(&resp.status) {
                method = Method::GET;
                fell_back = true;
                continue;
            }
            if matches!(resp.status, 429 | 503) && retries < self.options.retries {
                let backoff = Duration::from_millis(500 << retries);
                let wait = resp.retry_after.unwrap_or(backoff).min(self.options.max_retry_wait);
                waits.push(crate::report::RetryWait {
                    asked_ms: resp.retry_after.map(|d| d.as_millis() as u64),
                    waited_ms: wait.as_millis() as u64,
                });
                retries += 1;
                drop(_slot);
                tokio::time::sleep(wait).await;
                continue;
            }
            return Ok(RedirectHop {
                url: url.to_string(),
                method: method.to_string(),
                status: resp.status,
                reason: resp.reason,
                status_name: self.names.as_ref().and_then(|n| n(resp.status)),
                location: resp.location,
                http_version: resp.version,
                remote_addr: resp.remote,
                ttfb_ms: resp.ttfb.as_millis() as u64,
                total_ms: resp.total.as_millis() as u64,
                retries,
                waits,
                fell_back_to_get: fell_back,
            });
        }
    }
}
