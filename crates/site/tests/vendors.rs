//! Vendor and unofficial meanings: numbers with several meanings, vendor pages, category pages,
//! and search by vendor words.

mod common;
use common::*;
use siteerror_catalog::Source;

#[tokio::test]
async fn a_number_with_several_meanings_shows_them_all() {
    let p499 = get("/499", &[HTML]).await;
    assert_eq!(p499.status, 200);
    let html = p499.text();
    assert!(
        html.contains("href=\"/nginx/499\"") && html.contains("Client Closed Request"),
        "nginx meaning"
    );
    assert!(
        html.contains("href=\"/esri/499\"") && html.contains("Token Required"),
        "Esri meaning"
    );
    let j = get("/499", &[JSON]).await.json();
    assert_eq!(j["meanings"].as_array().unwrap().len(), 2);

    let p420 = get("/420", &[HTML]).await.text();
    assert!(p420.contains("Enhance Your Calm") && p420.contains("Method Failure"));

    // 451: the IANA meaning first, Exchange's Redirect after it.
    let p451 = get("/451", &[HTML]).await.text();
    let iana = p451.find("Unavailable For Legal Reasons").expect("IANA name");
    let exchange = p451.find("href=\"/iis/451\"").expect("link to the Exchange meaning");
    assert!(iana < exchange);
    assert!(p451.contains("id=\"others\""));
}

#[tokio::test]
async fn each_meaning_has_its_own_page() {
    for (path, name) in [
        ("/nginx/499", "Client Closed Request"),
        ("/iis/451", "Redirect"),
        ("/esri/498", "Invalid Token"),
        ("/cloudflare/522", "Connection Timed Out"),
        ("/iis/403.14", "Directory Listing Denied"),
    ] {
        let r = get(path, &[HTML]).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains(name), "{path}");
    }
    let bare = get("/403.14", &[HTML]).await;
    assert_eq!(bare.status, 200);
    assert!(bare.text().contains("<link rel=\"canonical\" href=\"/iis/403.14\">"));
    let log = get("/nginx/444", &[HTML]).await.text();
    assert!(log.contains("Example log line") && log.contains("No response is sent at all."));
}

#[tokio::test]
async fn vendor_category_pages_list_their_codes() {
    for (slug, source) in [
        ("nginx", Source::Nginx),
        ("cloudflare", Source::Cloudflare),
        ("aws", Source::AwsElb),
        ("iis", Source::Iis),
        ("unofficial", Source::Unofficial),
    ] {
        let r = get(&format!("/category/{slug}"), &[HTML]).await;
        assert_eq!(r.status, 200, "{slug}");
        let html = r.text();
        assert!(html.contains("id=\"faq\""));
        let entries: Vec<_> = SITE.catalog().from_source(source).collect();
        assert!(!entries.is_empty());
        for e in entries {
            assert!(
                html.contains(&format!("href=\"{}\"", e.path())),
                "{slug} lacks {}",
                e.key
            );
        }
        assert!(
            get("/", &[HTML])
                .await
                .text()
                .contains(&format!("href=\"/category/{slug}\"")),
            "home links {slug}"
        );
        assert!(SITE.catalog().category(slug).unwrap().faq.len() >= 3);
    }
    assert!(get("/category/nginx", &[HTML]).await.text().contains("498"));
    let aws = get("/category/aws", &[HTML]).await.text();
    for code in ["400", "408", "502", "503", "504"] {
        assert!(aws.contains(code), "AWS page explains {code}");
    }
}

#[tokio::test]
async fn vendor_codes_are_complete_and_sourced() {
    let iis_subs: Vec<String> = SITE
        .catalog()
        .from_source(Source::Iis)
        .filter(|e| e.sub.is_some())
        .map(|e| e.display_code())
        .collect();
    for want in [
        "401.1", "401.5", "403.1", "403.14", "403.22", "404.0", "404.20", "500.19", "502.1", "502.2",
    ] {
        assert!(iis_subs.contains(&want.to_string()), "missing IIS {want}");
    }
    for key in [
        "nginx-444",
        "nginx-494",
        "nginx-495",
        "nginx-496",
        "nginx-497",
        "nginx-499",
        "cloudflare-520",
        "cloudflare-524",
        "cloudflare-527",
        "cloudflare-530",
        "aws-elb-460",
        "aws-elb-463",
        "aws-elb-464",
        "aws-elb-561",
        "iis-440",
        "iis-449",
        "iis-451",
        "apache-218",
        "laravel-419",
        "twitter-420",
        "spring-420",
        "shopify-430",
        "microsoft-450",
        "esri-498",
        "esri-499",
        "cpanel-509",
        "qualys-529",
        "unofficial-598",
        "unofficial-599",
    ] {
        let e = SITE.catalog().get(key).unwrap_or_else(|| panic!("{key} missing"));
        assert!(e.reference.is_some(), "{key} names its source");
        assert!(e.rfc.is_none(), "{key} is not an RFC code");
    }
}

#[tokio::test]
async fn search_finds_vendor_codes_by_vendor_words() {
    for (q, key) in [
        ("cloudflare 522", "cloudflare-522"),
        ("client closed request", "nginx-499"),
        ("403.14", "iis-403.14"),
        ("directory listing", "iis-403.14"),
        ("token required", "esri-499"),
        ("enhance your calm", "twitter-420"),
    ] {
        let r = get(&format!("/api/v1/search?q={}", q.replace(' ', "+")), &[])
            .await
            .json();
        assert_eq!(r["results"][0]["key"], key, "{q}: {}", r["results"]);
    }
    let r = get("/api/v1/search?q=client+closed", &[]).await.json();
    let top: Vec<&str> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|h| h["key"].as_str().unwrap())
        .collect();
    assert!(top.contains(&"nginx-499") && top.contains(&"aws-elb-460"), "{top:?}");
}
