//! Category pages: the five classes (and, later, vendors), each with an intro and a FAQ.

use crate::entry::{Faq, RfcQuote};
use serde::{Deserialize, Serialize};

/// One category page's content, from `content/categories/<slug>.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// `"4xx"`, or a vendor slug.
    pub slug: String,
    /// The title, like `"Client Error"`.
    pub title: String,
    /// The hero's emoji.
    pub emoji: String,
    /// One sentence.
    pub summary: String,
    /// Paragraphs separated by blank lines.
    pub intro: String,
    /// The defining RFC text, quoted exactly, where there is one.
    #[serde(default)]
    pub rfc: Option<RfcQuote>,
    /// Questions and answers.
    pub faq: Vec<Faq>,
}

/// Site-wide lists from `content/site.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Keys of the codes the home page lists as popular, in order.
    pub popular: Vec<String>,
}
