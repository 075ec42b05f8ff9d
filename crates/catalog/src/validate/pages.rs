//! The content files beside the code entries: category pages (and that every class and vendor
//! source has one), curated comparisons and the cheat sheet.

use super::fields::{check_faq, check_rfc, check_text};
use super::{Problems, toml_problem};
use crate::{Category, Class, Source, StatusEntry};
use std::collections::HashSet;

/// Parses and checks `content/categories/*.toml`.
pub(super) fn load_categories(files: &[(&str, &str)], problems: &mut Problems) -> Vec<Category> {
    let mut categories = Vec::new();
    for (name, text) in files {
        let file = format!("content/categories/{name}");
        match toml::from_str::<Category>(text) {
            Ok(c) => {
                check_category(&file, &c, problems);
                categories.push(c);
            }
            Err(e) => {
                let (field, message) = toml_problem(text, &e);
                problems.add(&file, &field, message);
            }
        }
    }
    categories
}

fn check_category(file: &str, c: &Category, problems: &mut Problems) {
    let stem = file
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".toml"))
        .unwrap_or("");
    if c.slug != stem {
        problems.add(
            file,
            "slug",
            format!("is {:?} but the file is named {stem}.toml", c.slug),
        );
    }
    for (field, v) in [
        ("title", &c.title),
        ("emoji", &c.emoji),
        ("summary", &c.summary),
        ("intro", &c.intro),
    ] {
        check_text(file, field, v, problems);
    }
    if let Some(rfc) = &c.rfc {
        check_rfc(file, rfc, problems);
    }
    check_faq(file, &c.faq, problems);
}

/// Every category page belongs to a class or a source; every class, and every source that has
/// entries and a category, has a page.
pub(super) fn check_category_coverage(
    categories: &[Category],
    entries: &[(String, StatusEntry)],
    problems: &mut Problems,
) {
    let known: Vec<&str> = Class::ALL
        .iter()
        .map(|c| c.id())
        .chain(Source::ALL.iter().filter_map(|s| s.category()))
        .collect();
    for c in categories {
        if !known.contains(&c.slug.as_str()) {
            problems.add(
                &format!("content/categories/{}.toml", c.slug),
                "slug",
                format!("no class or source has the slug {:?}", c.slug),
            );
        }
    }
    let needed = Class::ALL.iter().map(|c| c.id()).chain(
        Source::ALL
            .iter()
            .filter(|s| entries.iter().any(|(_, e)| e.source == **s))
            .filter_map(|s| s.category()),
    );
    for slug in needed {
        if !categories.iter().any(|c| c.slug == slug) {
            problems.add(
                &format!("content/categories/{slug}.toml"),
                "slug",
                "every class and every vendor source needs a category page",
            );
        }
    }
}

/// Parses `content/compare/*.toml`; each pair may be compared once.
pub(super) fn load_comparisons(
    files: &[(&str, &str)],
    keys: &HashSet<&str>,
    problems: &mut Problems,
) -> Vec<crate::Comparison> {
    let mut out: Vec<crate::Comparison> = Vec::new();
    for (name, text) in files {
        let file = format!("content/compare/{name}");
        match toml::from_str::<crate::Comparison>(text) {
            Ok(c) => {
                for (field, message) in crate::compare::check(name, &c, &|k| keys.contains(k)) {
                    problems.add(&file, &field, message);
                }
                if let Some(other) = out.iter().find(|o| o.is_of(&c.a, &c.b)) {
                    problems.add(
                        &file,
                        "a",
                        format!("the pair is already compared in {}-vs-{}.toml", other.a, other.b),
                    );
                }
                out.push(c);
            }
            Err(e) => {
                let (field, message) = toml_problem(text, &e);
                problems.add(&file, &field, message);
            }
        }
    }
    out
}

/// Parses `content/cheat-sheet.toml`; when it is broken, the site gets an empty sheet.
pub(super) fn load_cheat_sheet(text: &str, keys: &HashSet<&str>, problems: &mut Problems) -> crate::CheatSheet {
    const FILE: &str = "content/cheat-sheet.toml";
    let sheet = match toml::from_str::<crate::CheatSheet>(text) {
        Ok(s) => s,
        Err(e) => {
            let (field, message) = toml_problem(text, &e);
            problems.add(FILE, &field, message);
            return crate::CheatSheet::default();
        }
    };
    for (i, rule) in sheet.rules.iter().enumerate() {
        if rule.title.trim().is_empty() {
            problems.add(FILE, &format!("rule[{i}].title"), "must not be empty");
        }
        if !(2..=8).contains(&rule.rows.len()) {
            problems.add(
                FILE,
                &format!("rule[{i}].row"),
                format!("needs 2 to 8 rows, has {}", rule.rows.len()),
            );
        }
        for (j, row) in rule.rows.iter().enumerate() {
            if !keys.contains(row.key.as_str()) {
                problems.add(
                    FILE,
                    &format!("rule[{i}].row[{j}].key"),
                    format!("{:?} is not a key of any entry", row.key),
                );
            }
            if row.when.trim().is_empty() || row.when.chars().count() > crate::MAX_WHEN_CHARS {
                problems.add(
                    FILE,
                    &format!("rule[{i}].row[{j}].when"),
                    format!("must be 1 to {} characters", crate::MAX_WHEN_CHARS),
                );
            }
        }
    }
    sheet
}
