//! Parsing and validation of content files. Every rule here reports the file and the field, so a
//! broken content file fails the tests with a message that says exactly what to fix.

use crate::{
    BodyRule, CatalogError, Category, Class, ExampleFormat, IanaRegistry, SiteConfig, Source, Sources, StatusEntry,
};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Headers that a response with a given IANA code carries, because its defining RFC requires them
/// (Location on redirects, WWW-Authenticate on 401, Allow on 405…) or recommends them (Retry-After on
/// 413, 429 and 503; Link rel="blocked-by" on 451). Each such entry's example response and its list
/// of tied headers are checked against this table, and the site's code snippets use it.
pub const TIED_HEADERS: &[(u16, &str)] = &[
    (101, "Upgrade"),
    (201, "Location"),
    (206, "Content-Range"),
    (301, "Location"),
    (302, "Location"),
    (303, "Location"),
    (307, "Location"),
    (308, "Location"),
    (401, "WWW-Authenticate"),
    (405, "Allow"),
    (407, "Proxy-Authenticate"),
    (413, "Retry-After"),
    (416, "Content-Range"),
    (426, "Upgrade"),
    (429, "Retry-After"),
    (451, "Link"),
    (503, "Retry-After"),
];

/// Codes RFC 9110 Section 15.1 lists as heuristically cacheable, plus 451 (RFC 7725 Section 3).
const HEURISTICALLY_CACHEABLE: &[u16] = &[200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501];

/// A sentence of at least this many words may stand in one entry only.
const REPEATED_SENTENCE_WORDS: usize = 8;
/// A run of this many words may stand in at most `SHARED_RUN_MAX_ENTRIES - 1` entries.
const SHARED_RUN_WORDS: usize = 16;
const SHARED_RUN_MAX_ENTRIES: usize = 4;

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
    pub categories: Vec<Category>,
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

