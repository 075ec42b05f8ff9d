//! The status code quiz on the web: `/quiz` (start), `/quiz/{round}` (play, with plain forms:
//! the answers so far ride in the query string), `GET /api/v1/quiz` and
//! `POST /api/v1/quiz/answer`. A round id deals the same questions every time, so nothing is
//! stored on the server and a finished round's address is its shareable result.

use crate::Site;
use crate::compare::ComparisonLink;
use crate::errors::ErrorPage;
use crate::views::EntryLink;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use minijinja::context;
use serde::{Deserialize, Serialize};
use siteerror_catalog::{Question, Round, RoundError};
use std::sync::Arc;

/// Largest answer request body, in bytes.
pub const MAX_ANSWER_BYTES: usize = 4096;

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

/// `POST /api/v1/quiz/answer`'s body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// The round id.
    pub round: String,
    /// The question id.
    pub id: String,
    /// The index of the chosen answer.
    pub choice: usize,
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

/// Grades `choice` for question `id` of `round_id`; the error is the message for a 422.
pub fn grade(site: &Site, round_id: &str, id: &str, choice: usize) -> Result<Graded, String> {
    let round = site.catalog.quiz_round_by_id(round_id).map_err(|e| match e {
        RoundError::Malformed => {
            "round must be a round id as GET /api/v1/quiz returns it (16 hexadecimal digits)".to_string()
        }
        RoundError::Stale => {
            "this round was dealt from a different set of questions; get a new one from GET /api/v1/quiz".to_string()
        }
    })?;
    let q = round.question(id).ok_or_else(|| {
        format!(
            "round {round_id} has no question {:?}",
            id.chars().take(60).collect::<String>()
        )
    })?;
    if choice >= q.choices.len() {
        return Err(format!("choice must be from 0 to {}", q.choices.len() - 1));
    }
    Ok(Graded {
        correct: choice == q.answer,
        answer: q.answer,
        explanation: q.explanation.clone(),
        url: q.url.clone(),
    })
}

fn json_response(status: StatusCode, body: &impl Serialize, cache_control: &'static str, method: &Method) -> Response {
    let body = serde_json::to_string_pretty(body).unwrap_or_default() + "\n";
    crate::respond::dynamic(
        status,
        crate::negotiate::Media::Json,
        body,
        method,
        cache_control,
        crate::respond::VARY_ENCODING,
    )
}

#[derive(Deserialize, Default)]
struct RoundQuery {
    #[serde(default)]
    round: String,
}

/// `GET /api/v1/quiz`: a new round, or `?round=` an earlier one.
pub async fn api_round(State(site): State<Arc<Site>>, req: Request) -> Response {
    let q: RoundQuery = crate::serde_urlencoded_query(req.uri().query().unwrap_or(""));
    let (round, cache) = if q.round.is_empty() {
        (site.catalog.quiz_round(fastrand::u64(..)), "no-store")
    } else {
        match site.catalog.quiz_round_by_id(q.round.trim()) {
            Ok(r) => (r, "public, max-age=3600"),
            Err(e) => {
                let page = ErrorPage {
                    heading: e.to_string(),
                    message: e.to_string(),
                    json_only: true,
                    ..ErrorPage::default()
                };
                return site.error(StatusCode::NOT_FOUND, page, req.headers(), req.method());
            }
        }
    };
    json_response(StatusCode::OK, &PublicRound::new(&round), cache, req.method())
}

/// `POST /api/v1/quiz/answer`.
pub async fn api_answer(State(site): State<Arc<Site>>, req: Request) -> Response {
    let headers = req.headers().clone();
    let body: AnswerRequest =
        match crate::checker::read_json_body(&site, &headers, req.into_body(), MAX_ANSWER_BYTES).await {
            Ok(b) => b,
            Err(resp) => return resp,
        };
    match grade(&site, &body.round, &body.id, body.choice) {
        Ok(g) => json_response(StatusCode::OK, &g, "no-store", &Method::POST),
        Err(message) => crate::checker::json_error(&site, StatusCode::UNPROCESSABLE_ENTITY, message, &headers),
    }
}

/// `GET /quiz/new`: 303 to a freshly dealt round.
pub async fn new_round(State(site): State<Arc<Site>>) -> Response {
    let round = site.catalog.quiz_round(fastrand::u64(..));
    let to = format!("/quiz/{}", round.id);
    match HeaderValue::from_str(&to) {
        Ok(location) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Deserialize, Default)]
