//! Who is asking: the client's address from the connection (or, when the connection comes from
//! a trusted proxy, the address that proxy reports in `X-Forwarded-For`), and the key rate
//! limits count it under (an IPv6 client by its /64, since one host usually holds the whole /64).

use axum::extract::{ConnectInfo, FromRequestParts};
use http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The client's address as the connection reports it; `0.0.0.0` when the server runs without
/// connection info (tests driving the router directly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(parts))
    }
}

impl ClientAddr {
    /// The address in a request's parts: as [`resolve`] worked it out, else the peer's.
    pub fn of(parts: &Parts) -> ClientAddr {
        if let Some(c) = parts.extensions.get::<ClientAddr>() {
            return *c;
        }
        ClientAddr(peer(&parts.extensions))
    }

    /// The key rate limits count this client under.
    pub fn key(self) -> ClientKey {
        ClientKey::of(self.0)
    }
}

fn peer(ext: &http::Extensions) -> IpAddr {
    ext.get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip())
}

/// The client of a request whose connection comes from `peer`: the peer itself, unless it is a
/// trusted proxy; then the right-most address in `X-Forwarded-For` that is not a trusted proxy
/// (the addresses to its left were written by the client and cannot be believed). A malformed
/// field counts as no field: the proxy itself is the client.
pub fn client_behind(peer: IpAddr, forwarded_for: &http::HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut hops: Vec<IpAddr> = Vec::new();
    for value in forwarded_for.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else { return peer };
        for part in text.split(',') {
            match part.trim().parse::<IpAddr>() {
                Ok(ip) => hops.push(ip),
                Err(_) => return peer,
            }
        }
    }
    hops.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer)
}

/// Records the request's [`ClientAddr`] once, from the peer and, behind a trusted proxy,
/// `X-Forwarded-For`. Without trusted proxies there is nothing to work out: the peer is the
/// client.
pub fn resolve(trusted: &[ipnet::IpNet], req: &mut axum::extract::Request) {
    if !trusted.is_empty() {
        let client = client_behind(peer(req.extensions()), req.headers(), trusted);
        req.extensions_mut().insert(ClientAddr(client));
    }
}

/// A rate-limit key: an IPv4 address, or an IPv6 /64 (IPv4-mapped IPv6 counts as IPv4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    /// One IPv4 address.
    V4([u8; 4]),
    /// The first 64 bits of an IPv6 address.
    V6Prefix(u64),
}

impl ClientKey {
    /// The key of `ip`.
    pub fn of(ip: IpAddr) -> ClientKey {
        match ip {
            IpAddr::V4(v4) => ClientKey::V4(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey::V4(v4.octets()),
                None => ClientKey::V6Prefix(prefix64(v6)),
            },
        }
    }
}

fn prefix64(v6: Ipv6Addr) -> u64 {
    (v6.to_bits() >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(v: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        // From a stranger the field is ignored, whatever it says.
        assert_eq!(client_behind(stranger, &xff("203.0.113.1"), &trusted), stranger);
        // From the proxy: the right-most address it did not add itself.
        assert_eq!(
            client_behind(proxy, &xff("1.1.1.1, 203.0.113.9, 10.9.9.9"), &trusted),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // Nothing usable: the proxy is the client.
        assert_eq!(client_behind(proxy, &xff("not an address"), &trusted), proxy);
        assert_eq!(client_behind(proxy, &http::HeaderMap::new(), &trusted), proxy);
        // Without trusted networks nothing is believed.
        assert_eq!(client_behind(proxy, &xff("203.0.113.9"), &[]), proxy);
    }

    #[test]
    fn ipv6_clients_of_one_64_share_a_key() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ClientKey::of(a), ClientKey::of(b));
        assert_ne!(ClientKey::of(a), ClientKey::of(c));
    }

    #[test]
    fn ipv4_mapped_counts_as_ipv4() {
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(ClientKey::of(mapped), ClientKey::of(v4));
        assert_ne!(ClientKey::of(v4), ClientKey::of("192.0.2.8".parse().unwrap()));
    }
}
