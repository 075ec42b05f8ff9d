//! Comparison pairs (`Catalog::pair`) and code tokens (`Catalog::resolve_code`) from arbitrary
//! text, against the embedded catalog. Properties checked:
//! - nothing panics, whatever the bytes;
//! - a token resolved to one entry names an entry of the catalog, and that entry's key resolves
//!   to it again; an ambiguous token names at least two vendor entries of one number and no
//!   registered one;
//! - an accepted pair `(a, b)` is of two different entries, each named by one of the tokens,
//!   already in canonical order (`canonical_order(a, b)` and `canonical_order(b, a)` both give
//!   `(a, b)`), and the tokens swapped give the same pair.
//!
//! Input: the two tokens, separated by the first newline (no newline: the second is empty).
#![no_main]

use libfuzzer_sys::fuzz_target;
use siteerror_catalog::{Catalog, Resolved, Source, StatusEntry};
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::embedded().expect("the embedded content is valid"));

fn check_resolved(token: &str) -> Option<&'static StatusEntry> {
    match CATALOG.resolve_code(token) {
        Resolved::One(e) => {
            assert!(
                CATALOG.get(&e.key).is_some(),
                "{token:?} -> {} not in the catalog",
                e.key
            );
            assert_eq!(CATALOG.resolve_code(&e.key), Resolved::One(e), "{token:?} -> {}", e.key);
            Some(e)
        }
        Resolved::Ambiguous(meanings) => {
            assert!(
                meanings.len() >= 2,
                "{token:?}: ambiguous with {} meaning",
                meanings.len()
            );
            let code = meanings[0].display_code();
            for m in &meanings {
                assert_ne!(m.source, Source::Iana, "{token:?}: {} is registered", m.key);
                assert_eq!(m.display_code(), code, "{token:?}: {} among {code}", m.key);
            }
            None
        }
        Resolved::Unknown => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (x, y) = text.split_once('\n').unwrap_or((&text, ""));
    let (rx, ry) = (check_resolved(x), check_resolved(y));

    let Ok((a, b)) = CATALOG.pair(x, y) else { return };
    assert_ne!(a.key, b.key, "{x:?} {y:?}");
    let (rx, ry) = (
        rx.unwrap_or_else(|| panic!("{x:?} is paired but does not name one entry")),
        ry.unwrap_or_else(|| panic!("{y:?} is paired but does not name one entry")),
    );
    let mut named = [rx.key.as_str(), ry.key.as_str()];
    let mut paired = [a.key.as_str(), b.key.as_str()];
    named.sort_unstable();
    paired.sort_unstable();
    assert_eq!(named, paired, "{x:?} {y:?}");
    let keys = |(p, q): (&StatusEntry, &StatusEntry)| (p.key.clone(), q.key.clone());
    assert_eq!(keys(CATALOG.canonical_order(a, b)), keys((a, b)), "{x:?} {y:?}");
    assert_eq!(keys(CATALOG.canonical_order(b, a)), keys((a, b)), "{x:?} {y:?}");
    let swapped = CATALOG.pair(y, x).map(keys);
    assert_eq!(swapped, Ok(keys((a, b))), "{y:?} {x:?}");
});
