//! The shape of the hand-written questions in `content/quiz/*.toml`.
//!
//! Each kind of question is its own variant with exactly its own fields, so a truth question
//! that carries an `answer`, or a scenario without `distractors`, fails to parse and never
//! reaches the rest of the program.

use serde::{Deserialize, Serialize};

/// The kinds of hand-written question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A situation; which code fits?
    Scenario,
    /// A header; which response goes with it?
    Header,
    /// Which statement (one true, three common misreadings) is true?
    Truth,
}

impl ItemKind {
    /// The prefix every id of this kind starts with.
    pub fn id_prefix(self) -> &'static str {
        match self {
            ItemKind::Scenario => "s-",
            ItemKind::Header => "h-",
            ItemKind::Truth => "t-",
        }
    }
}

/// One hand-written question as its content file states it, told apart by its `kind` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum QuizItem {
    /// A situation; which code fits?
    Scenario(ChoiceItem),
    /// A header; which response goes with it?
    Header(ChoiceItem),
    /// Which statement is true?
    Truth(TruthItem),
}

/// A question whose choices are codes: one right, three tempting wrong ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceItem {
    /// Stable id: `s-…` or `h-…`.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// The key of the right code.
    pub answer: String,
    /// Three keys of tempting wrong codes.
    pub distractors: Vec<String>,
    /// Why the answer is right.
    pub explanation: String,
}

/// A question whose choices are statements about one entry: one true, three misreadings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TruthItem {
    /// Stable id: `t-…`.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// The key of the entry the statements are about.
    pub about: String,
    /// The true statement.
    pub true_statement: String,
    /// Three common misreadings.
    pub false_statements: Vec<String>,
    /// Why the true statement is true.
    pub explanation: String,
}

impl QuizItem {
    /// The kind.
    pub fn kind(&self) -> ItemKind {
        match self {
            QuizItem::Scenario(_) => ItemKind::Scenario,
            QuizItem::Header(_) => ItemKind::Header,
            QuizItem::Truth(_) => ItemKind::Truth,
        }
    }

    /// Stable id: `s-…`, `h-…` or `t-…`.
    pub fn id(&self) -> &str {
        match self {
            QuizItem::Scenario(c) | QuizItem::Header(c) => &c.id,
            QuizItem::Truth(t) => &t.id,
        }
    }

    /// The question.
    pub fn prompt(&self) -> &str {
        match self {
            QuizItem::Scenario(c) | QuizItem::Header(c) => &c.prompt,
            QuizItem::Truth(t) => &t.prompt,
        }
    }

    /// Why the answer is right.
    pub fn explanation(&self) -> &str {
        match self {
            QuizItem::Scenario(c) | QuizItem::Header(c) => &c.explanation,
            QuizItem::Truth(t) => &t.explanation,
        }
    }

    /// The key of the entry the question is about: the answer, or what the statements are about.
    pub fn subject(&self) -> &str {
        match self {
            QuizItem::Scenario(c) | QuizItem::Header(c) => &c.answer,
            QuizItem::Truth(t) => &t.about,
        }
    }
}

/// A file of hand-written questions, each left unparsed so that one broken question is reported
/// with its id and does not hide the problems of the others.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuizFile {
    pub question: Vec<toml::Value>,
}
