//! Search over the catalog, and "did you mean" suggestions.
//!
//! Ranking, strongest first: the exact number (`417`) or class (`4xx`); a name or alias that is
//! exactly the query (`not found`, `payload too large`); a name or alias that holds the whole
//! query as consecutive words (`too many` in "Too Many Requests"); then the sum of what each word
//! matched: words of a name, keywords (`rate limit`), the start of a number, the vendor, words of
//! the summary, near spellings. Among hits of equal strength, registered (IANA) meanings come
//! first, then, when the match is on the name, shorter names (the more of a name the query
//! covers, the likelier it is the one meant), then catalog order.
//!
//! What each entry is searched by is worked out once, when the catalog loads (`SearchIndex`);
//! a query allocates only its own words and the results.

use crate::spelling::{distance_within, near};
use crate::{Catalog, Class, Source, StatusEntry, plain_name};
use serde::Serialize;
use std::cmp::Ordering;

/// Why an entry matched, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// The query is the entry's number (`417`, `403.14`).
    Number,
    /// The query names the entry's class (`4xx`).
    Class,
    /// The query is the entry's name or an alias (`not found`).
    ExactName,
    /// The name or an alias holds the whole query as consecutive words (`too many`).
    NamePhrase,
    /// Words of the name or an alias.
    Name,
    /// Search keywords.
    Keyword,
    /// The start of the number (`41`).
    NumberPrefix,
    /// The vendor or source (`cloudflare`).
    Source,
    /// Words of the summary.
    Summary,
    /// A near spelling of a name word.
    Fuzzy,
}

impl MatchKind {
    /// The kinds that outrank any sum of word matches, weakest 0.
    fn tier(self) -> u32 {
        match self {
            MatchKind::Number => 4,
            MatchKind::Class => 3,
            MatchKind::ExactName => 2,
            MatchKind::NamePhrase => 1,
            _ => 0,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit<'a> {
    /// The matched entry.
    pub entry: &'a StatusEntry,
    /// The strongest reason it matched.
    pub kind: MatchKind,
    /// Higher ranks first.
    pub score: u32,
}

/// Words that add to a score when they match but are not required to.
const OPTIONAL_WORDS: &[&str] = &[
    "a", "an", "the", "is", "of", "what", "does", "mean", "means", "http", "https", "status", "code", "codes", "error",
    "response", "vs",
];

/// At most this many query words are considered; longer queries are cut, not rejected.
pub const MAX_QUERY_WORDS: usize = 12;

/// A tier's weight: more than any sum of word scores (at most 12 words of 1000, plus 250).
const TIER_WEIGHT: u32 = 100_000;
/// Added when a keyword is exactly the query.
const KEYWORD_PHRASE_BONUS: u32 = 250;
/// A number must have this many characters before near spellings of it are suggested: `40` is
/// one slip from ten codes, which suggests nothing in particular.
const MIN_SUGGESTED_NUMBER_CHARS: usize = 3;

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\''))
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .take(MAX_QUERY_WORDS)
        .collect()
}

