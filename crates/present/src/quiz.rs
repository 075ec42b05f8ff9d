//! The quiz as pages and the API show it: rounds without their answers, graded answers, and
//! the play page (next question, feedback, or the result with a review).

use crate::compare::ComparisonLink;
use crate::render::{RenderError, Renderer};
use crate::views::EntryLink;
use minijinja::context;
use serde::Serialize;
use siteerror_catalog::{Catalog, Question, Round};

/// A question as the API deals it: no answer.
#[derive(Debug, Serialize)]
pub struct PublicQuestion<'a> {
    /// The question's id within the round.
    pub id: &'a str,
    /// The question.
    pub prompt: &'a str,
    /// The choices, in order; answers name them by index.
    pub choices: &'a [String],
}

/// A round as the API deals it.
#[derive(Debug, Serialize)]
pub struct PublicRound<'a> {
    /// The round id; send it back with each answer.
    pub round: &'a str,
    /// The questions.
    pub questions: Vec<PublicQuestion<'a>>,
}

impl<'a> PublicRound<'a> {
    /// Hides the answers of `round`.
    pub fn new(round: &'a Round) -> Self {
        PublicRound {
            round: &round.id,
            questions: round
                .questions
                .iter()
                .map(|q| PublicQuestion {
                    id: &q.id,
                    prompt: &q.prompt,
                    choices: &q.choices,
                })
                .collect(),
        }
    }
}

/// The grading of one answer.
#[derive(Debug, Serialize)]
pub struct Graded {
    /// Whether the choice was right.
    pub correct: bool,
    /// The index of the right choice.
    pub answer: usize,
    /// Why.
    pub explanation: String,
    /// The page to read.
    pub url: String,
}

/// One answered question, for feedback and the review.
#[derive(Debug, Serialize)]
struct AnsweredView<'a> {
    number: usize,
    prompt: &'a str,
    chosen: &'a str,
    answer: &'a str,
    answer_index: usize,
    correct: bool,
    explanation: &'a str,
    url: &'a str,
}

fn answered<'a>(q: &'a Question, number: usize, choice: usize) -> AnsweredView<'a> {
    let label = |i: usize| q.choices.get(i).map_or("", String::as_str);
    AnsweredView {
        number,
        prompt: &q.prompt,
        chosen: label(choice),
        answer: label(q.answer),
        answer_index: q.answer,
        correct: choice == q.answer,
        explanation: &q.explanation,
        url: &q.url,
    }
}

/// Renders the play page of `round` after `answers` (each a valid choice index, at most one per
/// question); `feedback` is the index of the answer just given, shown above the next question.
pub fn render_play(
    r: &Renderer,
    catalog: &Catalog,
    round: &Round,
    answers: &[usize],
    feedback: Option<usize>,
) -> Result<String, RenderError> {
    let total = round.questions.len();
    let digits: String = answers.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    let review: Vec<AnsweredView> = round
        .questions
        .iter()
        .zip(answers)
        .enumerate()
        .map(|(i, (q, &c))| answered(q, i + 1, c))
        .collect();
    let score = review.iter().filter(|r| r.correct).count();
    let finished = answers.len() >= total;
    let current = round.questions.get(answers.len());
    let mut read_next: Vec<EntryLink> = Vec::new();
    let mut compare_next: Vec<ComparisonLink> = Vec::new();
    if finished {
        for (q, r) in round.questions.iter().zip(&review) {
            if r.correct {
                continue;
            }
            if let Some(e) = catalog.get(&q.subject) {
                if !read_next.iter().any(|x| x.key == e.key) {
                    read_next.push(EntryLink::new(e));
                }
                for c in catalog.comparisons_with(&e.key) {
                    if let Some(link) = ComparisonLink::new(catalog, c) {
                        if !compare_next.iter().any(|x| x.url == link.url) {
                            compare_next.push(link);
                        }
                    }
                }
            }
        }
    }
    let title = if finished {
        format!("Quiz result: {score} of {total}")
    } else {
        format!("Quiz: question {} of {total}", answers.len() + 1)
    };
    let ctx = context! {
        round => &round.id,
        total => total,
        number => answers.len() + 1,
        answers => &digits,
        score => score,
        question => current.map(|q| PublicQuestion { id: &q.id, prompt: &q.prompt, choices: &q.choices }),
        feedback => feedback.and_then(|i| review.get(i)),
        finished => finished,
        review => if finished { review.as_slice() } else { &[] },
        read_next => read_next,
        compare_next => compare_next,
        share => format!("/quiz/{}?a={digits}", round.id),
        title => title,
        description => "Ten questions on HTTP status codes, with an explanation after each answer.",
        canonical => format!("/quiz/{}?a={digits}", round.id),
        noindex => true,
    };
    r.render("quiz_play.html", ctx)
}
