//! Comparisons: every curated pair shows its decision guide in either order under one canonical
//! URL; any two entries compare; unknown, ambiguous and identical codes get the right status.

mod common;
use common::*;
use siteerror_catalog::Source;

fn canonical(html: &str) -> String {
    html.split("<link rel=\"canonical\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a canonical link")
        .to_string()
}

const REQUIRED_PAIRS: &[(&str, &str)] = &[
    ("401", "403"),
    ("301", "302"),
    ("301", "308"),
    ("302", "307"),
    ("302", "303"),
    ("403", "404"),
    ("404", "410"),
    ("400", "422"),
    ("409", "412"),
    ("413", "431"),
    ("200", "204"),
    ("429", "503"),
    ("500", "502"),
    ("500", "503"),
    ("502", "504"),
    ("408", "504"),
    ("nginx-499", "504"),
    ("cloudflare-520", "cloudflare-522"),
];

#[tokio::test]
async fn every_pair_the_issue_names_is_curated() {
    for (a, b) in REQUIRED_PAIRS {
        assert!(
            SITE.catalog().comparison(a, b).is_some(),
            "no curated comparison of {a} and {b}"
        );
    }
}

#[tokio::test]
async fn curated_pairs_render_their_guide_in_either_order() {
    for c in SITE.catalog().comparisons() {
        let (a, b) = (SITE.catalog().get(&c.a).unwrap(), SITE.catalog().get(&c.b).unwrap());
        let forward = get(&format!("/compare/{}-vs-{}", c.a, c.b), &[HTML]).await;
        let reverse = get(&format!("/compare/{}-vs-{}", c.b, c.a), &[HTML]).await;
        for r in [&forward, &reverse] {
            assert_eq!(r.status, 200, "{}-vs-{}", c.a, c.b);
            let html = r.text();
            assert_eq!(canonical(&html), c.path());
            for needle in [
                "id=\"key-insight\"",
                "id=\"decision-guide\"",
                "id=\"situations\"",
                "id=\"pitfalls\"",
                "id=\"side-by-side\"",
                "<svg class=\"diagram\"",
            ] {
                assert!(html.contains(needle), "{}: no {needle}", c.path());
            }
            for e in [a, b] {
                assert!(
                    html.contains(&format!("href=\"{}\"", e.path())),
                    "{}: no link to {}",
                    c.path(),
                    e.path()
                );
            }
            // The guide's own words appear, escaped like everything else.
            let first = c.guide[0].use_when[0].split('`').next().unwrap().replace('\'', "&#39;");
            assert!(html.contains(&first), "{}: guide text missing: {first}", c.path());
            assert!(!html.contains("<script"), "{}: the diagram needs no script", c.path());
        }
        assert_eq!(forward.body, reverse.body);
    }
}

#[tokio::test]
async fn any_two_entries_compare_side_by_side() {
    let entries = SITE.catalog().entries();
    // Every entry appears, against entries from across the catalog.
    for (i, x) in entries.iter().enumerate() {
        let y = &entries[(i * 37 + 11) % entries.len()];
        if x.key == y.key {
            continue;
        }
        let r = get(&format!("/compare/{}-vs-{}", x.key, y.key), &[HTML]).await;
        assert_eq!(r.status, 200, "{} vs {}", x.key, y.key);
        let html = r.text();
        assert!(html.contains("id=\"side-by-side\""));
        for e in [x, y] {
            assert!(
                html.contains(&format!("href=\"{}\"", e.path())),
                "{} vs {}: no link to {}",
                x.key,
                y.key,
                e.path()
            );
        }
        let canon = canonical(&html);
        let r2 = get(&format!("/compare/{}-vs-{}", y.key, x.key), &[HTML]).await;
        assert_eq!(r2.status, 200);
        assert_eq!(canonical(&r2.text()), canon, "both orders name one canonical URL");
        assert!(
            canon == format!("/compare/{}-vs-{}", x.key, y.key) || canon == format!("/compare/{}-vs-{}", y.key, x.key)
        );
    }
}

