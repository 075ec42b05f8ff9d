//! What a code page shows about one entry: the same context feeds its HTML, its plain text (on
//! the site and in `siteerror 417`) and, through [`ApiEntry`], its JSON.

use crate::compare::ComparisonLink;
use crate::render::{RenderError, Renderer};
use crate::views::{ApiEntry, EntryLink};
use minijinja::context;
use serde::Serialize;
use siteerror_catalog::{Catalog, Class, StatusEntry};

/// Everything the code page, its JSON and its text show about one entry.
pub fn code_page_context(
    catalog: &Catalog,
    renderer: &Renderer,
    entry: &StatusEntry,
) -> Result<minijinja::Value, RenderError> {
    let (prev, next) = catalog.neighbours(&entry.key);
    let related: Vec<EntryLink> = entry
        .related
        .iter()
        .filter_map(|k| catalog.get(k))
        .map(EntryLink::new)
        .collect();
    let class = entry.class();
    let others: Vec<MeaningView> = catalog
        .meanings(&entry.display_code())
        .into_iter()
        .filter(|o| o.key != entry.key)
        .map(MeaningView::new)
        .collect();
    Ok(context! {
        e => ApiEntry::new(entry),
        others => others,
        code => entry.display_code(),
        class_label => class.map(Class::label),
        source_label => entry.source.label(),
        snippets => crate::snippets::for_entry(renderer, entry)?,
        related => related,
        comparisons => catalog
            .comparisons_with(&entry.key)
            .filter_map(|c| ComparisonLink::new(catalog, c))
            .collect::<Vec<_>>(),
        prev => prev.map(EntryLink::new),
        next => next.map(EntryLink::new),
        title => format!("{} {}", entry.display_code(), entry.name),
        description => entry.summary.clone(),
        canonical => entry.path(),
        page_url => None::<String>,
    })
}

/// Another meaning of the same number, as a code page lists it.
#[derive(Debug, Serialize)]
pub struct MeaningView {
    /// The link.
    #[serde(flatten)]
    pub link: EntryLink,
    /// "What does this mean?"
    pub what_it_means: String,
}

impl MeaningView {
    /// The other meaning `e`.
    pub fn new(e: &StatusEntry) -> Self {
        MeaningView {
            link: EntryLink::new(e),
            what_it_means: e.what_it_means.clone(),
        }
    }
}
