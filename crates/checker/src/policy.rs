//! The address policy: which URLs and addresses the checker may connect to. A server exposed to
//! the public must never be turned into a tool for reaching private, loopback, link-local or
//! metadata addresses (SSRF); this module decides, before any packet is sent.

use ipnet::IpNet;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Why an address is special. `Global` is the only class a strict policy connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AddressClass {
    /// An ordinary public address.
    Global,
    /// 0.0.0.0/8, `::`.
    Unspecified,
    /// 127.0.0.0/8, `::1`.
    Loopback,
    /// RFC 1918: 10/8, 172.16/12, 192.168/16.
    Private,
    /// RFC 6598 carrier-grade NAT, 100.64/10.
    SharedCgnat,
    /// 169.254/16 (cloud metadata lives here), fe80::/10.
    LinkLocal,
    /// fc00::/7.
    UniqueLocal,
    /// 224/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.
    Documentation,
    /// 198.18/15, 2001:2::/48.
    Benchmarking,
    /// 240/4, 192.0.0/24, 192.88.99/24, fec0::/10, 100::/64, 64:ff9b:1::/48 and other
    /// special-purpose ranges that have no business being a link target.
    Reserved,
}

impl AddressClass {
    /// Words for a refusal message.
    pub fn describe(self) -> &'static str {
        match self {
            AddressClass::Global => "a public address",
            AddressClass::Unspecified => "an unspecified address",
            AddressClass::Loopback => "a loopback address",
            AddressClass::Private => "a private (RFC 1918) address",
            AddressClass::SharedCgnat => "a carrier-grade NAT address (100.64.0.0/10)",
            AddressClass::LinkLocal => "a link-local address (this includes cloud metadata services)",
            AddressClass::UniqueLocal => "a unique-local IPv6 address",
            AddressClass::Multicast => "a multicast address",
            AddressClass::Broadcast => "the broadcast address",
            AddressClass::Documentation => "a documentation-only address",
            AddressClass::Benchmarking => "a benchmarking-only address",
            AddressClass::Reserved => "a reserved special-purpose address",
        }
    }
}

fn v4(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
    Ipv4Addr::new(a, b, c, d)
}

fn in_v4(ip: Ipv4Addr, net: Ipv4Addr, prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    u32::from(ip) & mask == u32::from(net) & mask
}

fn in_v6(ip: Ipv6Addr, net: Ipv6Addr, prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
    u128::from(ip) & mask == u128::from(net) & mask
}

/// Classifies an IPv4 address.
pub fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    use AddressClass::*;
    let table: &[(Ipv4Addr, u32, AddressClass)] = &[
        (v4(255, 255, 255, 255), 32, Broadcast),
        (v4(0, 0, 0, 0), 8, Unspecified),
        (v4(10, 0, 0, 0), 8, Private),
        (v4(100, 64, 0, 0), 10, SharedCgnat),
        (v4(127, 0, 0, 0), 8, Loopback),
        (v4(169, 254, 0, 0), 16, LinkLocal),
        (v4(172, 16, 0, 0), 12, Private),
        (v4(192, 0, 0, 0), 24, Reserved),
        (v4(192, 0, 2, 0), 24, Documentation),
        (v4(192, 88, 99, 0), 24, Reserved),
        (v4(192, 168, 0, 0), 16, Private),
        (v4(198, 18, 0, 0), 15, Benchmarking),
        (v4(198, 51, 100, 0), 24, Documentation),
        (v4(203, 0, 113, 0), 24, Documentation),
        (v4(224, 0, 0, 0), 4, Multicast),
        (v4(240, 0, 0, 0), 4, Reserved),
    ];
    table
        .iter()
        .find(|(net, p, _)| in_v4(ip, *net, *p))
        .map_or(Global, |(_, _, c)| *c)
}

/// The IPv4 address an IPv6 address wraps, where it wraps one: IPv4-mapped (`::ffff:a.b.c.d`),
/// IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`), 6to4 (`2002::/16`) and Teredo
/// (`2001::/32`, whose client address is stored inverted).
pub fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let n = u128::from(ip);
    let low32 = Ipv4Addr::from((n & 0xffff_ffff) as u32);
    if in_v6(ip, Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), 96)
        || in_v6(ip, Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96)
    {
        return Some(low32);
    }
    if in_v6(ip, Ipv6Addr::UNSPECIFIED, 96) && n > 1 {
        return Some(low32);
    }
    if in_v6(ip, Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16) {
        return Some(Ipv4Addr::from(((n >> 80) & 0xffff_ffff) as u32));
    }
    if in_v6(ip, Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 32) {
        return Some(Ipv4Addr::from(!((n & 0xffff_ffff) as u32)));
    }
    None
}

/// Classifies an IPv6 address; one that wraps an IPv4 address takes the IPv4 address's class
/// when that class is not global.
pub fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    use AddressClass::*;
    if ip.is_unspecified() {
        return Unspecified;
    }
    if ip.is_loopback() {
        return Loopback;
    }
    if let Some(inner) = embedded_v4(ip) {
        let class = classify_v4(inner);
        if class != Global {
            return class;
        }
        // Teredo's server half is an IPv4 address too.
        if in_v6(ip, Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 32) {
            let server = Ipv4Addr::from(((u128::from(ip) >> 64) & 0xffff_ffff) as u32);
            let class = classify_v4(server);
            if class != Global {
                return class;
            }
        }
    }
    let table: &[(Ipv6Addr, u32, AddressClass)] = &[
        (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48, Reserved),
        (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64, Reserved),
        (Ipv6Addr::new(0x2001, 0x2, 0, 0, 0, 0, 0, 0), 48, Benchmarking),
        (Ipv6Addr::new(0x2001, 0x10, 0, 0, 0, 0, 0, 0), 28, Reserved),
        (Ipv6Addr::new(0x2001, 0x20, 0, 0, 0, 0, 0, 0), 28, Reserved),
        (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32, Documentation),
        (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20, Documentation),
        (Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0), 16, Reserved),
        (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, UniqueLocal),
        (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, LinkLocal),
        (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10, Reserved),
        (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, Multicast),
        // Only 2000::/3 is allocated for global unicast; everything else is special or unused.
    ];
    if let Some((_, _, c)) = table.iter().find(|(net, p, _)| in_v6(ip, *net, *p)) {
        return *c;
    }
    if in_v6(ip, Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3) || embedded_v4(ip).is_some() {
        Global
    } else {
        Reserved
    }
}

