//! The embedded content is valid, and broken content is rejected with a message that names the
//! file and the field.

use siteerror_catalog::{Catalog, CatalogError, Problem, Sources};

const GOOD: &str = include_str!("../../../content/codes/417.toml");

fn problems_for(files: &[(&str, &str)]) -> Vec<Problem> {
    let embedded = Sources::embedded();
    // Keep the real catalog and replace or add the given files.
    let mut codes: Vec<(&str, &str)> = embedded
        .codes
        .iter()
        .filter(|(n, _)| !files.iter().any(|(f, _)| f == n))
        .copied()
        .collect();
    codes.extend_from_slice(files);
    match Catalog::load(Sources {
        codes: &codes,
        ..embedded
    }) {
        Ok(_) => Vec::new(),
        Err(CatalogError::Invalid(p)) => p,
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn assert_problem(files: &[(&str, &str)], file: &str, field: &str, words: &str) {
    let problems = problems_for(files);
    assert!(
        problems
            .iter()
            .any(|p| p.file == file && p.field == field && p.message.contains(words)),
        "expected a problem in {file} field {field} mentioning {words:?}; got:\n{}",
        problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn embedded_content_is_valid() {
    if let Err(e) = Catalog::embedded() {
        panic!("{e}");
    }
}

#[test]
fn the_good_fixture_is_accepted() {
    assert!(problems_for(&[("417.toml", GOOD)]).is_empty());
}

#[test]
fn a_name_that_differs_from_iana_is_rejected() {
    let bad = GOOD.replace("name = \"Expectation Failed\"", "name = \"Expectations Failed\"");
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "name",
        "differs from the IANA registry's \"Expectation Failed\"",
    );
}

#[test]
fn an_empty_required_field_is_rejected() {
    let bad = GOOD.replace(
        "summary = \"The server, or something in front of it, cannot honour the Expect header the request carried.\"",
        "summary = \"  \"",
    );
    assert_ne!(bad, GOOD);
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "summary",
        "must not be empty",
    );
}

#[test]
fn a_missing_field_is_named() {
    let bad: String = GOOD
        .lines()
        .filter(|l| !l.starts_with("emoji"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "emoji",
        "missing field",
    );
}

#[test]
fn a_related_code_that_does_not_exist_is_rejected() {
    let bad = GOOD.replace("related = [\"100\", \"400\", \"413\"]", "related = [\"100\", \"799\"]");
    assert_ne!(bad, GOOD);
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "related[1]",
        "\"799\" is not the key of any entry",
    );
}

#[test]
fn an_alias_that_is_another_entrys_name_is_rejected() {
    let bad = GOOD.replace("keywords = [", "aliases = [\"Not Found\"]\nkeywords = [");
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "aliases[0]",
        "is the name of entry \"404\"",
    );
}

#[test]
fn a_number_outside_the_range_is_rejected() {
    let bad = GOOD
        .replace(
            "key = \"417\"\ncode = 417\n",
            "key = \"unofficial-1417\"\ncode = 1417\n",
        )
        .replace("source = \"iana\"", "source = \"unofficial\"");
    assert_problem(
        &[("unofficial-1417.toml", &bad)],
        "content/codes/unofficial-1417.toml",
        "code",
        "outside 100–999",
    );
}

#[test]
fn a_duplicate_key_is_rejected() {
    assert_problem(
        &[("417.toml", GOOD), ("copy.toml", GOOD)],
        "content/codes/copy.toml",
        "key",
        "the file is named",
    );
    let problems = problems_for(&[("417.toml", GOOD), ("copy.toml", GOOD)]);
    assert!(
        problems
            .iter()
            .any(|p| p.field == "key" && p.message.contains("duplicate key \"417\"")),
        "{problems:?}"
    );
}

#[test]
fn a_body_on_a_code_without_content_is_rejected() {
    let src = include_str!("../../../content/codes/204.toml");
    let start = src.find("example = \"\"\"").expect("204 has an example");
    let end = start + src[start..].find("\n\"\"\"").expect("closing quotes");
    let bad = format!("{}\n\nsurprise{}", &src[..end], &src[end..]);
    assert_problem(
        &[("204.toml", &bad)],
        "content/codes/204.toml",
        "example",
        "carries no content",
    );
}

#[test]
fn a_wrong_content_length_is_rejected() {
    let bad = GOOD.replace("Content-Length: 62", "Content-Length: 63");
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "example",
        "Content-Length is 63 but the body is 62 bytes",
    );
}

