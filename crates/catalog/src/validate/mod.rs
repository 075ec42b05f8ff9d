//! Parsing and validation of content files. Every rule here reports the file and the field, so a
//! broken content file fails the tests with a message that says exactly what to fix.
//!
//! This module holds the problem types and [`load`], which parses every file and runs the rules in
//! a fixed order; the rules themselves live in the submodules: `entry` (one code entry), `wire`
//! (what the RFCs fix about a response and its example), `prose` (text reused across entries),
//! `pages` (categories, comparisons, cheat sheet), `fields` (rules every file shares) and
//! `toml_error` (turning a TOML error into a field and a message).

mod entry;
mod fields;
mod pages;
mod prose;
mod toml_error;
mod wire;

pub(crate) use toml_error::{named_field, toml_problem};
pub use wire::TIED_HEADERS;

use crate::{CatalogError, IanaRegistry, SiteConfig, Source, Sources, StatusEntry};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One broken rule in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the repository (`content/codes/417.toml`).
    pub file: String,
    /// The field, like `rfc.quote` or `faq`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: field `{}`: {}", self.file, self.field, self.message)
    }
}

pub(crate) struct Loaded {
    pub entries: Vec<StatusEntry>,
    pub registry: IanaRegistry,
    pub categories: Vec<crate::Category>,
    pub site: SiteConfig,
    pub comparisons: Vec<crate::Comparison>,
    pub cheat: crate::CheatSheet,
    pub quiz: Vec<crate::QuizItem>,
}

/// The problems found so far, in the order found.
#[derive(Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(crate) fn add(&mut self, file: &str, field: &str, message: impl Into<String>) {
        self.0.push(Problem {
            file: file.to_string(),
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// How much of the validation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rules {
    /// Every rule: for the build script and the tests.
    All,
    /// Parsing and the cross-references the catalog needs to work; the content rules (names
    /// against the registry, examples, prose reuse, coverage) are skipped, since the build
    /// already ran them on these very files.
    ParseOnly,
}

/// Parses and checks every content file. A broken file does not stop the others from being
/// checked, so one run reports every problem at once.
pub(crate) fn load(sources: Sources<'_>, rules: Rules) -> Result<Loaded, CatalogError> {
    let mut problems = Problems::default();
    let registry = IanaRegistry::parse(sources.iana_csv).unwrap_or_else(|e| {
        problems.add("content/iana-http-status-codes.csv", "-", e);
        IanaRegistry::default()
    });
    let entries = load_entries(sources.codes, &mut problems);
    let categories = pages::load_categories(sources.categories, &mut problems);
    let site = load_site(sources.site_toml, &mut problems);

    check_duplicate_keys(&entries, &mut problems);
    let keys: HashSet<&str> = entries.iter().map(|(_, e)| e.key.as_str()).collect();
    if rules == Rules::All {
        let names = names_by_lowercase(&entries);
        for (file, e) in &entries {
            entry::check_entry(file, e, &registry, &keys, &names, &mut problems);
        }
        prose::check_prose_reuse(&entries, &mut problems);
        pages::check_category_coverage(&categories, &entries, &mut problems);
    }
    check_popular(&site, &keys, &mut problems);

    let by_key: HashMap<&str, &StatusEntry> = entries.iter().map(|(_, e)| (e.key.as_str(), e)).collect();
    let comparisons = pages::load_comparisons(sources.compare, &keys, &mut problems);
    let cheat = pages::load_cheat_sheet(sources.cheat_toml, &keys, &mut problems);
    let quiz = crate::quiz::validate::load(sources.quiz, &by_key, &mut problems);

    if problems.0.is_empty() {
        Ok(Loaded {
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            registry,
            categories,
            site,
            comparisons,
            cheat,
            quiz,
        })
    } else {
        Err(CatalogError::Invalid(problems.0))
    }
}

/// Parses `content/codes/*.toml`, as `(file, entry)` pairs; an entry's key must be its file name.
fn load_entries(files: &[(&str, &str)], problems: &mut Problems) -> Vec<(String, StatusEntry)> {
    let mut entries = Vec::new();
    for (name, text) in files {
        let file = format!("content/codes/{name}");
        match toml::from_str::<StatusEntry>(text) {
            Ok(entry) => {
                let stem = name.strip_suffix(".toml").unwrap_or(name);
                if entry.key != stem {
                    problems.add(
                        &file,
                        "key",
                        format!("is {:?} but the file is named {name:?}; they must match", entry.key),
                    );
                }
                entries.push((file, entry));
            }
            Err(e) => {
                let (field, message) = toml_problem(text, &e);
                problems.add(&file, &field, message);
            }
        }
    }
    entries
}

/// Parses `content/site.toml`; when it is broken, the rest is still checked against an empty one.
fn load_site(text: &str, problems: &mut Problems) -> SiteConfig {
    match toml::from_str::<SiteConfig>(text) {
        Ok(s) => s,
        Err(e) => {
            let (field, message) = toml_problem(text, &e);
            problems.add("content/site.toml", &field, message);
            SiteConfig { popular: Vec::new() }
        }
    }
}

fn check_duplicate_keys(entries: &[(String, StatusEntry)], problems: &mut Problems) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (file, e) in entries {
        if let Some(other) = seen.insert(&e.key, file) {
            problems.add(file, "key", format!("duplicate key {:?}, also used by {other}", e.key));
        }
    }
}

/// Each entry's lowercased name and its key, so an alias can be told apart from another entry's name.
fn names_by_lowercase(entries: &[(String, StatusEntry)]) -> HashMap<String, &str> {
    // Where a vendor meaning shares a name with an IANA code, the IANA entry is the one named.
    let mut by_name: Vec<&StatusEntry> = entries.iter().map(|(_, e)| e).collect();
    by_name.sort_by_key(|e| e.source == Source::Iana);
    by_name
        .iter()
        .map(|e| (e.name.to_lowercase(), e.key.as_str()))
        .collect()
}

fn check_popular(site: &SiteConfig, keys: &HashSet<&str>, problems: &mut Problems) {
    for key in &site.popular {
        if !keys.contains(key.as_str()) {
            problems.add(
                "content/site.toml",
                "popular",
                format!("{key:?} is not a key of any entry"),
            );
        }
    }
}
