//! The address policy, as tables and properties. Nothing here connects anywhere.

use proptest::prelude::*;
use siteerror_checker::{AddressClass, AddressPolicy, Refusal, classify};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::Url;

fn class(s: &str) -> AddressClass {
    classify(s.parse().unwrap())
}

#[test]
fn every_blocked_range() {
    use AddressClass::*;
    let table: &[(&str, AddressClass)] = &[
        ("0.0.0.0", Unspecified),
        ("0.1.2.3", Unspecified),
        ("127.0.0.1", Loopback),
        ("127.255.255.254", Loopback),
        ("10.0.0.1", Private),
        ("10.255.255.255", Private),
        ("172.16.0.1", Private),
        ("172.31.255.255", Private),
        ("192.168.1.1", Private),
        ("100.64.0.1", SharedCgnat),
        ("100.127.255.255", SharedCgnat),
        ("169.254.169.254", LinkLocal),
        ("169.254.0.1", LinkLocal),
        ("224.0.0.1", Multicast),
        ("239.255.255.250", Multicast),
        ("255.255.255.255", Broadcast),
        ("240.0.0.1", Reserved),
        ("192.0.0.8", Reserved),
        ("192.0.2.1", Documentation),
        ("198.51.100.7", Documentation),
        ("203.0.113.9", Documentation),
        ("198.18.0.1", Benchmarking),
        ("198.19.255.255", Benchmarking),
        ("::", Unspecified),
        ("::1", Loopback),
        ("fe80::1", LinkLocal),
        ("fc00::1", UniqueLocal),
        ("fd12:3456::1", UniqueLocal),
        ("ff02::1", Multicast),
        ("2001:db8::1", Documentation),
        ("3fff::1", Documentation),
        ("2001:2::1", Benchmarking),
        ("fec0::1", Reserved),
        ("100::1", Reserved),
        ("64:ff9b:1::1", Reserved),
        // IPv4 wrapped in IPv6 takes the IPv4 class.
        ("::ffff:127.0.0.1", Loopback),
        ("::ffff:10.0.0.1", Private),
        ("::ffff:169.254.169.254", LinkLocal),
        ("::127.0.0.1", Loopback),
        ("64:ff9b::a9fe:a9fe", LinkLocal),
        ("64:ff9b::10.1.1.1", Private),
        ("2002:7f00:0001::", Loopback),
        ("2002:c0a8:0101::1", Private),
        ("2002:a9fe:a9fe::", LinkLocal),
        // Teredo: client address inverted in the low 32 bits (127.0.0.1 -> 80ff:fffe).
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", Loopback),
        // Teredo with a private server address.
        ("2001:0:0a00:0001::f7f7:f7f7", Private),
    ];
    for (ip, want) in table {
        assert_eq!(class(ip), *want, "{ip}");
    }
    for ip in [
        "93.184.216.34",
        "8.8.8.8",
        "1.1.1.1",
        "2606:4700::1111",
        "2a00:1450::1",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
    ] {
        assert_eq!(class(ip), AddressClass::Global, "{ip}");
    }
}

/// Every way the URL parser accepts a loopback or metadata literal is classified as such.
#[test]
fn literal_forms_are_classified() {
    let policy = AddressPolicy::strict();
    let forms = [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0x7f.0x0.0x0.0x1/",
        "http://0177.0.0.1/",
        "http://0177.0000.0000.0001/",
        "http://127.1/",
        "http://127.0.1/",
        "http://0/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://0251.0376.0251.0376/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://10.1/",
        "http://0x0a000001/",
        "http://192.168.0x1.1/",
        "http://[fd00::1]/",
        "http://[fe80::1%25eth0]/",
        "http://LOCALHOST.localdomain/",
    ];
    for form in forms {
        let Ok(url) = Url::parse(form) else {
            continue; // a form the parser rejects cannot be requested at all
        };
        let ip: Option<IpAddr> = match url.host() {
            Some(url::Host::Ipv4(v)) => Some(v.into()),
            Some(url::Host::Ipv6(v)) => Some(v.into()),
            _ => None,
        };
        match ip {
            Some(ip) => assert!(
                matches!(policy.check_addr("x", ip), Err(Refusal::Address { .. })),
                "{form} parsed to {ip}, which was allowed"
            ),
            None => assert!(form.contains("LOCALHOST"), "{form} did not parse to an address"),
        }
    }
}