#[tokio::test]
async fn numbers_resolve_to_their_meaning_and_ambiguity_is_a_300() {
    // 520 has one meaning (Cloudflare's); 499 has two (NGINX and Esri) and no registered one.
    let r = get("/compare/520-vs-522", &[HTML]).await;
    assert_eq!(r.status, 200);
    assert_eq!(canonical(&r.text()), "/compare/cloudflare-520-vs-cloudflare-522");
    assert!(r.text().contains("id=\"decision-guide\""));

    let r = get("/compare/499-vs-504", &[HTML]).await;
    assert_eq!(r.status, 300);
    assert_eq!(
        r.header("location"),
        Some("/compare/nginx-499-vs-504"),
        "the curated meaning is preferred"
    );
    let html = r.text();
    assert!(html.contains("href=\"/compare/nginx-499-vs-504\""));
    assert!(html.contains("href=\"/compare/504-vs-esri-499\"") || html.contains("href=\"/compare/esri-499-vs-504\""));

    let r = get("/api/v1/compare/499/504", &[]).await;
    assert_eq!(r.status, 300);
    assert!(r.json()["suggestions"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn unknown_codes_get_a_404_naming_them() {
    let r = get("/compare/401-vs-999", &[HTML]).await;
    assert_eq!(r.status, 404);
    let html = r.text();
    assert!(html.contains("“999” is not a status code"), "{html}");
    assert!(!html.contains("“401”"));

    let r = get("/compare/4044-vs-40x", &[HTML]).await;
    assert_eq!(r.status, 404);
    let html = r.text();
    assert!(html.contains("Neither “4044” nor “40x”"), "{html}");
    assert!(html.contains("href=\"/404\""), "close matches are suggested");

    let r = get("/api/v1/compare/401/nope", &[]).await;
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("“nope”"));

    for path in ["/compare/401", "/compare/401-403", "/compare/-vs-"] {
        assert_eq!(get(path, &[HTML]).await.status, 404, "{path}");
    }
    let r = get("/compare/404-vs-404", &[HTML]).await;
    assert_eq!(r.status, 404);
    assert!(r.text().contains("itself"));
}

#[tokio::test]
async fn the_api_and_text_carry_the_same_comparison() {
    let r = get("/api/v1/compare/403/401", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let j = r.json();
    assert_eq!(j["canonical"], "/compare/401-vs-403");
    assert_eq!(j["a"]["code"], "401");
    assert_eq!(j["b"]["code"], "403");
    assert_eq!(j["a"]["headers"][0], "WWW-Authenticate (response)");
    let c = SITE.catalog().comparison("401", "403").unwrap();
    assert_eq!(j["curated"]["key_insight"], c.key_insight.as_str());
    assert_eq!(
        j["curated"]["guide"][0]["use_when"].as_array().unwrap().len(),
        c.guide[0].use_when.len()
    );

    let r = get("/api/v1/compare/200/201", &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.json()["curated"].is_null());

    // The page itself negotiates too.
    let r = get("/compare/401-vs-403", &[JSON]).await;
    assert_eq!(r.json()["canonical"], "/compare/401-vs-403");
    let r = get(
        "/compare/401-vs-403",
        &[("user-agent", "curl/8.5.0"), ("accept", "*/*")],
    )
    .await;
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    let text = r.text();
    assert!(text.starts_with("401 Unauthorized  vs  403 Forbidden"), "{text}");
    assert!(text.contains("Use 401 Unauthorized when"));
    assert!(text.contains("Key insight"));
}

#[tokio::test]
async fn the_compare_form_works_without_javascript() {
    let r = get("/compare", &[HTML]).await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<form class=\"pick\" action=\"/compare\" method=\"get\">"));
    for c in SITE.catalog().comparisons() {
        assert!(
            html.contains(&format!("href=\"{}\"", c.path())),
            "/compare does not list {}",
            c.path()
        );
    }
    let r = get("/compare?a=403&b=401", &[HTML]).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/compare/401-vs-403"));
    let r = get("/compare?a=+NGINX-499+&b=504", &[HTML]).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/compare/nginx-499-vs-504"));
    let r = get("/compare?a=401&b=", &[HTML]).await;
    assert_eq!(r.status, 400);
    let r = get("/compare?a=401&b=1234", &[HTML]).await;
    assert_eq!(r.status, 404);
    assert!(r.text().contains("“1234”"));
}

#[tokio::test]
async fn code_pages_link_the_comparisons_they_appear_in() {
    for c in SITE.catalog().comparisons() {
        for key in [&c.a, &c.b] {
            let e = SITE.catalog().get(key).unwrap();
            let html = get(&e.path(), &[HTML]).await.text();
            assert!(
                html.contains(&format!("href=\"{}\"", c.path())),
                "{} does not link {}",
                e.path(),
                c.path()
            );
        }
    }
    // Every code page offers the compare form, vendor pages included.
    let e = SITE
        .catalog()
        .entries()
        .iter()
        .find(|e| e.source == Source::Iis)
        .unwrap();
    let html = get(&e.path(), &[HTML]).await.text();
    assert!(html.contains(&format!("name=\"a\" value=\"{}\"", e.key)));
}

#[tokio::test]
async fn compare_routes_answer_other_methods_properly() {
    let r = request("POST", "/compare/401-vs-403", &[HTML]).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
    let r = get("/compare/401-vs-407/", &[HTML]).await;
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/compare/401-vs-407"));
    let r = request("HEAD", "/compare/401-vs-407", &[HTML]).await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert!(r.header("content-length").unwrap().parse::<usize>().unwrap() > 1000);
}

#[tokio::test]
async fn two_ambiguous_numbers_list_every_pairing() {
    // 420 (Twitter, Spring) against 499 (NGINX, Esri): four comparisons to choose from.
    let r = get("/compare/420-vs-499", &[HTML]).await;
    assert_eq!(r.status, 300);
    assert!(
        r.header("location").is_none(),
        "no pairing is curated, so none is preferred"
    );
    let html = r.text();
    let links = html.matches("href=\"/compare/").count();
    assert!(links >= 4, "{links} comparison links");
    for (x, y) in [("twitter-420", "nginx-499"), ("spring-420", "esri-499")] {
        assert!(
            html.contains(&format!("href=\"/compare/{x}-vs-{y}\""))
                || html.contains(&format!("href=\"/compare/{y}-vs-{x}\"")),
            "no link comparing {x} and {y}"
        );
    }
}

#[tokio::test]
async fn rendered_comparisons_are_kept_with_validators_and_compression() {
    let first = get("/compare/402-vs-nginx-495", &[HTML]).await;
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("a strong ETag").to_string();
    assert!(etag.starts_with('"'));
    assert_eq!(first.header("vary"), Some("Accept, Accept-Encoding, User-Agent"));
    // The other order is the same comparison, with the same validator.
    let again = get("/compare/nginx-495-vs-402", &[HTML]).await;
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.body, first.body);
    let r = get("/compare/402-vs-nginx-495", &[HTML, ("if-none-match", &etag)]).await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    let r = get("/compare/402-vs-nginx-495", &[HTML, ("accept-encoding", "gzip")]).await;
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    let mut html = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&r.body[..]), &mut html).unwrap();
    assert_eq!(html.as_bytes(), &first.body[..]);
    // JSON is kept apart from HTML, and the API apart from the page (its Vary differs).
    let j = get("/compare/402-vs-nginx-495", &[JSON]).await;
    assert_ne!(j.header("etag"), Some(etag.as_str()));
    assert_eq!(j.json()["canonical"], "/compare/402-vs-nginx-495");
    let api = get("/api/v1/compare/402/nginx-495", &[]).await;
    assert_eq!(api.header("vary"), Some("Accept-Encoding"));
    assert_eq!(api.json(), j.json());
}

#[tokio::test]
async fn the_kept_comparisons_stay_bounded() {
    let entries = SITE.catalog().entries();
    let mut asked = 0;
    'outer: for (i, x) in entries.iter().enumerate() {
        for y in &entries[i + 1..] {
            if SITE.catalog().comparison(&x.key, &y.key).is_some() {
                continue;
            }
            let r = get(&format!("/api/v1/compare/{}/{}", x.key, y.key), &[]).await;
            assert_eq!(r.status, 200);
            asked += 1;
            assert!(SITE.kept_pages().weight() <= siteerror_site::limits::KEPT_PAGES_MAX_BYTES);
            if asked > siteerror_site::limits::KEPT_PAGES_ESTIMATE + 50 {
                break 'outer;
            }
        }
    }
    assert!(asked > siteerror_site::limits::KEPT_PAGES_ESTIMATE);
    assert!(!SITE.kept_pages().is_empty());
}
