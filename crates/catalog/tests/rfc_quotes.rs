//! Every RFC quote in the catalog is word for word in the section it names. The RFC texts are
//! shipped in `tests/data/rfc/` (one `## <section> <title>` line per section); quotes from RFCs not
//! shipped there are listed, not checked.

use siteerror_catalog::{Catalog, RfcQuote};
use std::collections::HashMap;

fn norm(s: &str) -> String {
    s.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn sections(text: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            let id = rest.split_whitespace().next().unwrap_or("").to_string();
            out.entry(id.clone()).or_default();
            current = Some(id);
        } else if let Some(id) = &current {
            let s = out.get_mut(id).expect("inserted above");
            s.push(' ');
            s.push_str(line);
        }
    }
    out.into_iter().map(|(k, v)| (k, norm(&v))).collect()
}

fn rfc_text(document: &str) -> Option<HashMap<String, String>> {
    let number = document.strip_prefix("RFC ")?;
    let path = format!("{}/tests/data/rfc/rfc{number}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).ok().map(|t| sections(&t))
}

#[test]
fn every_quote_is_word_for_word() {
    let catalog = Catalog::embedded().expect("valid catalog");
    let mut quotes: Vec<(String, &RfcQuote)> = catalog
        .entries()
        .iter()
        .filter_map(|e| e.rfc.as_ref().map(|r| (format!("code {}", e.key), r)))
        .collect();
    quotes.extend(
        catalog
            .categories()
            .iter()
            .filter_map(|c| c.rfc.as_ref().map(|r| (format!("category {}", c.slug), r))),
    );
    assert!(!quotes.is_empty());

    let mut cache = HashMap::new();
    let (mut checked, mut unchecked, mut bad) = (0, Vec::new(), Vec::new());
    for (who, q) in &quotes {
        let text = cache.entry(q.document.clone()).or_insert_with(|| rfc_text(&q.document));
        let Some(text) = text else {
            unchecked.push(format!("{who} ({})", q.document));
            continue;
        };
        let Some(section) = text.get(&q.section) else {
            bad.push(format!("{who}: {} has no section {}", q.document, q.section));
            continue;
        };
        for part in norm(&q.quote).split("...").map(str::trim).filter(|p| !p.is_empty()) {
            if !section.contains(part) {
                bad.push(format!("{who}: {} section {} lacks {part:?}", q.document, q.section));
            }
        }
        checked += 1;
    }
    println!("{checked} quotes checked word for word; not checkable here: {unchecked:?}");
    assert!(bad.is_empty(), "quotes not found:\n{}", bad.join("\n"));
    assert!(checked > unchecked.len(), "most quotes should be checkable");
}

#[test]
fn quote_urls_point_at_the_section() {
    let catalog = Catalog::embedded().expect("valid catalog");
    for e in catalog.entries() {
        if let Some(r) = &e.rfc {
            let number = r.document.trim_start_matches("RFC ");
            assert!(
                r.url.contains(&format!("rfc{number}")) && r.url.ends_with(&format!("section-{}", r.section)),
                "{}: url {} does not point at {} section {}",
                e.key,
                r.url,
                r.document,
                r.section
            );
        }
    }
}
