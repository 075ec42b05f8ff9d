//! What readers get back from a search and from "did you mean".

use siteerror_catalog::{Catalog, MatchKind};
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::embedded().expect("valid catalog"));

fn top(query: &str, n: usize) -> Vec<&'static str> {
    CATALOG
        .search(query)
        .iter()
        .take(n)
        .map(|h| h.entry.key.as_str())
        .collect()
}

fn suggested(query: &str) -> Vec<&'static str> {
    CATALOG.suggest(query, 5).iter().map(|e| e.key.as_str()).collect()
}

#[test]
fn the_registered_code_comes_first_for_its_own_words() {
    for (query, key) in [
        // IIS 403.9 "Forbidden: Too many users" used to rank first.
        ("too many", "429"),
        ("not found", "404"),
        ("forbidden", "403"),
        ("payload too large", "413"),
        ("417", "417"),
        ("what does 404 mean", "404"),
        ("http version not supported", "505"),
        ("Too Many", "429"),
    ] {
        assert_eq!(top(query, 1), [key], "{query:?}: {:?}", top(query, 5));
    }
}

#[test]
fn rate_limit_finds_429_near_the_top() {
    assert!(top("rate limit", 3).contains(&"429"), "{:?}", top("rate limit", 5));
}

#[test]
fn an_exact_name_outranks_a_name_that_merely_contains_the_query() {
    let hits = CATALOG.search("not found");
    assert_eq!(hits[0].kind, MatchKind::ExactName);
    let iis = hits
        .iter()
        .find(|h| h.entry.key == "iis-404.1")
        .expect("IIS 404.1 matches");
    assert_eq!(iis.kind, MatchKind::NamePhrase);
    assert!(hits[0].score > iis.score);
}

#[test]
fn the_query_must_be_consecutive_words_of_the_name() {
    // "many too" is no phrase of "Too Many Requests": the words match, the phrase does not.
    let hits = CATALOG.search("many too");
    let hit = hits.iter().find(|h| h.entry.key == "429").expect("429 still matches");
    assert_eq!(hit.kind, MatchKind::Name);
    // "large" is a word of "Content Too Large"; "arge" is not.
    assert!(CATALOG.search("arge").iter().all(|h| h.kind != MatchKind::NamePhrase));
}

#[test]
fn a_number_outranks_everything() {
    let hits = CATALOG.search("404 not found");
    assert_eq!(hits[0].entry.key, "404");
    assert_eq!(hits[0].kind, MatchKind::Number);
}

#[test]
fn class_and_number_prefix_results_stay_in_number_order() {
    let codes = |q: &str| -> Vec<u16> { CATALOG.search(q).iter().take(6).map(|h| h.entry.code).collect() };
    assert_eq!(codes("4xx"), [400, 401, 402, 403, 404, 405]);
    assert_eq!(codes("41"), [410, 411, 412, 413, 414, 415]);
}

#[test]
fn nothing_to_search_finds_nothing() {
    assert!(CATALOG.search("").is_empty());
    assert!(CATALOG.search("  ,,  ").is_empty());
    assert!(CATALOG.search("zzzzzz").is_empty());
}

#[test]
fn a_path_that_looks_like_nothing_suggests_nothing() {
    // /blog used to suggest 408 Request Timeout.
    assert_eq!(suggested("blog"), Vec::<&str>::new());
    assert_eq!(suggested("zzzzzz"), Vec::<&str>::new());
    assert_eq!(suggested("index.html"), Vec::<&str>::new());
    // Two digits are a slip away from ten codes: that suggests nothing in particular.
    assert_eq!(suggested("40"), Vec::<&str>::new());
}

#[test]
fn a_near_spelling_of_a_number_suggests_it() {
    assert_eq!(suggested("4044").first(), Some(&"404"));
    assert_eq!(suggested("4177"), ["417"]);
    assert!(suggested("5033").contains(&"503"));
    // Nothing further than one slip: 4177 is not "near" 410–416.
    assert!(!suggested("4177").contains(&"410"));
}

#[test]
fn a_near_spelling_of_a_name_word_suggests_it() {
    assert_eq!(suggested("forbiden").first(), Some(&"403"));
    // 418's registered name is "(Unused)"; "I'm a teapot" is its alias.
    assert!(suggested("teapot").contains(&"418"));
    assert!(suggested("teapots").contains(&"418"));
    assert!(suggested("gatway").contains(&"502"));
}

#[test]
fn suggestions_respect_the_limit() {
    assert_eq!(CATALOG.suggest("forbidden", 2).len(), 2);
    assert!(CATALOG.suggest("forbidden", 0).is_empty());
}
