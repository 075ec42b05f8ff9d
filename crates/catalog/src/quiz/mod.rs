//! The status code quiz: hand-written questions from `content/quiz/*.toml` and questions
//! generated from the catalog, dealt into rounds of ten.
//!
//! A round is fully determined by its id, so no server keeps state: the id holds a seed and a
//! tag of the question bank it was dealt from. The same id always gives the same questions with
//! the same choices in the same order, which is what lets a page, the JSON API and the command
//! line grade an answer from `(round, question id, choice)` alone.
//!
//! - [`schema`]: the content files' question types.
//! - [`deal`]: the bank, round ids and dealing.
//! - [`random`]: the deterministic generator dealing relies on.
//! - [`validate`]: loading and checking the content files.

mod deal;
mod random;
mod schema;
pub(crate) mod validate;

pub use deal::{QuizBank, ROUND_LEN, RoundError};
pub use schema::{ChoiceItem, ItemKind, QuizItem, TruthItem};

use crate::{Catalog, Source, StatusEntry};
use serde::Serialize;

/// How a question was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// Generated: a registered code; which name?
    CodeToName,
    /// Generated: a registered name; which code?
    NameToCode,
    /// Generated: a vendor's code; which meaning?
    VendorMeaning,
    /// Hand-written: a situation; which code?
    Scenario,
    /// Hand-written: a header; which code?
    Header,
    /// Hand-written: which statement is true?
    Truth,
}

/// One question as a round deals it: choices in their order, and which one is right.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Stable across rounds: `s-…`, `h-…`, `t-…`, `name-417`, `code-417`, `vendor-nginx-499`.
    pub id: String,
    /// How it was made.
    pub kind: QuestionKind,
    /// The question.
    pub prompt: String,
    /// Four choices (distinct).
    pub choices: Vec<String>,
    /// The index of the right choice.
    pub answer: usize,
    /// Why it is right.
    pub explanation: String,
    /// The key of the entry to read.
    pub subject: String,
    /// That entry's page.
    pub url: String,
}

/// Ten questions, dealt from a seed.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// The id that deals this round again.
    pub id: String,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

impl Round {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

impl Catalog {
    /// The quiz's question bank.
    pub fn quiz(&self) -> &QuizBank {
        &self.quiz
    }
}

/// An entry's name without the registry's trailing remark: "Not Extended" for
/// "Not Extended (OBSOLETED)", "Upload Resumption Supported" for 104's temporary registration.
pub fn plain_name(e: &StatusEntry) -> &str {
    match e.name.split_once(" (") {
        Some((name, rest)) if rest.ends_with(')') && !name.is_empty() => name,
        _ => &e.name,
    }
}

/// How a code is shown as a choice: `417 Expectation Failed`, `499 Client Closed Request (NGINX)`.
pub fn choice_label(e: &StatusEntry) -> String {
    if e.source == Source::Iana {
        format!("{} {}", e.display_code(), plain_name(e))
    } else {
        format!("{} {} ({})", e.display_code(), plain_name(e), e.source.label())
    }
}

/// Whether an entry's name can be a choice: registry placeholders like "(Unused)" cannot.
fn nameable(e: &StatusEntry) -> bool {
    !e.name.starts_with('(')
}
