//! The status code quiz: hand-written questions from `content/quiz/*.toml` and questions
//! generated from the catalog, dealt into rounds of ten.
//!
//! A round is fully determined by its id, so no server keeps state: the id holds a seed and a
//! tag of the question bank it was dealt from. The same id always gives the same questions with
//! the same choices in the same order, which is what lets a page, the JSON API and the command
//! line grade an answer from `(round, question id, choice)` alone.

use crate::{Catalog, Source, StatusEntry};
use serde::{Deserialize, Serialize};

/// Questions in a round.
pub const ROUND_LEN: usize = 10;
/// Hand-written questions in a full round; the rest are generated.
const HAND_WRITTEN_PER_ROUND: usize = 5;
/// Generated questions about vendor meanings in a full round.
const VENDOR_PER_ROUND: usize = 1;
/// Changes whenever the way rounds are dealt changes, so old round ids are refused, not misread.
const DEAL_VERSION: &str = "deal-2";

/// The kinds of hand-written question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A situation; which code fits?
    Scenario,
    /// A header; which response goes with it?
    Header,
    /// Which statement (one true, three common misreadings) is true?
    Truth,
}

impl ItemKind {
    /// The prefix every id of this kind starts with.
    pub fn id_prefix(self) -> &'static str {
        match self {
            ItemKind::Scenario => "s-",
            ItemKind::Header => "h-",
            ItemKind::Truth => "t-",
        }
    }
}

/// One hand-written question as its content file states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizItem {
    /// Stable id: `s-…`, `h-…` or `t-…`.
    pub id: String,
    /// The kind.
    pub kind: ItemKind,
    /// The question.
    pub prompt: String,
    /// Scenario and header kinds: the key of the right code.
    #[serde(default)]
    pub answer: Option<String>,
    /// Scenario and header kinds: three keys of tempting wrong codes.
    #[serde(default)]
    pub distractors: Vec<String>,
    /// Truth kind: the key of the entry to read.
    #[serde(default)]
    pub about: Option<String>,
    /// Truth kind: the true statement.
    #[serde(default)]
    pub true_statement: Option<String>,
    /// Truth kind: three common misreadings.
    #[serde(default)]
    pub false_statements: Vec<String>,
    /// Why the answer is right.
    pub explanation: String,
}

impl QuizItem {
    /// The entry the question is about.
    pub fn subject(&self) -> &str {
        match self.kind {
            ItemKind::Truth => self.about.as_deref().unwrap_or(""),
            _ => self.answer.as_deref().unwrap_or(""),
        }
    }
}

/// A file of hand-written questions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuizFile {
    pub question: Vec<QuizItem>,
}

/// How a question was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// Generated: a registered code; which name?
    CodeToName,
    /// Generated: a registered name; which code?
    NameToCode,
    /// Generated: a vendor's code; which meaning?
    VendorMeaning,
    /// Hand-written: a situation; which code?
    Scenario,
    /// Hand-written: a header; which code?
    Header,
    /// Hand-written: which statement is true?
    Truth,
}

/// One question as a round deals it: choices in their order, and which one is right.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Stable across rounds: `s-…`, `h-…`, `t-…`, `name-417`, `code-417`, `vendor-nginx-499`.
    pub id: String,
    /// How it was made.
    pub kind: QuestionKind,
    /// The question.
    pub prompt: String,
    /// Four choices (distinct).
    pub choices: Vec<String>,
    /// The index of the right choice.
    pub answer: usize,
    /// Why it is right.
    pub explanation: String,
    /// The key of the entry to read.
    pub subject: String,
    /// That entry's page.
    pub url: String,
}

/// Ten questions, dealt from a seed.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// The id that deals this round again.
    pub id: String,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

impl Round {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// Why a round id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoundError {
    /// Not sixteen lowercase hex digits.
    #[error("a round id is 16 hexadecimal digits")]
    Malformed,
    /// Dealt from a different question bank (an older or newer version of the site).
    #[error("this round was dealt from a different set of questions; start a new round")]
    Stale,
}

/// What a question is made from, before a round deals it.
#[derive(Debug, Clone, Copy)]
enum Template {
    Item(usize),
    CodeToName(usize),
    NameToCode(usize),
    Vendor(usize),
}

/// The questions a round can be dealt from.
#[derive(Debug, Clone, Default)]
pub struct QuizBank {
    items: Vec<QuizItem>,
    hand: Vec<Template>,
    registered: Vec<Template>,
    vendor: Vec<Template>,
    tag: u16,
}

fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// A small deterministic generator (splitmix64): rounds must deal the same on every platform
/// and every version of every dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// An entry's name without the registry's trailing remark: "Not Extended" for
/// "Not Extended (OBSOLETED)", "Upload Resumption Supported" for 104's temporary registration.
pub fn plain_name(e: &StatusEntry) -> &str {
    match e.name.split_once(" (") {
        Some((name, rest)) if rest.ends_with(')') && !name.is_empty() => name,
        _ => &e.name,
    }
}

/// Whether an entry's name can be a choice: registry placeholders like "(Unused)" cannot.
fn nameable(e: &StatusEntry) -> bool {
    !e.name.starts_with('(')
}

impl QuizBank {
    /// Builds the bank from the hand-written items and the (sorted, validated) entries.
    pub(crate) fn new(items: Vec<QuizItem>, entries: &[StatusEntry]) -> QuizBank {
        let hand = (0..items.len()).map(Template::Item).collect();
        let mut registered = Vec::new();
        let mut vendor = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if !nameable(e) {
                continue;
            }
            match e.source {
                Source::Iana => {
                    registered.push(Template::CodeToName(i));
                    registered.push(Template::NameToCode(i));
                }
                Source::Nginx | Source::Cloudflare | Source::AwsElb | Source::Iis => vendor.push(Template::Vendor(i)),
                Source::Unofficial => {}
            }
        }
        let mut h = fnv1a(DEAL_VERSION.as_bytes(), FNV_OFFSET);
        for it in &items {
            h = fnv1a(it.id.as_bytes(), h);
            h = fnv1a(&[0], h);
        }
        for e in entries {
            h = fnv1a(e.key.as_bytes(), h);
            h = fnv1a(e.name.as_bytes(), h);
        }
        QuizBank {
            items,
            hand,
            registered,
            vendor,
            tag: (h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48)) as u16,
        }
    }

    /// The hand-written questions.
    pub fn items(&self) -> &[QuizItem] {
        &self.items
    }

    /// How many questions the bank can deal: hand-written plus generated.
    pub fn len(&self) -> usize {
        self.hand.len() + self.registered.len() + self.vendor.len()
    }

    /// Whether the bank is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn template_id(&self, t: Template, entries: &[StatusEntry]) -> String {
        match t {
            Template::Item(i) => self.items[i].id.clone(),
            Template::CodeToName(i) => format!("name-{}", entries[i].key),
            Template::NameToCode(i) => format!("code-{}", entries[i].key),
            Template::Vendor(i) => format!("vendor-{}", entries[i].key),
        }
    }

    fn subject<'a>(&'a self, t: Template, entries: &'a [StatusEntry]) -> &'a str {
        match t {
            Template::Item(i) => self.items[i].subject(),
            Template::CodeToName(i) | Template::NameToCode(i) | Template::Vendor(i) => &entries[i].key,
        }
    }
}

impl Catalog {
    /// The quiz's question bank.
    pub fn quiz(&self) -> &QuizBank {
        &self.quiz
    }

    /// Deals a new round from `seed` (only its low 48 bits count).
    pub fn quiz_round(&self, seed: u64) -> Round {
        let seed = seed & 0xffff_ffff_ffff;
        let bank = &self.quiz;
        let entries = self.entries();
        let mut rng = Rng(seed ^ 0x5173_7569_7a21);
        let mut chosen: Vec<Template> = Vec::with_capacity(ROUND_LEN);
        let mut subjects: Vec<&str> = Vec::new();
        let mut take = |pool: &[Template], n: usize, chosen: &mut Vec<Template>, rng: &mut Rng| {
            let mut order: Vec<Template> = pool.to_vec();
            rng.shuffle(&mut order);
            let mut taken = 0;
            for t in order {
                if taken == n || chosen.len() == ROUND_LEN {
                    break;
                }
                let subject = bank.subject(t, entries);
                if subjects.contains(&subject) {
                    continue;
                }
                subjects.push(subject);
                chosen.push(t);
                taken += 1;
            }
        };
        let generated = ROUND_LEN - HAND_WRITTEN_PER_ROUND - VENDOR_PER_ROUND;
        take(&bank.hand, HAND_WRITTEN_PER_ROUND, &mut chosen, &mut rng);
        // Each vendor is as likely as any other: IIS's many sub-statuses must not crowd out the rest.
        let mut sources: Vec<Source> = Vec::new();
        for t in &bank.vendor {
            if let Template::Vendor(i) = t {
                if !sources.contains(&entries[*i].source) {
                    sources.push(entries[*i].source);
                }
            }
        }
        if !sources.is_empty() {
            let source = sources[rng.below(sources.len())];
            let of_source: Vec<Template> = bank
                .vendor
                .iter()
                .filter(|t| matches!(t, Template::Vendor(i) if entries[*i].source == source))
                .copied()
                .collect();
            take(&of_source, VENDOR_PER_ROUND, &mut chosen, &mut rng);
        }
        take(&bank.registered, generated, &mut chosen, &mut rng);
        // A small bank (tests with little content) fills up from whatever is left.
        let all: Vec<Template> = bank
            .hand
            .iter()
            .chain(&bank.registered)
            .chain(&bank.vendor)
            .copied()
            .collect();
        take(&all, ROUND_LEN, &mut chosen, &mut rng);
        rng.shuffle(&mut chosen);
        let questions = chosen.into_iter().filter_map(|t| self.deal(t, seed)).collect();
        Round {
            id: format!("{:04x}{seed:012x}", bank.tag),
            questions,
        }
    }

