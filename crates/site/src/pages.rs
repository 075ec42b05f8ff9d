//! Builds every pre-rendered page into the [`ResponseCache`]: the home page, one page per entry,
//! the class pages, the JSON API's fixed documents and the static assets.

use crate::cache::{CachedResource, Representation, ResponseCache};
use crate::negotiate::Media;
use crate::render::{RenderError, Renderer};
use crate::snippets;
use crate::views::{self, ApiEntry, EntryLink};
use http::HeaderValue;
use minijinja::context;
use serde::Serialize;
use siteerror_catalog::{Catalog, Class, StatusEntry};

/// `Cache-Control` for pages: reusable for an hour, after which a conditional request is cheap.
pub const PAGE_CACHE_CONTROL: &str = "public, max-age=3600";
/// `Cache-Control` for assets whose URL changes with their content.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The stylesheet, embedded.
pub const STYLESHEET: &str = include_str!("../static/site.css");
/// The favicon, embedded.
pub const FAVICON: &str = include_str!("../static/favicon.svg");
/// The OpenAPI description of the JSON API.
pub const OPENAPI: &str = include_str!("../static/openapi.json");

/// The URL checker's script, embedded.
pub const CHECKER_JS: &str = include_str!("../static/checker.js");

/// An asset's URL with its content hash in the name, so that it can be cached forever.
fn asset_path(stem: &str, ext: &str, content: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(content.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("/static/{stem}.{hex}.{ext}")
}

/// The stylesheet's URL.
pub fn stylesheet_path() -> String {
    asset_path("site", "css", STYLESHEET)
}

/// The playground's script, embedded.
pub const PLAYGROUND_JS: &str = include_str!("../static/playground.js");

/// The playground script's URL.
pub fn playground_js_path() -> String {
    asset_path("playground", "js", PLAYGROUND_JS)
}

/// The quiz's script, embedded.
pub const QUIZ_JS: &str = include_str!("../static/quiz.js");

/// The quiz script's URL.
pub fn quiz_js_path() -> String {
    asset_path("quiz", "js", QUIZ_JS)
}

/// The URL checker script's URL.
pub fn checker_js_path() -> String {
    asset_path("checker", "js", CHECKER_JS)
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("views serialize to JSON");
    s.push('\n');
    s
}

/// A page with all three representations.
pub fn negotiated(html: String, json_body: String, text: String) -> CachedResource {
    // Compressing is most of start-up; the three representations compress on their own threads.
    let representations = std::thread::scope(|s| {
        let html = s.spawn(|| Representation::new(Media::Html, html));
        let json = s.spawn(|| Representation::new(Media::Json, json_body));
        let text = Representation::new(Media::Text, text);
        let join = |h: std::thread::ScopedJoinHandle<'_, Representation>| {
            h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        vec![join(html), join(json), text]
    });
    CachedResource::new(
        http::StatusCode::OK,
        representations,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    )
}

/// A page whose HTML and plain text come from `{stem}.html` and `{stem}.txt` with one context
/// (the text without colour), and whose JSON is `json_body`.
fn page(
    renderer: &Renderer,
    stem: &str,
    ctx: &minijinja::Value,
    json_body: String,
) -> Result<CachedResource, RenderError> {
    Ok(negotiated(
        renderer.render(&format!("{stem}.html"), ctx)?,
        json_body,
        renderer.render(
            &format!("{stem}.txt"),
            context! { color => crate::text::Palette::plain(), ..ctx.clone() },
        )?,
    ))
}

fn single(media: Media, body: impl Into<bytes::Bytes>, cache_control: &'static str) -> CachedResource {
    CachedResource::new(
        http::StatusCode::OK,
        vec![Representation::new(media, body)],
        HeaderValue::from_static(cache_control),
    )
}

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
        snippets => snippets::for_entry(renderer, entry)?,
        related => related,
        comparisons => catalog
            .comparisons_with(&entry.key)
            .filter_map(|c| crate::compare::ComparisonLink::new(catalog, c))
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
    fn new(e: &StatusEntry) -> Self {
        MeaningView {
            link: EntryLink::new(e),
            what_it_means: e.what_it_means.clone(),
        }
    }
}

