//! Content negotiation (RFC 9110 Section 12.5): which representation and which content coding a
//! request gets, from `Accept`, `Accept-Encoding` and, for command-line clients that send only
//! `*/*`, the `User-Agent`.

use crate::cache::Coding;
use http::HeaderMap;
use http::header::{ACCEPT, ACCEPT_ENCODING, USER_AGENT};
use siteerror_present::Media;

/// Splits a list field into `(value, q)` pairs, quality in thousandths. Malformed members are
/// skipped rather than failing the request.
fn weighted(field: &str) -> impl Iterator<Item = (&str, u16)> {
    field.split(',').filter_map(|member| {
        let mut parts = member.split(';');
        let value = parts.next()?.trim();
        if value.is_empty() {
            return None;
        }
        let mut q = 1000;
        for p in parts {
            let Some((k, v)) = p.split_once('=') else { continue };
            if k.trim().eq_ignore_ascii_case("q") {
                q = parse_q(v.trim())?;
            }
        }
        Some((value, q))
    })
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
fn parse_q(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_val: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(frac_val),
        "1" if frac_val == 0 => Some(1000),
        _ => None,
    }
}

/// True for clients that want a terminal page when they send no real preference.
fn is_terminal_client(headers: &HeaderMap) -> bool {
    let Some(ua) = headers.get(USER_AGENT).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let ua = ua.to_ascii_lowercase();
    ["curl/", "wget/", "httpie/", "xh/"].iter().any(|p| ua.starts_with(p))
}

/// Chooses among `available` (in server preference order) for this request; `None` when the
/// client accepts none of them (the caller answers 406).
pub fn choose_media(headers: &HeaderMap, available: &[Media]) -> Option<Media> {
    let accept: Vec<&str> = headers.get_all(ACCEPT).iter().filter_map(|v| v.to_str().ok()).collect();
    let accept = accept.join(",");
    let only_wildcard = accept.trim().is_empty() || weighted(&accept).all(|(v, _)| v == "*/*");
    if only_wildcard {
        if is_terminal_client(headers) && available.contains(&Media::Text) {
            return Some(Media::Text);
        }
        return available.first().copied();
    }
    let mut best: Option<(Media, u16, u8)> = None;
    for &m in available {
        let (ty, sub) = m.type_subtype();
        // The most specific matching range decides the quality (RFC 9110 Section 12.5.1).
        let mut chosen: Option<(u8, u16)> = None;
        for (range, q) in weighted(&accept) {
            let (rt, rs) = range.split_once('/').unwrap_or((range, ""));
            let (rt, rs) = (rt.trim(), rs.trim());
            let specificity = if rt.eq_ignore_ascii_case(ty) && rs.eq_ignore_ascii_case(sub) {
                2
            } else if rt.eq_ignore_ascii_case(ty) && rs == "*" {
                1
            } else if rt == "*" && rs == "*" {
                0
            } else {
                continue;
            };
            if chosen.is_none_or(|(s, _)| specificity > s) {
                chosen = Some((specificity, q));
            }
        }
        if let Some((spec, q)) = chosen
            && q > 0
            && best.is_none_or(|(_, bq, bs)| q > bq || (q == bq && spec > bs))
        {
            best = Some((m, q, spec));
        }
    }
    best.map(|(m, _, _)| m)
}

/// Chooses the content coding: the highest quality the client accepts, Brotli before gzip on a
/// tie, identity unless the client refuses it (then `None`, and the caller answers 406).
pub fn choose_coding(headers: &HeaderMap) -> Option<Coding> {
    let field: Vec<&str> = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if field.is_empty() {
        return Some(Coding::Identity);
    }
    let field = field.join(",");
    let q_of = |name: &str| -> Option<u16> {
        let mut star = None;
        for (v, q) in weighted(&field) {
            if v.eq_ignore_ascii_case(name) {
                return Some(q);
            }
            if v == "*" {
                star = Some(q);
            }
        }
        star
    };
    let br = q_of("br").unwrap_or(0);
    let gzip = q_of("gzip").or_else(|| q_of("x-gzip")).unwrap_or(0);
    // Identity is acceptable unless excluded explicitly or by `*;q=0` (RFC 9110 Section 12.5.3).
    let identity = q_of("identity").unwrap_or(1);
    let best = [(Coding::Brotli, br), (Coding::Gzip, gzip), (Coding::Identity, identity)]
        .into_iter()
        .filter(|(_, q)| *q > 0)
        .max_by_key(|(c, q)| {
            (
                *q,
                matches!(c, Coding::Brotli) as u8 * 2 + matches!(c, Coding::Gzip) as u8,
            )
        });
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn media() {
        let all = &Media::ALL;
        assert_eq!(choose_media(&h(&[]), all), Some(Media::Html));
        assert_eq!(
            choose_media(&h(&[("accept", "*/*"), ("user-agent", "curl/8.5.0")]), all),
            Some(Media::Text)
        );
        assert_eq!(
            choose_media(&h(&[("accept", "application/json")]), all),
            Some(Media::Json)
        );
        assert_eq!(choose_media(&h(&[("accept", "text/plain")]), all), Some(Media::Text));
        assert_eq!(
            choose_media(
                &h(&[(
                    "accept",
                    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
                )]),
                all
            ),
            Some(Media::Html)
        );
        assert_eq!(
            choose_media(&h(&[("accept", "text/*;q=0.5, application/json")]), all),
            Some(Media::Json)
        );
        assert_eq!(
            choose_media(&h(&[("accept", "text/*, text/html;q=0")]), all),
            Some(Media::Text)
        );
        assert_eq!(choose_media(&h(&[("accept", "image/png")]), all), None);
        assert_eq!(
            choose_media(&h(&[("accept", "application/json"), ("user-agent", "curl/8")]), all),
            Some(Media::Json)
        );
    }

    #[test]
    fn coding() {
        assert_eq!(choose_coding(&h(&[])), Some(Coding::Identity));
        assert_eq!(
            choose_coding(&h(&[("accept-encoding", "gzip, deflate, br, zstd")])),
            Some(Coding::Brotli)
        );
        assert_eq!(choose_coding(&h(&[("accept-encoding", "gzip")])), Some(Coding::Gzip));
        assert_eq!(
            choose_coding(&h(&[("accept-encoding", "br;q=0.5, gzip")])),
            Some(Coding::Gzip)
        );
        assert_eq!(choose_coding(&h(&[("accept-encoding", "*")])), Some(Coding::Brotli));
        assert_eq!(choose_coding(&h(&[("accept-encoding", "identity;q=0")])), None);
        assert_eq!(
            choose_coding(&h(&[("accept-encoding", "br;q=2")])),
            Some(Coding::Identity)
        );
        assert_eq!(choose_coding(&h(&[("accept-encoding", "x-gzip")])), Some(Coding::Gzip));
        assert_eq!(choose_coding(&h(&[("accept-encoding", "*;q=0")])), None);
        assert_eq!(
            choose_coding(&h(&[("accept-encoding", "gzip, *;q=0")])),
            Some(Coding::Gzip)
        );
        assert_eq!(
            choose_coding(&h(&[("accept-encoding", "*;q=0, identity")])),
            Some(Coding::Identity)
        );
    }
}
