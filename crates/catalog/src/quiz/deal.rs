//! Dealing rounds: the question bank, round ids, and turning a seed into ten questions.
//!
//! A round id is four hex digits of the bank's tag followed by twelve of the seed. The tag hashes
//! everything a round depends on (this file's [`DEAL_VERSION`], the hand-written ids, the
//! entries), so an id dealt by another version of the content is refused as stale rather than
//! dealt into different questions.

use super::random::{FNV_OFFSET, Rng, fnv1a};
use super::{Question, QuestionKind, QuizItem, Round, choice_label, nameable, plain_name};
use crate::{Catalog, Source, StatusEntry};

/// Questions in a round.
pub const ROUND_LEN: usize = 10;
/// Hand-written questions in a full round; the rest are generated.
const HAND_WRITTEN_PER_ROUND: usize = 5;
/// Generated questions about vendor meanings in a full round.
const VENDOR_PER_ROUND: usize = 1;
/// Changes whenever the way rounds are dealt changes, so old round ids are refused, not misread.
const DEAL_VERSION: &str = "deal-2";
/// The seed is the low 48 bits of a round id.
const SEED_MASK: u64 = 0xffff_ffff_ffff;

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
            h = fnv1a(it.id().as_bytes(), h);
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
            Template::Item(i) => self.items[i].id().to_string(),
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

    /// The vendor questions of one vendor, drawn with `rng`. Each vendor is as likely as any
    /// other: IIS's many sub-statuses must not crowd out the rest.
    fn one_vendor(&self, entries: &[StatusEntry], rng: &mut Rng) -> Option<Vec<Template>> {
        let mut sources: Vec<Source> = Vec::new();
        for t in &self.vendor {
            if let Template::Vendor(i) = t {
                if !sources.contains(&entries[*i].source) {
                    sources.push(entries[*i].source);
                }
            }
        }
        if sources.is_empty() {
            return None;
        }
        let source = sources[rng.below(sources.len())];
        Some(
            self.vendor
                .iter()
                .filter(|t| matches!(t, Template::Vendor(i) if entries[*i].source == source))
                .copied()
                .collect(),
        )
    }
}

/// A question before its choices are shuffled.
struct Draft<'a> {
    kind: QuestionKind,
    prompt: String,
    right: String,
    wrong: Vec<String>,
    explanation: String,
    subject: &'a StatusEntry,
}

impl Catalog {
    /// Deals a new round from `seed` (only its low 48 bits count).
    pub fn quiz_round(&self, seed: u64) -> Round {
        let seed = seed & SEED_MASK;
        let bank = &self.quiz;
        let entries = self.entries();
        let mut rng = Rng::new(seed ^ 0x5173_7569_7a21);
        let mut chosen: Vec<Template> = Vec::with_capacity(ROUND_LEN);
        let mut subjects: Vec<&str> = Vec::new();
        // Takes up to `n` questions from `pool` in a random order, skipping any whose subject is
        // already in the round: two questions about one code would give each other away.
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
        if let Some(of_source) = bank.one_vendor(entries, &mut rng) {
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
        let id = self.quiz.template_id(t, entries);
        let mut rng = Rng::new(fnv1a(id.as_bytes(), FNV_OFFSET ^ seed));
        let draft = match t {
            Template::Item(i) => self.draft_item(&self.quiz.items[i])?,
            Template::CodeToName(i) => self.draft_code_to_name(&entries[i], &mut rng),
            Template::NameToCode(i) => self.draft_name_to_code(&entries[i], &mut rng),
            Template::Vendor(i) => self.draft_vendor(&entries[i], &mut rng),
        };
        if draft.wrong.len() != 3 {
            return None;
        }
        let mut choices: Vec<String> = draft.wrong;
        choices.push(draft.right.clone());
        rng.shuffle(&mut choices);
        let answer = choices.iter().position(|c| *c == draft.right)?;
        Some(Question {
            id,
            kind: draft.kind,
            prompt: draft.prompt,
            choices,
            answer,
            explanation: draft.explanation,
            subject: draft.subject.key.clone(),
            url: draft.subject.path(),
        })
    }

    /// A hand-written question; `None` if it names a key the catalog lacks (validation refuses
    /// such content, so this only guards against a bank built from unchecked items).
    fn draft_item(&self, item: &QuizItem) -> Option<Draft<'_>> {
        Some(match item {
            QuizItem::Truth(t) => Draft {
                kind: QuestionKind::Truth,
                prompt: t.prompt.clone(),
                right: t.true_statement.clone(),
                wrong: t.false_statements.clone(),
                explanation: t.explanation.clone(),
                subject: self.get(&t.about)?,
            },
            QuizItem::Scenario(c) | QuizItem::Header(c) => {
                let answer = self.get(&c.answer)?;
                let wrong = c
                    .distractors
                    .iter()
                    .map(|d| self.get(d).map(choice_label))
                    .collect::<Option<Vec<_>>>()?;
                let kind = if matches!(item, QuizItem::Header(_)) {
                    QuestionKind::Header
                } else {
                    QuestionKind::Scenario
                };
                Draft {
                    kind,
                    prompt: c.prompt.clone(),
                    right: choice_label(answer),
                    wrong,
                    explanation: c.explanation.clone(),
                    subject: answer,
                }
            }
        })
    }

    fn draft_code_to_name<'a>(&'a self, e: &'a StatusEntry, rng: &mut Rng) -> Draft<'a> {
        let pool = self.same_class_iana(e);
        Draft {
            kind: QuestionKind::CodeToName,
            prompt: format!("What is the registered name of status code {}?", e.code),
            right: plain_name(e).to_string(),
            wrong: pick(rng, &pool, 3, |o| plain_name(o).to_string(), plain_name(e)),
            explanation: explain(e),
            subject: e,
        }
    }

    fn draft_name_to_code<'a>(&'a self, e: &'a StatusEntry, rng: &mut Rng) -> Draft<'a> {
        let pool = self.same_class_iana(e);
        Draft {
            kind: QuestionKind::NameToCode,
            prompt: format!("Which status code is registered as “{}”?", plain_name(e)),
            right: e.code.to_string(),
            wrong: pick(rng, &pool, 3, |o| o.code.to_string(), &e.code.to_string()),
            explanation: explain(e),
            subject: e,
        }
    }

    fn draft_vendor<'a>(&'a self, e: &'a StatusEntry, rng: &mut Rng) -> Draft<'a> {
        // Other meanings from the same vendor; for IIS sub-statuses, those of the same code first.
        let mut pool: Vec<&StatusEntry> = self
            .entries()
            .iter()
            .filter(|o| o.source == e.source && o.key != e.key && nameable(o))
            .collect();
        pool.sort_by_key(|o| o.code != e.code);
        let near = pool.iter().take_while(|o| o.code == e.code).count();
        let pool: Vec<&StatusEntry> = if near >= 3 { pool[..near].to_vec() } else { pool };
        Draft {
            kind: QuestionKind::VendorMeaning,
            prompt: format!("What does {} mean by {}?", e.source.label(), e.display_code()),
            right: plain_name(e).to_string(),
            wrong: pick(rng, &pool, 3, |o| plain_name(o).to_string(), plain_name(e)),
            explanation: explain(e),
            subject: e,
        }
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

fn explain(e: &StatusEntry) -> String {
    let who = if e.source == Source::Iana {
        String::new()
    } else {
        format!(" at {}", e.source.label())
    };
    format!("{} is {}{who}. {}", e.display_code(), plain_name(e), e.summary)
}