fn word_list(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_number(t: &str) -> bool {
    t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// What every entry is searched by, prepared once when the catalog loads, in catalog order.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchIndex {
    haystacks: Vec<Haystack>,
}

impl SearchIndex {
    /// Prepares the search data of `entries`, which must be in the catalog's order.
    pub(crate) fn new(entries: &[StatusEntry]) -> SearchIndex {
        SearchIndex {
            haystacks: entries.iter().map(Haystack::of).collect(),
        }
    }
}

/// One entry's searchable text, lowercased and split into words.
#[derive(Debug, Clone)]
struct Haystack {
    display: String,
    class: Option<Class>,
    /// Each name and alias as its words joined by single spaces: "request uri too long".
    name_phrases: Vec<String>,
    name_words: Vec<String>,
    keyword_phrases: Vec<String>,
    keyword_words: Vec<String>,
    source_words: Vec<String>,
    summary_words: Vec<String>,
}

impl Haystack {
    fn of(e: &StatusEntry) -> Haystack {
        let names: Vec<Vec<String>> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| word_list(n))
            .collect();
        let keywords: Vec<Vec<String>> = e.keywords.iter().map(|k| word_list(k)).collect();
        let mut source_words = word_list(e.source.label());
        source_words.push(e.source.id().to_string());
        source_words.extend(
            e.key
                .split('-')
                .filter(|p| p.parse::<f64>().is_err())
                .map(str::to_string),
        );
        Haystack {
            display: e.display_code(),
            class: e.class(),
            name_phrases: names.iter().map(|w| w.join(" ")).collect(),
            name_words: names.into_iter().flatten().collect(),
            keyword_phrases: keywords.iter().map(|w| w.join(" ")).collect(),
            keyword_words: keywords.into_iter().flatten().collect(),
            source_words,
            summary_words: word_list(&e.summary),
        }
    }

    /// What one query word matches, and its score.
    fn token_match(&self, t: &str) -> Option<(MatchKind, u32)> {
        if t == self.display {
            return Some((MatchKind::Number, 1000));
        }
        if self.class.is_some_and(|c| c.id() == t) {
            return Some((MatchKind::Class, 900));
        }
        if self.name_words.iter().any(|w| w == t) {
            return Some((MatchKind::Name, 300));
        }
        if self.keyword_words.iter().any(|w| w == t) {
            return Some((MatchKind::Keyword, 200));
        }
        let number = is_number(t);
        if number && self.display.starts_with(t) {
            return Some((MatchKind::NumberPrefix, 150));
        }
        if self.source_words.iter().any(|w| w == t) {
            return Some((MatchKind::Source, 120));
        }
        if t.len() >= 3 && !number && self.name_words.iter().any(|w| w.starts_with(t)) {
            return Some((MatchKind::Name, 110));
        }
        if self.summary_words.iter().any(|w| w == t) {
            return Some((MatchKind::Summary, 60));
        }
        if !number
            && self
                .name_words
                .iter()
                .chain(&self.keyword_words)
                .any(|w| near(t, w).is_some())
        {
            return Some((MatchKind::Fuzzy, 40));
        }
        None
    }

    /// How well the entry matches the query, or `None` if some required word matches nothing.
    fn rank(&self, q: &Query<'_>) -> Option<(MatchKind, u32)> {
        let mut best = MatchKind::Fuzzy;
        let mut sum = 0;
        for t in &q.required {
            let (kind, score) = self.token_match(t)?;
            best = best.min(kind);
            sum += score;
        }
        for t in &q.optional {
            if let Some((_, score)) = self.token_match(t) {
                sum += score / 10;
            }
        }
        if self.keyword_phrases.iter().any(|k| q.is(k)) {
            sum += KEYWORD_PHRASE_BONUS;
        }
        let kind = if best <= MatchKind::Class {
            best
        } else if self.name_phrases.iter().any(|n| q.is(n)) {
            MatchKind::ExactName
        } else if self.name_phrases.iter().any(|n| q.is_within(n)) {
            MatchKind::NamePhrase
        } else {
            best
        };
        Some((kind, kind.tier() * TIER_WEIGHT + sum))
    }

    /// How near the closest of the query's words comes to the number or a name word.
    fn closeness(&self, toks: &[String]) -> Option<usize> {
        toks.iter()
            .filter_map(|t| {
                if is_number(t) {
                    (t.len() >= MIN_SUGGESTED_NUMBER_CHARS)
                        .then(|| distance_within(t, &self.display, 1))
                        .flatten()
                } else {
                    self.name_words.iter().filter_map(|w| near(t, w)).min()
                }
            })
            .min()
    }
}

/// A query taken apart.
struct Query<'q> {
    /// Words that must each match.
    required: Vec<&'q str>,
    /// Words that only add weight ("http", "status", "error"…).
    optional: Vec<&'q str>,
    /// All the words, joined by single spaces.
    phrase: String,
    /// The required words, joined by single spaces: "what does not found mean" asks about
    /// "not found".
    required_phrase: String,
}

