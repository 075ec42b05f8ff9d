//! Quiz round ids from arbitrary text, against the embedded catalog. Properties checked:
//! - nothing panics, whatever the bytes;
//! - a round is dealt only for an id of exactly 16 lowercase hex digits;
//! - a dealt round has `ROUND_LEN` questions with distinct ids, each with 4 distinct choices and
//!   an answer index below 4, and carries the id it was dealt from;
//! - dealing is deterministic: the returned id deals the same round again (same question ids,
//!   choices and answers).
//!
//! Arbitrary text almost never carries the bank's tag, so every input is also tried as a seed:
//! the current tag followed by 12 hex digits made from its first 6 bytes, which must be dealt.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siteerror_catalog::{Catalog, ROUND_LEN, Round};
use std::fmt::Write;
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::embedded().expect("the embedded content is valid"));
/// The current bank's tag: the first four hex digits of any round id it deals.
static TAG: LazyLock<String> = LazyLock::new(|| CATALOG.quiz_round(0).id[..4].to_string());

fn is_round_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_round(asked: &str, round: &Round) {
    assert!(is_round_id(asked), "{asked:?} was dealt");
    assert_eq!(round.id, asked, "{asked:?} dealt a round with another id");
    assert_eq!(round.questions.len(), ROUND_LEN, "{asked:?}");
    for (i, q) in round.questions.iter().enumerate() {
        assert!(
            round.questions[..i].iter().all(|earlier| earlier.id != q.id),
            "{asked:?}: {} twice",
            q.id
        );
        assert_eq!(q.choices.len(), 4, "{asked:?}: {}", q.id);
        assert!(q.answer < 4, "{asked:?}: {} answer {}", q.id, q.answer);
        for (j, c) in q.choices.iter().enumerate() {
            assert!(!q.choices[..j].contains(c), "{asked:?}: {} offers {c:?} twice", q.id);
        }
    }
    let again = CATALOG
        .quiz_round_by_id(&round.id)
        .unwrap_or_else(|e| panic!("{asked:?}: its own id {:?} is refused: {e}", round.id));
    let shape = |r: &Round| -> Vec<(String, Vec<String>, usize)> {
        r.questions
            .iter()
            .map(|q| (q.id.clone(), q.choices.clone(), q.answer))
            .collect()
    };
    assert_eq!(shape(&again), shape(round), "{asked:?} dealt twice differs");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(round) = CATALOG.quiz_round_by_id(&text) {
        check_round(&text, &round);
    }

    let mut seeded = TAG.clone();
    for b in data.iter().chain(&[0; 6]).take(6) {
        let _ = write!(seeded, "{b:02x}");
    }
    let round = CATALOG
        .quiz_round_by_id(&seeded)
        .unwrap_or_else(|e| panic!("{seeded:?} has the current tag but is refused: {e}"));
    check_round(&seeded, &round);
});