#[test]
fn toml_syntax_errors_name_the_file() {
    assert_problem(
        &[("417.toml", "key = \"417")],
        "content/codes/417.toml",
        "key",
        "(line 1)",
    );
    let bad = GOOD.replace("code = 417", "code = \"417\"");
    assert_problem(&[("417.toml", &bad)], "content/codes/417.toml", "code", "(line 2)");
}

#[test]
fn unknown_fields_are_rejected() {
    let bad = GOOD.replace("emoji = ", "emojii = \"x\"\nemoji = ");
    assert_problem(
        &[("417.toml", &bad)],
        "content/codes/417.toml",
        "emojii",
        "unknown field",
    );
}

#[test]
fn a_missing_required_header_is_rejected() {
    let src = include_str!("../../../content/codes/401.toml");
    let bad: String = src
        .lines()
        .filter(|l| !l.starts_with("WWW-Authenticate:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_problem(
        &[("401.toml", &bad)],
        "content/codes/401.toml",
        "example",
        "needs a WWW-Authenticate header",
    );
}

#[test]
fn repeated_sentences_across_entries_are_rejected() {
    let sentence = "This exact sentence is filler that two entries should never share.";
    let bad = GOOD.replace(
        "[[faq]]\nquestion = \"Why",
        &format!("[[faq]]\nquestion = \"Filler?\"\nanswer = \"{sentence}\"\n\n[[faq]]\nquestion = \"Why"),
    );
    let other = include_str!("../../../content/codes/400.toml");
    let other_bad = other.replacen(
        "[[faq]]\n",
        &format!("[[faq]]\nquestion = \"Filler?\"\nanswer = \"{sentence}\"\n\n[[faq]]\n"),
        1,
    );
    let problems = problems_for(&[("417.toml", &bad), ("400.toml", &other_bad)]);
    assert!(
        problems
            .iter()
            .any(|p| p.field == "prose" && p.message.contains("filler that two entries")),
        "{problems:?}"
    );
}

#[test]
fn the_error_message_lists_every_problem() {
    let bad = GOOD
        .replace("emoji = \"🤷\"", "emoji = \"\"")
        .replace("name = \"Expectation Failed\"", "name = \"Nope\"");
    let err = Catalog::load(Sources {
        codes: &[("417.toml", &bad)],
        ..Sources::embedded()
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("content/codes/417.toml: field `emoji`: must not be empty"),
        "{err}"
    );
    assert!(err.contains("content/codes/417.toml: field `name`"), "{err}");
}

#[test]
fn a_run_of_16_words_in_four_entries_is_rejected() {
    let run = "every one of these sixteen words is shared by four entries which the catalog treats as filler text";
    let mut files = Vec::new();
    for key in ["200", "201", "202", "203"] {
        let src = Sources::embedded()
            .codes
            .iter()
            .find(|(n, _)| *n == format!("{key}.toml"))
            .unwrap()
            .1;
        let bad = src.replacen(
            "[[faq]]\n",
            &format!("[[faq]]\nquestion = \"Shared?\"\nanswer = \"Intro {key}: {run}\"\n\n[[faq]]\n"),
            1,
        );
        files.push((format!("{key}.toml"), bad));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let problems = problems_for(&refs);
    assert!(
        problems
            .iter()
            .any(|p| p.field == "prose" && p.message.contains("stand in 4 entries")),
        "{problems:?}"
    );
}

fn problems_with(sources: Sources<'_>) -> Vec<Problem> {
    match Catalog::load(sources) {
        Ok(_) => Vec::new(),
        Err(CatalogError::Invalid(p)) => p,
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn has(problems: &[Problem], file: &str, field: &str, words: &str) -> bool {
    problems
        .iter()
        .any(|p| p.file == file && p.field == field && p.message.contains(words))
}

const GOOD_COMPARISON: &str = include_str!("../../../content/compare/401-vs-403.toml");

#[test]
fn broken_comparisons_are_rejected() {
    let unknown = GOOD_COMPARISON.replace("b = \"403\"", "b = \"4033\"");
    let p = problems_with(Sources {
        compare: &[("401-vs-403.toml", &unknown)],
        ..Sources::embedded()
    });
    assert!(has(&p, "content/compare/401-vs-403.toml", "b", "not a key"), "{p:?}");

    let p = problems_with(Sources {
        compare: &[("403-vs-401.toml", GOOD_COMPARISON)],
        ..Sources::embedded()
    });
    assert!(
        has(
            &p,
            "content/compare/403-vs-401.toml",
            "a",
            "must be named \"401-vs-403.toml\""
        ),
        "{p:?}"
    );

    let twice = Sources {
        compare: &[
            ("401-vs-403.toml", GOOD_COMPARISON),
            ("401-vs-403.toml", GOOD_COMPARISON),
        ],
        ..Sources::embedded()
    };
    assert!(has(
        &problems_with(twice),
        "content/compare/401-vs-403.toml",
        "a",
        "already compared"
    ));

    let bad_stage = GOOD_COMPARISON.replace("b_stage = ", "b_stage = 9 #");
    let p = problems_with(Sources {
        compare: &[("401-vs-403.toml", &bad_stage)],
        ..Sources::embedded()
    });
    assert!(
        has(
            &p,
            "content/compare/401-vs-403.toml",
            "diagram.b_stage",
            "not the index"
        ),
        "{p:?}"
    );
}

#[test]
fn broken_quiz_questions_are_rejected() {
    let q = r#"
[[question]]
id = "s-example"
kind = "scenario"
prompt = "Which one?"
answer = "404"
distractors = ["410", "404", "9999"]
explanation = "Because."

[[question]]
id = "example-truth"
kind = "truth"
prompt = "Which is true?"
about = "404"
true_statement = "One."
false_statements = ["Two.", "Two."]
explanation = "Because."
"#;
    let p = problems_with(Sources {
        quiz: &[("bad.toml", q)],
        ..Sources::embedded()
    });
    let file = "content/quiz/bad.toml";
    assert!(
        has(&p, file, "question[s-example].distractors", "\"9999\" is not a key"),
        "{p:?}"
    );
    assert!(has(&p, file, "question[s-example].distractors", "must differ"), "{p:?}");
    assert!(
        has(&p, file, "question[example-truth].id", "must start with \"t-\""),
        "{p:?}"
    );
    assert!(
        has(&p, file, "question[example-truth].false_statements", "exactly 3"),
        "{p:?}"
    );
    assert!(
        has(&p, file, "question[example-truth].false_statements", "distinct"),
        "{p:?}"
    );
}

#[test]
fn broken_cheat_rules_and_long_lines_are_rejected() {
    let rules = "[[rule]]\ntitle = \"Which?\"\n[[rule.row]]\nwhen = \"Always\"\nkey = \"4044\"\n";
    let p = problems_with(Sources {
        cheat_toml: rules,
        ..Sources::embedded()
    });
    assert!(
        has(&p, "content/cheat-sheet.toml", "rule[0].row", "2 to 8 rows"),
        "{p:?}"
    );
    assert!(
        has(
            &p,
            "content/cheat-sheet.toml",
            "rule[0].row[0].key",
            "\"4044\" is not a key"
        ),
        "{p:?}"
    );

    let long = GOOD.replace("\nshort = \"", &format!("\nshort = \"{} ", "x".repeat(80)));
    assert_problem(&[("417.toml", &long)], "content/codes/417.toml", "short", "at most 80");
}
