//! Every page that depends only on the content: the home page, one page per entry, pages for
//! numbers with several meanings, category pages, curated comparisons, the cheat sheet, the
//! tool pages, the JSON API's fixed documents and the static assets. The server turns this list
//! into its response cache; nothing here knows about HTTP.

use crate::assets;
use crate::code_page::{MeaningView, code_page_context};
use crate::compare;
use crate::json::pretty;
use crate::media::Media;
use crate::render::{RenderError, Renderer};
use crate::text::Palette;
use crate::views::{self, ApiEntry, EntryLink};
use minijinja::context;
use siteerror_catalog::{Catalog, Class, Source, compare_path};

/// How long clients and caches may keep a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// A page: reusable for a while, then revalidated.
    Page,
    /// An asset whose URL changes with its content: cacheable forever.
    Immutable,
}

/// The content of one page.
#[derive(Debug, Clone)]
pub enum PageBody {
    /// HTML, JSON and plain text of the same content, chosen by negotiation.
    Negotiated {
        /// For browsers.
        html: String,
        /// For programs.
        json: String,
        /// For terminals.
        text: String,
    },
    /// One representation only.
    Single {
        /// Its media type.
        media: Media,
        /// The bytes.
        content: String,
    },
}

/// One page at one path.
#[derive(Debug, Clone)]
pub struct Page {
    /// The path it is served at.
    pub path: String,
    /// What it holds.
    pub body: PageBody,
    /// How long it may be kept.
    pub freshness: Freshness,
}

/// Renders `{stem}.html` and `{stem}.txt` (without colour) with one context.
pub fn html_and_text(r: &Renderer, stem: &str, ctx: &minijinja::Value) -> Result<(String, String), RenderError> {
    let html = r.render(&format!("{stem}.html"), ctx)?;
    let text = r.render(
        &format!("{stem}.txt"),
        context! { color => Palette::plain(), ..ctx.clone() },
    )?;
    Ok((html, text))
}

/// The site's fixed pages, in a stable order.
#[derive(Debug, Default)]
pub struct SitePages {
    pages: Vec<Page>,
}

impl SitePages {
    fn negotiated(&mut self, path: impl Into<String>, html: String, json: String, text: String) {
        self.pages.push(Page {
            path: path.into(),
            body: PageBody::Negotiated { html, json, text },
            freshness: Freshness::Page,
        });
    }

    fn single(&mut self, path: impl Into<String>, media: Media, content: impl Into<String>, freshness: Freshness) {
        self.pages.push(Page {
            path: path.into(),
            body: PageBody::Single {
                media,
                content: content.into(),
            },
            freshness,
        });
    }

    /// A page whose HTML and text come from `{stem}.html` and `{stem}.txt` with one context
    /// (the text without colour), and whose JSON is `json`.
    fn templated(
        &mut self,
        r: &Renderer,
        path: impl Into<String>,
        stem: &str,
        ctx: &minijinja::Value,
        json: String,
    ) -> Result<(), RenderError> {
        let (html, text) = html_and_text(r, stem, ctx)?;
        self.negotiated(path, html, json, text);
        Ok(())
    }

    /// The pages, in the order they were made.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The pages, by value.
    pub fn into_pages(self) -> Vec<Page> {
        self.pages
    }

    /// Renders every fixed page of `catalog`.
    pub fn render(catalog: &Catalog, r: &Renderer) -> Result<SitePages, RenderError> {
        let mut out = SitePages::default();
        out.home(catalog, r)?;
        out.codes(catalog, r)?;
        out.categories(catalog, r)?;
        out.tools(catalog, r)?;
        out.curated_comparisons(catalog, r)?;
        out.api_and_assets(catalog)?;
        Ok(out)
    }

    fn home(&mut self, catalog: &Catalog, r: &Renderer) -> Result<(), RenderError> {
        let popular: Vec<EntryLink> = catalog
            .site()
            .popular
            .iter()
            .filter_map(|k| catalog.get(k))
            .map(EntryLink::new)
            .collect();
        let classes = views::classes(catalog);
        let vendors = views::vendors(catalog);
        let ctx = context! {
            vendors => &vendors,
            popular => &popular,
            classes => &classes,
            count => catalog.entries().len(),
            title => "HTTP status codes, explained",
            description => "Every HTTP status code in plain English, with the exact RFC words, causes, fixes and code.",
            canonical => "/",
        };
        let json = serde_json::json!({
            "name": "siteerror",
            "entries": catalog.entries().len(),
            "popular": &popular,
            "classes": classes.iter().map(|c| serde_json::json!({"class": c.id, "label": c.label, "url": c.url, "count": c.count})).collect::<Vec<_>>(),
            "vendors": &vendors,
            "api": "/api/v1/openapi.json",
        });
        self.templated(r, "/", "home", &ctx, pretty(&json)?)
    }

