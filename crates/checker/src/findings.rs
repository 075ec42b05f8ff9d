//! Advice from a finished redirect chain, in plain words: what each hop did that is worth
//! knowing (a fallback to GET, retries, temporary or relative redirects, an HTTPS downgrade), how
//! many redirects the chain took, and why it ended as it did.

use crate::report::{Finding, Outcome, RedirectHop, Severity};
use url::Url;

/// Whether a status is a redirect the checker follows.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Advice from a finished chain.
pub fn findings(hops: &[RedirectHop], outcome: &Outcome, limit: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, hop) in hops.iter().enumerate() {
        method_findings(hop, &mut out);
        redirect_findings(i, hop, hops.get(i + 1), &mut out);
    }
    redirect_count_finding(hops, &mut out);
    outcome_finding(hops, outcome, limit, &mut out);
    out
}

fn add(out: &mut Vec<Finding>, severity: Severity, code: Option<u16>, message: String) {
    out.push(Finding {
        severity,
        code,
        message,
    })
}

/// How a hop had to be asked: with GET after a bad answer to HEAD, or again after 429 or 503.
fn method_findings(hop: &RedirectHop, out: &mut Vec<Finding>) {
    if hop.fell_back_to_get {
        add(
            out,
            Severity::Info,
            None,
            format!("{} did not answer HEAD properly, so it was checked with GET.", hop.url),
        );
    }
    if hop.retries > 0 {
        add(
            out,
            Severity::Info,
            Some(429),
            format!("{} was retried {} time(s) after 429 or 503.", hop.url, hop.retries),
        );
    }
}

/// What is worth changing about the redirect at hop `i` (counted from 0), given the hop after it.
fn redirect_findings(i: usize, hop: &RedirectHop, next: Option<&RedirectHop>, out: &mut Vec<Finding>) {
    if matches!(hop.status, 302 | 307) {
        add(
            out,
            Severity::Info,
            Some(hop.status),
            format!(
                "{} is a temporary redirect: if the move is permanent, prefer {} so that search engines and caches update.",
                hop.status,
                if hop.status == 302 { "301 or 308" } else { "308" }
            ),
        );
    }
    if let Some(loc) = &hop.location
        && is_redirect(hop.status)
        && Url::parse(loc).is_err()
    {
        add(
            out,
            Severity::Info,
            Some(hop.status),
            format!(
                "Hop {} sends a relative Location ({loc}); RFC 9110 allows it, a few old clients mishandle it.",
                i + 1
            ),
        );
    }
    if let Some(next) = next
        && hop.url.starts_with("https:")
        && next.url.starts_with("http:")
    {
        add(
            out,
            Severity::Warning,
            Some(hop.status),
            format!(
                "Downgrade: {} redirects from HTTPS to plain HTTP ({}).",
                hop.url, next.url
            ),
        );
    }
}

/// Every redirect costs a round trip; more than one is worth fixing.
fn redirect_count_finding(hops: &[RedirectHop], out: &mut Vec<Finding>) {
    match hops.iter().filter(|h| is_redirect(h.status)).count() {
        0 => {}
        1 => add(
            out,
            Severity::Info,
            None,
            "1 redirect: link straight to the final URL to save a round trip.".into(),
        ),
        n => add(
            out,
            Severity::Warning,
            None,
            format!("{n} redirects: link straight to the final URL."),
        ),
    }
}

/// Why the chain failed, when it did; `limit` is the most redirects that were to be followed.
fn outcome_finding(hops: &[RedirectHop], outcome: &Outcome, limit: usize, out: &mut Vec<Finding>) {
    let (code, message) = match outcome {
        Outcome::Final { status } if *status >= 400 => {
            let name = hops
                .last()
                .and_then(|h| h.status_name.as_deref())
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            (Some(*status), format!("Ends in {status}{name}."))
        }
        Outcome::Final { .. } => return,
        Outcome::RedirectWithoutLocation { status } => (
            Some(*status),
            format!("{status} redirect without a Location header: clients cannot follow it."),
        ),
        Outcome::Loop => (
            None,
            "Redirect loop: the chain comes back to a URL it already visited.".into(),
        ),
        Outcome::TooManyRedirects { .. } => (None, format!("More than {limit} redirects; stopped following.")),
        Outcome::Refused { refusal } => (None, format!("Not checked: {refusal}.")),
        Outcome::Error { message } => (None, format!("Failed: {message}.")),
        Outcome::Timeout { which } => (Some(504), format!("Timed out ({which} time limit).")),
    };
    add(out, Severity::Error, code, message);
}
