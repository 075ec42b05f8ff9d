//! The siteerror catalog: every meaning of every HTTP status code the project knows, with the
//! content each page shows. Content lives in `content/` as TOML and is embedded at compile
//! time; [`Catalog::embedded`] parses and validates it, and nothing is read from disk at run time.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod category;
mod cheat;
mod compare;
mod entry;
mod pair;
mod quiz;
mod registry;
mod search;
mod spelling;
mod validate;

pub use category::{Category, SiteConfig};
pub use cheat::{CheatRow, CheatRule, CheatSheet, MAX_SHORT_CHARS, MAX_WHEN_CHARS};
pub use compare::{Comparison, Diagram, Guide, Scenario, compare_path};
pub use entry::{
    BodyRule, Class, Direction, ExampleFormat, ExampleResponse, Facts, Faq, Reference, RfcQuote, Source, StatusEntry,
    TiedHeader,
};
pub use pair::{PairError, Resolved};
pub use quiz::{
    ChoiceItem, ItemKind, Question, QuestionKind, QuizBank, QuizItem, ROUND_LEN, Round, RoundError, TruthItem,
    choice_label, plain_name,
};
pub use registry::{IanaRegistry, Registration, RegistryRow};
pub use search::{MatchKind, SearchHit};
pub use validate::{Problem, TIED_HEADERS};

use std::collections::HashMap;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Why content could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// One or more files break the rules; each problem names the file and the field.
    #[error("invalid content:\n{}", .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// The whole catalog, validated.
#[derive(Debug, Clone)]
pub struct Catalog {
    entries: Vec<StatusEntry>,
    by_key: HashMap<String, usize>,
    by_display: HashMap<String, Vec<usize>>,
    registry: IanaRegistry,
    categories: Vec<Category>,
    site: SiteConfig,
    comparisons: Vec<Comparison>,
    cheat: CheatSheet,
    quiz: QuizBank,
    search: search::SearchIndex,
}

/// Where an entry stands in the catalog: by number, then IANA before vendors, then by vendor.
fn catalog_order(e: &StatusEntry) -> (u16, Option<u16>, bool, Source, &str) {
    (e.code, e.sub, e.source != Source::Iana, e.source, &e.key)
}

/// The raw text of every content file, as `(file name, text)` pairs.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `content/codes/*.toml`.
    pub codes: &'a [(&'a str, &'a str)],
    /// `content/categories/*.toml`.
    pub categories: &'a [(&'a str, &'a str)],
    /// `content/iana-http-status-codes.csv`.
    pub iana_csv: &'a str,
    /// `content/site.toml`.
    pub site_toml: &'a str,
    /// `content/compare/*.toml`.
    pub compare: &'a [(&'a str, &'a str)],
    /// `content/quiz/*.toml`.
    pub quiz: &'a [(&'a str, &'a str)],
    /// `content/cheat-sheet.toml`.
    pub cheat_toml: &'a str,
}

impl Sources<'static> {
    /// The files embedded in this binary.
    pub fn embedded() -> Self {
        Sources {
            codes: embedded::CODE_FILES,
            categories: embedded::CATEGORY_FILES,
            iana_csv: embedded::IANA_CSV,
            site_toml: embedded::SITE_TOML,
            compare: embedded::COMPARE_FILES,
            quiz: embedded::QUIZ_FILES,
            cheat_toml: embedded::CHEAT_TOML,
        }
    }
}

impl Catalog {
    /// Parses the content embedded at compile time. The content rules are not run again here:
    /// the build ran every one of them on these files (see [`Catalog::validated`]), and the
    /// tests run them too.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::build(Sources::embedded(), validate::Rules::ParseOnly)
    }

    /// Parses the embedded content and runs every content rule: for the build and the tests.
    pub fn validated() -> Result<Catalog, CatalogError> {
        Catalog::load(Sources::embedded())
    }

    /// Parses content from the given texts and runs every content rule (tests use this with
    /// broken files).
    pub fn load(sources: Sources<'_>) -> Result<Catalog, CatalogError> {
        Catalog::build(sources, validate::Rules::All)
    }

    fn build(sources: Sources<'_>, rules: validate::Rules) -> Result<Catalog, CatalogError> {
        let loaded = validate::load(sources, rules)?;
        let mut entries = loaded.entries;
        entries.sort_by(|a, b| catalog_order(a).cmp(&catalog_order(b)));
        let by_key = entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)).collect();
        let mut by_display: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_display.entry(e.display_code()).or_default().push(i);
        }
        let quiz = QuizBank::new(loaded.quiz, &entries);
        let search = search::SearchIndex::new(&entries);
        Ok(Catalog {
            entries,
            by_key,
            by_display,
            registry: loaded.registry,
            categories: loaded.categories,
            site: loaded.site,
            comparisons: loaded.comparisons,
            cheat: loaded.cheat,
            quiz,
            search,
        })
    }

    /// Every entry, ordered by number, then IANA before vendors.
    pub fn entries(&self) -> &[StatusEntry] {
        &self.entries
    }

    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&StatusEntry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    /// Where the entry with this key stands in [`Catalog::entries`].
    pub fn position(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Every meaning of a number as written in a URL: `"499"` or `"403.14"`.
    pub fn meanings(&self, display_code: &str) -> Vec<&StatusEntry> {
        self.by_display
            .get(display_code)
            .map_or_else(Vec::new, |ix| ix.iter().map(|&i| &self.entries[i]).collect())
    }

    /// The entries of one class, in order.
    pub fn in_class(&self, class: Class) -> impl Iterator<Item = &StatusEntry> {
        self.entries.iter().filter(move |e| e.class() == Some(class))
    }

    /// The entry before and after `key` among the entries of the same source, in order.
    pub fn neighbours(&self, key: &str) -> (Option<&StatusEntry>, Option<&StatusEntry>) {
        let Some(&i) = self.by_key.get(key) else {
            return (None, None);
        };
        let source = self.entries[i].source;
        let prev = self.entries[..i].iter().rev().find(|e| e.source == source);
        let next = self.entries[i + 1..].iter().find(|e| e.source == source);
        (prev, next)
    }

    /// The entries of one source, in order.
    pub fn from_source(&self, source: Source) -> impl Iterator<Item = &StatusEntry> {
        self.entries.iter().filter(move |e| e.source == source)
    }

    /// Every distinct code as written in URLs (`"499"`, `"403.14"`), in order.
    pub fn display_codes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.entries {
            let d = e.display_code();
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    /// The IANA registry shipped with the content.
    pub fn registry(&self) -> &IanaRegistry {
        &self.registry
    }

    /// The category pages.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// One category page by slug.
    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    /// The curated comparisons, in file order.
    pub fn comparisons(&self) -> &[Comparison] {
        &self.comparisons
    }

    /// The curated comparison of two keys, in either order.
    pub fn comparison(&self, x: &str, y: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.is_of(x, y))
    }

    /// The curated comparisons an entry appears in.
    pub fn comparisons_with<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Comparison> + 'a {
        self.comparisons.iter().filter(move |c| c.a == key || c.b == key)
    }

    /// The cheat sheet's decision rules.
    pub fn cheat_sheet(&self) -> &CheatSheet {
        &self.cheat
    }

    /// Site-wide lists.
    pub fn site(&self) -> &SiteConfig {
        &self.site
    }
}
