//! What the RFCs fix about a response with a given code (heuristic cacheability, whether it has a
//! body, which headers it carries), and the rules that keep each entry's facts and example
//! response true to them.

use super::Problems;
use crate::{BodyRule, ExampleFormat, StatusEntry};

/// Headers that a response with a given IANA code carries, because its defining RFC requires them
/// (Location on redirects, WWW-Authenticate on 401, Allow on 405…) or recommends them (Retry-After on
/// 413, 429 and 503; Link rel="blocked-by" on 451). Each such entry's example response and its list
/// of tied headers are checked against this table, and the site's code snippets use it.
pub const TIED_HEADERS: &[(u16, &str)] = &[
    (101, "Upgrade"),
    (201, "Location"),
    (206, "Content-Range"),
    (301, "Location"),
    (302, "Location"),
    (303, "Location"),
    (307, "Location"),
    (308, "Location"),
    (401, "WWW-Authenticate"),
    (405, "Allow"),
    (407, "Proxy-Authenticate"),
    (413, "Retry-After"),
    (416, "Content-Range"),
    (426, "Upgrade"),
    (429, "Retry-After"),
    (451, "Link"),
    (503, "Retry-After"),
];

/// Codes RFC 9110 Section 15.1 lists as heuristically cacheable, plus 451 (RFC 7725 Section 3).
const HEURISTICALLY_CACHEABLE: &[u16] = &[200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501];

/// An IANA entry's `facts.heuristically_cacheable` and `facts.body` are what the RFCs say.
pub(super) fn check_iana_facts(file: &str, e: &StatusEntry, problems: &mut Problems) {
    let expected = HEURISTICALLY_CACHEABLE.contains(&e.code);
    if e.facts.heuristically_cacheable != expected {
        problems.add(
            file,
            "facts.heuristically_cacheable",
            format!("must be {expected} for {} (RFC 9110 Section 15.1)", e.code),
        );
    }
    let body = match e.code {
        100..=199 | 204 | 304 => BodyRule::Forbidden,
        205 => BodyRule::NoneGenerated,
        _ => BodyRule::Allowed,
    };
    if e.facts.body != body {
        problems.add(file, "facts.body", format!("must be {body:?} for {}", e.code));
    }
}

/// Each header [`TIED_HEADERS`] ties to the code is in the example and in the entry's header list.
pub(super) fn check_tied_headers(file: &str, e: &StatusEntry, problems: &mut Problems) {
    for (_, header) in TIED_HEADERS.iter().filter(|(c, _)| *c == e.code) {
        if e.example_parts().header(header).is_none() {
            problems.add(
                file,
                "example",
                format!("a {} response needs a {header} header", e.code),
            );
        }
        if !e.headers.iter().any(|h| h.name.eq_ignore_ascii_case(header)) {
            problems.add(
                file,
                "headers",
                format!("{header} must be listed as a header tied to {}", e.code),
            );
        }
    }
}

/// The example is a log line exactly when no response is sent; otherwise an HTTP response that
/// agrees with the entry's code and body rule.
pub(super) fn check_example(file: &str, e: &StatusEntry, problems: &mut Problems) {
    let is_log = e.example_format == ExampleFormat::Log;
    if is_log != (e.facts.body == BodyRule::NoResponse) {
        problems.add(
            file,
            "example_format",
            "a log-line example goes with facts.body = \"no-response\", and only with it",
        );
    }
    if is_log {
        if !e.example.contains(&e.display_code()) {
            problems.add(
                file,
                "example",
                format!("the log line should show {}", e.display_code()),
            );
        }
    } else {
        check_response_example(file, e, problems);
    }
}

/// The status line, the body's presence and the Content-Length of an example HTTP response.
fn check_response_example(file: &str, e: &StatusEntry, problems: &mut Problems) {
    let ex = e.example_parts();
    let mut parts = ex.status_line.splitn(3, ' ');
    let (version, code) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let envelope = e.wire_status.unwrap_or(e.code);
    if !version.starts_with("HTTP/") || code != envelope.to_string() {
        problems.add(
            file,
            "example",
            format!(
                "must start with a status line like \"HTTP/1.1 {envelope} ...\", found {:?}",
                ex.status_line
            ),
        );
    }
    if e.facts.body != BodyRule::Allowed && !ex.body.trim().is_empty() {
        problems.add(
            file,
            "example",
            format!("has a body, but a {} response carries no content", e.code),
        );
    }
    if let Some(len) = ex.header("Content-Length") {
        if e.facts.body == BodyRule::Allowed && len.parse::<usize>().ok() != Some(ex.body.len()) {
            problems.add(
                file,
                "example",
                format!("Content-Length is {len} but the body is {} bytes", ex.body.len()),
            );
        }
    }
}
