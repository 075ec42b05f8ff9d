//! The cheat sheet: every code of the IANA registry with its name and a one-line meaning, the
//! decision rules, vendor codes; text for curl; two A4 pages when printed by headless Chromium.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REGISTRY: &str = include_str!("../../../content/iana-http-status-codes.csv");

/// `(code, name)` of every assigned single code in the registry file, read independently of the
/// catalog's own parser.
fn registered() -> Vec<(u16, String)> {
    REGISTRY
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (code, rest) = line.split_once(',')?;
            let code: u16 = code.trim().parse().ok()?;
            let name = if let Some(quoted) = rest.strip_prefix('"') {
                quoted.split('"').next()?.to_string()
            } else {
                rest.split(',').next()?.to_string()
            };
            (name != "Unassigned").then_some((code, name))
        })
        .collect()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&quot;")
}

#[tokio::test]
async fn the_sheet_holds_every_registered_code() {
    let codes = registered();
    assert_eq!(codes.len(), 64, "the registry file lists 64 codes");
    let html = get("/cheat-sheet", &[HTML]).await;
    assert_eq!(html.status, 200);
    let html = html.text();
    let text = get("/cheat-sheet", &[("user-agent", "curl/8.5.0"), ("accept", "*/*")]).await;
    assert!(text.header("content-type").unwrap().starts_with("text/plain"));
    let text = text.text();
    for (code, name) in &codes {
        let e = SITE
            .catalog()
            .get(&code.to_string())
            .expect("an entry for every registered code");
        // The registry's trailing remark ("(OBSOLETED)") is set apart from the name.
        let (plain, remark) = match name.split_once(" (") {
            Some((p, r)) if r.ends_with(')') => (p.to_string(), Some(format!("({r}"))),
            _ => (name.clone(), None),
        };
        assert!(
            html.contains(&format!(
                "<span class=\"code c{}\">{code}</span> {}</a>",
                code / 100,
                html_escape(&plain)
            )),
            "HTML lacks {code} {name}"
        );
        if let Some(r) = remark {
            assert!(
                html.contains(&format!("<small class=\"remark\">{}</small>", html_escape(&r))),
                "no remark for {code}"
            );
        }
        assert!(
            html.contains(&html_escape(&e.short)),
            "HTML lacks the meaning of {code}"
        );
        assert!(text.contains(&format!("{code}   {name}")), "text lacks {code} {name}");
    }
    let json = get("/cheat-sheet", &[JSON]).await.json();
    assert_eq!(json["registered"], 64);
    let listed: usize = json["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["lines"].as_array().unwrap().len())
        .sum();
    assert_eq!(listed, 64);
    // Decision rules and vendor codes are there too.
    for needle in [
        "Which redirect?",
        "Which auth error?",
        "NGINX",
        "Cloudflare",
        "<a href=\"/nginx/499\">",
    ] {
        assert!(
            html.contains(needle) || html.contains(&html_escape(needle)),
            "no {needle}"
        );
    }
    for rule in &SITE.catalog().cheat_sheet().rules {
        assert!(text.contains(&rule.title), "text lacks rule {}", rule.title);
    }
}

/// Pages and the size of the first, from the PDF's page objects.
fn pdf_pages(pdf: &[u8]) -> (usize, Option<(f64, f64)>) {
    let text = String::from_utf8_lossy(pdf);
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count();
    let size = text.split("/MediaBox [").nth(1).and_then(|s| {
        let nums: Vec<f64> = s
            .split(']')
            .next()?
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        (nums.len() == 4).then(|| (nums[2] - nums[0], nums[3] - nums[1]))
    });
    (pages, size)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sheet_prints_on_two_a4_pages() {
    let Some((browser, _)) = chromium(false) else { return };
    let addr = serve_on_loopback().await;
    let dir = std::env::temp_dir().join(format!("siteerror-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("cheat-sheet.pdf");
    let args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--no-pdf-header-footer".into(),
        format!("--user-data-dir={}", dir.join("profile").display()),
        format!("--print-to-pdf={}", pdf.display()),
        format!("http://{addr}/cheat-sheet"),
    ];
    let status = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(browser)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            if started.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                panic!("chromium took over two minutes to print");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    })
    .await
    .unwrap();
    assert!(status.success(), "chromium failed: {status}");
    let bytes = std::fs::read(&pdf).expect("a PDF was written");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(bytes.starts_with(b"%PDF"));
    let (pages, size) = pdf_pages(&bytes);
    assert!((1..=2).contains(&pages), "the cheat sheet prints on {pages} pages");
    let (w, h) = size.expect("a MediaBox");
    // A4 is 210 × 297 mm: 595.3 × 841.9 points.
    assert!(
        (w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0,
        "page size {w} × {h} is not A4"
    );
}