struct PlayQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    c: Option<String>,
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
    AnsweredView {
        number,
        prompt: &q.prompt,
        chosen: &q.choices[choice],
        answer: &q.choices[q.answer],
        answer_index: q.answer,
        correct: choice == q.answer,
        explanation: &q.explanation,
        url: &q.url,
    }
}

/// Parses the answers so far: one digit per answered question, each a valid choice.
fn parse_answers(round: &Round, a: &str) -> Result<Vec<usize>, String> {
    if a.len() > round.questions.len() {
        return Err(format!(
            "a round has {} questions, so `a` holds at most {} answers",
            round.questions.len(),
            round.questions.len()
        ));
    }
    a.bytes()
        .zip(&round.questions)
        .enumerate()
        .map(|(i, (b, q))| match b {
            b'0'..=b'9' if usize::from(b - b'0') < q.choices.len() => Ok(usize::from(b - b'0')),
            _ => Err(format!("answer {} in `a` is not a choice of question {}", i + 1, i + 1)),
        })
        .collect()
}

impl Site {
    fn quiz_error(
        &self,
        status: StatusCode,
        heading: &str,
        message: String,
        req: &HeaderMap,
        method: &Method,
    ) -> Response {
        let page = ErrorPage {
            heading: heading.into(),
            message,
            note: Some("Start a new round at /quiz/new.".into()),
            ..ErrorPage::default()
        };
        self.error(status, page, req, method)
    }
}

/// `GET /quiz/{round}?a=…[&c=…]`: the next question, with feedback on the answer just given
/// (`c`), or the result once every question is answered.
pub async fn play(State(site): State<Arc<Site>>, Path(round_id): Path<String>, req: Request) -> Response {
    let (headers, method) = (req.headers(), req.method());
    let round = match site.catalog.quiz_round_by_id(&round_id) {
        Ok(r) => r,
        Err(e) => {
            let message = match e {
                RoundError::Malformed => "There is no quiz round at this address.".to_string(),
                RoundError::Stale => e.to_string() + ".",
            };
            return site.quiz_error(StatusCode::NOT_FOUND, "Round not found", message, headers, method);
        }
    };
    let q: PlayQuery = crate::serde_urlencoded_query(req.uri().query().unwrap_or(""));
    let mut answers = match parse_answers(&round, q.a.trim()) {
        Ok(a) => a,
        Err(m) => return site.quiz_error(StatusCode::BAD_REQUEST, "Bad answers", m, headers, method),
    };
    let total = round.questions.len();
    let mut feedback = None;
    if let Some(c) = q.c.as_deref().map(str::trim) {
        let Some(question) = round.questions.get(answers.len()) else {
            return site.quiz_error(
                StatusCode::BAD_REQUEST,
                "Round finished",
                "Every question of this round has an answer already.".into(),
                headers,
                method,
            );
        };
        match c.parse::<usize>() {
            Ok(choice) if choice < question.choices.len() => {
                feedback = Some(answers.len());
                answers.push(choice);
            }
            _ => {
                let m = format!("`c` must be a choice from 0 to {}.", question.choices.len() - 1);
                return site.quiz_error(StatusCode::BAD_REQUEST, "Bad answer", m, headers, method);
            }
        }
    }
    let digits: String = answers.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    let review: Vec<AnsweredView> = answers
        .iter()
        .enumerate()
        .map(|(i, &c)| answered(&round.questions[i], i + 1, c))
        .collect();
    let score = review.iter().filter(|r| r.correct).count();
    let finished = answers.len() == total;
    let current = round.questions.get(answers.len());
    let mut read_next: Vec<EntryLink> = Vec::new();
    let mut compare_next: Vec<ComparisonLink> = Vec::new();
    if finished {
        for (q, r) in round.questions.iter().zip(&review) {
            if r.correct {
                continue;
            }
            if let Some(e) = site.catalog.get(&q.subject) {
                if !read_next.iter().any(|x| x.key == e.key) {
                    read_next.push(EntryLink::new(e));
                }
                for c in site.catalog.comparisons_with(&e.key) {
                    if let Some(link) = ComparisonLink::new(&site.catalog, c) {
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
        feedback => feedback.map(|i| &review[i]),
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
    match site.renderer.render("quiz_play.html", ctx) {
        Ok(body) => crate::respond::dynamic(
            StatusCode::OK,
            crate::negotiate::Media::Html,
            body,
            method,
            "public, max-age=3600",
            crate::respond::VARY_ENCODING,
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
