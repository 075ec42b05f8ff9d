//! The catalog's IANA entries are exactly the registry's codes, with the registry's names.

use siteerror_catalog::{Catalog, IanaRegistry, Registration, Source};
use std::collections::BTreeMap;

#[test]
fn iana_entries_are_exactly_the_registry() {
    let catalog = Catalog::embedded().expect("valid catalog");
    let registry: BTreeMap<u16, &str> = catalog
        .registry()
        .assigned()
        .map(|r| (r.first, r.description.as_str()))
        .collect();
    let ours: BTreeMap<u16, &str> = catalog
        .entries()
        .iter()
        .filter(|e| e.source == Source::Iana)
        .map(|e| (e.code, e.name.as_str()))
        .collect();
    assert_eq!(registry.len(), 64, "the shipped registry lists 64 codes");
    assert_eq!(ours, registry);
}

/// `content/iana-http-status-codes.csv` is the copy of IANA's registry (there is no other in the
/// repository to compare it with): every line of it is a row, and the rows cover 100 to 599 in
/// order, each number exactly once, as IANA's registry does. A hand edit that drops, repeats or
/// misorders a row, or a parser that skips a line, fails here.
#[test]
fn the_shipped_registry_covers_100_to_599_once_in_order() {
    let csv = siteerror_catalog::Sources::embedded().iana_csv;
    assert_eq!(csv.lines().next(), Some("Value,Description,Reference"));
    let registry = IanaRegistry::parse(csv).expect("the shipped registry parses");
    let data_lines = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert_eq!(registry.rows().len(), data_lines, "every line is a row");

    let mut next = 100;
    for row in registry.rows() {
        assert_eq!(row.first, next, "row {row:?} should start at {next}");
        assert!(row.first <= row.last, "row {row:?} is backwards");
        assert!(
            row.first == row.last || row.is_unassigned(),
            "only unassigned rows are ranges: {row:?}"
        );
        assert!(!row.description.trim().is_empty(), "row {row:?} has a description");
        assert_eq!(
            row.reference.is_empty(),
            row.is_unassigned(),
            "assigned rows, and only they, cite a reference: {row:?}"
        );
        next = row.last + 1;
    }
    assert_eq!(next, 600, "the last row ends at 599");
}

#[test]
fn unassigned_ranges_are_known() {
    let catalog = Catalog::embedded().expect("valid catalog");
    let reg = catalog.registry();
    for n in [
        105, 199, 209, 227, 299, 309, 399, 419, 420, 427, 430, 432, 450, 452, 499, 509, 512, 599,
    ] {
        assert!(matches!(reg.lookup(n), Registration::Unassigned(_)), "{n}");
    }
    for n in [100, 226, 308, 418, 451, 511] {
        assert!(matches!(reg.lookup(n), Registration::Assigned(_)), "{n}");
    }
    assert_eq!(reg.lookup(600), Registration::OutOfRange);
}

#[test]
fn aliases_people_use_are_searchable() {
    let catalog = Catalog::embedded().expect("valid catalog");
    for (query, key) in [
        ("payload too large", "413"),
        ("request entity too large", "413"),
        ("unprocessable entity", "422"),
        ("i'm a teapot", "418"),
        ("teapot", "418"),
        ("request-uri too long", "414"),
        ("requested range not satisfiable", "416"),
        ("too many requests", "429"),
        ("rate limit", "429"),
        ("not found", "404"),
        ("content too large", "413"),
    ] {
        let hits = catalog.search(query);
        assert_eq!(
            hits.first().map(|h| h.entry.key.as_str()),
            Some(key),
            "{query:?}: {:?}",
            hits.iter().take(3).map(|h| &h.entry.key).collect::<Vec<_>>()
        );
    }
}

#[test]
fn redirect_facts_follow_rfc_9110() {
    let catalog = Catalog::embedded().expect("valid catalog");
    for key in ["301", "302", "303", "307", "308"] {
        let e = catalog.get(key).unwrap();
        assert!(
            e.example_parts().header("Location").is_some(),
            "{key} example has Location"
        );
    }
    let cacheable: Vec<u16> = catalog
        .entries()
        .iter()
        .filter(|e| e.facts.heuristically_cacheable)
        .map(|e| e.code)
        .collect();
    assert_eq!(
        cacheable,
        [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501]
    );
}