    /// Deals the round with this id again.
    pub fn quiz_round_by_id(&self, id: &str) -> Result<Round, RoundError> {
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(RoundError::Malformed);
        }
        let tag = u16::from_str_radix(&id[..4], 16).map_err(|_| RoundError::Malformed)?;
        let seed = u64::from_str_radix(&id[4..], 16).map_err(|_| RoundError::Malformed)?;
        if tag != self.quiz.tag {
            return Err(RoundError::Stale);
        }
        Ok(self.quiz_round(seed))
    }

    /// One question of a round: its choices shuffled by the round's seed and its own id.
    fn deal(&self, t: Template, seed: u64) -> Option<Question> {
        let entries = self.entries();
        let bank = &self.quiz;
        let id = bank.template_id(t, entries);
        let mut rng = Rng(fnv1a(id.as_bytes(), FNV_OFFSET ^ seed));
        let (kind, prompt, right, wrong, explanation, subject) = match t {
            Template::Item(i) => {
                let it = &bank.items[i];
                match it.kind {
                    ItemKind::Truth => (
                        QuestionKind::Truth,
                        it.prompt.clone(),
                        it.true_statement.clone()?,
                        it.false_statements.clone(),
                        it.explanation.clone(),
                        self.get(it.about.as_deref()?)?,
                    ),
                    k => {
                        let answer = self.get(it.answer.as_deref()?)?;
                        let wrong = it
                            .distractors
                            .iter()
                            .map(|d| self.get(d).map(choice_label))
                            .collect::<Option<Vec<_>>>()?;
                        let kind = if k == ItemKind::Header {
                            QuestionKind::Header
                        } else {
                            QuestionKind::Scenario
                        };
                        (
                            kind,
                            it.prompt.clone(),
                            choice_label(answer),
                            wrong,
                            it.explanation.clone(),
                            answer,
                        )
                    }
                }
            }
            Template::CodeToName(i) => {
                let e = &entries[i];
                let pool = self.same_class_iana(e);
                let wrong = pick(&mut rng, &pool, 3, |o| plain_name(o).to_string(), plain_name(e));
                (
                    QuestionKind::CodeToName,
                    format!("What is the registered name of status code {}?", e.code),
                    plain_name(e).to_string(),
                    wrong,
                    explain(e),
                    e,
                )
            }
            Template::NameToCode(i) => {
                let e = &entries[i];
                let pool = self.same_class_iana(e);
                let wrong = pick(&mut rng, &pool, 3, |o| o.code.to_string(), &e.code.to_string());
                (
                    QuestionKind::NameToCode,
                    format!("Which status code is registered as “{}”?", plain_name(e)),
                    e.code.to_string(),
                    wrong,
                    explain(e),
                    e,
                )
            }
            Template::Vendor(i) => {
                let e = &entries[i];
                // Other meanings from the same vendor; for IIS sub-statuses, those of the same code first.
                let mut pool: Vec<&StatusEntry> = entries
                    .iter()
                    .filter(|o| o.source == e.source && o.key != e.key && nameable(o))
                    .collect();
                pool.sort_by_key(|o| o.code != e.code);
                let near = pool.iter().take_while(|o| o.code == e.code).count();
                let pool: Vec<&StatusEntry> = if near >= 3 { pool[..near].to_vec() } else { pool };
                let wrong = pick(&mut rng, &pool, 3, |o| plain_name(o).to_string(), plain_name(e));
                (
                    QuestionKind::VendorMeaning,
                    format!("What does {} mean by {}?", e.source.label(), e.display_code()),
                    plain_name(e).to_string(),
                    wrong,
                    explain(e),
                    e,
                )
            }
        };
        if wrong.len() != 3 {
            return None;
        }
        let mut choices: Vec<String> = wrong;
        choices.push(right.clone());
        rng.shuffle(&mut choices);
        let answer = choices.iter().position(|c| *c == right)?;
        Some(Question {
            id,
            kind,
            prompt,
            choices,
            answer,
            explanation,
            subject: subject.key.clone(),
            url: subject.path(),
        })
    }

    /// Registered entries of the same class as `e`, other than `e`, that can be named.
    fn same_class_iana(&self, e: &StatusEntry) -> Vec<&StatusEntry> {
        self.entries()
            .iter()
            .filter(|o| o.source == Source::Iana && o.class() == e.class() && o.key != e.key && nameable(o))
            .collect()
    }
}

