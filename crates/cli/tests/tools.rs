//! `siteerror compare`, `siteerror cheat` and `siteerror quiz`.

#[path = "../../site/tests/common/quiz_oracle.rs"]
mod quiz_oracle;

use assert_cmd::Command;
use predicates::prelude::*;
use quiz_oracle::QuizOracle;
use siteerror_catalog::{Catalog, Question};

fn siteerror() -> Command {
    let mut c = Command::cargo_bin("siteerror").expect("binary built");
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn compare_prints_the_guide_in_either_order() {
    let a = siteerror().args(["compare", "401", "403"]).output().unwrap();
    let b = siteerror().args(["compare", "403", "401"]).output().unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "both orders print the canonical comparison");
    let out = String::from_utf8(a.stdout).unwrap();
    assert!(out.starts_with("401 Unauthorized  vs  403 Forbidden"), "{out}");
    for needle in [
        "Key insight",
        "Use 401 Unauthorized when",
        "Use 403 Forbidden when",
        "Which one fits?",
        "Side by side",
    ] {
        assert!(out.contains(needle), "no {needle}");
    }
    siteerror()
        .args(["compare", "200", "nginx-444", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"canonical\": \"/compare/200-vs-nginx-444\""))
        .stdout(predicate::str::contains("\"curated\": null"));
}

#[test]
fn compare_refuses_unknown_ambiguous_and_identical_codes() {
    siteerror()
        .args(["compare", "401", "299"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no status code \"299\""))
        .stderr(predicate::str::contains("unassigned"));
    siteerror()
        .args(["compare", "499", "504"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nginx-499"))
        .stderr(predicate::str::contains("esri-499"));
    siteerror().args(["compare", "404", "404"]).assert().code(2);
}

#[test]
fn cheat_prints_every_registered_code() {
    let out = siteerror().arg("cheat").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let catalog = Catalog::embedded().unwrap();
    let iana: Vec<_> = catalog.from_source(siteerror_catalog::Source::Iana).collect();
    assert_eq!(iana.len(), 64);
    for e in iana {
        assert!(
            text.contains(&format!("{:<6}{}", e.code, e.name)),
            "no {} {}",
            e.code,
            e.name
        );
    }
    assert!(text.contains("DECISION RULES"));
    assert!(text.contains("Which redirect?"));
}

/// The index of the right choice, by the content files and the tests' own rule.
fn right_choice(oracle: &QuizOracle, q: &Question) -> usize {
    let right = oracle.right_choice(&q.id);
    q.choices
        .iter()
        .position(|c| *c == right)
        .unwrap_or_else(|| panic!("{}: {right:?} is not among {:?}", q.id, q.choices))
}

#[test]
fn quiz_plays_a_round_from_standard_input() {
    let catalog = Catalog::embedded().unwrap();
    let round = catalog.quiz_round(2024);
    let oracle = QuizOracle::load();
    // Right answers by number, wrong ones by letter, with a typo first.
    let mut input = String::from("7\n");
    let mut digits = String::new();
    let mut expect_right = 0;
    for (i, q) in round.questions.iter().enumerate() {
        let right = right_choice(&oracle, q);
        let choice = if i < 6 { right } else { (right + 1) % q.choices.len() };
        expect_right += usize::from(choice == right);
        digits.push(char::from(b'0' + choice as u8));
        if i < 6 {
            input.push_str(&format!("{}\n", choice + 1));
        } else {
            input.push_str(&format!("{}\n", char::from(b'a' + choice as u8)));
        }
    }
    let out = siteerror()
        .args(["quiz", "--round", &round.id])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(expect_right, 6);
    assert!(text.contains("Please type a number from 1 to 4"), "{text}");
    assert!(
        text.contains(&format!("Score: 6 of {}.", round.questions.len())),
        "{text}"
    );
    assert_eq!(text.matches("Right.").count(), 6);
    assert_eq!(text.matches("Not quite.").count(), 4);
    assert!(text.contains(&format!("Share the result: /quiz/{}?a={digits}", round.id)));
    assert!(text.contains("Read next:"));
    for q in &round.questions {
        assert!(text.contains(&q.prompt.split_whitespace().take(5).collect::<Vec<_>>().join(" ")));
    }
}

#[test]
fn quiz_stops_cleanly_at_end_of_input_and_refuses_bad_rounds() {
    siteerror()
        .args(["quiz"])
        .write_stdin("1\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Stopped after 1 of 10"));
    siteerror()
        .args(["quiz", "--round", "nonsense"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("16 hexadecimal digits"));
}
