//! Which two entries a comparison is of: tokens as readers type them, the order a comparison
//! shows its pair in, and every way a pair can be refused.

use siteerror_catalog::{Catalog, PairError, Resolved, Sources, StatusEntry};
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::embedded().expect("valid catalog"));

fn keys(entries: &[&StatusEntry]) -> Vec<String> {
    entries.iter().map(|e| e.key.clone()).collect()
}

fn resolved_key(token: &str) -> Option<String> {
    match CATALOG.resolve_code(token) {
        Resolved::One(e) => Some(e.key.clone()),
        _ => None,
    }
}

#[test]
fn a_key_names_its_entry_whatever_the_spacing_and_case() {
    assert_eq!(resolved_key("nginx-499").as_deref(), Some("nginx-499"));
    assert_eq!(resolved_key("  NGINX-499 ").as_deref(), Some("nginx-499"));
    assert_eq!(resolved_key("iis-403.14").as_deref(), Some("iis-403.14"));
}

#[test]
fn a_number_means_its_registered_meaning_when_it_has_one() {
    // 451 is IANA's Unavailable For Legal Reasons and also an IIS code.
    assert_eq!(CATALOG.meanings("451").len(), 2);
    assert_eq!(resolved_key("451").as_deref(), Some("451"));
    assert_eq!(resolved_key("401").as_deref(), Some("401"));
}

#[test]
fn a_number_with_one_vendor_meaning_means_that_one() {
    assert_eq!(resolved_key("403.14").as_deref(), Some("iis-403.14"));
    assert_eq!(resolved_key("444").as_deref(), Some("nginx-444"));
}

#[test]
fn a_number_with_several_vendor_meanings_is_ambiguous() {
    match CATALOG.resolve_code("499") {
        Resolved::Ambiguous(meanings) => assert_eq!(keys(&meanings), ["nginx-499", "esri-499"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_token_naming_nothing_is_unknown() {
    for token in ["4044", "", "nginx-4999", "teapot", "403.99"] {
        assert_eq!(CATALOG.resolve_code(token), Resolved::Unknown, "{token:?}");
    }
}

#[test]
fn uncurated_pairs_come_in_catalog_order() {
    let (x, y) = (CATALOG.get("504").unwrap(), CATALOG.get("500").unwrap());
    let (a, b) = CATALOG.canonical_order(x, y);
    assert_eq!((a.key.as_str(), b.key.as_str()), ("500", "504"));
    let (a, b) = CATALOG.canonical_order(y, x);
    assert_eq!((a.key.as_str(), b.key.as_str()), ("500", "504"));
    // IANA before vendors among meanings of one number.
    let (x, y) = (CATALOG.get("iis-451").unwrap(), CATALOG.get("451").unwrap());
    assert_eq!(CATALOG.canonical_order(x, y).0.key, "451");
}

#[test]
fn a_curated_comparison_keeps_its_own_order_even_against_catalog_order() {
    // The 401/403 comparison with every mention of the two codes swapped: a file that names
    // 403 first, which catalog order never would.
    let swapped = include_str!("../../../content/compare/401-vs-403.toml")
        .replace("401", "\u{0}")
        .replace("403", "401")
        .replace('\u{0}', "403");
    let catalog = Catalog::load(Sources {
        compare: &[("403-vs-401.toml", &swapped)],
        ..Sources::embedded()
    })
    .expect("the swapped comparison is valid");
    let (x, y) = (catalog.get("401").unwrap(), catalog.get("403").unwrap());
    for (first, second) in [(x, y), (y, x)] {
        let (a, b) = catalog.canonical_order(first, second);
        assert_eq!((a.key.as_str(), b.key.as_str()), ("403", "401"));
    }
    let (a, b) = catalog.pair("401", "403").expect("a pair");
    assert_eq!((a.key.as_str(), b.key.as_str()), ("403", "401"));
}

#[test]
fn positions_are_indexes_into_the_entries() {
    for (i, e) in CATALOG.entries().iter().enumerate() {
        assert_eq!(CATALOG.position(&e.key), Some(i));
    }
    assert_eq!(CATALOG.position("4044"), None);
}

#[test]
fn a_pair_comes_back_in_canonical_order() {
    let (a, b) = CATALOG.pair("504", "nginx-499").expect("a pair");
    assert_eq!((a.key.as_str(), b.key.as_str()), ("nginx-499", "504"));
    let (a, b) = CATALOG.pair(" 403 ", "401").expect("a pair");
    assert_eq!((a.key.as_str(), b.key.as_str()), ("401", "403"));
}

#[test]
fn the_same_entry_twice_is_refused() {
    for (x, y) in [("404", "404"), ("403.14", "iis-403.14"), ("451", " 451")] {
        match CATALOG.pair(x, y) {
            Err(PairError::Same(e)) => assert_eq!(e.key, CATALOG.resolve_code(x).candidates()[0].key),
            other => panic!("{x} {y}: {other:?}"),
        }
    }
}

#[test]
fn unknown_tokens_are_named_as_written() {
    match CATALOG.pair("4044", "404") {
        Err(PairError::Unknown { tokens }) => assert_eq!(tokens, ["4044"]),
        other => panic!("{other:?}"),
    }
    match CATALOG.pair("404", " Nope ") {
        Err(PairError::Unknown { tokens }) => assert_eq!(tokens, [" Nope "]),
        other => panic!("{other:?}"),
    }
    // Both unknown: both named, in order; an unknown side outweighs an ambiguous one.
    match CATALOG.pair("abc", "def") {
        Err(PairError::Unknown { tokens }) => assert_eq!(tokens, ["abc", "def"]),
        other => panic!("{other:?}"),
    }
    assert!(matches!(CATALOG.pair("499", "zzz"), Err(PairError::Unknown { .. })));
}

#[test]
fn an_ambiguous_number_is_refused_with_its_meanings_and_the_other_side() {
    for (x, y) in [("499", "504"), ("504", "499")] {
        match CATALOG.pair(x, y) {
            Err(PairError::Ambiguous {
                token,
                meanings,
                other_token,
                other,
            }) => {
                assert_eq!(token, "499");
                assert_eq!(keys(&meanings), ["nginx-499", "esri-499"]);
                assert_eq!(other_token, "504");
                assert_eq!(keys(&other), ["504"]);
            }
            other => panic!("{x} {y}: {other:?}"),
        }
    }
}

#[test]
fn when_both_numbers_are_ambiguous_the_first_is_reported_with_the_others_meanings() {
    match CATALOG.pair("420", "499") {
        Err(PairError::Ambiguous {
            token,
            meanings,
            other_token,
            other,
        }) => {
            assert_eq!(token, "420");
            assert_eq!(keys(&meanings), ["spring-420", "twitter-420"]);
            assert_eq!(other_token, "499");
            assert_eq!(keys(&other), ["nginx-499", "esri-499"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn refusals_read_as_sentences() {
    let err = CATALOG.pair("4044", "404").unwrap_err();
    assert_eq!(err.to_string(), "not a status code in the catalog: 4044");
    let err = CATALOG.pair("499", "504").unwrap_err();
    assert_eq!(err.to_string(), "499 has several meanings");
}
