//! Comparing two entries: the side-by-side view for any pair, the decision guide of curated
//! pairs, the diagram of where each code arises, and the `/compare` index.

use crate::diagram::DiagramLayout;
use crate::media::Media;
use crate::render::{RenderError, Renderer};
use crate::text::Palette;
use crate::views::EntryLink;
use minijinja::context;
use serde::Serialize;
use siteerror_catalog::{Catalog, Class, Comparison, Diagram, Source, StatusEntry, compare_path};

/// What one side of a comparison shows.
#[derive(Debug, Serialize)]
pub struct SideView {
    /// The link and the basics.
    #[serde(flatten)]
    pub link: EntryLink,
    /// The class's name.
    pub class_label: Option<&'static str>,
    /// The meaning in one line.
    pub short: String,
    /// When it is sent: the first paragraph of "what it means".
    pub when: String,
    /// The first three common causes.
    pub causes: Vec<String>,
    /// Heuristically cacheable?
    pub heuristically_cacheable: bool,
    /// The caching note.
    pub caching: String,
    /// Header names with the direction they travel.
    pub headers: Vec<String>,
    /// Retry advice.
    pub retry: String,
    /// Whether it may carry content, in words.
    pub content: &'static str,
    /// Where it is defined, like "RFC 9110, Section 15.5.2".
    pub defined_in: String,
    /// A link to the definition.
    pub defined_url: String,
}

impl SideView {
    fn new(e: &StatusEntry) -> SideView {
        let when = e
            .what_it_means
            .split("\n\n")
            .map(str::trim)
            .find(|p| !p.is_empty())
            .unwrap_or("");
        let (defined_in, defined_url) = match (&e.rfc, &e.reference) {
            (Some(r), _) => (format!("{}, Section {}", r.document, r.section), r.url.clone()),
            (None, Some(r)) => (r.title.clone(), r.url.clone()),
            (None, None) => (e.source.label().to_string(), String::new()),
        };
        SideView {
            link: EntryLink::new(e),
            class_label: e.class().map(Class::label),
            short: e.short.clone(),
            when: when.split_whitespace().collect::<Vec<_>>().join(" "),
            causes: e.causes.iter().take(3).cloned().collect(),
            heuristically_cacheable: e.facts.heuristically_cacheable,
            caching: e.facts.caching.clone(),
            headers: e
                .headers
                .iter()
                .map(|h| {
                    let dir = match h.direction {
                        siteerror_catalog::Direction::Request => "request",
                        siteerror_catalog::Direction::Response => "response",
                    };
                    format!("{} ({dir})", h.name)
                })
                .collect(),
            retry: e.facts.retry.clone(),
            content: match e.facts.body {
                siteerror_catalog::BodyRule::Allowed => "May carry content.",
                siteerror_catalog::BodyRule::Forbidden => "Cannot carry content.",
                siteerror_catalog::BodyRule::NoneGenerated => "The server must not generate content.",
                siteerror_catalog::BodyRule::NoResponse => "No response is sent at all.",
            },
            defined_in,
            defined_url,
        }
    }
}

/// One side of a curated decision guide.
#[derive(Debug, Serialize)]
pub struct GuideView {
    /// The code as written.
    pub code: String,
    /// The name.
    pub name: String,
    /// The page.
    pub url: String,
    /// Whether this code is a vendor's (you see it rather than send it).
    pub vendor: bool,
    /// Situations that call for it.
    pub use_when: Vec<String>,
}

/// A situation and the code it calls for.
#[derive(Debug, Serialize)]
pub struct ScenarioView {
    /// What happens.
    pub situation: String,
    /// The code as written.
    pub code: String,
    /// The name.
    pub name: String,
    /// The page.
    pub url: String,
}

/// The curated part of a comparison.
#[derive(Debug, Serialize)]
pub struct CuratedView {
    /// The gist.
    pub headline: String,
    /// The idea that separates the two.
    pub key_insight: String,
    /// "Use A when…", "Use B when…".
    pub guide: Vec<GuideView>,
    /// Situations.
    pub scenarios: Vec<ScenarioView>,
    /// Common mistakes.
    pub pitfalls: Vec<String>,
    /// The diagram's data.
    pub diagram: Diagram,
}