#[test]
fn scheme_userinfo_and_ports() {
    let strict = AddressPolicy::strict();
    let check = |u: &str| strict.check_url(&Url::parse(u).unwrap());
    assert!(check("https://example.com/").is_ok());
    assert!(check("http://example.com:8080/").is_ok());
    assert!(matches!(check("ftp://example.com/"), Err(Refusal::Scheme { .. })));
    assert!(matches!(check("file:///etc/passwd"), Err(Refusal::Scheme { .. })));
    assert!(matches!(check("gopher://example.com/"), Err(Refusal::Scheme { .. })));
    assert!(matches!(check("http://user:pass@example.com/"), Err(Refusal::UserInfo)));
    assert!(matches!(check("http://user@example.com/"), Err(Refusal::UserInfo)));
    assert!(matches!(
        check("http://example.com:22/"),
        Err(Refusal::Port { port: 22, .. })
    ));
    assert!(matches!(check("http://example.com:6379/"), Err(Refusal::Port { .. })));
    let cli = AddressPolicy::permissive();
    assert!(cli.check_url(&Url::parse("http://example.com:6379/").unwrap()).is_ok());
    assert!(cli.check_addr("x", "127.0.0.1".parse().unwrap()).is_ok());
}

#[test]
fn one_blocked_address_refuses_the_whole_name() {
    let strict = AddressPolicy::strict();
    let public: IpAddr = "93.184.216.34".parse().unwrap();
    let private: IpAddr = "10.0.0.5".parse().unwrap();
    assert!(strict.check_all("mixed.test", &[public]).is_ok());
    assert!(
        matches!(strict.check_all("mixed.test", &[public, private]), Err(Refusal::Address { address, .. }) if address == private)
    );
    assert!(matches!(
        strict.check_all("empty.test", &[]),
        Err(Refusal::Unresolvable { .. })
    ));
}

#[test]
fn exceptions_allow_listed_networks_only() {
    let mut policy = AddressPolicy::strict();
    policy.exceptions.push("127.0.0.0/8".parse().unwrap());
    assert!(policy.check_addr("x", "127.0.0.1".parse().unwrap()).is_ok());
    assert!(policy.check_addr("x", "::ffff:127.0.0.1".parse().unwrap()).is_ok());
    assert!(policy.check_addr("x", "10.0.0.1".parse().unwrap()).is_err());
    assert!(
        policy.check_url(&Url::parse("http://127.0.0.1:4567/").unwrap()).is_ok(),
        "an excepted literal may use any port"
    );
    assert!(policy.check_url(&Url::parse("http://10.0.0.1:4567/").unwrap()).is_err());
}

fn blocked_v4() -> impl Strategy<Value = Ipv4Addr> {
    prop_oneof![
        any::<u32>().prop_map(|n| Ipv4Addr::from((10u32 << 24) | (n & 0x00ff_ffff))),
        any::<u32>().prop_map(|n| Ipv4Addr::from((127u32 << 24) | (n & 0x00ff_ffff))),
        any::<u32>().prop_map(|n| Ipv4Addr::from(0xac10_0000 | (n & 0x000f_ffff))),
        any::<u32>().prop_map(|n| Ipv4Addr::from(0xc0a8_0000 | (n & 0x0000_ffff))),
        any::<u32>().prop_map(|n| Ipv4Addr::from(0xa9fe_0000 | (n & 0x0000_ffff))),
        any::<u32>().prop_map(|n| Ipv4Addr::from(0x6440_0000 | (n & 0x003f_ffff))),
        any::<u32>().prop_map(|n| Ipv4Addr::from(0xe000_0000 | (n & 0x1fff_ffff))),
    ]
}

proptest! {
    #[test]
    fn blocked_v4_is_blocked_in_every_wrapping(v4 in blocked_v4()) {
        let policy = AddressPolicy::strict();
        let n = u32::from(v4);
        let wrappings = [
            IpAddr::V4(v4),
            IpAddr::V6(v4.to_ipv6_mapped()),
            IpAddr::V6(Ipv6Addr::from((0x0064_ff9b_u128 << 96) | n as u128)),
            IpAddr::V6(Ipv6Addr::from((0x2002_u128 << 112) | ((n as u128) << 80))),
            IpAddr::V6(Ipv6Addr::from((0x2001_0000_u128 << 96) | (!n) as u128)),
        ];
        for ip in wrappings {
            prop_assert!(policy.check_addr("x", ip).is_err(), "{} allowed", ip);
        }
    }

    #[test]
    fn parsing_and_classifying_never_panics(s in "\\PC{0,80}") {
        let policy = AddressPolicy::strict();
        if let Ok(url) = Url::parse(&s) {
            let _ = policy.check_url(&url);
        }
        if let Ok(ip) = s.parse::<IpAddr>() {
            let _ = classify(ip);
        }
    }

    #[test]
    fn any_address_classifies(bits in any::<u128>(), v4 in any::<u32>()) {
        let _ = classify(IpAddr::V6(Ipv6Addr::from(bits)));
        let c = classify(IpAddr::V4(Ipv4Addr::from(v4)));
        let ip = Ipv4Addr::from(v4);
        if ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_broadcast() || ip.is_multicast() || ip.is_unspecified() || ip.is_documentation() {
            prop_assert_ne!(c, AddressClass::Global);
        }
    }
}
