//! Comparing two entries: `/compare/{a}-vs-{b}` for any pair (curated pairs add a decision guide
//! and a diagram), the `/compare` form, and `GET /api/v1/compare/{a}/{b}`.

use crate::Site;
use crate::errors::ErrorPage;
use crate::negotiate::{self, Media};
use crate::render::{RenderError, Renderer};
use crate::respond;
use crate::views::EntryLink;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use minijinja::context;
use serde::Serialize;
use siteerror_catalog::{Catalog, Class, Comparison, Diagram, Source, StatusEntry, compare_path};
use std::sync::Arc;

/// `Cache-Control` for comparisons rendered on request.
const COMPARE_CACHE_CONTROL: &str = "public, max-age=3600";

/// Comparisons rendered on request and kept, at most (about 25 MiB). When full, the cache is
/// emptied and fills again with what is asked for.
pub const MAX_KEPT_COMPARISONS: usize = 2048;

/// Comparisons of pairs without a curated page, kept once rendered: one representation each,
/// keyed by canonical path, media type and whether the API asked.
#[derive(Debug, Default)]
pub struct KeptComparisons {
    map: std::sync::Mutex<std::collections::HashMap<(String, Media, bool), Arc<crate::cache::CachedResource>>>,
}

impl KeptComparisons {
    fn get(&self, key: &(String, Media, bool)) -> Option<Arc<crate::cache::CachedResource>> {
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    fn keep(&self, key: (String, Media, bool), resource: Arc<crate::cache::CachedResource>) {
        let mut map = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_KEPT_COMPARISONS {
            map.clear();
        }
        map.insert(key, resource);
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

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

/// How a code in a comparison's address resolves.
#[derive(Debug)]
pub enum Resolved<'a> {
    /// One entry.
    One(&'a StatusEntry),
    /// A number with several vendor meanings and no registered one (`499`).
    Ambiguous(Vec<&'a StatusEntry>),
    /// Nothing by that name.
    Unknown,
}

/// Resolves a key (`nginx-499`) or a number as written (`401`, `403.14`): a number with a
/// registered meaning means that one.
pub fn resolve<'a>(catalog: &'a Catalog, token: &str) -> Resolved<'a> {
    let token = token.trim().to_ascii_lowercase();
    if let Some(e) = catalog.get(&token) {
        return Resolved::One(e);
    }
    let meanings = catalog.meanings(&token);
    if let Some(iana) = meanings.iter().find(|e| e.source == Source::Iana) {
        return Resolved::One(iana);
    }
    match meanings.len() {
        0 => Resolved::Unknown,
        1 => Resolved::One(meanings[0]),
        _ => Resolved::Ambiguous(meanings),
    }
}

/// The two entries in canonical order: the curated file's order, else the catalog's.
pub fn canonical_order<'a>(
    catalog: &Catalog,
    x: &'a StatusEntry,
    y: &'a StatusEntry,
) -> (&'a StatusEntry, &'a StatusEntry) {
    if let Some(c) = catalog.comparison(&x.key, &y.key) {
        return if c.a == x.key { (x, y) } else { (y, x) };
    }
    let pos = |e: &StatusEntry| catalog.entries().iter().position(|o| o.key == e.key);
    if pos(x) <= pos(y) { (x, y) } else { (y, x) }
}

/// Builds the view of two different entries, in canonical order.
pub fn view(catalog: &Catalog, x: &StatusEntry, y: &StatusEntry) -> CompareView {
    let (a, b) = canonical_order(catalog, x, y);
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

/// The diagram as inline SVG: the stages as boxes left to right, `a` marked above the stage
/// where it arises and `b` below. Styled by the stylesheet's classes; no script, no style
/// attributes.
pub fn diagram_svg(d: &Diagram, a_code: &str, b_code: &str) -> String {
    const W: f64 = 720.0;
    const MARGIN: f64 = 8.0;
    const GAP: f64 = 34.0;
    const BOX_Y: f64 = 70.0;
    const BOX_H: f64 = 44.0;
    // Roughly the width of one character at the diagram's 13px font.
    const CHAR_W: f64 = 7.9;
    let n = d.stages.len().max(1) as f64;
    let box_w = (W - 2.0 * MARGIN - (n - 1.0) * GAP) / n;
    let x_of = |i: usize| MARGIN + i as f64 * (box_w + GAP);
    let mut svg = format!(
        "<svg class=\"diagram\" viewBox=\"0 0 {W} 184\" role=\"img\" aria-labelledby=\"diagram-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"diagram-title\">{}</title>",
        crate::render::escape_html(&d.caption)
    );
    svg.push_str("<defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"dg-arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>");
    for (i, stage) in d.stages.iter().enumerate() {
        let x = x_of(i);
        svg.push_str(&format!(
            "<rect class=\"dg-stage\" x=\"{x:.1}\" y=\"{BOX_Y}\" width=\"{box_w:.1}\" height=\"{BOX_H}\" rx=\"6\"/><text class=\"dg-stage-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x + box_w / 2.0,
            BOX_Y + BOX_H / 2.0 + 5.0,
            crate::render::escape_html(stage)
        ));
        if i + 1 < d.stages.len() {
            svg.push_str(&format!(
                "<line class=\"dg-arrow\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" marker-end=\"url(#arrowhead)\"/>",
                x + box_w + 2.0,
                BOX_Y + BOX_H / 2.0,
                x + box_w + GAP - 3.0,
                BOX_Y + BOX_H / 2.0
            ));
        }
    }
    for (side, stage, code, label) in [
        ("a", d.a_stage, a_code, &d.a_label),
        ("b", d.b_stage, b_code, &d.b_label),
    ] {
        if stage >= d.stages.len() {
            continue;
        }
        let center = x_of(stage) + box_w / 2.0;
        let text = format!("{code}: {label}");
        let half = text.chars().count() as f64 * CHAR_W / 2.0 + 6.0;
        let tx = center.clamp(half + MARGIN, W - half - MARGIN);
        let (ty, ly1, ly2) = if side == "a" {
            (32.0, 42.0, BOX_Y - 2.0)
        } else {
            (164.0, BOX_Y + BOX_H + 2.0, 146.0)
        };
        svg.push_str(&format!(
            "<g class=\"dg-{side}\"><line class=\"dg-pointer\" x1=\"{center:.1}\" y1=\"{ly1:.1}\" x2=\"{center:.1}\" y2=\"{ly2:.1}\"/><rect class=\"dg-tag\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"26\" rx=\"13\"/><text class=\"dg-tag-label\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            tx - half,
            ty - 18.0,
            2.0 * half,
            ty,
            crate::render::escape_html(&text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Renders a comparison in one representation.
pub fn render(
    renderer: &Renderer,
    v: &CompareView,
    media: Media,
    color: &crate::text::Palette,
) -> Result<String, RenderError> {
    if media == Media::Json {
        return Ok(serde_json::to_string_pretty(v).unwrap_or_default() + "\n");
    }
    let svg = v
        .curated
        .as_ref()
        .map(|c| minijinja::Value::from_safe_string(diagram_svg(&c.diagram, &v.a.link.code, &v.b.link.code)));
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
        svg => svg,
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

/// Renders every curated comparison into the response cache, under both orders of its pair.
pub fn cache_curated(
    catalog: &Catalog,
    renderer: &Renderer,
    cache: &mut crate::cache::ResponseCache,
) -> Result<(), RenderError> {
    let plain = crate::text::Palette::plain();
    for c in catalog.comparisons() {
        let (Some(a), Some(b)) = (catalog.get(&c.a), catalog.get(&c.b)) else {
            continue;
        };
        let v = view(catalog, a, b);
        let page = crate::pages::negotiated(
            render(renderer, &v, Media::Html, &plain)?,
            render(renderer, &v, Media::Json, &plain)?,
            render(renderer, &v, Media::Text, &plain)?,
        );
        cache.insert(compare_path(&c.b, &c.a), page.clone());
        cache.insert(compare_path(&c.a, &c.b), page);
    }
    Ok(())
}

/// Why a pair could not be compared.
enum PairError<'a> {
    /// The address is not `{a}-vs-{b}`.
    Shape,
    /// These tokens name nothing.
    Unknown(Vec<&'a str>),
    /// These tokens name several vendor meanings.
    Ambiguous(&'a str, Vec<&'a StatusEntry>, &'a str, Option<&'a StatusEntry>),
    /// Both sides are the same entry.
    Same(&'a StatusEntry),
}

fn pair<'a>(catalog: &'a Catalog, x: &'a str, y: &'a str) -> Result<(&'a StatusEntry, &'a StatusEntry), PairError<'a>> {
    let (rx, ry) = (resolve(catalog, x), resolve(catalog, y));
    let unknown: Vec<&str> = [(x, &rx), (y, &ry)]
        .into_iter()
        .filter(|(_, r)| matches!(r, Resolved::Unknown))
        .map(|(t, _)| t)
        .collect();
    if !unknown.is_empty() {
        return Err(PairError::Unknown(unknown));
    }
    match (rx, ry) {
        (Resolved::One(a), Resolved::One(b)) if a.key == b.key => Err(PairError::Same(a)),
        (Resolved::One(a), Resolved::One(b)) => Ok((a, b)),
        (Resolved::Ambiguous(m), Resolved::One(other)) => Err(PairError::Ambiguous(x, m, y, Some(other))),
        (Resolved::One(other), Resolved::Ambiguous(m)) => Err(PairError::Ambiguous(y, m, x, Some(other))),
        (Resolved::Ambiguous(m), _) => Err(PairError::Ambiguous(x, m, y, None)),
        _ => Err(PairError::Shape),
    }
}

fn shown(token: &str) -> String {
    let t: String = token.chars().take(40).collect();
    if t.len() < token.len() { format!("{t}…") } else { t }
}

impl Site {
    fn pair_error(&self, err: PairError<'_>, req: &HeaderMap, method: &Method, json_only: bool) -> Response {
        let catalog = &self.catalog;
        match err {
            PairError::Shape => {
                let page = ErrorPage {
                    heading: "Not a comparison".into(),
                    message: "A comparison's address names two codes: /compare/401-vs-403, or keys like /compare/nginx-499-vs-504.".into(),
                    json_only,
                    ..ErrorPage::default()
                };
                self.error(StatusCode::NOT_FOUND, page, req, method)
            }
            PairError::Unknown(tokens) => {
                let names: Vec<String> = tokens.iter().map(|t| format!("“{}”", shown(t))).collect();
                let message = if names.len() == 2 {
                    format!(
                        "Neither {} nor {} is a status code in the catalog, so there is nothing to compare.",
                        names[0], names[1]
                    )
                } else {
                    format!(
                        "{} is not a status code in the catalog, so there is nothing to compare.",
                        names[0]
                    )
                };
                let mut suggestions: Vec<EntryLink> = Vec::new();
                for t in &tokens {
                    for e in catalog.suggest(&shown(t), 5) {
                        if !suggestions.iter().any(|s| s.key == e.key) {
                            suggestions.push(EntryLink::new(e));
                        }
                    }
                }
                let page = ErrorPage {
                    heading: "Unknown code in comparison".into(),
                    message,
                    suggestions,
                    json_only,
                    ..ErrorPage::default()
                };
                self.error(StatusCode::NOT_FOUND, page, req, method)
            }
            PairError::Same(e) => {
                let suggestions = catalog
                    .comparisons_with(&e.key)
                    .filter_map(|c| {
                        let other = if c.a == e.key { &c.b } else { &c.a };
                        let mut link = EntryLink::new(catalog.get(other)?);
                        link.url = c.path();
                        Some(link)
                    })
                    .collect();
                let page = ErrorPage {
                    heading: "Two different codes, please".into(),
                    message: format!(
                        "This address compares {} with itself. Pick a second code to compare it with.",
                        e.display_code()
                    ),
                    suggestions,
                    json_only,
                    ..ErrorPage::default()
                };
                self.error(StatusCode::NOT_FOUND, page, req, method)
            }
            PairError::Ambiguous(token, meanings, other_token, other) => {
                // 300: each meaning is a comparison of its own; point to each, and prefer a curated one.
                let mut preferred = None;
                // The other side's meanings: one, or (both sides ambiguous) all of its own.
                let others: Vec<&StatusEntry> = match other {
                    Some(o) => vec![o],
                    None => match resolve(catalog, other_token) {
                        Resolved::One(o) => vec![o],
                        Resolved::Ambiguous(ms) => ms,
                        Resolved::Unknown => Vec::new(),
                    },
                };
                let mut suggestions: Vec<EntryLink> = Vec::new();
                for m in &meanings {
                    for o in others.iter().filter(|o| o.key != m.key) {
                        let mut link = EntryLink::new(m);
                        let (a, b) = canonical_order(catalog, m, o);
                        link.url = compare_path(&a.key, &b.key);
                        if others.len() > 1 {
                            link.name = format!("{} vs {} {} ({})", m.name, o.display_code(), o.name, o.source.label());
                        }
                        if catalog.comparison(&m.key, &o.key).is_some() {
                            preferred.get_or_insert(link.url.clone());
                        }
                        suggestions.push(link);
                    }
                }
                let page = ErrorPage {
                    heading: format!("Which {}?", shown(token)),
                    message: format!(
                        "{} means different things to different vendors. Choose the meaning to compare with {}.",
                        shown(token),
                        shown(other_token)
                    ),
                    suggestions,
                    json_only,
                    ..ErrorPage::default()
                };
                let mut resp = self.error(StatusCode::MULTIPLE_CHOICES, page, req, method);
                if let Some(loc) = preferred.and_then(|p| HeaderValue::from_str(&p).ok()) {
                    resp.headers_mut().insert(header::LOCATION, loc);
                }
                resp
            }
        }
    }

    fn compare_response(&self, x: &str, y: &str, req: &HeaderMap, method: &Method, json_only: bool) -> Response {
        let (a, b) = match pair(&self.catalog, x, y) {
            Ok(p) => p,
            Err(e) => return self.pair_error(e, req, method, json_only),
        };
        let (media, vary) = if json_only {
            (Media::Json, respond::VARY_ENCODING)
        } else {
            (
                negotiate::choose_media(req, &Media::ALL).unwrap_or(Media::Html),
                respond::VARY_NEGOTIATED,
            )
        };
        let (first, second) = canonical_order(&self.catalog, a, b);
        let key = (compare_path(&first.key, &second.key), media, json_only);
        let resource = match self.kept_comparisons.get(&key) {
            Some(r) => r,
            None => {
                let v = view(&self.catalog, a, b);
                let Ok(body) = render(&self.renderer, &v, media, &crate::text::Palette::plain()) else {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                };
                let resource = Arc::new(crate::cache::CachedResource::with_vary(
                    StatusCode::OK,
                    vec![crate::cache::Representation::quick(media, body)],
                    HeaderValue::from_static(COMPARE_CACHE_CONTROL),
                    vary,
                ));
                self.kept_comparisons.keep(key, resource.clone());
                resource
            }
        };
        self.serve_cached(&resource, req, method)
    }
}

/// `GET /compare/{a}-vs-{b}`: curated pairs come from the cache; any other pair is rendered.
pub async fn page(State(site): State<Arc<Site>>, Path(pair): Path<String>, req: Request) -> Response {
    if let Some(resource) = site.cache.get(req.uri().path()) {
        return site.serve_cached(resource, req.headers(), req.method());
    }
    let Some((x, y)) = pair.split_once("-vs-") else {
        return site.pair_error(PairError::Shape, req.headers(), req.method(), false);
    };
    site.compare_response(x, y, req.headers(), req.method(), false)
}

/// `GET /api/v1/compare/{a}/{b}`.
pub async fn api(State(site): State<Arc<Site>>, Path((x, y)): Path<(String, String)>, req: Request) -> Response {
    site.compare_response(&x, &y, req.headers(), req.method(), true)
}

#[derive(serde::Deserialize, Default)]
struct PickQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
}

/// `GET /compare`: the form and the curated list; with `?a=…&b=…`, 303 to the comparison.
pub async fn index(State(site): State<Arc<Site>>, req: Request) -> Response {
    let (headers, method) = (req.headers(), req.method());
    let query = req.uri().query().unwrap_or("");
    let q: PickQuery = crate::serde_urlencoded_query(query);
    let (x, y) = (q.a.trim(), q.b.trim());
    if x.is_empty() && y.is_empty() {
        return site.serve_path("/compare", headers, method);
    }
    if x.is_empty() || y.is_empty() {
        let page = ErrorPage {
            heading: "Two codes, please".into(),
            message: "Give both codes to compare, like /compare?a=401&b=403.".into(),
            ..ErrorPage::default()
        };
        return site.error(StatusCode::BAD_REQUEST, page, headers, method);
    }
    match pair(&site.catalog, x, y) {
        Ok((a, b)) => {
            let (a, b) = canonical_order(&site.catalog, a, b);
            let to = compare_path(&a.key, &b.key);
            match HeaderValue::from_str(&to) {
                Ok(location) => (
                    StatusCode::SEE_OTHER,
                    [
                        (header::LOCATION, location),
                        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
                    ],
                )
                    .into_response(),
                Err(_) => StatusCode::BAD_REQUEST.into_response(),
            }
        }
        Err(e) => site.pair_error(e, headers, method, false),
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
