//! The URL checker as the server runs it: the strict address policy, the server's own limits
//! (20 s a URL, 3 s at most for a `Retry-After`), a rate limit per client and a bound on checks
//! running at once.

use crate::error::SiteError;
use crate::http::client::ClientKey;
use crate::limits::{
    CHECKER_CONCURRENCY_PER_REQUEST, CHECKER_HOST_SPACING, CHECKER_MAX_CONCURRENT, CHECKER_MAX_PER_CLIENT,
    CHECKER_MAX_REDIRECTS, CHECKER_MAX_RETRY_WAIT, CHECKER_MAX_URLS, CHECKER_PER_CLIENT_PER_MINUTE, CHECKER_PER_HOST,
    CHECKER_TIMEOUT_MS_RANGE, CHECKER_URL_TIMEOUT,
};
use crate::rate::RateLimit;
use serde::Deserialize;
use siteerror_catalog::{Catalog, Source};
use siteerror_checker::{AddressPolicy, BulkOptions, CheckOptions, Checker, MethodChoice, Resolve, UrlReport};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

/// The checker with the server's policy and limits.
pub struct CheckerService {
    checker: Checker,
    options: CheckOptions,
    limiter: Option<RateLimit>,
    slots: Arc<Semaphore>,
    running: Arc<std::sync::Mutex<HashMap<ClientKey, usize>>>,
}

/// A running check request's place: in the global bound and in its client's share. Both are
/// given back when it is dropped, which happens when the request ends or its client goes away.
#[derive(Debug)]
pub struct CheckPermit {
    _global: OwnedSemaphorePermit,
    client: ClientKey,
    running: Arc<std::sync::Mutex<HashMap<ClientKey, usize>>>,
}

impl Drop for CheckPermit {
    fn drop(&mut self) {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = running.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                running.remove(&self.client);
            }
        }
    }
}

impl std::fmt::Debug for CheckerService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckerService")
            .field("checker", &self.checker)
            .finish()
    }
}

/// The JSON body of `POST /api/v1/check`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// 1 to 20 URLs.
    pub urls: Vec<String>,
    /// Redirects to follow at most (default 10, up to 20).
    pub max_redirects: Option<usize>,
    /// `auto` (HEAD, then GET if needed), `head` or `get`.
    pub method: Option<String>,
    /// Time budget per URL in milliseconds (100 to 20000).
    pub timeout_ms: Option<u64>,
}

impl CheckerService {
    /// A service with `policy`, naming statuses from `catalog`'s registered entries.
    pub fn new(catalog: &Catalog, policy: AddressPolicy, resolver: Option<Arc<dyn Resolve>>) -> Self {
        let names: HashMap<u16, String> = catalog
            .entries()
            .iter()
            .filter(|e| e.source == Source::Iana)
            .map(|e| (e.code, e.name.clone()))
            .collect();
        let options = CheckOptions {
            total_timeout: CHECKER_URL_TIMEOUT,
            hop_timeout: CheckOptions::default().hop_timeout.min(CHECKER_URL_TIMEOUT),
            max_retry_wait: CHECKER_MAX_RETRY_WAIT,
            ..CheckOptions::default()
        };
        let mut checker =
            Checker::new(policy, options.clone()).with_status_names(Arc::new(move |code| names.get(&code).cloned()));
        if let Some(r) = resolver {
            checker = checker.with_resolver(r);
        }
        CheckerService {
            checker,
            options,
            limiter: RateLimit::per_minute(CHECKER_PER_CLIENT_PER_MINUTE),
            slots: Arc::new(Semaphore::new(CHECKER_MAX_CONCURRENT)),
            running: Arc::default(),
        }
    }

    /// The options every check starts from: the server's limits.
    pub fn base_options(&self) -> &CheckOptions {
        &self.options
    }