/// `n` distinct labels from `pool`, none equal to `right`.
fn pick(
    rng: &mut Rng,
    pool: &[&StatusEntry],
    n: usize,
    label: impl Fn(&StatusEntry) -> String,
    right: &str,
) -> Vec<String> {
    let mut order: Vec<&StatusEntry> = pool.to_vec();
    rng.shuffle(&mut order);
    let mut out: Vec<String> = Vec::with_capacity(n);
    for o in order {
        let l = label(o);
        if l != right && !out.contains(&l) {
            out.push(l);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// How a code is shown as a choice: `417 Expectation Failed`, `499 Client Closed Request (NGINX)`.
pub fn choice_label(e: &StatusEntry) -> String {
    if e.source == Source::Iana {
        format!("{} {}", e.display_code(), plain_name(e))
    } else {
        format!("{} {} ({})", e.display_code(), plain_name(e), e.source.label())
    }
}

fn explain(e: &StatusEntry) -> String {
    let who = if e.source == Source::Iana {
        String::new()
    } else {
        format!(" at {}", e.source.label())
    };
    format!("{} is {}{who}. {}", e.display_code(), plain_name(e), e.summary)
}

/// Checks a hand-written item's shape; `label` gives a key's choice label, `None` if no such key.
pub(crate) fn check(it: &QuizItem, label: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |field: &str, msg: String| out.push((format!("question[{}].{field}", it.id), msg));
    let slug_ok = it.id.len() <= 60
        && it.id.starts_with(it.kind.id_prefix())
        && it.id.len() > it.kind.id_prefix().len()
        && it
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        add(
            "id",
            format!(
                "must start with {:?} and use only a-z, 0-9 and -, at most 60 characters",
                it.kind.id_prefix()
            ),
        );
    }
    if it.prompt.trim().is_empty() || it.prompt.chars().count() > 320 {
        add("prompt", "must be 1 to 320 characters".into());
    }
    if it.explanation.trim().is_empty() || it.explanation.chars().count() > 600 {
        add("explanation", "must be 1 to 600 characters".into());
    }
    match it.kind {
        ItemKind::Truth => {
            if it.answer.is_some() || !it.distractors.is_empty() {
                add(
                    "answer",
                    "a truth question has `about`, `true_statement` and `false_statements` instead".into(),
                );
            }
            match it.about.as_deref() {
                Some(k) if label(k).is_some() => {}
                other => add("about", format!("{other:?} is not a key of any entry")),
            }
            let mut all: Vec<&str> = it.false_statements.iter().map(String::as_str).collect();
            match it.true_statement.as_deref() {
                Some(t) => all.push(t),
                None => add("true_statement", "is missing".into()),
            }
            if it.false_statements.len() != 3 {
                add(
                    "false_statements",
                    format!("needs exactly 3, has {}", it.false_statements.len()),
                );
            }
            let mut distinct = all.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() != all.len() || all.iter().any(|s| s.trim().is_empty() || s.chars().count() > 200) {
                add(
                    "false_statements",
                    "statements must be distinct, non-empty and at most 200 characters".into(),
                );
            }
        }
        ItemKind::Scenario | ItemKind::Header => {
            if it.about.is_some() || it.true_statement.is_some() || !it.false_statements.is_empty() {
                add("about", "only truth questions have `about` and statements".into());
            }
            let answer = it.answer.as_deref().and_then(label);
            if answer.is_none() {
                add("answer", format!("{:?} is not a key of any entry", it.answer));
            }
            if it.distractors.len() != 3 {
                add("distractors", format!("needs exactly 3, has {}", it.distractors.len()));
            }
            let mut labels: Vec<String> = answer.into_iter().collect();
            for d in &it.distractors {
                match label(d) {
                    Some(l) => labels.push(l),
                    None => add("distractors", format!("{d:?} is not a key of any entry")),
                }
            }
            let n = labels.len();
            labels.sort_unstable();
            labels.dedup();
            if labels.len() != n {
                add("distractors", "must differ from each other and from the answer".into());
            }
        }
    }
    out
}
