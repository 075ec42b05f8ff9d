//! Search over the catalog. Ranking, strongest first: the exact number, the class ("4xx"),
//! words of the name or an alias ("not found", "payload too large"), keywords ("rate limit"),
//! the vendor, words of the summary, then fuzzy matches for typos. [`Catalog::suggest`] offers
//! "did you mean" candidates when nothing matches.

use crate::{Catalog, Class, StatusEntry};
use serde::Serialize;

/// Why an entry matched, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// The query is the entry's number (`417`, `403.14`).
    Number,
    /// The query names the entry's class (`4xx`).
    Class,
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

fn near(a: &str, b: &str) -> bool {
    let limit = match a.chars().count().min(b.chars().count()) {
        0..=3 => return false,
        4..=6 => 1,
        _ => 2,
    };
    strsim::damerau_levenshtein(a, b) <= limit
}

struct Haystack {
    display: String,
    class: Option<Class>,
    names: Vec<String>,
    name_words: Vec<String>,
    keywords: Vec<String>,
    keyword_words: Vec<String>,
    source_words: Vec<String>,
    summary_words: Vec<String>,
}

impl Haystack {
    fn of(e: &StatusEntry) -> Haystack {
        let names: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| n.to_lowercase())
            .collect();
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
            name_words: names.iter().flat_map(|n| word_list(n)).collect(),
            names,
            keywords: e.keywords.iter().map(|k| k.to_lowercase()).collect(),
            keyword_words: e.keywords.iter().flat_map(|k| word_list(k)).collect(),
            source_words,
            summary_words: word_list(&e.summary),
        }
    }

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
        let is_number = t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if is_number && self.display.starts_with(t) {
            return Some((MatchKind::NumberPrefix, 150));
        }
        if self.source_words.iter().any(|w| w == t) {
            return Some((MatchKind::Source, 120));
        }
        if t.len() >= 3 && !is_number && self.name_words.iter().any(|w| w.starts_with(t)) {
            return Some((MatchKind::Name, 110));
        }
        if self.summary_words.iter().any(|w| w == t) {
            return Some((MatchKind::Summary, 60));
        }
        if !is_number && self.name_words.iter().chain(&self.keyword_words).any(|w| near(t, w)) {
            return Some((MatchKind::Fuzzy, 40));
        }
        None
    }
}

impl Catalog {
    /// Entries matching `query`, best first. Every word of the query must match (words like
    /// "http", "status", "error" only add weight). An empty query matches nothing.
    pub fn search(&self, query: &str) -> Vec<SearchHit<'_>> {
        let toks = tokens(query);
        let phrase = toks.join(" ");
        let required: Vec<&String> = toks.iter().filter(|t| !OPTIONAL_WORDS.contains(&t.as_str())).collect();
        let toks_to_use: Vec<&String> = if required.is_empty() {
            toks.iter().collect()
        } else {
            required
        };
        if toks_to_use.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<SearchHit<'_>> = self
            .entries()
            .iter()
            .filter_map(|e| {
                let hay = Haystack::of(e);
                let mut best = MatchKind::Fuzzy;
                let mut score = 0;
                for t in &toks_to_use {
                    let (kind, s) = hay.token_match(t)?;
                    best = best.min(kind);
                    score += s;
                }
                for t in toks.iter().filter(|t| OPTIONAL_WORDS.contains(&t.as_str())) {
                    if let Some((_, s)) = hay.token_match(t) {
                        score += s / 10;
                    }
                }
                if hay.names.iter().any(|n| word_list(n).join(" ") == phrase) {
                    score += 500;
                } else if toks_to_use.len() > 1 && hay.names.iter().any(|n| word_list(n).join(" ").contains(&phrase)) {
                    score += 200;
                }
                if hay.keywords.iter().any(|k| word_list(k).join(" ") == phrase) {
                    score += 250;
                }
                Some(SearchHit {
                    entry: e,
                    kind: best,
                    score,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)));
        hits
    }

    /// "Did you mean" candidates for a query or path that matched nothing, best first, at most
    /// `limit`. Numbers are compared digit by digit (`4044` suggests 404); words by spelling.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<&StatusEntry> {
        let q = query.trim().to_lowercase();
        let mut scored: Vec<(usize, &StatusEntry)> = Vec::new();
        if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            for e in self.entries() {
                let d = e.display_code();
                let dist = strsim::damerau_levenshtein(&q, &d);
                if dist <= 1 {
                    scored.push((dist, e));
                } else if q.starts_with(&d) || (d.len() >= 2 && q.len() >= 2 && d[..2] == q[..2]) {
                    scored.push((2 + dist.min(50), e));
                }
            }
        } else {
            let toks = tokens(&q);
            for e in self.entries() {
                let hay = Haystack::of(e);
                let best = toks
                    .iter()
                    .filter(|t| t.chars().count() >= 3)
                    .flat_map(|t| {
                        hay.name_words
                            .iter()
                            .chain(&hay.keyword_words)
                            .map(move |w| strsim::normalized_damerau_levenshtein(t, w))
                    })
                    .fold(0.0_f64, f64::max);
                if best >= 0.7 {
                    scored.push((((1.0 - best) * 1000.0) as usize, e));
                }
            }
        }
        scored.sort_by_key(|(d, e)| (*d, e.code));
        let mut out: Vec<&StatusEntry> = Vec::new();
        for (_, e) in scored {
            if !out.iter().any(|o| o.key == e.key) {
                out.push(e);
            }
            if out.len() == limit {
                break;
            }
        }
        out
    }
}
