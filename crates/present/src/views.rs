//! What pages, the API and the command line say about entries: one serializable shape each, so
//! the HTML, the JSON and the terminal text come from the same data.

use serde::Serialize;
use siteerror_catalog::{Catalog, Category, Class, Registration, SearchHit, StatusEntry};

/// An entry as the JSON API returns it: every content field plus `class` and `url`.
#[derive(Debug, Serialize)]
pub struct ApiEntry<'a> {
    /// The entry's content.
    #[serde(flatten)]
    pub entry: &'a StatusEntry,
    /// `"4xx"`.
    pub class: Option<&'static str>,
    /// The entry's page on this site.
    pub url: String,
}

impl<'a> ApiEntry<'a> {
    /// Wraps an entry.
    pub fn new(entry: &'a StatusEntry) -> Self {
        ApiEntry {
            entry,
            class: entry.class().map(Class::id),
            url: entry.path(),
        }
    }
}

/// A short reference to an entry, for lists and links.
#[derive(Debug, Clone, Serialize)]
pub struct EntryLink {
    /// The key.
    pub key: String,
    /// The code as written (`417`, `403.14`).
    pub code: String,
    /// The name.
    pub name: String,
    /// The emoji.
    pub emoji: String,
    /// The one-line summary.
    pub summary: String,
    /// `"4xx"`.
    pub class: Option<&'static str>,
    /// The source's identifier.
    pub source: &'static str,
    /// The source's name.
    pub source_label: &'static str,
    /// The page.
    pub url: String,
}

impl EntryLink {
    /// A link to `entry`.
    pub fn new(entry: &StatusEntry) -> Self {
        EntryLink {
            key: entry.key.clone(),
            code: entry.display_code(),
            name: entry.name.clone(),
            emoji: entry.emoji.clone(),
            summary: entry.summary.clone(),
            class: entry.class().map(Class::id),
            source: entry.source.id(),
            source_label: entry.source.label(),
            url: entry.path(),
        }
    }
}

/// A class as the home page and category pages list it.
#[derive(Debug, Serialize)]
pub struct ClassView<'a> {
    /// `"4xx"`.
    pub id: &'static str,
    /// `"Client Error"`.
    pub label: &'static str,
    /// The category page.
    pub url: String,
    /// The category content.
    pub category: Option<&'a Category>,
    /// How many entries the class has.
    pub count: usize,
}

/// Every class with its counts.
pub fn classes(catalog: &Catalog) -> Vec<ClassView<'_>> {
    Class::ALL
        .into_iter()
        .map(|c| ClassView {
            id: c.id(),
            label: c.label(),
            url: format!("/category/{}", c.id()),
            category: catalog.category(c.id()),
            count: catalog.in_class(c).count(),
        })
        .collect()
}

/// A vendor category as the home page lists it.
#[derive(Debug, Serialize)]
pub struct VendorView<'a> {
    /// The category's slug.
    pub slug: &'static str,
    /// The category page.
    pub url: String,
    /// The category's title.
    pub title: &'a str,
    /// Its summary.
    pub summary: &'a str,
    /// How many entries the source has.
    pub count: usize,
}

/// Every source with a category page, with its counts.
pub fn vendors(catalog: &Catalog) -> Vec<VendorView<'_>> {
    siteerror_catalog::Source::ALL
        .iter()
        .filter_map(|s| Some((s, s.category()?)))
        .filter_map(|(s, slug)| {
            let c = catalog.category(slug)?;
            Some(VendorView {
                slug,
                url: format!("/category/{slug}"),
                title: &c.title,
                summary: &c.summary,
                count: catalog.from_source(*s).count(),
            })
        })
        .collect()
}

/// One search result as pages and the API show it.
#[derive(Debug, Serialize)]
pub struct HitView {
    /// The matched entry.
    #[serde(flatten)]
    pub link: EntryLink,
    /// Why it matched.
    #[serde(rename = "match")]
    pub kind: siteerror_catalog::MatchKind,
}

/// The result of a search: hits, a class page when the query names a class, suggestions when
/// nothing matched.
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// The query as given (trimmed).
    pub query: String,
    /// The class page, when the query is a class like `4xx`.
    pub class: Option<String>,
    /// Results, best first.
    pub results: Vec<HitView>,
    /// "Did you mean" entries, when there are no results.
    pub suggestions: Vec<EntryLink>,
}

/// At most this many search results are returned.
pub const MAX_RESULTS: usize = 50;
/// A query longer than this many bytes is cut before searching.
pub const MAX_QUERY_BYTES: usize = 200;

/// Runs a search and shapes the result.
pub fn search(catalog: &Catalog, query: &str) -> SearchView {
    let mut q = query.trim();
    if q.len() > MAX_QUERY_BYTES {
        let mut end = MAX_QUERY_BYTES;
        while !q.is_char_boundary(end) {
            end -= 1;
        }
        q = &q[..end];
    }
    let hits: Vec<SearchHit<'_>> = catalog.search(q);
    let suggestions = if hits.is_empty() && !q.is_empty() {
        catalog.suggest(q, 5).into_iter().map(EntryLink::new).collect()
    } else {
        Vec::new()
    };
    SearchView {
        query: q.to_string(),
        class: Class::from_id(q).map(|c| format!("/category/{}", c.id())),
        results: hits
            .into_iter()
            .take(MAX_RESULTS)
            .map(|h| HitView {
                link: EntryLink::new(h.entry),
                kind: h.kind,
            })
            .collect(),
        suggestions,
    }
}

/// Renders search results as `media`.
pub fn render_search(
    r: &crate::render::Renderer,
    view: &SearchView,
    media: crate::media::Media,
) -> Result<String, crate::render::RenderError> {
    let ctx = minijinja::context! {
        s => view,
        query => &view.query,
        title => if view.query.is_empty() { "Search".to_string() } else { format!("Search: {}", view.query) },
        description => "Search HTTP status codes by number, class, name or keyword.",
        canonical => "/search",
    };
    match media {
        crate::media::Media::Json => crate::json::pretty(view),
        crate::media::Media::Text => r.render("search.txt", ctx),
        _ => r.render("search.html", ctx),
    }
}

/// What we can tell a reader about a number we have no page for.
#[derive(Debug, Serialize)]
pub struct NumberNote {
    /// The number as asked.
    pub code: u16,
    /// `"unassigned"` or `"out-of-range"`.
    pub status: &'static str,
    /// The unassigned range it falls in, like `"227–299"`.
    pub range: Option<String>,
    /// The class page to point to.
    pub class: Option<&'static str>,
}

/// Looks a number up in the IANA registry.
pub fn number_note(catalog: &Catalog, code: u16) -> NumberNote {
    let class = Class::of(code).map(Class::id);
    match catalog.registry().lookup(code) {
        Registration::Unassigned(r) => NumberNote {
            code,
            status: "unassigned",
            range: Some(format!("{}–{}", r.first, r.last)),
            class,
        },
        Registration::Assigned(_) => NumberNote {
            code,
            status: "assigned",
            range: None,
            class,
        },
        Registration::OutOfRange => NumberNote {
            code,
            status: "out-of-range",
            range: None,
            class,
        },
    }
}
