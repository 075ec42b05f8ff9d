//! URL parsing and address classification on arbitrary input. Properties checked:
//! - nothing panics, whatever the bytes;
//! - a URL whose host is an IP literal of a non-global class is refused by the strict policy,
//!   and a global one is not refused for its address;
//! - an IPv4 address of a blocked class stays blocked when wrapped as IPv4-mapped, NAT64, 6to4
//!   or Teredo IPv6.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siteerror_checker::{AddressClass, AddressPolicy, classify};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fuzz_target!(|data: &[u8]| {
    let strict = AddressPolicy::strict();
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(url) = url::Url::parse(text)
    {
        let _ = strict.check_url(&url);
        let literal: Option<IpAddr> = match url.host() {
            Some(url::Host::Ipv4(v)) => Some(v.into()),
            Some(url::Host::Ipv6(v)) => Some(v.into()),
            _ => None,
        };
        if let Some(ip) = literal {
            let blocked = strict.check_addr("fuzz", ip).is_err();
            assert_eq!(blocked, classify(ip) != AddressClass::Global, "{text:?} -> {ip}");
        }
    }
    if data.len() >= 4 {
        let v4 = Ipv4Addr::new(data[0], data[1], data[2], data[3]);
        let n = u32::from(v4);
        if classify(IpAddr::V4(v4)) != AddressClass::Global {
            for wrapped in [
                v4.to_ipv6_mapped(),
                Ipv6Addr::from((0x0064_ff9b_u128 << 96) | n as u128),
                Ipv6Addr::from((0x2002_u128 << 112) | ((n as u128) << 80)),
                Ipv6Addr::from((0x2001_0000_u128 << 96) | (!n) as u128),
            ] {
                assert_ne!(
                    classify(IpAddr::V6(wrapped)),
                    AddressClass::Global,
                    "{v4} wrapped as {wrapped}"
                );
            }
        }
    }
    if data.len() >= 16 {
        let mut b = [0u8; 16];
        b.copy_from_slice(&data[..16]);
        let _ = classify(IpAddr::V6(Ipv6Addr::from(b)));
    }
});
