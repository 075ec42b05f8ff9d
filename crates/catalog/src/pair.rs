//! Which two entries a comparison is of: turning what a reader typed (`401`, `403.14`,
//! `nginx-499`) into entries, and the order the comparison shows them in.

use crate::{Catalog, Source, StatusEntry};

/// What a token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// One entry.
    One(&'a StatusEntry),
    /// A number with several vendor meanings and no registered one (`499`), in catalog order.
    Ambiguous(Vec<&'a StatusEntry>),
    /// Nothing by that name.
    Unknown,
}

/// Why two tokens do not make a comparison. Tokens are kept as the caller wrote them, so a
/// message can quote them back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PairError<'a> {
    /// One or both tokens name nothing.
    #[error("not a status code in the catalog: {}", .tokens.join(", "))]
    Unknown {
        /// The tokens that name nothing, in the order given (one or two).
        tokens: Vec<String>,
    },
    /// Both tokens name the same entry.
    #[error("both sides are {}", .0.key)]
    Same(&'a StatusEntry),
    /// A token is a number with several vendor meanings; the reader has to choose one. When both
    /// are, this reports the first.
    #[error("{token} has several meanings")]
    Ambiguous {
        /// The ambiguous token.
        token: String,
        /// Its meanings, in catalog order.
        meanings: Vec<&'a StatusEntry>,
        /// The other token.
        other_token: String,
        /// What the other token names: one entry, or its meanings when it is ambiguous too.
        other: Vec<&'a StatusEntry>,
    },
}

impl<'a> Resolved<'a> {
    /// The entries the token may mean: one, several, or none.
    pub fn candidates(self) -> Vec<&'a StatusEntry> {
        match self {
            Resolved::One(e) => vec![e],
            Resolved::Ambiguous(meanings) => meanings,
            Resolved::Unknown => Vec::new(),
        }
    }
}

impl Catalog {
    /// Resolves a key (`nginx-499`) or a number as written (`401`, `403.14`), trimmed and in any
    /// case. A key wins; a number with a registered (IANA) meaning means that one, since that is
    /// what a reader who types a bare number almost always has in mind.
    pub fn resolve_code(&self, token: &str) -> Resolved<'_> {
        let token = token.trim().to_ascii_lowercase();
        if let Some(e) = self.get(&token) {
            return Resolved::One(e);
        }
        let meanings = self.meanings(&token);
        if let Some(iana) = meanings.iter().find(|e| e.source == Source::Iana) {
            return Resolved::One(iana);
        }
        match meanings.len() {
            0 => Resolved::Unknown,
            1 => Resolved::One(meanings[0]),
            _ => Resolved::Ambiguous(meanings),
        }
    }

    /// The two entries in the order a comparison shows them: the curated comparison's order when
    /// there is one, else catalog order (by number, IANA before vendors).
    pub fn canonical_order<'e>(&self, x: &'e StatusEntry, y: &'e StatusEntry) -> (&'e StatusEntry, &'e StatusEntry) {
        if let Some(c) = self.comparison(&x.key, &y.key) {
            return if c.a == x.key { (x, y) } else { (y, x) };
        }
        if self.position(&x.key) <= self.position(&y.key) {
            (x, y)
        } else {
            (y, x)
        }
    }

    /// The two different entries two tokens name, in canonical order (see
    /// [`Catalog::canonical_order`]). Unknown tokens are reported before a repeated entry, and
    /// that before an ambiguous number.
    pub fn pair(&self, x_token: &str, y_token: &str) -> Result<(&StatusEntry, &StatusEntry), PairError<'_>> {
        let (rx, ry) = (self.resolve_code(x_token), self.resolve_code(y_token));
        let unknown: Vec<String> = [(x_token, &rx), (y_token, &ry)]
            .into_iter()
            .filter(|(_, r)| matches!(r, Resolved::Unknown))
            .map(|(t, _)| t.to_string())
            .collect();
        if !unknown.is_empty() {
            return Err(PairError::Unknown { tokens: unknown });
        }
        let ambiguous = |token: &str, meanings, other_token: &str, other| PairError::Ambiguous {
            token: token.to_string(),
            meanings,
            other_token: other_token.to_string(),
            other,
        };
        // Neither is unknown, so each side has one candidate or, when ambiguous, several.
        let (mx, my) = (rx.candidates(), ry.candidates());
        match (&mx[..], &my[..]) {
            (&[a], &[b]) if a.key == b.key => Err(PairError::Same(a)),
            (&[a], &[b]) => Ok(self.canonical_order(a, b)),
            (&[_], _) => Err(ambiguous(y_token, my, x_token, mx)),
            _ => Err(ambiguous(x_token, mx, y_token, my)),
        }
    }
}
