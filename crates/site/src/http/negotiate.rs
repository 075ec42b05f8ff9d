//! Content negotiation (RFC 9110 Section 12.5): which representation and which content coding a
//! request gets, from `Accept`, `Accept-Encoding` and, for command-line clients that send only
//! `*/*`, the `User-Agent`.

use super::fields::{RequestFields, visible_ascii};
use crate::cache::Coding;
use http::header::{ACCEPT, ACCEPT_ENCODING, HeaderName, USER_AGENT};
use siteerror_present::Media;

/// Every member of every field called `name`, as `(value, q)` with the quality in thousandths,
/// without allocating. Malformed members are skipped rather than failing the request; a field
/// that is not visible ASCII counts as absent.
fn weighted<'a, F: RequestFields + ?Sized>(
    headers: &'a F,
    name: HeaderName,
) -> impl Iterator<Item = (&'a str, u16)> + 'a {
    headers
        .field_values(name)
        .filter_map(visible_ascii)
        .flat_map(|field| field.split(','))
        .filter_map(|member| {
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
    let mut frac_val: u16 = 0;
    for i in 0..3 {
        let digit = frac.as_bytes().get(i).map_or(0, |b| u16::from(b - b'0'));
        frac_val = frac_val * 10 + digit;
    }
    match int {
        "0" => Some(frac_val),
        "1" if frac_val == 0 => Some(1000),
        _ => None,
    }
}

/// True for clients that want a terminal page when they send no real preference.
fn is_terminal_client<F: RequestFields + ?Sized>(headers: &F) -> bool {
    let Some(ua) = headers.first_field(USER_AGENT) else {
        return false;
    };
    [&b"curl/"[..], b"wget/", b"httpie/", b"xh/"]
        .iter()
        .any(|p| ua.len() >= p.len() && ua[..p.len()].eq_ignore_ascii_case(p))
}

/// How well one media range matches a type: 2 exact, 1 `type/*`, 0 `*/*`.
fn specificity(range: &str, (ty, sub): (&str, &str)) -> Option<u8> {
    let (rt, rs) = range.split_once('/').unwrap_or((range, ""));
    let (rt, rs) = (rt.trim(), rs.trim());
    if rt.eq_ignore_ascii_case(ty) && rs.eq_ignore_ascii_case(sub) {
        Some(2)
    } else if rt.eq_ignore_ascii_case(ty) && rs == "*" {
        Some(1)
    } else if rt == "*" && rs == "*" {
        Some(0)
    } else {
        None
    }
}

/// Chooses among `available` (in server preference order, at most 8) for this request; `None`
/// when the client accepts none of them (the caller answers 406). `Accept` is read once.
pub fn choose_media<F: RequestFields + ?Sized>(headers: &F, available: &[Media]) -> Option<Media> {
    const MAX: usize = 8;
    let available = &available[..available.len().min(MAX)];
    // For each available type, the most specific matching range and its quality
    // (RFC 9110 Section 12.5.1).
    let mut chosen: [Option<(u8, u16)>; MAX] = [None; MAX];
    let mut only_wildcard = true;
    for (range, q) in weighted(headers, ACCEPT) {
        only_wildcard &= range == "*/*";
        for (slot, m) in chosen.iter_mut().zip(available) {
            if let Some(spec) = specificity(range, m.type_subtype())
                && slot.is_none_or(|(s, _)| spec > s)
            {
                *slot = Some((spec, q));
            }
        }
    }
    if only_wildcard {
        if is_terminal_client(headers) && available.contains(&Media::Text) {
            return Some(Media::Text);
        }
        return available.first().copied();
    }
    let mut best: Option<(Media, u16, u8)> = None;
    for (m, slot) in available.iter().zip(chosen) {
        if let Some((spec, q)) = slot
            && q > 0
            && best.is_none_or(|(_, bq, bs)| q > bq || (q == bq && spec > bs))
        {
            best = Some((*m, q, spec));
        }
    }
    best.map(|(m, _, _)| m)
}

/// Chooses the content coding: the highest quality the client accepts, Brotli before gzip on a
/// tie, identity unless the client refuses it (then `None`, and the caller answers 406).
/// `Accept-Encoding` is read once.
pub fn choose_coding<F: RequestFields + ?Sized>(headers: &F) -> Option<Coding> {
    if !headers.has_field(ACCEPT_ENCODING) {
        return Some(Coding::Identity);
    }
    let (mut br, mut gzip, mut x_gzip, mut identity, mut star) = (None, None, None, None, None);
    for (v, q) in weighted(headers, ACCEPT_ENCODING) {
        // The first mention of a coding counts, as a client lists its preference once.
        let slot = if v.eq_ignore_ascii_case("br") {
            &mut br
        } else if v.eq_ignore_ascii_case("gzip") {
            &mut gzip
        } else if v.eq_ignore_ascii_case("x-gzip") {
            &mut x_gzip
        } else if v.eq_ignore_ascii_case("identity") {
            &mut identity
        } else if v == "*" {
            &mut star
        } else {
            continue;
        };
        slot.get_or_insert(q);
    }
    let br = br.or(star).unwrap_or(0);
    let gzip = gzip.or(x_gzip).or(star).unwrap_or(0);
    // Identity is acceptable unless excluded explicitly or by `*;q=0` (RFC 9110 Section 12.5.3).
    let identity = identity.or(star).unwrap_or(1);
    [
        (Coding::Brotli, br, 2u8),
        (Coding::Gzip, gzip, 1),
        (Coding::Identity, identity, 0),
    ]
    .into_iter()
    .filter(|(_, q, _)| *q > 0)
    .max_by_key(|(_, q, rank)| (*q, *rank))
    .map(|(c, _, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue};

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
