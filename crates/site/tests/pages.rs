//! Every page renders with every section, and links only to what exists.

mod common;
use common::*;
use siteerror_catalog::{BodyRule, Class};

const CODE_SECTIONS: &[&str] = &[
    "id=\"hero\"",
    "id=\"example\"",
    "id=\"meaning\"",
    "id=\"causes\"",
    "id=\"fix\"",
    "id=\"details\"",
    "id=\"definition\"",
    "id=\"rfc\"",
    "id=\"plain-english\"",
    "id=\"misinterpretation\"",
    "id=\"snippets\"",
    "id=\"faq\"",
    "id=\"related\"",
    "id=\"snippet-express\"",
    "id=\"snippet-node-http\"",
];

#[tokio::test]
async fn every_code_page_has_every_section() {
    for e in SITE.catalog().entries() {
        let r = get(&e.path(), &[HTML]).await;
        assert_eq!(r.status, 200, "{}", e.path());
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        let html = r.text();
        for s in CODE_SECTIONS {
            assert!(html.contains(s), "{} lacks {s}", e.path());
        }
        assert!(
            html.contains(&format!(
                "<span class=\"code\">{}</span> {}",
                e.display_code(),
                html_escape(&e.name)
            )),
            "{} hero",
            e.path()
        );
        assert!(html.contains(&html_escape(&e.emoji)), "{} emoji", e.path());
        let (prev, next) = SITE.catalog().neighbours(&e.key);
        if let Some(p) = prev {
            assert!(
                html.contains(&format!("rel=\"prev\" href=\"{}\"", p.path())),
                "{} prev",
                e.path()
            );
        }
        if let Some(n) = next {
            assert!(
                html.contains(&format!("rel=\"next\" href=\"{}\"", n.path())),
                "{} next",
                e.path()
            );
        }
        if let Some(rfc) = &e.rfc {
            assert!(html.contains(&format!("href=\"{}\"", rfc.url)), "{} RFC link", e.path());
            assert!(html.contains(&format!("{}, Section {}", rfc.document, rfc.section)));
        }
        for f in &e.faq {
            assert!(html.contains("<details>"), "{} FAQ", e.path());
            assert!(
                html.contains(&html_escape(f.question.split('`').next().unwrap_or(""))),
                "{} FAQ question",
                e.path()
            );
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn snippets_send_required_headers_and_no_forbidden_body() {
    for e in SITE.catalog().entries() {
        let snippets = siteerror_present::snippets::for_entry(SITE.renderer(), e).expect("renders");
        let stacks: Vec<&str> = snippets.iter().map(|s| s.stack).collect();
        assert!(
            stacks.contains(&"express") && stacks.contains(&"node-http"),
            "{}: {stacks:?}",
            e.key
        );
        for s in &snippets {
            for (_, header) in siteerror_catalog::TIED_HEADERS
                .iter()
                .filter(|(c, _)| *c == e.code && e.source == siteerror_catalog::Source::Iana)
            {
                assert!(
                    s.code.to_lowercase().contains(&header.to_lowercase()),
                    "{} {} snippet lacks {header}",
                    e.key,
                    s.stack
                );
            }
            if matches!(e.facts.body, BodyRule::Forbidden | BodyRule::NoneGenerated) && e.code >= 200 {
                assert!(
                    !s.code.contains("res.send(") && !s.code.contains("w.Write(") && !s.code.contains("res.end('"),
                    "{} {} sends a body",
                    e.key,
                    s.stack
                );
            }
            if e.code >= 200 {
                let on_wire = e.wire_status.unwrap_or(e.code).to_string();
                assert!(s.code.contains(&on_wire), "{} {} never uses the code", e.key, s.stack);
            }
        }
    }
}

#[tokio::test]
async fn class_pages_list_their_entries() {
    for class in Class::ALL {
        let r = get(&format!("/category/{}", class.id()), &[HTML]).await;
        assert_eq!(r.status, 200);
        let html = r.text();
        assert!(html.contains("id=\"intro\"") && html.contains("id=\"faq\"") && html.contains("<details>"));
        for e in SITE.catalog().in_class(class) {
            assert!(
                html.contains(&format!("href=\"{}\"", e.path())),
                "{} missing from its class page",
                e.key
            );
        }
    }
}

#[tokio::test]
async fn home_has_search_popular_codes_and_classes() {
    let html = get("/", &[HTML]).await.text();
    assert!(html.contains("action=\"/search\""));
    for key in ["200", "301", "302", "400", "401", "403", "404", "500", "502", "503"] {
        assert!(html.contains(&format!("href=\"/{key}\"")), "popular {key}");
    }
    for class in Class::ALL {
        assert!(html.contains(&format!("href=\"/category/{}\"", class.id())));
    }
}

/// Every link on every page points at something that answers 200 (or a redirect to it).
#[tokio::test]
async fn internal_links_resolve() {
    let mut checked = std::collections::BTreeSet::new();
    for path in SITE.pages().paths() {
        let r = get(path, &[HTML]).await;
        if !r.header("content-type").is_some_and(|t| t.starts_with("text/html")) {
            continue;
        }
        let html = r.text();
        for href in html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
            if !href.starts_with('/') || !checked.insert(href.to_string()) {
                continue;
            }
            let target = href.split('#').next().unwrap_or(href).replace("&amp;", "&");
            let status = get(&target, &[HTML]).await.status;
            // "Try it" links answer with the code they name (a 1xx gets 400: it cannot be final).
            let want = match target.strip_prefix("/status/").and_then(|c| c.parse::<u16>().ok()) {
                Some(c) if c < 200 => 400,
                Some(c) => c,
                None => 200,
            };
            assert_eq!(status, want, "{path} links to {href}, which answers {status}");
        }
    }
    assert!(checked.len() > 30, "only {} links found", checked.len());
}

#[tokio::test]
async fn pages_use_no_inline_script_or_style_and_no_other_host() {
    for path in SITE.pages().paths() {
        let r = get(path, &[HTML]).await;
        if !r.header("content-type").is_some_and(|t| t.starts_with("text/html")) {
            continue;
        }
        let html = r.text();
        assert!(!html.contains(" style=") && !html.contains("<style"), "{path}");
        for script in html.split("<script").skip(1) {
            assert!(
                script.starts_with(" src=\"/static/"),
                "{path}: inline or foreign script {script:.60}"
            );
        }
        for attr in ["src=\"http", "href=\"//", "src=\"//"] {
            assert!(!html.contains(attr), "{path} loads from another host");
        }
        for link in html.split("<link ").skip(1).filter_map(|l| l.split('>').next()) {
            assert!(!link.contains("href=\"http"), "{path}: {link}");
        }
    }
}