/// Renders the whole site into a response cache.
pub fn build(catalog: &Catalog, renderer: &Renderer) -> Result<ResponseCache, RenderError> {
    let mut cache = ResponseCache::default();

    let popular: Vec<EntryLink> = catalog
        .site()
        .popular
        .iter()
        .filter_map(|k| catalog.get(k))
        .map(EntryLink::new)
        .collect();
    let classes = views::classes(catalog);
    let vendors: Vec<serde_json::Value> = siteerror_catalog::Source::ALL
        .iter()
        .filter_map(|s| Some((s, s.category()?)))
        .filter_map(|(s, slug)| {
            let c = catalog.category(slug)?;
            let count = catalog.from_source(*s).count();
            Some(serde_json::json!({"slug": slug, "url": format!("/category/{slug}"), "title": c.title, "summary": c.summary, "count": count}))
        })
        .collect();
    let ctx = context! {
        vendors => &vendors,
        popular => &popular,
        classes => &classes,
        count => catalog.entries().len(),
        title => "HTTP status codes, explained",
        description => "Every HTTP status code in plain English, with the exact RFC words, causes, fixes and code.",
        canonical => "/",
    };
    let home_json = serde_json::json!({
        "name": "siteerror",
        "entries": catalog.entries().len(),
        "popular": &popular,
        "classes": classes.iter().map(|c| serde_json::json!({"class": c.id, "label": c.label, "url": c.url, "count": c.count})).collect::<Vec<_>>(),
        "vendors": &vendors,
        "api": "/api/v1/openapi.json",
    });
    cache.insert("/", page(renderer, "home", &ctx, json(&home_json))?);

    for entry in catalog.entries() {
        let ctx = code_page_context(catalog, renderer, entry)?;
        let resource = page(renderer, "code", &ctx, json(&ApiEntry::new(entry)))?;
        let bare = format!("/{}", entry.display_code());
        let meanings = catalog.meanings(&entry.display_code());
        if bare != entry.path() && meanings.len() == 1 {
            // The only meaning of this number: `/403.14` shows it too (canonical: /iis/403.14).
            cache.insert(bare, resource.clone());
        }
        cache.insert(entry.path(), resource);
        cache.insert(
            format!("/api/v1/codes/{}", entry.key),
            single(Media::Json, json(&ApiEntry::new(entry)), PAGE_CACHE_CONTROL),
        );
    }

    // A number with several meanings and no IANA one (`/499`, `/420`) lists them all.
    for code in catalog.display_codes() {
        let meanings = catalog.meanings(&code);
        if meanings.len() < 2 || meanings.iter().any(|m| m.source == siteerror_catalog::Source::Iana) {
            continue;
        }
        let views: Vec<MeaningView> = meanings.iter().map(|e| MeaningView::new(e)).collect();
        let ctx = context! {
            code => &code,
            meanings => &views,
            title => format!("{code}: {} meanings", views.len()),
            description => format!("What HTTP status {code} means, by who sends it."),
            canonical => format!("/{code}"),
        };
        let all: Vec<ApiEntry> = meanings.iter().map(|e| ApiEntry::new(e)).collect();
        let body = serde_json::json!({ "code": &code, "meanings": all });
        cache.insert(format!("/{code}"), page(renderer, "meanings", &ctx, json(&body))?);
    }

    for source in siteerror_catalog::Source::ALL {
        let Some(slug) = source.category() else { continue };
        let Some(category) = catalog.category(slug) else {
            continue;
        };
        let entries: Vec<EntryLink> = catalog.from_source(source).map(EntryLink::new).collect();
        let ctx = context! {
            category => category,
            class => None::<&str>,
            entries => &entries,
            vendor_entries => Vec::<EntryLink>::new(),
            title => category.title.clone(),
            description => category.summary.clone(),
            canonical => format!("/category/{slug}"),
        };
        let body = serde_json::json!({ "category": category, "source": source.id(), "entries": &entries });
        cache.insert(
            format!("/category/{slug}"),
            page(renderer, "category", &ctx, json(&body))?,
        );
    }

    for class in Class::ALL {
        let Some(category) = catalog.category(class.id()) else {
            continue;
        };
        let entries: Vec<EntryLink> = catalog
            .in_class(class)
            .filter(|e| e.source == siteerror_catalog::Source::Iana)
            .map(EntryLink::new)
            .collect();
        let vendor_entries: Vec<EntryLink> = catalog
            .in_class(class)
            .filter(|e| e.source != siteerror_catalog::Source::Iana)
            .map(EntryLink::new)
            .collect();
        let ctx = context! {
            category => category,
            class => class.id(),
            entries => &entries,
            vendor_entries => &vendor_entries,
            title => format!("{} {}", class.id(), category.title),
            description => category.summary.clone(),
            canonical => format!("/category/{}", class.id()),
        };
        let body = serde_json::json!({ "category": category, "class": class.id(), "entries": &entries, "vendor_entries": &vendor_entries });
        cache.insert(
            format!("/category/{}", class.id()),
            page(renderer, "category", &ctx, json(&body))?,
        );
    }

    let all: Vec<ApiEntry> = catalog.entries().iter().map(ApiEntry::new).collect();
    cache.insert("/api/v1/codes", single(Media::Json, json(&all), PAGE_CACHE_CONTROL));
    cache.insert("/api/v1/openapi.json", single(Media::Json, OPENAPI, PAGE_CACHE_CONTROL));
    cache.insert(
        stylesheet_path(),
        single(Media::Css, STYLESHEET, IMMUTABLE_CACHE_CONTROL),
    );
    cache.insert(
        checker_js_path(),
        single(Media::Js, CHECKER_JS, IMMUTABLE_CACHE_CONTROL),
    );
    cache.insert(quiz_js_path(), single(Media::Js, QUIZ_JS, IMMUTABLE_CACHE_CONTROL));
    cache.insert(
        playground_js_path(),
        single(Media::Js, PLAYGROUND_JS, IMMUTABLE_CACHE_CONTROL),
    );

    let ctx = context! {
        results => Vec::<()>::new(), error => None::<String>, urls => "", max_urls => crate::checker::MAX_URLS,
        title => "URL checker", description => "Follow every redirect hop of up to 20 URLs.", canonical => "/url-checker",
    };
    let about = serde_json::json!({
        "name": "URL checker",
        "api": {"method": "POST", "path": "/api/v1/check", "body": {"urls": ["https://example.com/"]}, "max_urls": crate::checker::MAX_URLS},
        "form": {"method": "POST", "path": "/url-checker", "field": "urls"},
    });
    cache.insert("/url-checker", page(renderer, "url_checker", &ctx, json(&about))?);
    crate::compare::cache_curated(catalog, renderer, &mut cache)?;
    let bank = catalog.quiz();
    let ctx = context! {
        bank => bank.len(),
        hand_written => bank.items().len(),
        title => "The status code quiz",
        description => "Ten questions a round on HTTP status codes, with an explanation after every answer.",
        canonical => "/quiz",
    };
    let about = serde_json::json!({
        "questions_per_round": siteerror_catalog::ROUND_LEN,
        "bank": bank.len(),
        "hand_written": bank.items().len(),
        "deal": {"method": "GET", "path": "/api/v1/quiz"},
        "answer": {"method": "POST", "path": "/api/v1/quiz/answer", "body": {"round": "…", "id": "…", "choice": 0}},
        "play": "/quiz/new",
    });
    cache.insert("/quiz", page(renderer, "quiz", &ctx, json(&about))?);
    let sheet = crate::cheat::view(catalog);
    let ctx = context! {
        s => &sheet,
        title => "HTTP status codes cheat sheet",
        description => "Every registered HTTP status code in one line, decision rules and vendor codes, on two printed pages.",
        canonical => "/cheat-sheet",
    };
    cache.insert("/cheat-sheet", page(renderer, "cheat", &ctx, json(&sheet))?);
    let ctx = crate::compare::index_context(catalog);
    let curated = crate::compare::curated_links(catalog);
    cache.insert(
        "/compare",
        page(renderer, "compare_index", &ctx, json(&serde_json::json!({ "curated": curated, "pair": "/compare/{a}-vs-{b}", "api": "/api/v1/compare/{a}/{b}" })))?,
    );
    cache.insert("/favicon.svg", single(Media::Svg, FAVICON, PAGE_CACHE_CONTROL));
    cache.insert(
        "/robots.txt",
        single(Media::Text, "User-agent: *\nAllow: /\n", PAGE_CACHE_CONTROL),
    );
    Ok(cache)
}