impl<'q> Query<'q> {
    fn new(toks: &'q [String]) -> Query<'q> {
        let (mut required, mut optional): (Vec<&str>, Vec<&str>) = toks
            .iter()
            .map(String::as_str)
            .partition(|t| !OPTIONAL_WORDS.contains(t));
        // A query of nothing but optional words ("http status") is searched for those words.
        if required.is_empty() {
            required = std::mem::take(&mut optional);
        }
        Query {
            phrase: toks.join(" "),
            required_phrase: required.join(" "),
            required,
            optional,
        }
    }

    /// Whether the query is exactly `text` (words joined by single spaces).
    fn is(&self, text: &str) -> bool {
        text == self.phrase || text == self.required_phrase
    }

    /// Whether `text` (words joined by single spaces) holds the query as consecutive words.
    fn is_within(&self, text: &str) -> bool {
        holds_words(text, &self.phrase) || holds_words(text, &self.required_phrase)
    }
}

/// Whether `words` occurs in `text` starting and ending at word boundaries.
fn holds_words(text: &str, words: &str) -> bool {
    !words.is_empty()
        && text.match_indices(words).any(|(i, _)| {
            let end = i + words.len();
            (i == 0 || text.as_bytes()[i - 1] == b' ') && (end == text.len() || text.as_bytes()[end] == b' ')
        })
}

/// Breaks ties between hits of equal score and kind, as the module's first lines explain.
fn tie_break(a: &SearchHit<'_>, b: &SearchHit<'_>) -> Ordering {
    let vendor = |h: &SearchHit<'_>| h.entry.source != Source::Iana;
    let by_name = matches!(
        a.kind,
        MatchKind::ExactName | MatchKind::NamePhrase | MatchKind::Name | MatchKind::Fuzzy
    );
    let name_chars = |h: &SearchHit<'_>| {
        if by_name {
            plain_name(h.entry).chars().count()
        } else {
            0
        }
    };
    vendor(a)
        .cmp(&vendor(b))
        .then_with(|| name_chars(a).cmp(&name_chars(b)))
        .then_with(|| crate::catalog_order(a.entry).cmp(&crate::catalog_order(b.entry)))
}

impl Catalog {
    /// Entries matching `query`, best first. Every word of the query must match (words like
    /// "http", "status", "error" only add weight). An empty query matches nothing.
    pub fn search(&self, query: &str) -> Vec<SearchHit<'_>> {
        let toks = tokens(query);
        let q = Query::new(&toks);
        if q.required.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<SearchHit<'_>> = self
            .entries()
            .iter()
            .zip(&self.search.haystacks)
            .filter_map(|(entry, hay)| {
                let (kind, score) = hay.rank(&q)?;
                Some(SearchHit { entry, kind, score })
            })
            .collect();
        // Unstable sorting allocates nothing, and the last tie-break is catalog order anyway.
        hits.sort_unstable_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(a.kind.cmp(&b.kind))
                .then_with(|| tie_break(a, b))
        });
        hits
    }

    /// "Did you mean" candidates for a query or path that matched nothing, closest first, at most
    /// `limit`: entries whose number is one slip from a number in the query (`4044`, `4177`), or
    /// with a name word that a word of the query is a plausible slip for (`forbiden`). Nothing
    /// rather than a weak match: a page that does not exist should not be told it meant 408.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<&StatusEntry> {
        let toks = tokens(query);
        let mut scored: Vec<(usize, &StatusEntry)> = self
            .entries()
            .iter()
            .zip(&self.search.haystacks)
            .filter_map(|(e, hay)| Some((hay.closeness(&toks)?, e)))
            .collect();
        scored.sort_unstable_by(|(da, a), (db, b)| {
            da.cmp(db)
                .then((a.source != Source::Iana).cmp(&(b.source != Source::Iana)))
                .then_with(|| crate::catalog_order(a).cmp(&crate::catalog_order(b)))
        });
        scored.into_iter().take(limit).map(|(_, e)| e).collect()
    }
}
