//! The cheat sheet's decision rules, from `content/cheat-sheet.toml`.

use serde::{Deserialize, Serialize};

/// Longest `when` of a rule row, in characters (it prints in a narrow column).
pub const MAX_WHEN_CHARS: usize = 70;
/// Longest one-line meaning (`short`) of an entry, in characters.
pub const MAX_SHORT_CHARS: usize = 80;

/// The decision rules people look up most.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheatSheet {
    /// The rules, in the order the sheet prints them.
    #[serde(rename = "rule")]
    pub rules: Vec<CheatRule>,
}

/// One rule: a question and the code for each situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheatRule {
    /// The question, like "Which redirect?".
    pub title: String,
    /// Situations and their codes.
    #[serde(rename = "row")]
    pub rows: Vec<CheatRow>,
}

/// A situation and the code it calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheatRow {
    /// The situation, briefly.
    pub when: String,
    /// The entry's key.
    pub key: String,
}