pub(crate) fn load(sources: Sources<'_>) -> Result<Loaded, CatalogError> {
    let mut problems = Problems::default();
    let registry = IanaRegistry::parse(sources.iana_csv).unwrap_or_else(|e| {
        problems.add("content/iana-http-status-codes.csv", "-", e);
        IanaRegistry::default()
    });

    let mut entries = Vec::new();
    for (name, text) in sources.codes {
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

    let mut categories = Vec::new();
    for (name, text) in sources.categories {
        let file = format!("content/categories/{name}");
        match toml::from_str::<Category>(text) {
            Ok(c) => {
                check_category(&file, &c, &mut problems);
                categories.push(c);
            }
            Err(e) => {
                let (field, message) = toml_problem(text, &e);
                problems.add(&file, &field, message);
            }
        }
    }

    let site = match toml::from_str::<SiteConfig>(sources.site_toml) {
        Ok(s) => s,
        Err(e) => {
            let (field, message) = toml_problem(sources.site_toml, &e);
            problems.add("content/site.toml", &field, message);
            SiteConfig { popular: Vec::new() }
        }
    };

    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (file, e) in &entries {
        if let Some(other) = seen.insert(&e.key, file) {
            problems.add(file, "key", format!("duplicate key {:?}, also used by {other}", e.key));
        }
    }
    let keys: HashSet<&str> = entries.iter().map(|(_, e)| e.key.as_str()).collect();
    // Where a vendor meaning shares a name with an IANA code, the IANA entry is the one named.
    let mut by_name: Vec<&StatusEntry> = entries.iter().map(|(_, e)| e).collect();
    by_name.sort_by_key(|e| e.source == Source::Iana);
    let names: HashMap<String, &str> = by_name
        .iter()
        .map(|e| (e.name.to_lowercase(), e.key.as_str()))
        .collect();
    for (file, e) in &entries {
        check_entry(file, e, &registry, &keys, &names, &mut problems);
    }
    check_prose_reuse(&entries, &mut problems);
    for key in &site.popular {
        if !keys.contains(key.as_str()) {
            problems.add(
                "content/site.toml",
                "popular",
                format!("{key:?} is not a key of any entry"),
            );
        }
    }
    let known: Vec<&str> = Class::ALL
        .iter()
        .map(|c| c.id())
        .chain(Source::ALL.iter().filter_map(|s| s.category()))
        .collect();
    for c in &categories {
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

    let by_key: HashMap<&str, &StatusEntry> = entries.iter().map(|(_, e)| (e.key.as_str(), e)).collect();
    let comparisons = load_comparisons(sources.compare, &keys, &mut problems);
    let cheat = load_cheat_sheet(sources.cheat_toml, &keys, &mut problems);
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

fn load_comparisons(files: &[(&str, &str)], keys: &HashSet<&str>, problems: &mut Problems) -> Vec<crate::Comparison> {
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

fn load_cheat_sheet(text: &str, keys: &HashSet<&str>, problems: &mut Problems) -> crate::CheatSheet {
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

/// The field a TOML error is about, and the message with its line: serde names the field in
/// backticks ("missing field `name`"); otherwise the key on the line the error points at.
pub(crate) fn toml_problem(text: &str, e: &toml::de::Error) -> (String, String) {
    let msg = e.message().trim().to_string();
    if let Some(field) = named_field(&msg) {
        return (field.to_string(), msg);
    }
    let Some(span) = e.span() else { return ("-".into(), msg) };
    let line_no = text[..span.start.min(text.len())].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)))
        .unwrap_or("-");
    (key.to_string(), format!("{msg} (line {line_no})"))
}

/// The field a serde message names in backticks: "missing field `name`", "unknown field `x`".
pub(crate) fn named_field(msg: &str) -> Option<&str> {
    [
        "missing field `",
        "unknown field `",
        "duplicate field `",
        "duplicate key `",
    ]
    .iter()
    .find_map(|prefix| msg.strip_prefix(prefix))
    .and_then(|rest| rest.split('`').next())
}

fn check_text(file: &str, field: &str, value: &str, problems: &mut Problems) {
    if value.trim().is_empty() {
        problems.add(file, field, "must not be empty");
    }
}

fn check_list(file: &str, field: &str, values: &[String], min: usize, problems: &mut Problems) {
    if values.len() < min {
        problems.add(
            file,
            field,
            format!("needs at least {min} item(s), has {}", values.len()),
        );
    }
    for (i, v) in values.iter().enumerate() {
        check_text(file, &format!("{field}[{i}]"), v, problems);
    }
}

fn check_faq(file: &str, faq: &[crate::Faq], problems: &mut Problems) {
    if faq.len() < 3 {
        problems.add(file, "faq", format!("needs at least 3 questions, has {}", faq.len()));
    }
    for (i, f) in faq.iter().enumerate() {
        check_text(file, &format!("faq[{i}].question"), &f.question, problems);
        check_text(file, &format!("faq[{i}].answer"), &f.answer, problems);
    }
}

fn check_rfc(file: &str, rfc: &crate::RfcQuote, problems: &mut Problems) {
    check_text(file, "rfc.document", &rfc.document, problems);
    check_text(file, "rfc.quote", &rfc.quote, problems);
    if !rfc.document.starts_with("RFC ") || rfc.document[4..].parse::<u32>().is_err() {
        problems.add(
            file,
            "rfc.document",
            format!("{:?} must look like \"RFC 9110\"", rfc.document),
        );
    }
    if rfc.section.is_empty()
        || !rfc
            .section
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        problems.add(
            file,
            "rfc.section",
            format!("{:?} must look like \"15.5.18\"", rfc.section),
        );
    }
    if !rfc.url.starts_with("https://") {
        problems.add(file, "rfc.url", "must be an https:// link to the section");
    }
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

fn check_entry(
    file: &str,
    e: &StatusEntry,
    registry: &IanaRegistry,
    keys: &HashSet<&str>,
    names: &HashMap<String, &str>,
    problems: &mut Problems,
) {
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

    if e.source == Source::Iana {
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
        let expected = HEURISTICALLY_CACHEABLE.contains(&e.code);
        if e.facts.heuristically_cacheable != expected {
            problems.add(
                file,
                "facts.heuristically_cacheable",
                format!("must be {expected} for {} (RFC 9110 Section 15.1)", e.code),
            );
        }
        let body = match e.code {
            100..=199 | 204 | 304 => BodyRule::Forbidden,
            205 => BodyRule::NoneGenerated,
            _ => BodyRule::Allowed,
        };
        if e.facts.body != body {
            problems.add(file, "facts.body", format!("must be {body:?} for {}", e.code));
        }
        for (_, header) in TIED_HEADERS.iter().filter(|(c, _)| *c == e.code) {
            if e.example_parts().header(header).is_none() {
                problems.add(
                    file,
                    "example",
                    format!("a {} response needs a {header} header", e.code),
                );
            }
            if !e.headers.iter().any(|h| h.name.eq_ignore_ascii_case(header)) {
                problems.add(
                    file,
                    "headers",
                    format!("{header} must be listed as a header tied to {}", e.code),
                );
            }
        }
    } else {
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

    check_example(file, e, problems);
}

fn check_example(file: &str, e: &StatusEntry, problems: &mut Problems) {
    let is_log = e.example_format == ExampleFormat::Log;
    if is_log != (e.facts.body == BodyRule::NoResponse) {
        problems.add(
            file,
            "example_format",
            "a log-line example goes with facts.body = \"no-response\", and only with it",
        );
    }
    if is_log {
        if !e.example.contains(&e.display_code()) {
            problems.add(
                file,
                "example",
                format!("the log line should show {}", e.display_code()),
            );
        }
        return;
    }
    let ex = e.example_parts();
    let mut parts = ex.status_line.splitn(3, ' ');
    let (version, code) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let envelope = e.wire_status.unwrap_or(e.code);
    if !version.starts_with("HTTP/") || code != envelope.to_string() {
        problems.add(
            file,
            "example",
            format!(
                "must start with a status line like \"HTTP/1.1 {envelope} ...\", found {:?}",
                ex.status_line
            ),
        );
    }
    if e.facts.body != BodyRule::Allowed && !ex.body.trim().is_empty() {
        problems.add(
            file,
            "example",
            format!("has a body, but a {} response carries no content", e.code),
        );
    }
    if let Some(len) = ex.header("Content-Length") {
        if e.facts.body == BodyRule::Allowed && len.parse::<usize>().ok() != Some(ex.body.len()) {
            problems.add(
                file,
                "example",
                format!("Content-Length is {len} but the body is {} bytes", ex.body.len()),
            );
        }
    }
}

/// Words of every prose field of an entry, lowercased, for the reuse checks.
fn prose(e: &StatusEntry) -> Vec<&str> {
    let mut out: Vec<&str> = vec![
        &e.summary,
        &e.what_it_means,
        &e.definition,
        &e.plain_english,
        &e.misinterpretation,
    ];
    out.extend(e.causes.iter().map(String::as_str));
    out.extend(e.fix_client.iter().map(String::as_str));
    out.extend(e.fix_server.iter().map(String::as_str));
    out.extend(e.faq.iter().flat_map(|f| [f.question.as_str(), f.answer.as_str()]));
    out.extend([
        e.facts.caching.as_str(),
        e.facts.retry.as_str(),
        e.facts.browsers.as_str(),
    ]);
    out
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// No sentence of eight words or more in two entries; no run of 16 words in four or more.
fn check_prose_reuse(entries: &[(String, StatusEntry)], problems: &mut Problems) {
    let mut sentences: HashMap<String, Vec<&str>> = HashMap::new();
    let mut runs: HashMap<Vec<String>, Vec<&str>> = HashMap::new();
    for (file, e) in entries {
        let mut mine = HashSet::new();
        let mut my_runs = HashSet::new();
        for text in prose(e) {
            for sentence in text.split_inclusive(['.', '!', '?']) {
                let w = words(sentence);
                if w.len() >= REPEATED_SENTENCE_WORDS {
                    mine.insert(w.join(" "));
                }
            }
            let w = words(text);
            for run in w.windows(SHARED_RUN_WORDS) {
                my_runs.insert(run.to_vec());
            }
        }
        for s in mine {
            sentences.entry(s).or_default().push(file);
        }
        for r in my_runs {
            runs.entry(r).or_default().push(file);
        }
    }
    for (s, files) in sentences.iter().filter(|(_, f)| f.len() > 1) {
        problems.add(
            files[0],
            "prose",
            format!("the sentence {s:?} also stands in {}", files[1..].join(", ")),
        );
    }
    let mut reported = HashSet::new();
    for (run, files) in runs.iter().filter(|(_, f)| f.len() >= SHARED_RUN_MAX_ENTRIES) {
        let mut key = files.clone();
        key.sort();
        if reported.insert(key) {
            problems.add(
                files[0],
                "prose",
                format!(
                    "the words {:?} stand in {} entries: {}",
                    run.join(" "),
                    files.len(),
                    files.join(", ")
                ),
            );
        }
    }
}