/// Classifies any IP address.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v) => classify_v4(v),
        IpAddr::V6(v) => classify_v6(v),
    }
}

/// Why a URL or an address was refused. No connection is made after a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Refusal {
    /// Not a URL at all.
    #[error("not a valid URL: {reason}")]
    InvalidUrl {
        /// What the parser said.
        reason: String,
    },
    /// Only http and https are checked.
    #[error("the scheme {scheme:?} is not allowed: only http and https are checked")]
    Scheme {
        /// The scheme given.
        scheme: String,
    },
    /// `user:password@` in a URL.
    #[error("URLs with user information (user:password@) are not checked")]
    UserInfo,
    /// The port is not on the allow-list.
    #[error("port {port} is not allowed here (allowed: {allowed})")]
    Port {
        /// The port.
        port: u16,
        /// The allow-list, for the message.
        allowed: String,
    },
    /// The host has no address, or the URL has no host.
    #[error("the host {host:?} could not be resolved: {reason}")]
    Unresolvable {
        /// The host.
        host: String,
        /// Why.
        reason: String,
    },
    /// An address the policy blocks.
    #[error("{host} is {}{}", class.describe(), if host == &address.to_string() { String::new() } else { format!(": {address}") })]
    Address {
        /// The host as written.
        host: String,
        /// The blocked address.
        address: IpAddr,
        /// Its class.
        class: AddressClass,
    },
}

/// The rules for what may be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Allow every address class (the command line, running as its user, does by default).
    pub allow_special: bool,
    /// Ports that may be connected to; `None` allows any.
    pub allowed_ports: Option<BTreeSet<u16>>,
    /// Networks allowed whatever their class (`--checker-allow`).
    pub exceptions: Vec<IpNet>,
}

/// Ports a public server checks by default.
pub const DEFAULT_SERVER_PORTS: [u16; 4] = [80, 443, 8080, 8443];

impl AddressPolicy {
    /// What a public server uses: public addresses only, common web ports only.
    pub fn strict() -> AddressPolicy {
        AddressPolicy {
            allow_special: false,
            allowed_ports: Some(DEFAULT_SERVER_PORTS.into_iter().collect()),
            exceptions: Vec::new(),
        }
    }

    /// What the command line uses by default: any address, any port (it acts for its user).
    pub fn permissive() -> AddressPolicy {
        AddressPolicy {
            allow_special: true,
            allowed_ports: None,
            exceptions: Vec::new(),
        }
    }

    /// Checks the parts of a URL that need no lookup: scheme, user information, port.
    pub fn check_url(&self, url: &Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme {
                scheme: url.scheme().chars().take(20).collect(),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::UserInfo);
        }
        if url.host().is_none() {
            return Err(Refusal::InvalidUrl {
                reason: "the URL has no host".into(),
            });
        }
        let port = url.port_or_known_default().unwrap_or(0);
        if let Some(allowed) = &self.allowed_ports {
            let excepted = matches!(url.host(), Some(Host::Ipv4(_) | Host::Ipv6(_)))
                && self.literal(url).is_some_and(|ip| self.is_exception(ip));
            if !allowed.contains(&port) && !excepted {
                let list: Vec<String> = allowed.iter().map(u16::to_string).collect();
                return Err(Refusal::Port {
                    port,
                    allowed: list.join(", "),
                });
            }
        }
        Ok(())
    }

    fn literal(&self, url: &Url) -> Option<IpAddr> {
        match url.host()? {
            Host::Ipv4(v) => Some(IpAddr::V4(v)),
            Host::Ipv6(v) => Some(IpAddr::V6(v)),
            Host::Domain(_) => None,
        }
    }

    fn is_exception(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.exceptions.iter().any(|n| n.contains(&ip))
    }

    /// Checks one address a host resolved to (or a literal).
    pub fn check_addr(&self, host: &str, ip: IpAddr) -> Result<(), Refusal> {
        if self.allow_special || self.is_exception(ip) {
            return Ok(());
        }
        match classify(ip) {
            AddressClass::Global => Ok(()),
            class => Err(Refusal::Address {
                host: host.chars().take(100).collect(),
                address: ip,
                class,
            }),
        }
    }

    /// Checks every address; one blocked address refuses the whole set (a name that resolves to
    /// a public and a private address is refused, so a second lookup cannot pick the private one).
    pub fn check_all(&self, host: &str, addrs: &[IpAddr]) -> Result<(), Refusal> {
        if addrs.is_empty() {
            return Err(Refusal::Unresolvable {
                host: host.chars().take(100).collect(),
                reason: "no addresses".into(),
            });
        }
        addrs.iter().try_for_each(|ip| self.check_addr(host, *ip))
    }
}

impl fmt::Display for AddressClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}