/// A comparison as pages, the API and the command line show it.
#[derive(Debug, Serialize)]
pub struct CompareView {
    /// The canonical path of this comparison.
    pub canonical: String,
    /// The first side.
    pub a: SideView,
    /// The second side.
    pub b: SideView,
    /// The decision guide, for curated pairs.
    pub curated: Option<CuratedView>,
}

/// Builds the view of two different entries, in canonical order.
pub fn view(catalog: &Catalog, x: &StatusEntry, y: &StatusEntry) -> CompareView {
    let (a, b) = catalog.canonical_order(x, y);
    let curated = catalog.comparison(&a.key, &b.key).map(|c| curated_view(catalog, c));
    CompareView {
        canonical: compare_path(&a.key, &b.key),
        a: SideView::new(a),
        b: SideView::new(b),
        curated,
    }
}

fn curated_view(catalog: &Catalog, c: &Comparison) -> CuratedView {
    let entry = |k: &str| catalog.get(k);
    CuratedView {
        headline: c.headline.clone(),
        key_insight: c.key_insight.clone(),
        guide: c
            .guide
            .iter()
            .filter_map(|g| {
                let e = entry(&g.key)?;
                Some(GuideView {
                    code: e.display_code(),
                    name: e.name.clone(),
                    url: e.path(),
                    vendor: e.source != Source::Iana,
                    use_when: g.use_when.clone(),
                })
            })
            .collect(),
        scenarios: c
            .scenarios
            .iter()
            .filter_map(|s| {
                let e = entry(&s.key)?;
                Some(ScenarioView {
                    situation: s.situation.clone(),
                    code: e.display_code(),
                    name: e.name.clone(),
                    url: e.path(),
                })
            })
            .collect(),
        pitfalls: c.pitfalls.clone(),
        diagram: c.diagram.clone(),
    }
}

/// A curated comparison as a link: `401 vs 403` and its headline.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonLink {
    /// The canonical path.
    pub url: String,
    /// `401 vs 403`.
    pub title: String,
    /// `401 Unauthorized vs 403 Forbidden`.
    pub names: String,
    /// The gist.
    pub headline: String,
}

impl ComparisonLink {
    /// A link to `c`.
    pub fn new(catalog: &Catalog, c: &Comparison) -> Option<ComparisonLink> {
        let (a, b) = (catalog.get(&c.a)?, catalog.get(&c.b)?);
        Some(ComparisonLink {
            url: c.path(),
            title: format!("{} vs {}", a.display_code(), b.display_code()),
            names: format!("{} {} vs {} {}", a.display_code(), a.name, b.display_code(), b.name),
            headline: c.headline.clone(),
        })
    }
}

/// Every curated comparison as a link, in file order.
pub fn curated_links(catalog: &Catalog) -> Vec<ComparisonLink> {
    catalog
        .comparisons()
        .iter()
        .filter_map(|c| ComparisonLink::new(catalog, c))
        .collect()
}

/// Renders a comparison in one representation.
pub fn render(renderer: &Renderer, v: &CompareView, media: Media, color: &Palette) -> Result<String, RenderError> {
    if media == Media::Json {
        return crate::json::pretty(v);
    }
    let diagram = v
        .curated
        .as_ref()
        .map(|c| DiagramLayout::new(&c.diagram, &v.a.link.code, &v.b.link.code));
    let title = format!(
        "{} {} vs {} {}",
        v.a.link.code, v.a.link.name, v.b.link.code, v.b.link.name
    );
    let description = match &v.curated {
        Some(c) => c.headline.clone(),
        None => format!(
            "{} and {} side by side: meaning, causes, caching, headers and retry advice.",
            v.a.link.code, v.b.link.code
        ),
    };
    let ctx = context! {
        v => v,
        diagram => diagram,
        color => color,
        title => title,
        description => description,
        canonical => &v.canonical,
    };
    match media {
        Media::Text => renderer.render("compare.txt", ctx),
        _ => renderer.render("compare.html", ctx),
    }
}

/// The `/compare` page's context.
pub fn index_context(catalog: &Catalog) -> minijinja::Value {
    let codes: Vec<EntryLink> = catalog.entries().iter().map(EntryLink::new).collect();
    context! {
        curated => curated_links(catalog),
        codes => codes,
        title => "Compare two status codes",
        description => "Any two HTTP status codes side by side, and decision guides for the pairs people confuse.",
        canonical => "/compare",
    }
}
