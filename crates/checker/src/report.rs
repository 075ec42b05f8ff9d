//! What a check finds: every hop of the redirect chain, the outcome, and findings in plain words.

use crate::policy::Refusal;
use serde::Serialize;
use std::fmt;
use std::net::SocketAddr;

/// One request and its response in a chain.
#[derive(Debug, Clone, Serialize)]
pub struct RedirectHop {
    /// The URL requested.
    pub url: String,
    /// `HEAD` or `GET`.
    pub method: String,
    /// The status code.
    pub status: u16,
    /// The reason phrase as sent (HTTP/1.1), or the standard one.
    pub reason: String,
    /// The catalog's name for the status, where the caller supplied names.
    pub status_name: Option<String>,
    /// The `Location` field as sent, if any.
    pub location: Option<String>,
    /// `HTTP/1.1`, `HTTP/1.0`.
    pub http_version: String,
    /// The address connected to.
    pub remote_addr: SocketAddr,
    /// Milliseconds from the start of the hop to the response head.
    pub ttfb_ms: u64,
    /// Milliseconds from the start of the hop to the end of what was read.
    pub total_ms: u64,
    /// How many times this hop was retried after 429 or 503.
    pub retries: u32,
    /// Each wait before a retry: what `Retry-After` asked for (if it said) and how long the
    /// checker waited, which is at most its `max_retry_wait`.
    pub waits: Vec<RetryWait>,
    /// True when this hop fell back from HEAD to GET.
    pub fell_back_to_get: bool,
}

/// One wait before a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetryWait {
    /// Milliseconds `Retry-After` asked for, when the response had one we could read.
    pub asked_ms: Option<u64>,
    /// Milliseconds waited.
    pub waited_ms: u64,
}

/// How a check ended.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// A final (non-redirect) status.
    Final {
        /// The status.
        status: u16,
    },
    /// A 3xx without a usable Location.
    RedirectWithoutLocation {
        /// The status.
        status: u16,
    },
    /// The chain came back to a URL it had visited.
    Loop,
    /// More redirects than allowed.
    TooManyRedirects {
        /// The limit.
        limit: usize,
    },
    /// The policy refused a URL (the first, or a redirect target); nothing was sent to it.
    Refused {
        /// Why.
        refusal: Refusal,
    },
    /// A network or protocol error.
    Error {
        /// What went wrong.
        message: String,
    },
    /// The time budget ran out.
    Timeout {
        /// Which budget: `hop` or `total`.
        which: String,
    },
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth fixing.
    Warning,
    /// Broken.
    Error,
}

/// One piece of advice about a URL.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// The status code it is about, for a link to its page.
    pub code: Option<u16>,
    /// Plain words.
    pub message: String,
}

/// Everything about one checked URL.
#[derive(Debug, Clone, Serialize)]
pub struct UrlReport {
    /// The URL as given.
    pub input: String,
    /// Every hop, in order.
    pub hops: Vec<RedirectHop>,
    /// How it ended.
    pub outcome: Outcome,
    /// Advice.
    pub findings: Vec<Finding>,
    /// The status of the last hop, if any response came.
    pub final_status: Option<u16>,
    /// The URL of the last hop.
    pub final_url: Option<String>,
    /// Milliseconds for the whole check.
    pub elapsed_ms: u64,
}

impl UrlReport {
    /// The chain as text: `a --[301]--> b --[200]`.
    pub fn chain(&self) -> RedirectChain<'_> {
        RedirectChain(&self.hops)
    }
}

/// A redirect chain, displayed as `a --[301]--> b --[200]`.
#[derive(Debug, Clone, Copy)]
pub struct RedirectChain<'a>(pub &'a [RedirectHop]);

impl fmt::Display for RedirectChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, hop) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("--> ")?;
            }
            write!(f, "{} --[{}]", hop.url, hop.status)?;
        }
        Ok(())
    }
}
