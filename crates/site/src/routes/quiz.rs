//! The status code quiz on the web: `/quiz/new` (deal), `/quiz/{round}` (play, with plain forms:
//! the answers so far ride in the query string), `GET /api/v1/quiz` and
//! `POST /api/v1/quiz/answer`. A round id deals the same questions every time, so nothing is
//! stored on the server and a finished round's address is its shareable result.

use crate::Site;
use crate::error::SiteError;
use crate::headers::VARY_ENCODING;
use crate::http::query::Query;
use crate::http::{body, respond};
use crate::limits::QUIZ_MAX_ANSWER_BYTES;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use siteerror_catalog::{Round, RoundError};
use siteerror_present::Media;
use siteerror_present::json::pretty;
use siteerror_present::quiz::{Graded, PublicRound, render_play};
use std::sync::Arc;

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

/// Grades `choice` for question `id` of `round_id`; the error is a 422 saying what is wrong.
pub fn grade(site: &Site, round_id: &str, id: &str, choice: usize) -> Result<Graded, SiteError> {
    let round = site.catalog().quiz_round_by_id(round_id).map_err(|e| {
        SiteError::unprocessable(match e {
            RoundError::Malformed => "round must be a round id as GET /api/v1/quiz returns it (16 hexadecimal digits)",
            RoundError::Stale => {
                "this round was dealt from a different set of questions; get a new one from GET /api/v1/quiz"
            }
        })
    })?;
    let q = round.question(id).ok_or_else(|| {
        SiteError::unprocessable(format!(
            "round {round_id} has no question {:?}",
            id.chars().take(60).collect::<String>()
        ))
    })?;
    if choice >= q.choices.len() {
        return Err(SiteError::unprocessable(format!(
            "choice must be from 0 to {}",
            q.choices.len().saturating_sub(1)
        )));
    }
    Ok(Graded {
        correct: choice == q.answer,
        answer: q.answer,
        explanation: q.explanation.clone(),
        url: q.url.clone(),
    })
}

fn json_response(body: &impl Serialize, cache_control: &'static str, method: &Method) -> Result<Response, SiteError> {
    let body = pretty(body).map_err(|e| SiteError::internal("writing quiz JSON", e))?;
    Ok(respond::dynamic(
        StatusCode::OK,
        Media::Json,
        body,
        method,
        cache_control,
        VARY_ENCODING,
    ))
}

/// `GET /api/v1/quiz`'s parameter.
#[derive(Deserialize, Default)]
pub struct RoundQuery {
    #[serde(default)]
    round: String,
}

/// `GET /api/v1/quiz`: a new round, or `?round=` an earlier one.
pub async fn api_round(
    State(site): State<Arc<Site>>,
    method: Method,
    Query(q): Query<RoundQuery>,
) -> Result<Response, SiteError> {
    let (round, cache) = if q.round.is_empty() {
        (site.catalog().quiz_round(fastrand::u64(..)), "no-store")
    } else {
        let round = site
            .catalog()
            .quiz_round_by_id(q.round.trim())
            .map_err(|e| SiteError::refused(StatusCode::NOT_FOUND, e.to_string()))?;
        (round, "public, max-age=3600")
    };
    json_response(&PublicRound::new(&round), cache, &method)
}

/// `POST /api/v1/quiz/answer`.
pub async fn api_answer(State(site): State<Arc<Site>>, req: Request) -> Result<Response, SiteError> {
    let (parts, raw) = req.into_parts();
    let answer: AnswerRequest = body::json(&parts.headers, raw, QUIZ_MAX_ANSWER_BYTES).await?;
    let graded = grade(&site, &answer.round, &answer.id, answer.choice)?;
    json_response(&graded, "no-store", &Method::POST)
}

/// `GET /quiz/new`: 303 to a freshly dealt round.
pub async fn new_round(State(site): State<Arc<Site>>) -> Response {
    let round = site.catalog().quiz_round(fastrand::u64(..));
    respond::redirect(StatusCode::SEE_OTHER, &format!("/quiz/{}", round.id), "no-store")
}

/// `/quiz/{round}`'s parameters: the answers so far, and the one just given.
#[derive(Deserialize, Default)]
pub struct PlayQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    c: Option<String>,
}

fn quiz_error(status: StatusCode, heading: &str, message: impl Into<String>) -> SiteError {
    SiteError::page(status, heading, message).with_note("Start a new round at /quiz/new.")
}

/// Parses the answers so far: one digit per answered question, each a valid choice.
fn parse_answers(round: &Round, a: &str) -> Result<Vec<usize>, SiteError> {
    let total = round.questions.len();
    if a.len() > total {
        return Err(quiz_error(
            StatusCode::BAD_REQUEST,
            "Bad answers",
            format!("a round has {total} questions, so `a` holds at most {total} answers"),
        ));
    }
    a.bytes()
        .zip(&round.questions)
        .enumerate()
        .map(|(i, (b, q))| match b {
            b'0'..=b'9' if usize::from(b - b'0') < q.choices.len() => Ok(usize::from(b - b'0')),
            _ => Err(quiz_error(
                StatusCode::BAD_REQUEST,
                "Bad answers",
                format!("answer {} in `a` is not a choice of question {}", i + 1, i + 1),
            )),
        })
        .collect()
}

/// `GET /quiz/{round}?a=…[&c=…]`: the next question, with feedback on the answer just given
/// (`c`), or the result once every question is answered.
pub async fn play(
    State(site): State<Arc<Site>>,
    Path(round_id): Path<String>,
    method: Method,
    Query(q): Query<PlayQuery>,
) -> Result<Response, SiteError> {
    let round = site.catalog().quiz_round_by_id(&round_id).map_err(|e| {
        let message = match e {
            RoundError::Malformed => "There is no quiz round at this address.".to_string(),
            RoundError::Stale => e.to_string() + ".",
        };
        quiz_error(StatusCode::NOT_FOUND, "Round not found", message)
    })?;
    let mut answers = parse_answers(&round, q.a.trim())?;
    let mut feedback = None;
    if let Some(c) = q.c.as_deref().map(str::trim) {
        let Some(question) = round.questions.get(answers.len()) else {
            return Err(quiz_error(
                StatusCode::BAD_REQUEST,
                "Round finished",
                "Every question of this round has an answer already.",
            ));
        };
        match c.parse::<usize>() {
            Ok(choice) if choice < question.choices.len() => {
                feedback = Some(answers.len());
                answers.push(choice);
            }
            _ => {
                return Err(quiz_error(
                    StatusCode::BAD_REQUEST,
                    "Bad answer",
                    format!(
                        "`c` must be a choice from 0 to {}.",
                        question.choices.len().saturating_sub(1)
                    ),
                ));
            }
        }
    }
    let body = render_play(site.renderer(), site.catalog(), &round, &answers, feedback)
        .map_err(|e| SiteError::internal("rendering a quiz page", e))?;
    Ok(respond::dynamic(
        StatusCode::OK,
        Media::Html,
        body,
        &method,
        "public, max-age=3600",
        VARY_ENCODING,
    ))
}
