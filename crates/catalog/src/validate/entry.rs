//! The rules for one code entry (`content/codes/*.toml`): its fields, the keys and names it
//! points to, and what its source (IANA or a vendor) requires of its key and references. The
//! rules about the response itself are in `wire`.

use super::Problems;
use super::fields::{check_faq, check_list, check_rfc, check_text};
use super::wire;
use crate::{IanaRegistry, Source, StatusEntry};
use std::collections::{HashMap, HashSet};

/// Every rule for one entry. `keys` holds every entry's key; `names` maps every entry's
/// lowercased name to its key.
pub(super) fn check_entry(
    file: &str,
    e: &StatusEntry,
    registry: &IanaRegistry,
    keys: &HashSet<&str>,
    names: &HashMap<String, &str>,
    problems: &mut Problems,
) {
    check_fields(file, e, problems);
    check_related(file, e, keys, problems);
    check_aliases(file, e, names, problems);
    check_references(file, e, problems);
    if e.source == Source::Iana {
        check_iana_identity(file, e, registry, problems);
        wire::check_iana_facts(file, e, problems);
        wire::check_tied_headers(file, e, problems);
    } else {
        check_vendor_identity(file, e, problems);
    }
    wire::check_example(file, e, problems);
}

/// The code's range, the length of `short`, and the text, lists and FAQ every entry has.
fn check_fields(file: &str, e: &StatusEntry, problems: &mut Problems) {
    if !(100..=999).contains(&e.code) {
        problems.add(file, "code", format!("{} is outside 100–999", e.code));
    }
    if e.short.chars().count() > crate::MAX_SHORT_CHARS {
        problems.add(
            file,
            "short",
            format!("must be at most {} characters", crate::MAX_SHORT_CHARS),
        );
    }
    for (field, v) in [
        ("name", &e.name),
        ("emoji", &e.emoji),
        ("summary", &e.summary),
        ("short", &e.short),
        ("what_it_means", &e.what_it_means),
        ("definition", &e.definition),
        ("plain_english", &e.plain_english),
        ("misinterpretation", &e.misinterpretation),
        ("example", &e.example),
        ("facts.caching", &e.facts.caching),
        ("facts.retry", &e.facts.retry),
        ("facts.browsers", &e.facts.browsers),
    ] {
        check_text(file, field, v, problems);
    }
    check_list(file, "causes", &e.causes, 1, problems);
    check_list(file, "fix_client", &e.fix_client, 1, problems);
    check_list(file, "fix_server", &e.fix_server, 1, problems);
    check_list(file, "keywords", &e.keywords, 0, problems);
    check_faq(file, &e.faq, problems);
}

/// Related keys name other entries that exist.
fn check_related(file: &str, e: &StatusEntry, keys: &HashSet<&str>, problems: &mut Problems) {
    for (i, r) in e.related.iter().enumerate() {
        if r == &e.key {
            problems.add(file, &format!("related[{i}]"), "an entry cannot be related to itself");
        } else if !keys.contains(r.as_str()) {
            problems.add(
                file,
                &format!("related[{i}]"),
                format!("{r:?} is not the key of any entry"),
            );
        }
    }
}

/// An alias is neither the entry's own name nor another entry's, so search finds one entry by it.
fn check_aliases(file: &str, e: &StatusEntry, names: &HashMap<String, &str>, problems: &mut Problems) {
    for (i, a) in e.aliases.iter().enumerate() {
        let field = format!("aliases[{i}]");
        check_text(file, &field, a, problems);
        if a.eq_ignore_ascii_case(&e.name) {
            problems.add(file, &field, "repeats the entry's own name");
        } else if let Some(other) = names.get(&a.to_lowercase()).filter(|k| **k != e.key) {
            problems.add(
                file,
                &field,
                format!("{a:?} is the name of entry {other:?}, so it cannot be an alias here"),
            );
        }
    }
}

/// The tied headers' descriptions, the RFC quote and the reference, where present.
fn check_references(file: &str, e: &StatusEntry, problems: &mut Problems) {
    for (i, h) in e.headers.iter().enumerate() {
        check_text(file, &format!("headers[{i}].name"), &h.name, problems);
        check_text(file, &format!("headers[{i}].rule"), &h.rule, problems);
    }
    if let Some(rfc) = &e.rfc {
        check_rfc(file, rfc, problems);
    }
    if let Some(r) = &e.reference {
        check_text(file, "reference.title", &r.title, problems);
        check_text(file, "reference.note", &r.note, problems);
    }
}

/// An IANA entry is keyed by its number, named as the registry names it, and cites its RFC.
fn check_iana_identity(file: &str, e: &StatusEntry, registry: &IanaRegistry, problems: &mut Problems) {
    if e.key != e.code.to_string() || e.sub.is_some() {
        problems.add(file, "key", "an IANA entry's key is its number");
    }
    match registry.name(e.code) {
        Some(name) if name == e.name => {}
        Some(name) => problems.add(
            file,
            "name",
            format!("{:?} differs from the IANA registry's {name:?}", e.name),
        ),
        None => problems.add(file, "code", format!("{} is not assigned in the IANA registry", e.code)),
    }
    if e.rfc.is_none() && e.reference.is_none() {
        problems.add(
            file,
            "rfc",
            "an IANA entry needs its defining RFC quote or, for a draft, a reference",
        );
    }
}

/// A vendor or unofficial entry is keyed by a prefix and its code, and points to its documentation.
fn check_vendor_identity(file: &str, e: &StatusEntry, problems: &mut Problems) {
    let suffix = format!("-{}", e.display_code());
    if !e.key.ends_with(&suffix) || e.key.len() == suffix.len() {
        problems.add(file, "key", format!("a vendor or unofficial entry's key is a prefix and its code, like \"nginx-499\"; expected it to end in {suffix:?}"));
    }
    if e.source != Source::Unofficial && !e.key.starts_with(&format!("{}-", e.source.id())) {
        problems.add(
            file,
            "key",
            format!("must start with \"{}-\" for source {}", e.source.id(), e.source.id()),
        );
    }
    if e.reference.is_none() {
        problems.add(
            file,
            "reference",
            "a vendor or unofficial entry needs its source documentation, or a note that none exists",
        );
    }
}
