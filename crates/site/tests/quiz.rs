//! The quiz: rounds dealt through the API and played through the plain HTML forms, graded right
//! and wrong; across many rounds every question has exactly one right choice among distinct
//! ones; bad rounds, ids and choices get a 4xx.

mod common;
#[path = "common/quiz_oracle.rs"]
mod quiz_oracle;
use axum::body::Body;
use common::*;
use quiz_oracle::QuizOracle;
use siteerror_catalog::{ItemKind, Question};
use std::sync::LazyLock;

/// The right answers, read from the content files by the tests' own rule.
static ORACLE: LazyLock<QuizOracle> = LazyLock::new(QuizOracle::load);

/// The right choice's text, worked out from the content rather than from the dealt round.
fn expected(q: &Question) -> String {
    ORACLE.right_choice(&q.id)
}

fn round(id: &str) -> siteerror_catalog::Round {
    SITE.catalog().quiz_round_by_id(id).expect("a dealt round deals again")
}

async fn post_json(path: &str, body: &str) -> Reply {
    send(
        http::Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[test]
fn the_bank_has_enough_hand_written_questions_of_every_kind() {
    let items = SITE.catalog().quiz().items();
    assert!(items.len() >= 40, "{} hand-written questions", items.len());
    for kind in [ItemKind::Scenario, ItemKind::Header, ItemKind::Truth] {
        assert!(items.iter().filter(|i| i.kind() == kind).count() >= 10, "{kind:?}");
    }
    // The catalog loads every question the content files hold, and no other.
    let mut loaded: Vec<&str> = items.iter().map(|i| i.id()).collect();
    let mut written: Vec<&str> = ORACLE.hand_written_ids().collect();
    loaded.sort_unstable();
    written.sort_unstable();
    assert_eq!(loaded, written);
}

#[test]
fn every_question_has_one_right_choice_among_distinct_choices() {
    let mut seen_ids = std::collections::HashSet::new();
    for seed in 0..1500u64 {
        let r = SITE.catalog().quiz_round(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        assert_eq!(r.questions.len(), 10, "round {}", r.id);
        let mut ids: Vec<&str> = r.questions.iter().map(|q| q.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 10, "a question twice in round {}", r.id);
        let mut subjects: Vec<&str> = r.questions.iter().map(|q| q.subject.as_str()).collect();
        subjects.sort_unstable();
        subjects.dedup();
        assert_eq!(subjects.len(), 10, "two questions about one code in round {}", r.id);
        for q in &r.questions {
            seen_ids.insert(q.id.clone());
            assert_eq!(q.choices.len(), 4, "{} in round {}", q.id, r.id);
            let mut distinct = q.choices.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(
                distinct.len(),
                q.choices.len(),
                "{}: repeated choice {:?}",
                q.id,
                q.choices
            );
            let right = expected(q);
            assert_eq!(
                q.choices.iter().filter(|c| **c == right).count(),
                1,
                "{}: {right:?} not once in {:?}",
                q.id,
                q.choices
            );
            assert_eq!(q.choices[q.answer], right, "{} in round {}", q.id, r.id);
            assert!(!q.explanation.trim().is_empty());
            assert!(SITE.catalog().get(&q.subject).is_some_and(|e| e.path() == q.url));
        }
        let again = round(&r.id);
        assert_eq!(
            again.questions.iter().map(|q| (&q.id, &q.choices)).collect::<Vec<_>>(),
            r.questions.iter().map(|q| (&q.id, &q.choices)).collect::<Vec<_>>(),
            "round {} deals differently the second time",
            r.id
        );
    }
    // Rounds draw on the whole bank, not a corner of it, and every vendor gets its turn.
    let mut vendor_rounds: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for seed in 0..1500u64 {
        let r = SITE.catalog().quiz_round(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for q in r.questions.iter().filter(|q| q.id.starts_with("vendor-")) {
            *vendor_rounds
                .entry(SITE.catalog().get(&q.subject).unwrap().source.id())
                .or_default() += 1;
        }
    }
    assert_eq!(vendor_rounds.len(), 4, "{vendor_rounds:?}");
    assert!(
        vendor_rounds.values().all(|&n| n > 1500 / 4 * 2 / 3),
        "{vendor_rounds:?}"
    );
    let hand = SITE.catalog().quiz().items().len();
    assert!(
        seen_ids.len() > hand + 100,
        "only {} distinct questions in 1500 rounds",
        seen_ids.len()
    );
    assert!(
        SITE.catalog().quiz().items().iter().all(|i| seen_ids.contains(i.id())),
        "some hand-written question is never dealt"
    );
}

#[tokio::test]
async fn a_round_played_through_the_api_is_graded() {
    let r = get("/api/v1/quiz", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let j = r.json();
    let id = j["round"].as_str().unwrap().to_string();
    let questions = j["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 10);
    for q in questions {
        let keys: Vec<&str> = q.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["choices", "id", "prompt"],
            "the API must not give the answer away"
        );
    }
    let dealt = round(&id);
    for (i, q) in questions.iter().enumerate() {
        let qid = q["id"].as_str().unwrap();
        let choices: Vec<&str> = q["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let right_text = expected(dealt.question(qid).unwrap());
        let right = choices
            .iter()
            .position(|c| *c == right_text)
            .expect("the right answer is offered");
        // Alternate: answer right on even questions, wrong on odd ones.
        let choice = if i % 2 == 0 { right } else { (right + 1) % choices.len() };
        let g = post_json(
            "/api/v1/quiz/answer",
            &format!(r#"{{"round":"{id}","id":"{qid}","choice":{choice}}}"#),
        )
        .await;
        assert_eq!(g.status, 200, "{}", g.text());
        let g = g.json();
        assert_eq!(g["correct"], i % 2 == 0, "{qid}");
        assert_eq!(g["answer"], right, "{qid}");
        assert!(!g["explanation"].as_str().unwrap().is_empty());
        let url = g["url"].as_str().unwrap();
        assert_eq!(get(url, &[HTML]).await.status, 200, "{url}");
    }
    // The same round can be fetched again by id.
    let again = get(&format!("/api/v1/quiz?round={id}"), &[]).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["questions"], j["questions"]);
}

#[tokio::test]
async fn bad_answers_get_a_4xx_json_error() {
    let dealt = get("/api/v1/quiz", &[]).await.json();
    let r = round(dealt["round"].as_str().unwrap());
    let qid = &r.questions[0].id;
    let id = &r.id;
    let stale = format!("0000{}", &id[4..]);
    let stale = if stale == *id {
        format!("ffff{}", &id[4..])
    } else {
        stale
    };
    for (body, status) in [
        (format!(r#"{{"round":"{id}","id":"{qid}","choice":4}}"#), 422),
        (format!(r#"{{"round":"{id}","id":"{qid}","choice":-1}}"#), 422),
        (format!(r#"{{"round":"{id}","id":"{qid}","choice":"a"}}"#), 422),
        (format!(r#"{{"round":"{id}","id":"no-such-question","choice":0}}"#), 422),
        (format!(r#"{{"round":"nothex","id":"{qid}","choice":0}}"#), 422),
        (format!(r#"{{"round":"{stale}","id":"{qid}","choice":0}}"#), 422),
        (format!(r#"{{"round":"{id}","id":"{qid}"}}"#), 422),
        (format!(r#"{{"round":"{id}","id":"{qid}","choice":0,"extra":1}}"#), 422),
        ("{\"round\": ".to_string(), 400),
        ("x".repeat(10_000), 413),
    ] {
        let resp = post_json("/api/v1/quiz/answer", &body).await;
        assert_eq!(resp.status, status, "{body:.80}: {}", resp.text());
        assert_eq!(resp.header("content-type"), Some("application/json"));
        assert!(resp.json()["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let resp = send(
        http::Request::post("/api/v1/quiz/answer")
            .header("content-type", "text/plain")
            .body(Body::from("hello"))
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status, 415);
    let resp = get("/api/v1/quiz/answer", &[]).await;
    assert_eq!(resp.status, 405);
    assert_eq!(resp.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(get("/api/v1/quiz?round=zz", &[]).await.status, 404);
}

/// The `a` and question id of the form on a play page.
fn form_state(html: &str) -> (String, String) {
    let a = html
        .split("name=\"a\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("hidden a");
    let id = html
        .split("data-id=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("data-id");
    (a.to_string(), id.to_string())
}

#[tokio::test]
async fn a_round_played_through_the_html_forms_is_graded() {
    let start = get("/quiz/new", &[HTML]).await;
    assert_eq!(start.status, 303);
    assert_eq!(start.header("cache-control"), Some("no-store"));
    let path = start.header("location").unwrap().to_string();
    let id = path.strip_prefix("/quiz/").unwrap().to_string();
    let dealt = round(&id);
    let mut page = get(&path, &[HTML]).await;
    assert_eq!(page.status, 200);
    let mut right_count = 0;
    for n in 0..10 {
        let html = page.text();
        assert!(html.contains(&format!("Question {} of 10", n + 1)), "{html}");
        assert!(html.contains(&format!("<form class=\"quiz-q\" method=\"get\" action=\"/quiz/{id}\"")));
        let (a, qid) = form_state(&html);
        assert_eq!(a.len(), n);
        let q = dealt.question(&qid).expect("the form's question is in the round");
        assert_eq!(dealt.questions[n].id, qid, "questions come in order");
        for i in 0..q.choices.len() {
            assert!(html.contains(&format!("name=\"c\" value=\"{i}\"")), "button {i}");
        }
        let right = q.choices.iter().position(|c| *c == expected(q)).unwrap();
        let correct = n % 3 != 1;
        let choice = if correct { right } else { (right + 2) % q.choices.len() };
        right_count += usize::from(correct);
        page = get(&format!("/quiz/{id}?a={a}&c={choice}"), &[HTML]).await;
        assert_eq!(page.status, 200);
        let html = page.text();
        if correct {
            assert!(html.contains("Right!"), "question {}", n + 1);
            assert!(!html.contains("Not quite."));
        } else {
            assert!(html.contains("Not quite."), "question {}", n + 1);
            assert!(html.contains("The answer is <strong>"));
        }
        assert!(html.contains(&format!("<a href=\"{}\">Read the full page</a>", q.url)));
    }
    let html = page.text();
    assert!(html.contains(&format!("<h1>{right_count} of 10</h1>")), "{html}");
    assert!(html.contains("What to read next"));
    assert_eq!(html.matches("<span class=\"mark\">✗</span>").count(), 10 - right_count);
    // The result's address is the shareable result: same score, no feedback box.
    let share = html
        .split("Share this result: <a href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let shared = get(&share, &[HTML]).await;
    assert_eq!(shared.status, 200);
    let shared = shared.text();
    assert!(shared.contains(&format!("<h1>{right_count} of 10</h1>")));
    assert!(!shared.contains("Right!") && !shared.contains("Not quite."));
    assert!(shared.contains("<meta name=\"robots\" content=\"noindex\">"));
}

#[tokio::test]
async fn bad_play_addresses_get_a_clear_4xx() {
    let id = SITE.catalog().quiz_round(42).id;
    for (path, status) in [
        ("/quiz/not-a-round".to_string(), 404),
        ("/quiz/0123456789ABCDEF".to_string(), 404),
        (format!("/quiz/{id}?a=9"), 400),
        (format!("/quiz/{id}?a=0x"), 400),
        (format!("/quiz/{id}?a=01234012340"), 400),
        (format!("/quiz/{id}?a=&c=7"), 400),
        (format!("/quiz/{id}?a=&c=x"), 400),
        (format!("/quiz/{id}?a=0123012301&c=0"), 400),
    ] {
        let r = get(&path, &[HTML]).await;
        assert_eq!(r.status, status, "{path}");
        assert!(r.text().contains("/quiz/new"), "{path}: no way forward");
    }
}

#[tokio::test]
async fn the_quiz_page_works_without_script_and_loads_its_script_from_a_file() {
    let r = get("/quiz", &[HTML]).await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<form action=\"/quiz/new\" method=\"get\">"));
    let play = get(&format!("/quiz/{}", SITE.catalog().quiz_round(7).id), &[HTML])
        .await
        .text();
    let src = play
        .split("<script src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let js = get(src, &[]).await;
    assert_eq!(js.status, 200);
    assert!(js.text().contains("/api/v1/quiz/answer"));
    assert!(!play.contains(" style=\""));
}