    fn codes(&mut self, catalog: &Catalog, r: &Renderer) -> Result<(), RenderError> {
        for entry in catalog.entries() {
            let ctx = code_page_context(catalog, r, entry)?;
            let api = pretty(&ApiEntry::new(entry))?;
            let (html, text) = html_and_text(r, "code", &ctx)?;
            let bare = format!("/{}", entry.display_code());
            if bare != entry.path() && catalog.meanings(&entry.display_code()).len() == 1 {
                // The only meaning of this number: `/403.14` shows it too (canonical: /iis/403.14).
                self.negotiated(bare, html.clone(), api.clone(), text.clone());
            }
            self.negotiated(entry.path(), html, api.clone(), text);
            self.single(
                format!("/api/v1/codes/{}", entry.key),
                Media::Json,
                api,
                Freshness::Page,
            );
        }
        // A number with several meanings and no IANA one (`/499`, `/420`) lists them all.
        for code in catalog.display_codes() {
            let meanings = catalog.meanings(&code);
            if meanings.len() < 2 || meanings.iter().any(|m| m.source == Source::Iana) {
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
            let json = pretty(&serde_json::json!({ "code": &code, "meanings": all }))?;
            self.templated(r, format!("/{code}"), "meanings", &ctx, json)?;
        }
        Ok(())
    }

    fn categories(&mut self, catalog: &Catalog, r: &Renderer) -> Result<(), RenderError> {
        for source in Source::ALL {
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
            let json =
                pretty(&serde_json::json!({ "category": category, "source": source.id(), "entries": &entries }))?;
            self.templated(r, format!("/category/{slug}"), "category", &ctx, json)?;
        }
        for class in Class::ALL {
            let Some(category) = catalog.category(class.id()) else {
                continue;
            };
            let (iana, vendor): (Vec<_>, Vec<_>) = catalog.in_class(class).partition(|e| e.source == Source::Iana);
            let entries: Vec<EntryLink> = iana.into_iter().map(EntryLink::new).collect();
            let vendor_entries: Vec<EntryLink> = vendor.into_iter().map(EntryLink::new).collect();
            let ctx = context! {
                category => category,
                class => class.id(),
                entries => &entries,
                vendor_entries => &vendor_entries,
                title => format!("{} {}", class.id(), category.title),
                description => category.summary.clone(),
                canonical => format!("/category/{}", class.id()),
            };
            let json = pretty(
                &serde_json::json!({ "category": category, "class": class.id(), "entries": &entries, "vendor_entries": &vendor_entries }),
            )?;
            self.templated(r, format!("/category/{}", class.id()), "category", &ctx, json)?;
        }
        Ok(())
    }

    fn tools(&mut self, catalog: &Catalog, r: &Renderer) -> Result<(), RenderError> {
        let ctx = crate::checker_page::empty_context();
        let about = serde_json::json!({
            "name": "URL checker",
            "api": {"method": "POST", "path": "/api/v1/check", "body": {"urls": ["https://example.com/"]}, "max_urls": crate::checker_page::MAX_URLS},
            "form": {"method": "POST", "path": "/url-checker", "field": "urls"},
        });
        self.templated(r, "/url-checker", "url_checker", &ctx, pretty(&about)?)?;

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
        self.templated(r, "/quiz", "quiz", &ctx, pretty(&about)?)?;

        let sheet = crate::cheat::view(catalog);
        let ctx = context! {
            s => &sheet,
            title => "HTTP status codes cheat sheet",
            description => "Every registered HTTP status code in one line, decision rules and vendor codes, on two printed pages.",
            canonical => "/cheat-sheet",
        };
        self.templated(r, "/cheat-sheet", "cheat", &ctx, pretty(&sheet)?)?;

        let ctx = compare::index_context(catalog);
        let json = pretty(&serde_json::json!({
            "curated": compare::curated_links(catalog),
            "pair": "/compare/{a}-vs-{b}",
            "api": "/api/v1/compare/{a}/{b}",
        }))?;
        self.templated(r, "/compare", "compare_index", &ctx, json)
    }

    /// Every curated comparison, under both orders of its pair.
    fn curated_comparisons(&mut self, catalog: &Catalog, r: &Renderer) -> Result<(), RenderError> {
        let plain = Palette::plain();
        for c in catalog.comparisons() {
            let (Some(a), Some(b)) = (catalog.get(&c.a), catalog.get(&c.b)) else {
                continue;
            };
            let v = compare::view(catalog, a, b);
            let html = compare::render(r, &v, Media::Html, &plain)?;
            let json = compare::render(r, &v, Media::Json, &plain)?;
            let text = compare::render(r, &v, Media::Text, &plain)?;
            self.negotiated(compare_path(&c.b, &c.a), html.clone(), json.clone(), text.clone());
            self.negotiated(compare_path(&c.a, &c.b), html, json, text);
        }
        Ok(())
    }

    fn api_and_assets(&mut self, catalog: &Catalog) -> Result<(), RenderError> {
        let all: Vec<ApiEntry> = catalog.entries().iter().map(ApiEntry::new).collect();
        self.single("/api/v1/codes", Media::Json, pretty(&all)?, Freshness::Page);
        self.single("/api/v1/openapi.json", Media::Json, assets::OPENAPI, Freshness::Page);
        for asset in assets::HASHED {
            self.single(asset.path(), asset.media, asset.content, Freshness::Immutable);
        }
        self.single("/favicon.svg", Media::Svg, assets::FAVICON, Freshness::Page);
        self.single("/robots.txt", Media::Text, assets::ROBOTS_TXT, Freshness::Page);
        Ok(())
    }
}
