//! The cheat sheet: every registered code in one line, grouped by class; vendor codes; the
//! decision rules people look up most. One view feeds the page, its print layout, the JSON, the
//! plain text for curl and `siteerror cheat`.

use crate::views::EntryLink;
use serde::Serialize;
use siteerror_catalog::{Catalog, Class, Source, StatusEntry};

/// One code on the sheet.
#[derive(Debug, Serialize)]
pub struct CheatLine {
    /// The key.
    pub key: String,
    /// The code as written.
    pub code: String,
    /// The name, without the registry's trailing remark.
    pub name: String,
    /// That remark, like "(OBSOLETED)", shown smaller.
    pub remark: Option<String>,
    /// The meaning in one line.
    pub short: String,
    /// The page.
    pub url: String,
}

impl CheatLine {
    fn new(e: &StatusEntry) -> CheatLine {
        CheatLine {
            key: e.key.clone(),
            code: e.display_code(),
            name: siteerror_catalog::plain_name(e).to_string(),
            remark: e
                .name
                .strip_prefix(siteerror_catalog::plain_name(e))
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            short: e.short.clone(),
            url: e.path(),
        }
    }
}

/// A group of lines: a class, or a vendor.
#[derive(Debug, Serialize)]
pub struct CheatGroup {
    /// `"4xx"`, or a source id.
    pub id: String,
    /// `"4xx Client Error"`, `"NGINX"`.
    pub title: String,
    /// The category page.
    pub url: String,
    /// The codes.
    pub lines: Vec<CheatLine>,
    /// Entries left off the sheet, with where to find them.
    pub more: Option<String>,
}

/// One decision rule.
#[derive(Debug, Serialize)]
pub struct RuleView {
    /// The question.
    pub title: String,
    /// Situation and code.
    pub rows: Vec<RuleRow>,
}

/// A situation and its code.
#[derive(Debug, Serialize)]
pub struct RuleRow {
    /// The situation.
    pub when: String,
    /// The code.
    #[serde(flatten)]
    pub link: EntryLink,
}

/// The whole sheet.
#[derive(Debug, Serialize)]
pub struct CheatView {
    /// The registered codes by class.
    pub classes: Vec<CheatGroup>,
    /// The decision rules.
    pub rules: Vec<RuleView>,
    /// Vendor and unofficial codes, by source.
    pub vendors: Vec<CheatGroup>,
    /// How many registered codes the sheet lists.
    pub registered: usize,
}

/// Builds the sheet. IIS sub-statuses (there are dozens) are left to the IIS page.
pub fn view(catalog: &Catalog) -> CheatView {
    let classes: Vec<CheatGroup> = Class::ALL
        .into_iter()
        .map(|c| CheatGroup {
            id: c.id().to_string(),
            title: format!("{} {}", c.id(), c.label()),
            url: format!("/category/{}", c.id()),
            lines: catalog
                .in_class(c)
                .filter(|e| e.source == Source::Iana)
                .map(CheatLine::new)
                .collect(),
            more: None,
        })
        .collect();
    let vendors = Source::ALL
        .into_iter()
        .filter_map(|s| {
            let slug = s.category()?;
            let all: Vec<&StatusEntry> = catalog.from_source(s).collect();
            let shown: Vec<CheatLine> = all
                .iter()
                .filter(|e| e.sub.is_none())
                .map(|e| CheatLine::new(e))
                .collect();
            let left = all.len() - shown.len();
            let more =
                (left > 0).then(|| format!("{left} sub-status codes (like 403.14) are listed at /category/{slug}."));
            (!all.is_empty()).then(|| CheatGroup {
                id: s.id().to_string(),
                title: s.label().to_string(),
                url: format!("/category/{slug}"),
                lines: shown,
                more,
            })
        })
        .collect();
    let rules = catalog
        .cheat_sheet()
        .rules
        .iter()
        .map(|r| RuleView {
            title: r.title.clone(),
            rows: r
                .rows
                .iter()
                .filter_map(|row| {
                    Some(RuleRow {
                        when: row.when.clone(),
                        link: EntryLink::new(catalog.get(&row.key)?),
                    })
                })
                .collect(),
        })
        .collect();
    let registered = classes.iter().map(|c| c.lines.len()).sum();
    CheatView {
        classes,
        rules,
        vendors,
        registered,
    }
}
