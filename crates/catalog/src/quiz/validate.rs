//! Loading and checking `content/quiz/*.toml`. The shape of each question (which fields its kind
//! has) is enforced by parsing into [`QuizItem`]; what is left to check here is what types cannot
//! say: ids, lengths, that keys exist, that choices differ.

use super::schema::{ChoiceItem, QuizFile, TruthItem};
use super::{ItemKind, QuizItem, choice_label};
use crate::StatusEntry;
use crate::validate::{Problems, named_field, toml_problem};
use std::collections::HashMap;

/// Longest id, in characters.
const MAX_ID_CHARS: usize = 60;
/// Longest prompt, in characters.
const MAX_PROMPT_CHARS: usize = 320;
/// Longest explanation, in characters.
const MAX_EXPLANATION_CHARS: usize = 600;
/// Longest statement of a truth question, in characters.
const MAX_STATEMENT_CHARS: usize = 200;
/// Wrong choices a question offers besides the right one.
const WRONG_CHOICES: usize = 3;

/// Parses and checks every quiz file; problems go to `problems`, good questions are returned.
pub(crate) fn load(
    files: &[(&str, &str)],
    by_key: &HashMap<&str, &StatusEntry>,
    problems: &mut Problems,
) -> Vec<QuizItem> {
    let mut out: Vec<QuizItem> = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let label = |k: &str| by_key.get(k).map(|e| choice_label(e));
    for (name, text) in files {
        let file = format!("content/quiz/{name}");
        let questions = match toml::from_str::<QuizFile>(text) {
            Ok(f) => f.question,
            Err(e) => {
                let (field, message) = toml_problem(text, &e);
                problems.add(&file, &field, message);
                continue;
            }
        };
        for (i, value) in questions.into_iter().enumerate() {
            // Named by id when it has one, so the message points at the question to fix.
            let name = match value.get("id").and_then(toml::Value::as_str) {
                Some(id) => id.to_string(),
                None => i.to_string(),
            };
            let it = match value.try_into::<QuizItem>() {
                Ok(it) => it,
                Err(e) => {
                    let msg = e.message().trim().to_string();
                    let field = named_field(&msg).unwrap_or("kind");
                    problems.add(&file, &format!("question[{name}].{field}"), msg);
                    continue;
                }
            };
            for (field, message) in check(&it, &label) {
                problems.add(&file, &field, message);
            }
            if let Some(other) = seen.insert(it.id().to_string(), file.clone()) {
                problems.add(
                    &file,
                    &format!("question[{}].id", it.id()),
                    format!("duplicate id, also in {other}"),
                );
            }
            out.push(it);
        }
    }
    out
}

/// Checks one question; `label` gives a key's choice label, `None` if no entry has that key.
/// Returns `(field, message)` pairs.
fn check(it: &QuizItem, label: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |field: &str, msg: String| out.push((format!("question[{}].{field}", it.id()), msg));
    let prefix = it.kind().id_prefix();
    if !is_id(it.id(), it.kind()) {
        add(
            "id",
            format!("must start with {prefix:?} and use only a-z, 0-9 and -, at most {MAX_ID_CHARS} characters"),
        );
    }
    if !fits(it.prompt(), MAX_PROMPT_CHARS) {
        add("prompt", format!("must be 1 to {MAX_PROMPT_CHARS} characters"));
    }
    if !fits(it.explanation(), MAX_EXPLANATION_CHARS) {
        add(
            "explanation",
            format!("must be 1 to {MAX_EXPLANATION_CHARS} characters"),
        );
    }
    match it {
        QuizItem::Truth(t) => check_truth(t, label, &mut add),
        QuizItem::Scenario(c) | QuizItem::Header(c) => check_choices(c, label, &mut add),
    }
    out
}

fn is_id(id: &str, kind: ItemKind) -> bool {
    let prefix = kind.id_prefix();
    id.len() <= MAX_ID_CHARS
        && id.len() > prefix.len()
        && id.starts_with(prefix)
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Not blank, and at most `max` characters.
fn fits(text: &str, max: usize) -> bool {
    !text.trim().is_empty() && text.chars().count() <= max
}

fn check_truth(t: &TruthItem, label: &dyn Fn(&str) -> Option<String>, add: &mut dyn FnMut(&str, String)) {
    if label(&t.about).is_none() {
        add("about", format!("{:?} is not a key of any entry", t.about));
    }
    if t.false_statements.len() != WRONG_CHOICES {
        add(
            "false_statements",
            format!("needs exactly {WRONG_CHOICES}, has {}", t.false_statements.len()),
        );
    }
    let mut all: Vec<&str> = t.false_statements.iter().map(String::as_str).collect();
    all.push(&t.true_statement);
    let mut distinct = all.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != all.len() || all.iter().any(|s| !fits(s, MAX_STATEMENT_CHARS)) {
        add(
            "false_statements",
            format!("statements must be distinct, non-empty and at most {MAX_STATEMENT_CHARS} characters"),
        );
    }
}

fn check_choices(c: &ChoiceItem, label: &dyn Fn(&str) -> Option<String>, add: &mut dyn FnMut(&str, String)) {
    let answer = label(&c.answer);
    if answer.is_none() {
        add("answer", format!("{:?} is not a key of any entry", c.answer));
    }
    if c.distractors.len() != WRONG_CHOICES {
        add(
            "distractors",
            format!("needs exactly {WRONG_CHOICES}, has {}", c.distractors.len()),
        );
    }
    let mut labels: Vec<String> = answer.into_iter().collect();
    for d in &c.distractors {
        match label(d) {
            Some(l) => labels.push(l),
            None => add("distractors", format!("{d:?} is not a key of any entry")),
        }
    }
    let n = labels.len();
    labels.sort_unstable();
    labels.dedup();
    if labels.len() != n {
        add("distractors", "must differ from each other and from the answer".into());
    }
}