    /// Validates a request into URLs and options within the server's limits, or the 422 to send.
    pub fn validate(&self, req: CheckRequest) -> Result<(Vec<String>, CheckOptions), SiteError> {
        validate_urls(&req.urls)?;
        let mut options = self.options.clone();
        if let Some(n) = req.max_redirects {
            if n > CHECKER_MAX_REDIRECTS {
                return Err(SiteError::unprocessable(format!(
                    "max_redirects must be at most {CHECKER_MAX_REDIRECTS}"
                )));
            }
            options.max_redirects = n;
        }
        options.method = match req.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("auto") => MethodChoice::Auto,
            Some("head") => MethodChoice::Head,
            Some("get") => MethodChoice::Get,
            Some(_) => return Err(SiteError::unprocessable("method must be auto, head or get")),
        };
        if let Some(ms) = req.timeout_ms {
            let (lo, hi) = CHECKER_TIMEOUT_MS_RANGE;
            if !(lo..=hi).contains(&ms) {
                return Err(SiteError::unprocessable(format!(
                    "timeout_ms must be between {lo} and {hi}"
                )));
            }
            options.total_timeout = std::time::Duration::from_millis(ms);
            options.hop_timeout = options.hop_timeout.min(options.total_timeout);
        }
        Ok((req.urls, options))
    }

    /// Reserves a slot for one check request: the client's rate, its share of running checks,
    /// then the global bound.
    pub fn admit(&self, client: ClientKey) -> Result<CheckPermit, SiteError> {
        if let Some(limiter) = &self.limiter
            && let Err(wait) = limiter.take(client)
        {
            return Err(SiteError::too_many_requests(
                wait,
                format!("too many checks from your address; try again in {wait} s"),
            ));
        }
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.get(&client).is_some_and(|n| *n >= CHECKER_MAX_PER_CLIENT) {
            return Err(SiteError::too_many_requests(
                5,
                format!("your address has {CHECKER_MAX_PER_CLIENT} checks running already; try again when one ends"),
            ));
        }
        let global = self
            .slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| SiteError::busy(5, "the checker is busy; try again shortly"))?;
        *running.entry(client).or_insert(0) += 1;
        Ok(CheckPermit {
            _global: global,
            client,
            running: self.running.clone(),
        })
    }

    /// Starts checking `urls`; results arrive as each URL finishes, tagged with its index.
    pub fn start(&self, urls: Vec<String>, options: CheckOptions) -> mpsc::Receiver<(usize, UrlReport)> {
        self.checker.clone().with_options(options).check_many(
            urls,
            &BulkOptions {
                concurrency: CHECKER_CONCURRENCY_PER_REQUEST,
                per_host: CHECKER_PER_HOST,
                host_spacing: CHECKER_HOST_SPACING,
            },
        )
    }

    /// Checks `urls` and returns the reports in input order.
    pub async fn run(&self, urls: Vec<String>, options: CheckOptions) -> Vec<UrlReport> {
        let n = urls.len();
        let mut rx = self.start(urls, options);
        let mut out: Vec<Option<UrlReport>> = vec![None; n];
        while let Some((i, r)) = rx.recv().await {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(r);
            }
        }
        out.into_iter().flatten().collect()
    }

    /// Checks running now.
    pub fn slots_in_use(&self) -> usize {
        CHECKER_MAX_CONCURRENT.saturating_sub(self.slots.available_permits())
    }

    /// Clients the per-client limit tracks.
    pub fn tracked(&self) -> usize {
        self.limiter.as_ref().map_or(0, RateLimit::tracked)
    }

    /// Forgets rate-limit state of clients whose allowance is full again.
    pub fn sweep(&self) {
        if let Some(l) = &self.limiter {
            l.sweep();
        }
    }
}

/// 1 to [`CHECKER_MAX_URLS`] URLs of 1 to 2048 characters.
pub fn validate_urls(urls: &[String]) -> Result<(), SiteError> {
    if urls.is_empty() || urls.len() > CHECKER_MAX_URLS {
        return Err(SiteError::unprocessable(format!(
            "urls must hold 1 to {CHECKER_MAX_URLS} URLs, not {}",
            urls.len()
        )));
    }
    if let Some(bad) = urls.iter().find(|u| u.trim().is_empty() || u.len() > 2048) {
        return Err(SiteError::unprocessable(format!(
            "every URL must be 1 to 2048 characters; got one of {}",
            bad.len()
        )));
    }
    Ok(())
}
