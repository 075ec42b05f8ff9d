//! `--accept` lists: classes 1xx to 5xx, codes 100 to 599 and ranges within them; anything else
//! is refused with an error that names the bad entry, and nothing panics.

use proptest::prelude::*;
use siteerror_checker::{AcceptError, AcceptSet};

fn members(list: &str) -> Vec<u16> {
    let set = AcceptSet::parse(list).unwrap_or_else(|e| panic!("{list:?} should parse: {e}"));
    (0..=1000).filter(|&c| set.contains(c)).collect()
}

fn refused(list: &str) -> AcceptError {
    match AcceptSet::parse(list) {
        Ok(set) => panic!("{list:?} should be refused, got {set:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_class_is_its_hundred_codes() {
    assert_eq!(members("2xx"), (200..=299).collect::<Vec<_>>());
    assert_eq!(members("5XX"), (500..=599).collect::<Vec<_>>());
    assert_eq!(members("1xx"), (100..=199).collect::<Vec<_>>());
}

#[test]
fn classes_codes_and_ranges_combine() {
    let mut expected: Vec<u16> = (200..=299).collect();
    expected.push(304);
    assert_eq!(members("2xx,304"), expected);
    assert_eq!(members(" 2xx , 304 "), expected, "spaces around entries are allowed");
    assert_eq!(members("500-599"), (500..=599).collect::<Vec<_>>());
    assert_eq!(members("500 - 502"), [500, 501, 502]);
    assert_eq!(members("404-404"), [404]);
    assert_eq!(members("100,599"), [100, 599]);
}

#[test]
fn a_class_past_5xx_overflowing_or_not_is_refused_by_name() {
    // 700xx once overflowed a u16 multiplication: a panic in debug builds, a wrong range in release.
    for list in ["700xx", "99xx", "6xx", "0xx", "xx", "22xx", "-1xx"] {
        let e = refused(list);
        assert_eq!(e, AcceptError::BadClass { part: list.to_string() });
        assert!(e.to_string().contains(list), "{e}");
        assert!(e.to_string().contains("1xx to 5xx"), "{e}");
    }
}

#[test]
fn codes_outside_100_to_599_are_refused_by_name() {
    for list in ["1000", "99", "600", "099", "+200", "abc", "2OO", "20O"] {
        let e = refused(list);
        assert_eq!(e, AcceptError::BadCode { part: list.to_string() });
        assert!(e.to_string().contains(&format!("{list:?}")), "{e}");
        assert!(e.to_string().contains("100 to 599"), "{e}");
    }
}

#[test]
fn backwards_and_out_of_range_ranges_are_refused_by_name() {
    let e = refused("599-500");
    assert_eq!(e, AcceptError::ReversedRange { part: "599-500".into() });
    assert!(e.to_string().contains("\"599-500\" is backwards"), "{e}");
    for list in ["500-600", "0-599", "200-", "-200", "200-299-300", "2xx-3xx0"] {
        assert_eq!(
            refused(list),
            AcceptError::BadRange { part: list.to_string() },
            "{list}"
        );
    }
}

#[test]
fn one_bad_entry_refuses_the_whole_list_and_is_the_one_named() {
    let e = refused("2xx,304,700xx,404");
    assert_eq!(e, AcceptError::BadClass { part: "700xx".into() });
}

#[test]
fn empty_lists_and_empty_entries_are_refused() {
    assert_eq!(refused(""), AcceptError::Empty);
    assert_eq!(refused("  "), AcceptError::Empty);
    for list in ["2xx,", ",2xx", "2xx,,304", ","] {
        let e = refused(list);
        assert_eq!(e, AcceptError::EmptyEntry { list: list.to_string() });
        assert!(e.to_string().contains("extra comma"), "{e}");
    }
}

#[test]
fn from_str_is_parse() {
    let set: AcceptSet = "2xx,304".parse().unwrap();
    assert_eq!(set, AcceptSet::parse("2xx,304").unwrap());
    assert!("700xx".parse::<AcceptSet>().is_err());
}

proptest! {
    /// Any text either parses to a set of codes within 100 to 599 or is refused: never a panic,
    /// never a code outside the range.
    #[test]
    fn any_text_parses_within_range_or_is_refused(list in "\\PC{0,24}") {
        if let Ok(set) = AcceptSet::parse(&list) {
            prop_assert!((0..100).chain(600..=u16::MAX).all(|c| !set.contains(c)));
        }
    }

    /// Lists built from the grammar parse to exactly what they name.
    #[test]
    fn lists_from_the_grammar_contain_what_they_name(class in 1u16..=5, code in 100u16..=599, a in 100u16..=599, b in 100u16..=599) {
        let (lo, hi) = (a.min(b), a.max(b));
        let set = AcceptSet::parse(&format!("{class}xx,{code},{lo}-{hi}")).unwrap();
        for c in 0..=1000u16 {
            let expected = c / 100 == class || c == code || (lo..=hi).contains(&c);
            prop_assert_eq!(set.contains(c), expected, "{}", c);
        }
    }

    /// Class lists with any number before `xx` never panic (700xx once did).
    #[test]
    fn class_numbers_never_panic(n in any::<u32>()) {
        let ok = AcceptSet::parse(&format!("{n}xx")).is_ok();
        prop_assert_eq!(ok, (1..=5).contains(&n));
    }
}
