//! The quiz's right answers worked out from the content files alone, without the catalog crate:
//! `content/codes/*.toml` and `content/quiz/*.toml` are read as raw TOML tables and each
//! question's right choice is computed by the rule the quiz promises its players. Tests compare
//! what a round deals (and grades) with this, so a mistake in the catalog's own labelling or
//! answer keys cannot hide behind itself.
//!
//! Shared by the site's and the command line's tests (`#[path]`-included), so it uses nothing but
//! `std` and `toml`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// How a vendor is named after its code in a choice: `499 Client Closed Request (NGINX)`.
/// Written out here on purpose rather than read from the catalog; a new vendor must be added.
const VENDOR_LABELS: &[(&str, &str)] = &[
    ("nginx", "NGINX"),
    ("cloudflare", "Cloudflare"),
    ("aws-elb", "AWS Elastic Load Balancing"),
    ("iis", "Microsoft IIS"),
    ("unofficial", "Unofficial"),
];

/// One status code entry as its content file states it.
#[derive(Debug, Clone)]
pub struct RawEntry {
    pub key: String,
    pub code: i64,
    pub sub: Option<i64>,
    pub name: String,
    pub source: String,
}

/// A hand-written question's answer key as its content file states it.
#[derive(Debug, Clone)]
enum RawAnswer {
    /// A scenario or header question: the key of the right code.
    Code(String),
    /// A truth question: the true statement.
    Statement(String),
}

/// Everything the oracle knows, read once from `content/`.
#[derive(Debug)]
pub struct QuizOracle {
    entries: HashMap<String, RawEntry>,
    answers: HashMap<String, RawAnswer>,
}

/// The repository's `content/` directory (both including crates sit in `crates/<name>/`).
pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

fn read_table(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse::<Table>()
        .unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()))
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|d| d.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .toml files in {}", dir.display());
    files
}

fn string(t: &Table, field: &str, whose: &str) -> String {
    t.get(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{whose}: no string field {field:?}"))
        .to_string()
}

/// A name without the registry's trailing remark in parentheses: "Not Extended" for
/// "Not Extended (OBSOLETED)". The remark is the last bracketed group, matched from the end, and
/// only when something precedes it ("(Unused)" is all remark and stays as it is).
pub fn without_remark(name: &str) -> &str {
    let Some(inner) = name.strip_suffix(')') else {
        return name;
    };
    let mut depth = 1;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = inner[..i].trim_end();
                    return if before.is_empty() { name } else { before };
                }
            }
            _ => {}
        }
    }
    name
}

impl QuizOracle {
    /// Reads every code and every hand-written question.
    pub fn load() -> QuizOracle {
        let content = content_dir();
        let mut entries = HashMap::new();
        for path in toml_files(&content.join("codes")) {
            let t = read_table(&path);
            let whose = path.display().to_string();
            let entry = RawEntry {
                key: string(&t, "key", &whose),
                code: t
                    .get("code")
                    .and_then(Value::as_integer)
                    .unwrap_or_else(|| panic!("{whose}: no code")),
                sub: t.get("sub").and_then(Value::as_integer),
                name: string(&t, "name", &whose),
                source: string(&t, "source", &whose),
            };
            assert!(entries.insert(entry.key.clone(), entry).is_none(), "{whose}: key twice");
        }
        let mut answers = HashMap::new();
        for path in toml_files(&content.join("quiz")) {
            let t = read_table(&path);
            let questions = t
                .get("question")
                .and_then(Value::as_array)
                .unwrap_or_else(|| panic!("{}: no [[question]]", path.display()));
            for q in questions {
                let q = q.as_table().expect("a [[question]] is a table");
                let id = string(q, "id", &path.display().to_string());
                let answer = match string(q, "kind", &id).as_str() {
                    "scenario" | "header" => RawAnswer::Code(string(q, "answer", &id)),
                    "truth" => RawAnswer::Statement(string(q, "true_statement", &id)),
                    other => panic!("{id}: unknown kind {other:?}; teach the oracle"),
                };
                assert!(answers.insert(id.clone(), answer).is_none(), "{id} twice");
            }
        }
        QuizOracle { entries, answers }
    }

    /// The entry with `key`.
    pub fn entry(&self, key: &str) -> &RawEntry {
        self.entries
            .get(key)
            .unwrap_or_else(|| panic!("no content/codes entry with key {key:?}"))
    }

    /// The ids of the hand-written questions.
    pub fn hand_written_ids(&self) -> impl Iterator<Item = &str> {
        self.answers.keys().map(String::as_str)
    }

    /// How a code is offered as a choice: `417 Expectation Failed` for a registered code,
    /// `403.14 Directory Listing Denied (Microsoft IIS)` for a vendor's.
    pub fn code_choice(&self, key: &str) -> String {
        let e = self.entry(key);
        let name = without_remark(&e.name);
        if e.source == "iana" {
            return format!("{} {name}", e.code);
        }
        let code = match e.sub {
            Some(sub) => format!("{}.{sub}", e.code),
            None => e.code.to_string(),
        };
        let vendor = VENDOR_LABELS
            .iter()
            .find(|(id, _)| *id == e.source)
            .map(|(_, label)| *label)
            .unwrap_or_else(|| panic!("{key}: unknown source {:?}; teach the oracle", e.source));
        format!("{code} {name} ({vendor})")
    }

    /// The text of the right choice of the question with `id`, however a round deals it.
    pub fn right_choice(&self, id: &str) -> String {
        if let Some(key) = id.strip_prefix("name-") {
            return without_remark(&self.entry(key).name).to_string();
        }
        if let Some(key) = id.strip_prefix("code-") {
            return self.entry(key).code.to_string();
        }
        if let Some(key) = id.strip_prefix("vendor-") {
            return without_remark(&self.entry(key).name).to_string();
        }
        match self.answers.get(id) {
            Some(RawAnswer::Code(key)) => self.code_choice(key),
            Some(RawAnswer::Statement(s)) => s.clone(),
            None => panic!("{id}: neither generated nor in content/quiz"),
        }
    }
}

#[test]
fn the_oracle_strips_only_a_trailing_remark() {
    assert_eq!(without_remark("Not Extended (OBSOLETED)"), "Not Extended");
    assert_eq!(
        without_remark("Upload Resumption Supported (TEMPORARY - registered 2024-11-13, expires 2026-11-13)"),
        "Upload Resumption Supported"
    );
    assert_eq!(without_remark("(Unused)"), "(Unused)");
    assert_eq!(without_remark("Expectation Failed"), "Expectation Failed");
    assert_eq!(without_remark("A (b) c"), "A (b) c");
    assert_eq!(without_remark("A (b (c))"), "A");
}
