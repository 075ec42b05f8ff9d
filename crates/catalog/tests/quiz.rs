//! Hand-written quiz questions: each kind has exactly its own fields, checked when the file is
//! parsed, and every question in `content/quiz/` loads.

use siteerror_catalog::{Catalog, CatalogError, ItemKind, Problem, QuizItem, Sources};

fn problems_with_quiz(name: &str, text: &str) -> Vec<Problem> {
    match Catalog::load(Sources {
        quiz: &[(name, text)],
        ..Sources::embedded()
    }) {
        Ok(_) => Vec::new(),
        Err(CatalogError::Invalid(p)) => p,
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn show(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{p}\n")).collect()
}

const TRUTH: &str = r#"
[[question]]
id = "t-404-is-temporary"
kind = "truth"
prompt = "Which is true of 404?"
about = "404"
true_statement = "It says nothing about whether the resource will come back."
false_statements = ["It is permanent.", "It cannot be cached.", "It needs a body."]
explanation = "Because 410 is the permanent one."
"#;

const SCENARIO: &str = r#"
[[question]]
id = "s-gone-for-good"
kind = "scenario"
prompt = "A page was removed on purpose and will not return. Which code?"
answer = "410"
distractors = ["404", "301", "403"]
explanation = "410 says the removal is deliberate and permanent."
"#;

#[test]
fn well_formed_questions_of_each_kind_load() {
    let text = format!(
        "{TRUTH}{SCENARIO}{}",
        SCENARIO.replace("s-gone", "h-gone").replace("scenario", "header")
    );
    let catalog = Catalog::load(Sources {
        quiz: &[("mine.toml", &text)],
        ..Sources::embedded()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<ItemKind> = catalog.quiz().items().iter().map(QuizItem::kind).collect();
    assert_eq!(kinds, [ItemKind::Truth, ItemKind::Scenario, ItemKind::Header]);
    let items = catalog.quiz().items();
    assert!(matches!(&items[0], QuizItem::Truth(t) if t.about == "404" && t.false_statements.len() == 3));
    assert!(matches!(&items[1], QuizItem::Scenario(c) if c.answer == "410" && c.distractors == ["404", "301", "403"]));
    assert_eq!(items[0].subject(), "404");
    assert_eq!(items[2].subject(), "410");
}

#[test]
fn a_truth_question_with_an_answer_is_rejected_when_parsed() {
    let bad = TRUTH.replace("about = \"404\"", "about = \"404\"\nanswer = \"404\"");
    let p = problems_with_quiz("bad.toml", &bad);
    assert!(
        p.iter().any(|p| p.file == "content/quiz/bad.toml"
            && p.field == "question[t-404-is-temporary].answer"
            && p.message.contains("unknown field `answer`")),
        "{}",
        show(&p)
    );
}

#[test]
fn a_scenario_with_truth_fields_or_without_distractors_is_rejected_when_parsed() {
    let with_statement = SCENARIO.replace("answer = ", "true_statement = \"Yes.\"\nanswer = ");
    let p = problems_with_quiz("bad.toml", &with_statement);
    assert!(
        p.iter().any(|p| p.field == "question[s-gone-for-good].true_statement"
            && p.message.contains("unknown field `true_statement`")),
        "{}",
        show(&p)
    );
    let without: String = SCENARIO
        .lines()
        .filter(|l| !l.starts_with("distractors"))
        .map(|l| format!("{l}\n"))
        .collect();
    let p = problems_with_quiz("bad.toml", &without);
    assert!(
        p.iter()
            .any(|p| p.field == "question[s-gone-for-good].distractors"
                && p.message.contains("missing field `distractors`")),
        "{}",
        show(&p)
    );
}

#[test]
fn an_unknown_kind_is_rejected_and_does_not_hide_the_other_questions_problems() {
    let text = format!(
        "{}{}",
        SCENARIO.replace("kind = \"scenario\"", "kind = \"riddle\""),
        TRUTH.replace("about = \"404\"", "about = \"4044\"")
    );
    let p = problems_with_quiz("bad.toml", &text);
    assert!(
        p.iter()
            .any(|p| p.field == "question[s-gone-for-good].kind" && p.message.contains("riddle")),
        "{}",
        show(&p)
    );
    assert!(
        p.iter()
            .any(|p| p.field == "question[t-404-is-temporary].about" && p.message.contains("\"4044\" is not a key")),
        "{}",
        show(&p)
    );
}

#[test]
fn every_question_in_the_content_files_loads() {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    let items = catalog.quiz().items();
    for (name, text) in Sources::embedded().quiz {
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("id = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .collect();
        assert_eq!(
            ids.len(),
            text.matches("[[question]]").count(),
            "{name}: one id per question"
        );
        for id in ids {
            let item = items.iter().find(|i| i.id() == id);
            assert!(item.is_some(), "{name}: {id} did not load");
        }
    }
    let total: usize = Sources::embedded()
        .quiz
        .iter()
        .map(|(_, t)| t.matches("[[question]]").count())
        .sum();
    assert_eq!(items.len(), total);
    for kind in [ItemKind::Scenario, ItemKind::Header, ItemKind::Truth] {
        assert!(items.iter().any(|i| i.kind() == kind), "no {kind:?} question");
    }
}

#[test]
fn a_round_deals_again_from_its_id() {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    let round = catalog.quiz_round(2024);
    let again = catalog.quiz_round_by_id(&round.id).expect("a dealt round deals again");
    let ids = |r: &siteerror_catalog::Round| -> Vec<(String, Vec<String>, usize)> {
        r.questions
            .iter()
            .map(|q| (q.id.clone(), q.choices.clone(), q.answer))
            .collect()
    };
    assert_eq!(ids(&round), ids(&again));
    assert_eq!(round.questions.len(), siteerror_catalog::ROUND_LEN);
}
