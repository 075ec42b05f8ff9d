//! `/random/{codes}` lists (`200,201,500-504`, `200:3,500:1`) from arbitrary text. Properties
//! checked:
//! - nothing panics, whatever the bytes (decoded as the route decodes its path, lossily);
//! - an accepted list is non-empty and holds at most `RANDOM_MAX_CHOICES` choices, every code in
//!   200..=599 and every weight in 1..=100, so the route's weight sum cannot overflow;
//! - accept ⇒ round-trips: the choices written back as `code:weight,…` parse to the same list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siteerror_site::limits::RANDOM_MAX_CHOICES;
use siteerror_site::routes::playground::status::parse_choices;

fuzz_target!(|data: &[u8]| {
    let spec = String::from_utf8_lossy(data);
    let Ok(choices) = parse_choices(&spec) else { return };
    assert!(!choices.is_empty(), "{spec:?}");
    assert!(
        choices.len() <= RANDOM_MAX_CHOICES,
        "{spec:?}: {} choices",
        choices.len()
    );
    for &(code, weight) in &choices {
        assert!((200..=599).contains(&code), "{spec:?}: code {code}");
        assert!((1..=100).contains(&weight), "{spec:?}: weight {weight}");
    }

    let written: Vec<String> = choices.iter().map(|(c, w)| format!("{c}:{w}")).collect();
    let written = written.join(",");
    assert_eq!(
        parse_choices(&written).as_ref(),
        Ok(&choices),
        "{spec:?} -> {written:?}"
    );
});
